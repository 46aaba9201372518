"""Customers drawn from the BG/NBD and Gamma-Gamma processes with known parameters, so the
fitters can be checked against the truth (no real data involved)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulate_bgnbd(n: int, r: float, alpha: float, a: float, b: float, *, T: float = 52.0, seed: int = 0):
    """x, t_x, T arrays (weeks) for n customers, each observed for T weeks after a first purchase."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(r, 1 / alpha, n)
    drop = rng.beta(a, b, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    for i in range(n):
        now = 0.0
        while True:
            now += rng.exponential(1 / rates[i])
            if now > T:
                break
            x[i] += 1
            t_x[i] = now
            if rng.random() < drop[i]:
                break
    return x, t_x, np.full(n, T)


def simulate_spend(x: np.ndarray, p: float, q: float, v: float, *, seed: int = 0) -> np.ndarray:
    """Average spend per repeat purchase for customers with x repeat purchases (0 where x = 0)."""
    rng = np.random.default_rng(seed)
    nu = rng.gamma(q, 1 / v, len(x))
    m_x = np.zeros(len(x))
    for i in np.flatnonzero(x > 0):
        m_x[i] = rng.gamma(p, 1 / nu[i], int(x[i])).mean()
    return m_x


def bgnbd_orders(n: int, r: float, alpha: float, a: float, b: float, *, start: str = "2024-01-01",
                 weeks: float = 104.0, seed: int = 0) -> pd.DataFrame:
    """Canonical paid orders of n customers who join over the first half of `weeks` and then buy
    and drop out as BG/NBD says: a shop where the model is right, to check forecasts against."""
    rng = np.random.default_rng(seed)
    begin = pd.Timestamp(start, tz="UTC")
    rows = []
    for customer in range(n):
        rate, drop = rng.gamma(r, 1 / alpha), rng.beta(a, b)
        now, first = rng.uniform(0, weeks / 2), True
        while now <= weeks:
            rows.append((f"c{customer}", begin + pd.Timedelta(weeks=now)))
            if not first and rng.random() < drop:  # drop-out follows repeat purchases only
                break
            now, first = now + rng.exponential(1 / rate), False
    orders = pd.DataFrame(rows, columns=["customer_id", "ordered_at"])
    return orders.assign(order_id=[f"#{i}" for i in range(len(orders))], email=None, name=None, currency=None,
                         total=20.0, status="paid")


def with_busy_decembers(orders: pd.DataFrame) -> pd.DataFrame:
    """The same shop with every repeat order placed in a December made twice (the copy two days
    apart, still in December): repeat buying in Decembers is double the model's steady pace."""
    first = orders.groupby("customer_id")["ordered_at"].transform("min")
    december = orders[(orders["ordered_at"].dt.month == 12) & (orders["ordered_at"] > first)]
    shift = np.where(december["ordered_at"].dt.day > 15, -2, 2)
    copies = december.assign(ordered_at=december["ordered_at"] + pd.to_timedelta(shift, unit="D"),
                             order_id=december["order_id"] + "-again")
    return pd.concat([orders, copies], ignore_index=True)
