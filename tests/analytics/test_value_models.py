"""BG/NBD and Gamma-Gamma: the likelihood, recovery of known parameters, predictions, failures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import check_grad
from scipy.special import betaln, gammaln

from analytics import bgnbd, gamma_gamma
from analytics.bgnbd import BgNbdModel
from analytics.errors import NotEnoughData
from analytics.gamma_gamma import GammaGammaModel
from analytics.lifetime_value import check_forecast
from tests.helpers import simulate
from tests.helpers.simulate import simulate_bgnbd, simulate_spend


def _paper_likelihood(r, alpha, a, b, x, t_x, T):
    """Equation 6 of Fader, Hardie & Lee (2005), written plainly, one customer at a time."""
    total = 0.0
    for xi, ti, Ti in zip(x, t_x, T):
        base = betaln(a, b + xi) - betaln(a, b) + gammaln(r + xi) - gammaln(r) + r * np.log(alpha)
        term = np.exp(-(r + xi) * np.log(alpha + Ti))
        if xi > 0:
            term += np.exp(betaln(a + 1, b + xi - 1) - betaln(a, b + xi) - (r + xi) * np.log(alpha + ti))
        total += base + np.log(term)
    return total


def test_vectorised_likelihood_matches_the_paper_formula():
    x, t_x, T = simulate_bgnbd(60, 0.3, 4.0, 0.8, 2.5, seed=1)
    params = (0.3, 4.0, 0.8, 2.5)
    value, _ = bgnbd.negative_log_likelihood(np.log(params), bgnbd.prepare(x, t_x, T))
    assert -value * len(x) == pytest.approx(_paper_likelihood(*params, x, t_x, T), rel=1e-9)


def test_gradients_are_exact():
    x, t_x, T = simulate_bgnbd(200, 0.5, 6.0, 1.2, 3.0, seed=2)
    data = bgnbd.prepare(x, t_x, T)
    point = np.log([0.4, 5.0, 1.0, 2.0])
    assert check_grad(lambda p: bgnbd.negative_log_likelihood(p, data)[0],
                      lambda p: bgnbd.negative_log_likelihood(p, data)[1], point) < 1e-5
    m_x = simulate_spend(x, 6.0, 4.0, 15.0)
    spend = gamma_gamma.prepare(x[x > 0], m_x[x > 0])
    assert check_grad(lambda p: gamma_gamma.negative_log_likelihood(p, spend)[0],
                      lambda p: gamma_gamma.negative_log_likelihood(p, spend)[1],
                      np.log([5.0, 3.0, 10.0])) < 1e-5


def test_bgnbd_recovers_the_parameters_it_was_simulated_with():
    x, t_x, T = simulate_bgnbd(6000, 0.25, 4.0, 0.8, 2.5, T=78.0, seed=3)
    params = BgNbdModel().fit(x, t_x, T).params_
    assert params.r == pytest.approx(0.25, rel=0.15)
    assert params.alpha == pytest.approx(4.0, rel=0.25)
    assert params.a == pytest.approx(0.8, rel=0.3)
    assert params.b == pytest.approx(2.5, rel=0.35)


def test_gamma_gamma_recovers_the_parameters_it_was_simulated_with():
    x = np.random.default_rng(4).integers(1, 12, 4000).astype(float)
    m_x = simulate_spend(x, 6.0, 4.0, 15.0, seed=5)
    params = GammaGammaModel().fit(x, m_x).params_
    assert params.p == pytest.approx(6.0, rel=0.15)
    assert params.q == pytest.approx(4.0, rel=0.2)
    assert params.v == pytest.approx(15.0, rel=0.3)


def test_predictions_behave_as_the_model_says():
    x, t_x, T = simulate_bgnbd(3000, 0.25, 4.0, 0.8, 2.5, seed=6)
    model = BgNbdModel().fit(x, t_x, T)
    alive = model.p_alive(np.array([0, 3, 3]), np.array([0, 50, 5]), np.array([52, 52, 52]))
    assert alive[0] == 1.0, "a customer who never bought again is alive by the model's assumption"
    assert alive[1] > alive[2], "the same count bought recently is more likely alive"
    more = model.expected_purchases(52, np.array([1, 8]), np.array([40, 40]), np.array([52, 52]))
    assert more[1] > more[0] > 0
    quiet = model.p_no_purchase(13, np.array([8, 8]), np.array([50, 10]), np.array([52, 52]))
    assert 0 < quiet[0] < quiet[1] < 1


def test_fit_refuses_data_that_cannot_support_it():
    with pytest.raises(NotEnoughData):
        BgNbdModel().fit(np.zeros(50), np.zeros(50), np.full(50, 20.0))
    with pytest.raises(NotEnoughData):
        GammaGammaModel().fit(np.array([1.0, 2.0]), np.array([10.0, 12.0]))


def test_forecast_check_on_a_shop_where_the_model_is_right_comes_out_close():
    orders = simulate.bgnbd_orders(4000, r=0.8, alpha=6.0, a=0.7, b=3.0, weeks=104, seed=3)
    as_of = orders["ordered_at"].max().normalize()
    check = check_forecast(orders, as_of=as_of, horizon_days=90)
    assert check["to"] == as_of.date().isoformat()
    assert check["from"] == (as_of - pd.Timedelta(days=89)).date().isoformat()
    assert check["actual"] > 500
    assert check["predicted"] == pytest.approx(check["actual"], rel=0.1)


def test_forecast_check_needs_a_horizon_of_history_before_its_cut_off():
    orders = simulate.bgnbd_orders(500, r=0.8, alpha=6.0, a=0.7, b=3.0, weeks=20, seed=4)
    assert check_forecast(orders, as_of=orders["ordered_at"].max().normalize(), horizon_days=90) is None


def _fitted(r=0.243, alpha=4.414, a=0.793, b=2.426):
    model = BgNbdModel()
    model.params_ = bgnbd.BgNbdParams(r, alpha, a, b)  # the published CDNOW estimates, in weeks
    return model


def _paper_expected_purchases(r, alpha, a, b, t, x, t_x, T):
    """Equation 10 of Fader, Hardie & Lee (2005) as printed, with P(alive) from equation 11."""
    from scipy.special import hyp2f1

    ratio = ((alpha + T) / (alpha + T + t)) ** (r + x)
    hyper = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    alive = 1 / (1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    return (a + b + x - 1) / (a - 1) * (1 - ratio * hyper) * alive


def test_expected_purchases_is_the_paper_formula_and_stays_finite_for_huge_repeat_counts():
    model = _fitted()
    x = np.arange(0, 150, dtype=float)
    t_x, T = np.minimum(x, 90.0), np.full_like(x, 100.0)
    assert model.expected_purchases(13.0, x, t_x, T) == pytest.approx(
        _paper_expected_purchases(0.243, 4.414, 0.793, 2.426, 13.0, x, t_x, T), rel=1e-9)
    with np.errstate(all="ignore"):
        assert np.isnan(_paper_expected_purchases(0.243, 4.414, 0.793, 2.426, 52.0, 3000.0, 100.0, 100.0)), \
            "the printed formula overflows here (0 x infinity), which this test guards against"
    huge = model.expected_purchases(52.0, np.array([1000.0, 3000.0]), np.array([100.0, 100.0]), np.array([100.0, 100.0]))
    assert np.all(np.isfinite(huge))
    per_purchase = huge / (np.array([1000.0, 3000.0]) + 0.243)  # a busy buyer keeps buying at their own rate
    assert per_purchase[1] == pytest.approx(per_purchase[0], rel=0.01)
    assert np.isfinite(model.p_no_purchase(52.0, 3000.0, 100.0, 100.0))


def test_a_model_used_before_it_is_fitted_says_so():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="BgNbdModel is not fitted yet"):
        BgNbdModel().expected_purchases(13.0, [1.0], [5.0], [10.0])
    with pytest.raises(NotFittedError, match="GammaGammaModel is not fitted yet"):
        GammaGammaModel().expected_spend([2.0], [30.0])


def test_fitting_distinct_patterns_once_gives_the_fit_of_every_customer():
    x, t_x, T = simulate_bgnbd(3000, 0.25, 4.0, 0.8, 2.5, T=78.0, seed=8)
    t_x, T = np.round(t_x), np.round(T)  # whole weeks: many customers share a pattern
    together = BgNbdModel().fit(x, t_x, T)
    patterns, counts = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    assert len(patterns) < len(x) / 2
    weighted = BgNbdModel().fit(*patterns.T, weights=counts)
    assert together.log_likelihood_ == pytest.approx(weighted.log_likelihood_, rel=1e-9)
    for name in ("r", "alpha", "a", "b"):
        assert getattr(together.params_, name) == pytest.approx(getattr(weighted.params_, name), rel=1e-6)
