"""BG/NBD: how many more purchases to expect from each customer, and whether they are still "alive".

Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way". Each customer buys at a
Poisson rate λ ~ Gamma(r, α) while alive and may drop out after any purchase with probability
p ~ Beta(a, b). Inputs per customer: x = repeat purchases (distinct purchase days after the
first), t_x = time of the last purchase and T = time since the first purchase, both measured
from the first purchase, in weeks as the paper does.

The log-likelihood and its gradient are written out in numpy so the fit is a few dozen
vectorised evaluations; identical (x, t_x, T) rows are fitted once with a weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln, hyp2f1

from analytics.errors import NotEnoughData

MIN_CUSTOMERS = 20
MIN_REPEATERS = 5
_LOG_BOUNDS = [(-9.0, 9.0)] * 4  # e^-9 .. e^9: wide, but keeps the optimiser off 0 and infinity
_STARTS = ((1.0, 1.0, 1.0, 1.0), (0.25, 5.0, 0.8, 2.5), (2.0, 20.0, 0.3, 5.0), (0.5, 1.0, 2.0, 0.5))


@dataclass(frozen=True)
class BgNbdParams:
    r: float
    alpha: float
    a: float
    b: float

    def as_dict(self) -> dict:
        return {"r": round(self.r, 6), "alpha": round(self.alpha, 6), "a": round(self.a, 6),
                "b": round(self.b, 6), "time_unit": "weeks"}


def _compress(x, t_x, T, weights):
    """Fit each distinct (x, t_x, T) once, weighted by how many customers share it."""
    stacked = np.column_stack([x, t_x, T])
    unique, inverse = np.unique(stacked, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=weights)
    return unique[:, 0], unique[:, 1], unique[:, 2], counts


def negative_log_likelihood(log_params, x, t_x, T, weights):
    """Mean negative log-likelihood and its gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    repeat = x > 0
    xm1 = np.where(repeat, x - 1, 0.0)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(repeat, np.log(a) - np.log(b + xm1) - (r + x) * np.log(alpha + t_x), -np.inf)
    tail = np.logaddexp(a3, a4)
    total = weights.sum()
    ll = np.sum(weights * (a1 + a2 + tail)) / total

    w3 = np.exp(a3 - tail)
    w4 = np.where(repeat, np.exp(a4 - tail), 0.0)
    d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + t_x)
    d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + t_x)
    d_a = digamma(a + b) - digamma(a + b + x) + w4 / a
    d_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / np.where(repeat, b + xm1, 1.0)
    grad = np.array([np.sum(weights * d) for d in (d_r, d_alpha, d_a, d_b)]) / total
    return -ll, -grad * np.array([r, alpha, a, b])


class BgNbdModel:
    """Fit with `fit(x, t_x, T)`; learned `params_`; predictions per customer.

    Raises NotEnoughData when the history cannot support a fit (too few customers, nobody
    bought twice, or the optimiser ends at a bound where the estimate means nothing).
    """

    def __init__(self, *, max_iterations: int = 500) -> None:
        self.max_iterations = max_iterations

    def fit(self, x, t_x, T, weights=None) -> BgNbdModel:
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        weights = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
        if weights.sum() < MIN_CUSTOMERS or weights[x > 0].sum() < MIN_REPEATERS:
            raise NotEnoughData(
                f"Lifetime value needs at least {MIN_CUSTOMERS} customers of whom {MIN_REPEATERS} bought "
                "more than once; your history does not have that yet."
            )
        if np.any(x < 0) or np.any(t_x < 0):
            raise ValueError("repeat purchases and times must not be negative")
        t_x = np.minimum(t_x, T)  # rounded exports can put the last purchase a hair after "now"
        data = _compress(x, t_x, T, weights)
        scale = max(float(np.mean(T)), 1e-3)
        best = None
        for start in _STARTS:
            guess = np.log([start[0], start[1] * scale / 10, start[2], start[3]])
            result = minimize(
                negative_log_likelihood, guess, args=data, jac=True, method="L-BFGS-B",
                bounds=_LOG_BOUNDS, options={"maxiter": self.max_iterations, "gtol": 1e-10, "ftol": 1e-14},
            )
            if np.isfinite(result.fun) and (best is None or result.fun < best.fun - 1e-12):
                best = result
        if best is None or np.any(np.isclose(np.abs(best.x), 9.0, atol=1e-3)):
            raise NotEnoughData(
                "The purchase history does not pin down a repeat-purchase model (the estimate ran "
                "to its limits); lifetime value is left out until more repeat orders arrive."
            )
        self.params_ = BgNbdParams(*(float(v) for v in np.exp(best.x)))
        self.log_likelihood_ = float(-best.fun * weights.sum())
        return self

    def p_alive(self, x, t_x, T) -> np.ndarray:
        """Probability each customer is still buying; 1 for anyone who never bought again."""
        r, alpha, a, b = self._params()
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        log_ratio = np.log(a) - np.log(b + np.maximum(x - 1, 0)) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
        return np.where(x > 0, 1.0 / (1.0 + np.exp(np.clip(log_ratio, -700, 700))), 1.0)

    def expected_purchases(self, t, x, t_x, T) -> np.ndarray:
        """Expected number of purchases in the next `t` weeks (equation 10 of the paper)."""
        r, alpha, a, b = self._params()
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        ratio = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        hyper = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
        numerator = (a + b + x - 1) / (a - 1) * (1 - ratio * hyper)
        return numerator * self.p_alive(x, t_x, T)

    def p_no_purchase(self, t, x, t_x, T) -> np.ndarray:
        """Probability of no purchase in the next `t` weeks: dropped out, or alive but not buying."""
        r, alpha, _, _ = self._params()
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        alive = self.p_alive(x, t_x, T)
        quiet_if_alive = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        return (1 - alive) + alive * quiet_if_alive

    def median_weeks_to_next_purchase(self, x, T) -> np.ndarray:
        """For a customer still alive: median wait for the next purchase, from the posterior rate."""
        r, alpha, _, _ = self._params()
        shape = r + np.asarray(x, dtype=float)
        return (alpha + np.asarray(T, dtype=float)) * (np.power(2.0, 1.0 / shape) - 1.0)

    def _params(self):
        params = self.params_
        return params.r, params.alpha, params.a, params.b
