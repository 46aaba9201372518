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
from scipy.special import digamma, gammaln, hyp2f1

from analytics.errors import N_, NotEnoughData
from analytics.likelihood import best_fit, fitted_params

MIN_CUSTOMERS = 20
MIN_REPEATERS = 5
# Why the model is left out (a note of the analysis; the bot translates it by these templates).
TOO_FEW_REPEATERS = N_("Lifetime value needs at least {customers} customers of whom {repeaters} bought more than "
                       "once; your history does not have that yet.")
NOT_PINNED_DOWN = N_("The purchase history does not pin down a repeat-purchase model (the estimate ran to its "
                     "limits); lifetime value is left out until more repeat orders arrive.")
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


@dataclass(frozen=True)
class FitData:
    """Customers prepared for the likelihood: repeat counts are few distinct integers, so the
    special functions of x are computed once per distinct count, not once per customer."""

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    weights: np.ndarray
    x_values: np.ndarray
    x_index: np.ndarray


def prepare(x, t_x, T, weights=None) -> FitData:
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    weights = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    x_values, x_index = np.unique(x, return_inverse=True)
    return FitData(x, t_x, T, weights, x_values, x_index.ravel())


def negative_log_likelihood(log_params, data: FitData):
    """Mean negative log-likelihood and its gradient with respect to the log-parameters."""
    r, alpha, a, b = np.exp(log_params)
    x, t_x, T, weights, ux, at = data.x, data.t_x, data.T, data.weights, data.x_values, data.x_index
    repeat = x > 0
    log_b_xm1 = np.log(b + np.maximum(ux - 1, 0))[at]
    a1 = (gammaln(r + ux) - gammaln(r))[at] + r * np.log(alpha)
    a2 = (gammaln(a + b) + gammaln(b + ux) - gammaln(b) - gammaln(a + b + ux))[at]
    log_alpha_T = np.log(alpha + T)
    log_alpha_tx = np.log(alpha + t_x)
    r_x = r + x
    a3 = -r_x * log_alpha_T
    a4 = np.where(repeat, np.log(a) - log_b_xm1 - r_x * log_alpha_tx, -np.inf)
    tail = np.logaddexp(a3, a4)
    total = weights.sum()
    ll = np.dot(weights, a1 + a2 + tail) / total

    w3 = np.exp(a3 - tail)
    w4 = np.where(repeat, np.exp(a4 - tail), 0.0)
    d_r = (digamma(r + ux) - digamma(r))[at] + np.log(alpha) - w3 * log_alpha_T - w4 * log_alpha_tx
    d_alpha = r / alpha - w3 * r_x / (alpha + T) - w4 * r_x / (alpha + t_x)
    d_a = (digamma(a + b) - digamma(a + b + ux))[at] + w4 / a
    d_b = (digamma(a + b) + digamma(b + ux) - digamma(b) - digamma(a + b + ux))[at] - w4 / np.exp(log_b_xm1)
    grad = np.array([np.dot(weights, d) for d in (d_r, d_alpha, d_a, d_b)]) / total
    return -ll, -grad * np.array([r, alpha, a, b])


def _patterns(x, t_x, T, weights):
    """Distinct (x, t_x, T) rows with summed weights: the likelihood is a sum over customers, and
    one-time buyers of the same age, most of a shop, are one row each."""
    order = np.lexsort((T, t_x, x))  # the rows in np.unique(axis=0)'s order, at a fraction of its cost
    x, t_x, T, weights = x[order], t_x[order], T[order], weights[order]
    first = np.r_[True, (x[1:] != x[:-1]) | (t_x[1:] != t_x[:-1]) | (T[1:] != T[:-1])]
    return x[first], t_x[first], T[first], np.bincount(np.cumsum(first) - 1, weights=weights)


class BgNbdModel:
    """Fit with `fit(x, t_x, T)`; learned `params_`; predictions per customer.

    Raises NotEnoughData when the history cannot support a fit (too few customers, nobody
    bought twice, or the optimiser ends at a bound where the estimate means nothing).
    """

    def fit(self, x, t_x, T, weights=None) -> BgNbdModel:
        x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
        weights = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
        if weights.sum() < MIN_CUSTOMERS or weights[x > 0].sum() < MIN_REPEATERS:
            raise NotEnoughData(TOO_FEW_REPEATERS, customers=MIN_CUSTOMERS, repeaters=MIN_REPEATERS)
        if np.any(x < 0) or np.any(t_x < 0):
            raise ValueError("repeat purchases and times must not be negative")
        t_x = np.minimum(t_x, T)  # rounded exports can put the last purchase a hair after "now"
        data = prepare(*_patterns(x, t_x, T, weights))
        scale = max(float(np.mean(T)), 1e-3)
        starts = [np.log([r, alpha * scale / 10, a, b]) for r, alpha, a, b in _STARTS]
        best = best_fit(negative_log_likelihood, starts, (data,), _LOG_BOUNDS)
        if best is None or np.any(np.isclose(np.abs(best.x), 9.0, atol=1e-3)):
            raise NotEnoughData(NOT_PINNED_DOWN)
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
        numerator = (a + b + x - 1) / (a - 1) * (1 - _quiet_ratio_times_hyp2f1(r, alpha, a, b, t, x, T))
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
        params = fitted_params(self, "fit(x, t_x, T)")
        return params.r, params.alpha, params.a, params.b


def _quiet_ratio_times_hyp2f1(r, alpha, a, b, t, x, T):
    """((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x-1; z), z = t/(α+T+t), of equation 10.

    Written as the paper does, the power underflows to 0 and 2F1 overflows to infinity for a few
    thousand repeat purchases, and their product is NaN. Euler's transformation
    2F1(p, q; c; z) = (1-z)^(c-p-q) 2F1(c-p, c-q; c; z) turns the product into
    ((α+T)/(α+T+t))^(a-1) · 2F1(a+b-1-r, a-1; a+b+x-1; z): same value (to 1e-13 on ordinary
    customers), finite for any count, and cheaper.
    """
    log_quiet = np.log(alpha + T) - np.log(alpha + T + t)
    return np.exp((a - 1) * log_quiet) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, t / (alpha + T + t))
