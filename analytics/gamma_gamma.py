"""Gamma-Gamma: what a customer will spend per order, shrunk from their own average to the shop's.

Fader, Hardie & Lee, "RFM and CLV: Using Iso-value Curves for Customer Base Analysis" (2005)
and Fader & Hardie's note "The Gamma-Gamma Model of Monetary Value" (2013). Fitted on repeat
customers only: x = repeat purchases, m_x = their average repeat-purchase value. Assumes spend
is independent of how often someone buys, which the shop can check (`spend_frequency_correlation`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import digamma, gammaln

from analytics.errors import N_, NotEnoughData
from analytics.likelihood import best_fit, fitted_params

MIN_REPEATERS = 5
# Why the model is left out (a note of the analysis; the bot translates it by these templates).
TOO_FEW_REPEATERS = N_("Spend per order needs at least {repeaters} customers who bought again; there are {count}.")
TOO_ALIKE = N_("Spend per order varies too little between customers to model it; lifetime value uses each "
               "customer's own average instead.")
_LOG_BOUNDS = [(-9.0, 12.0)] * 3
_STARTS = ((1.0, 1.0, 1.0), (5.0, 3.0, 15.0), (2.0, 5.0, 50.0), (10.0, 10.0, 100.0))


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    v: float

    def as_dict(self) -> dict:
        return {"p": round(self.p, 6), "q": round(self.q, 6), "v": round(self.v, 6)}


@dataclass(frozen=True)
class FitData:
    """Repeat buyers prepared once: logs that do not depend on the parameters, distinct counts."""

    x: np.ndarray
    m_x: np.ndarray
    log_m_x: np.ndarray
    log_x: np.ndarray
    x_values: np.ndarray
    x_index: np.ndarray


def prepare(x, m_x) -> FitData:
    x, m_x = np.asarray(x, dtype=float), np.asarray(m_x, dtype=float)
    x_values, x_index = np.unique(x, return_inverse=True)
    return FitData(x, m_x, np.log(m_x), np.log(x), x_values, x_index.ravel())


def negative_log_likelihood(log_params, data: FitData):
    """Mean negative log-likelihood of average spends and its gradient in log-parameters."""
    p, q, v = np.exp(log_params)
    x, m_x, at, ux = data.x, data.m_x, data.x_index, data.x_values
    px = p * x
    spend = x * m_x + v
    log_spend = np.log(spend)
    ll = ((gammaln(p * ux + q) - gammaln(p * ux))[at] - gammaln(q) + q * np.log(v)
          + (px - 1) * data.log_m_x + px * data.log_x - (px + q) * log_spend)
    d_p = x * ((digamma(p * ux + q) - digamma(p * ux))[at] + data.log_m_x + data.log_x - log_spend)
    d_q = digamma(p * ux + q)[at] - digamma(q) + np.log(v) - log_spend
    d_v = q / v - (px + q) / spend
    grad = np.array([d_p.mean(), d_q.mean(), d_v.mean()]) * np.array([p, q, v])
    return -ll.mean(), -grad


class GammaGammaModel:
    """Fit with `fit(x, m_x)` on repeat customers; learned `params_`; `expected_spend` per customer."""

    def fit(self, x, m_x) -> GammaGammaModel:
        x, m_x = np.asarray(x, dtype=float), np.asarray(m_x, dtype=float)
        keep = (x > 0) & (m_x > 0) & np.isfinite(m_x)
        x, m_x = x[keep], m_x[keep]
        if len(x) < MIN_REPEATERS:
            raise NotEnoughData(TOO_FEW_REPEATERS, repeaters=MIN_REPEATERS, count=len(x))
        scale = float(np.mean(m_x))
        starts = [np.log([p, q, v * scale / 35]) for p, q, v in _STARTS]
        best = best_fit(negative_log_likelihood, starts, (prepare(x, m_x),), _LOG_BOUNDS)
        p, q, v = np.exp(best.x)
        if q <= 1 or np.any(np.isclose(best.x, [b[1] for b in _LOG_BOUNDS], atol=1e-3)):
            raise NotEnoughData(TOO_ALIKE)
        self.params_ = GammaGammaParams(float(p), float(q), float(v))
        self.log_likelihood_ = float(-best.fun * len(x))
        return self

    def expected_spend(self, x, m_x) -> np.ndarray:
        """Expected value of a future order: the customer's average, shrunk toward the shop's mean."""
        params = fitted_params(self, "fit(x, m_x)")
        p, q, v = params.p, params.q, params.v
        x = np.asarray(x, dtype=float)
        m_x = np.nan_to_num(np.asarray(m_x, dtype=float))
        return (p * (v + x * m_x)) / (p * x + q - 1)


def spend_frequency_correlation(x, m_x) -> float:
    """Pearson correlation of order count and average spend among repeat buyers (should be near 0)."""
    x, m_x = np.asarray(x, dtype=float), np.asarray(m_x, dtype=float)
    keep = x > 0
    if keep.sum() < 3:
        return float("nan")
    return float(np.corrcoef(x[keep], m_x[keep])[0, 1])
