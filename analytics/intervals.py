"""80% intervals for the shop's totals: orders in the horizon and 12-month value from existing customers.

A total is uncertain three ways, and the interval adds all three (as variances of its logarithm):
- the fitted parameters: the inverse Hessian of the log-likelihood (in log-parameters, from
  differences of its gradient) carried to the total by its gradient (the delta method);
- purchase noise: every customer simulated forward as BG/NBD describes them (alive or not by
  P(alive), a buying rate from their posterior, dropping out after a purchase), a few times over;
- the months the model does not explain: a month's repeat purchases scatter around the model's
  expectation more than chance alone would make them (sales, news, the weather). That extra scatter
  is measured on the shop's own past months; it is taken as one shock for the whole horizon, since
  on real histories a month's miss tends to carry into the next. Without it the interval of a
  large shop would be a few percent wide and miss most months.
Draws are seeded, so the same history always gives the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.bgnbd import BgNbdModel, BgNbdParams, negative_log_likelihood, prepare

LEVEL = 0.8
REPLICATES = 20  # simulated futures of every customer, for the purchase noise of a total
MIN_MONTH_EXPECTED = 20.0  # months with fewer expected repeat purchases say little about the scatter
_Z = 1.2815515655446004  # the normal quantile of 0.9: 80% of the mass lies within +-_Z
_SEED = 20261201


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def as_dict(self, digits: int = 0) -> dict:
        return {"low": round(self.low, digits), "high": round(self.high, digits), "level": LEVEL}


def parameter_covariance(bgnbd: BgNbdModel, x, t_x, T) -> np.ndarray | None:
    """Covariance of the log-parameters (r, alpha, a, b) at the fit; None where the curvature
    cannot be inverted (a flat likelihood gives no usable spread)."""
    params = bgnbd.params_
    centre = np.log([params.r, params.alpha, params.a, params.b])
    rows, weights = np.unique(np.column_stack([x, t_x, np.maximum(T, t_x)]), axis=0, return_counts=True)
    data = prepare(rows[:, 0], rows[:, 1], rows[:, 2], weights)
    step = 1e-4
    columns = []
    for j in range(4):
        shift = np.zeros(4)
        shift[j] = step
        columns.append((negative_log_likelihood(centre + shift, data)[1]
                        - negative_log_likelihood(centre - shift, data)[1]) / (2 * step))
    hessian = np.array(columns) * weights.sum()
    try:
        covariance = np.linalg.inv((hessian + hessian.T) / 2)
        np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        return None
    return covariance


def simulate_purchases(bgnbd: BgNbdModel, weeks: float, x, t_x, T, replicates: int,
                       rng: np.random.Generator) -> np.ndarray:
    """(replicates, customers) purchases in the next `weeks` at the fitted parameters."""
    r, alpha, a, b = bgnbd._params()
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    shape = (replicates, len(x))
    alive = rng.random(shape) < bgnbd.p_alive(x, t_x, T)
    rate = rng.gamma(r + x, 1.0 / (alpha + T), size=shape)
    dropout = rng.beta(a, b + x, size=shape)
    bought = rng.poisson(rate * weeks)
    last = rng.geometric(np.clip(dropout, 1e-12, 1.0))  # the purchase after which they drop out
    return np.where(alive, np.minimum(bought, last), 0)


def month_scatter(months: pd.DataFrame) -> float:
    """Variance of log(actual / expected) of past months beyond what chance alone gives (0 if none)."""
    usable = months[(months["expected"] >= MIN_MONTH_EXPECTED) & (months["actual"] > 0)]
    if len(usable) < 3:
        return 0.0
    log_ratio = np.log(usable["actual"] / usable["expected"])
    return max(float(log_ratio.var(ddof=1) - (1 / usable["actual"]).mean()), 0.0)


def total_intervals(bgnbd: BgNbdModel, customers: pd.DataFrame, *, horizon_days: int, spend,
                    orders_total: float, value_total: float, scatter: float = 0.0) -> dict[str, Interval]:
    """LEVEL intervals around the horizon's expected orders (`orders_total`) and the 12-month value
    (`value_total`), from each customer's expected order value `spend` and `scatter`, the variance
    of a month's log-shock (month_scatter)."""
    rng = np.random.default_rng(_SEED)
    x, t_x, T = (customers[c].to_numpy(float) for c in ("repeat_purchases", "t_x_weeks", "T_weeks"))
    spend = np.nan_to_num(np.asarray(spend, dtype=float))
    covariance = parameter_covariance(bgnbd, x, t_x, T)
    out = {}
    for name, days, total, weights in (("orders", horizon_days, orders_total, np.ones(len(x))),
                                       ("value_12m", 365.25, value_total, spend)):
        weeks = days / 7.0
        mean = float(bgnbd.expected_purchases(weeks, x, t_x, T) @ weights)
        if mean <= 0 or total <= 0:
            out[name] = Interval(0.0, 0.0)
            continue
        noise = float(np.var(simulate_purchases(bgnbd, weeks, x, t_x, T, REPLICATES, rng) @ weights, ddof=1))
        variance = noise / mean**2 + scatter
        if covariance is not None:
            gradient = _log_gradient(bgnbd, weeks, x, t_x, T, weights, mean)
            variance += float(gradient @ covariance @ gradient)
        spread = _Z * np.sqrt(variance)
        out[name] = Interval(total * np.exp(-spread), total * np.exp(spread))
    return out


def _log_gradient(bgnbd: BgNbdModel, weeks, x, t_x, T, weights, mean: float) -> np.ndarray:
    """d log(total) / d log-parameters, by forward differences."""
    centre = np.log([bgnbd.params_.r, bgnbd.params_.alpha, bgnbd.params_.a, bgnbd.params_.b])
    step = 1e-4
    gradient = np.zeros(4)
    for j in range(4):
        shifted = BgNbdModel()
        moved = centre.copy()
        moved[j] += step
        shifted.params_ = BgNbdParams(*np.exp(moved))
        gradient[j] = (np.log(float(shifted.expected_purchases(weeks, x, t_x, T) @ weights)) - np.log(mean)) / step
    return gradient
