"""Reply words, without Telegram: true of who they describe, and no model jargon in the main text."""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import pytest

from bot.telegram_bot.commands import COMMANDS, FIRST_COMMANDS
from bot.telegram_bot.replies import (
    churn_text,
    customer_choice_text,
    customer_text,
    help_text,
    how_churn_text,
    how_customer_text,
    how_segments_text,
    how_value_text,
    recommend_text,
    segments_text,
    value_text,
    welcome_text,
)

JARGON = re.compile(r"BG/NBD|Gamma|K-Means|silhouette|Brier|AUC|quintile|\bR\d F\d M\d\b|P\(alive\)", re.I)

SUMMARY = {
    "customers": 120, "as_of": "2024-06-30", "horizon_days": 60, "currency": "EUR",
    "scoring": "quintiles of your 120 customers",
    "segment_details": [{"segment": "Champions", "customers": 20, "revenue_share": 0.4, "action": "Thank them."},
                        {"segment": "At Risk", "customers": 43, "revenue_share": 0.2, "action": "Win them back."}],
    "clusters": [{"cluster": 1, "customers": 50, "description": "7 in 10 bought more than once",
                  "revenue_share": 0.7, "action": "Thank them."}],
    "silhouette": 0.41,
    "models": {
        "churn": {"method": "learned", "backtest_auc": 0.74, "brier": 0.181, "horizon_days": 60,
                  "baselines": {"recency_auc": 0.7, "p_alive_auc": 0.66}, "explanation": "Tested on your past."},
        "bgnbd": {"r": 0.24, "alpha": 4.4, "a": 0.79, "b": 2.4},
        "gamma_gamma": {"p": 6.2, "q": 3.7, "v": 15.4},
        "value": {"clv_12m_total": 5000.0, "expected_purchases_total": 80.0,
                  "clv_12m_quantiles": {"0.5": 20.0, "0.9": 90.0}},
        "notes": [],
    },
}

ONE_ORDER_CARD = {
    "customer_id": "ann@example.com", "email": "ann@example.com", "name": "Ann", "segment": "Lost",
    "r": 1, "f": 1, "m": 2, "cluster": 2, "cluster_label": "8 in 10 bought once, 5 in 10 spent less than most "
    "customers, 9 in 10 last bought over a year ago", "frequency": 1, "monetary": 20.0, "recency_days": 400,
    "churn_risk": 0.97, "churn_reason": "bought once, 400 days ago", "p_alive": 1.0, "clv_12m": 3.1,
    "next_order_date": None, "sentiment": None, "next_best_product": None, "currency": "EUR", "horizon_days": 60,
    "orders": [{"order_id": "row-facc5f0123456789", "ordered_at": "2023-05-27T10:00:00+00:00", "total": 20.0,
                "currency": "EUR", "status": "paid"},
               {"order_id": "#1001", "ordered_at": "2023-05-20T10:00:00+00:00", "total": 0.0,
                "currency": "EUR", "status": "cancelled"}],
}


def test_a_card_says_what_each_chance_means_and_never_calls_a_one_order_customer_a_repeat_buyer():
    text = customer_text(ONE_ORDER_CARD)
    assert "repeat buyer" not in text
    assert "Chance of no order in the next 60 days: 97%" in text
    assert "Chance they have not left for good: 100%" in text
    assert "still not have left for good" in text  # the two figures explained side by side
    assert not JARGON.search(text)


def test_a_card_never_shows_ids_shopPulse_made_up():
    text = customer_text(ONE_ORDER_CARD)
    assert "row-" not in text
    assert "#1001" in text  # the shop's own order numbers stay


def test_the_how_button_of_a_card_holds_its_scores_and_the_method():
    text = how_customer_text(SUMMARY, "112")
    assert "R1 F1 M2" in text and "BG/NBD" in text and "0.74" in text


def test_likely_to_stop_is_told_apart_from_the_at_risk_segment_with_its_threshold():
    customers = pd.DataFrame([{"customer_id": "a", "name": "Ann", "email": None, "churn_risk": 0.8, "clv_12m": 40.0,
                               "sentiment": None, "churn_reason": "bought about every 30 days; silent for 95"}])
    text = churn_text(SUMMARY, customers, 10)
    assert "1 customer likely to stop buying" in text
    assert "a 50% or higher chance of no order in the next 60 days" in text
    assert "not the same as the “At Risk” segment" in text
    assert "7 times in 10" in text
    assert not JARGON.search(text)
    assert "Brier score 0.181" in how_churn_text(SUMMARY)


def test_segments_and_value_keep_model_names_and_figures_behind_the_button():
    segments = segments_text(SUMMARY)
    value = value_text(SUMMARY, pd.DataFrame(columns=["customer_id", "name", "email", "clv_12m", "p_alive",
                                                      "next_order_date"]))
    assert not JARGON.search(segments) and not JARGON.search(value)
    how = how_segments_text(SUMMARY)
    assert "quintiles of your 120 customers" in how and "K-Means" in how and "0.41" in how
    assert "r=0.24" in how_value_text(SUMMARY) and "p=6.2" in how_value_text(SUMMARY)


def test_the_welcome_shows_the_first_few_commands_and_help_shows_all():
    welcome = welcome_text()
    shown = {c.name for c in COMMANDS if f"{escape(c.usage)} — " in welcome}
    assert shown == set(FIRST_COMMANDS) and 4 <= len(shown) <= 5
    assert all(f"{escape(c.usage)} — " in help_text() for c in COMMANDS)
    assert not any(JARGON.search(c.help) for c in COMMANDS)


@pytest.mark.parametrize(("result", "words"), [
    ({"customer_id": "a", "name": "Ann", "recommended": [], "why_none": "bought everything", "products": 7},
     "already bought every one of the 7 products"),
    ({"customer_id": "a", "name": "Ann", "recommended": [], "why_none": "no line items"},
     "list no products"),
])
def test_recommend_gives_the_true_reason_when_it_has_nothing(result, words):
    assert words in recommend_text(result)


def test_several_customers_with_a_name_are_listed_with_what_tells_them_apart():
    matches = [{"customer_id": "a", "name": "Ann Lee", "email": "ann@x.com", "frequency": 3, "recency_days": 5},
               {"customer_id": "b", "name": "Ann Bo", "email": None, "frequency": 1, "recency_days": 40}]
    text = customer_choice_text("ann", matches, more=False)
    assert "2 customers match “ann”" in text
    assert "Ann Lee: 3 orders, last 5 days ago" in text and "Ann Bo: 1 order, last 40 days ago" in text


def test_the_schedule_a_new_chat_gets_is_stated_from_its_one_definition():
    from bot.telegram_bot.replies import schedule_text
    from storage.digests import DEFAULT_SCHEDULE

    assert DEFAULT_SCHEDULE == {"weekday": 0, "hour": 9, "minute": 0}
    assert "(Mondays 09:00)" in schedule_text(None)
