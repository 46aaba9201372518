"""Reply words, without Telegram: true of who they describe, and no model jargon in the main text.

One section per topic module of bot/telegram_bot/replies/; expected words are worked out by hand."""

from __future__ import annotations

import re
from html import escape

import pandas as pd
import pytest

from analytics.analysis import summary_from_json
from analytics.digest import WeeklyDigest
from bot.service import DigestContent, ImportReport
from bot.telegram_bot.commands import COMMANDS, FIRST_COMMANDS
from bot.telegram_bot.replies.digest import digest_list_file_caption, digest_text, schedule_text
from bot.telegram_bot.replies.forecasts import (
    churn_text,
    customer_choice_text,
    customer_text,
    how_churn_text,
    how_customer_text,
    how_value_text,
    value_text,
)
from bot.telegram_bot.replies.help import help_text, refusal_text, welcome_text
from bot.telegram_bot.replies.history import stats_text, undo_refused_text, undone_text, uploads_text
from bot.telegram_bot.replies.insights import basket_text, recommend_text
from bot.telegram_bot.replies.phrases import change, money
from bot.telegram_bot.replies.segments import export_usage_text, how_segments_text, segments_text
from bot.telegram_bot.replies.uploads import analysis_teaser, import_text, refused_text, too_large_text

JARGON = re.compile(r"BG/NBD|Gamma|K-Means|silhouette|Brier|AUC|quintile|\bR\d F\d M\d\b|P\(alive\)", re.I)

SUMMARY = summary_from_json({
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
})

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


def test_value_states_its_80_percent_ranges_and_whether_it_has_seen_a_year():
    no_top = pd.DataFrame(columns=["customer_id", "name", "email", "clv_12m", "p_alive", "next_order_date"])
    value = {**SUMMARY["models"]["value"], "orders_interval": {"low": 613.4, "high": 718.2, "level": 0.8},
             "clv_12m_interval": {"low": 4321.0, "high": 5678.0, "level": 0.8},
             "season": {"learned": False, "history_months": 7, "index": [1.0] * 12}}
    summary = {**SUMMARY, "models": {**SUMMARY["models"], "value": value}}
    text = value_text(summary, no_top)
    # outward to two figures: 613 -> 610, 718 -> 720; 4,321 -> 4,300, 5,678 -> 5,700
    assert "between 610 and 720 orders in the next 60 days" in text
    assert "between 4,300.00 EUR and 5,700.00 EUR in the next 12 months" in text
    assert "has not seen a full year" in text and not JARGON.search(text)
    value["season"] = {"learned": True, "history_months": 15, "index": [1.1] * 12}
    text = value_text(summary, no_top)
    assert "has not seen a full year" not in text and "how your own customers bought in those months" in text
    assert "between" not in value_text(SUMMARY, no_top)  # a run stored before ranges existed


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
    from storage.digests import DEFAULT_SCHEDULE

    assert DEFAULT_SCHEDULE == {"weekday": 0, "hour": 9, "minute": 0}
    assert "(Mondays 09:00)" in schedule_text(None)


# phrases


@pytest.mark.parametrize(("amount", "currency", "words"), [
    (1234.5, "EUR", "1,234.50 EUR"), (3.0, None, "3.00"), (0.0, "", "0.00"),
])
def test_money_keeps_two_decimals_and_thousands(amount, currency, words):
    assert money(amount, currency) == words


@pytest.mark.parametrize(("now", "before", "words"), [(120.0, 100.0, " (+20%)"), (75.0, 100.0, " (−25%)"), (5.0, 0.0, "")])
def test_a_change_is_a_signed_share_of_the_earlier_figure(now, before, words):
    assert change(now, before) == words


# help


def test_a_stranger_is_told_their_id_and_where_to_allow_it():
    text = refusal_text(4242)
    assert "<code>4242</code>" in text and "SHOPPULSE_ALLOWED_USERS=4242" in text


# uploads


def _report(**changes) -> ImportReport:
    fields = dict(file_name="orders <march>.csv", platform="shopify", rows_read=5, orders_in_file=3,
                  customers_in_file=1, orders_added=2, orders_updated=1, first_order="2024-03-01",
                  last_order="2024-03-09", revenue={"EUR": 90.0, "USD": 1200.0}, skipped={"no date": 2}, notes=[])
    return ImportReport(**{**fields, **changes})


def test_an_import_says_what_the_file_held_and_changed_with_currencies_kept_apart():
    text = import_text(_report())
    assert "<b>orders &lt;march&gt;.csv</b>: read as Shopify." in text
    assert "• 3 orders from 1 customer" in text
    assert "revenue (mixed currencies, kept apart): 1,200.00 USD + 90.00 EUR" in text
    assert "new orders added: 2; updated: 1\n" in text
    assert "skipped: 2 with no date" in text


def test_a_file_of_stored_orders_says_so():
    text = import_text(_report(orders_added=0, orders_updated=0, revenue={"EUR": 90.0}))
    assert "new orders added: 0; updated: 0 (all were already stored)" in text
    assert "• revenue: 90.00 EUR" in text


def test_a_reviews_file_counts_what_was_scored_and_linked():
    text = import_text(_report(platform="reviews", reviews_in_file=10, reviews_added=4, reviews_not_scored=3,
                               reviews_linked=6))
    assert "10 reviews, 4 new; 7 scored for sentiment, 3 not in English or Chinese (not scored)" in text
    assert "6 of 10 linked to a customer" in text


def test_a_file_too_large_gives_its_size_and_the_limit():
    assert "This file is 25.3 MB; Telegram lets bots download at most 20 MB" in too_large_text(25_300_000)


def test_a_refused_file_says_nothing_was_saved_and_how_to_choose_columns_again():
    assert refused_text("No <date>", columns_were_chosen=False) == "⚠️ No &lt;date&gt;\n\nNothing from this file was saved."
    assert refused_text("x", columns_were_chosen=True).endswith("Send the file again to choose the columns again.")


def test_the_teaser_names_the_three_segments_to_act_on():
    text = analysis_teaser(summary_from_json({"customers": 1200, "as_of": "2024-06-30", "notes": ["Few orders."],
                                              "segments": {"Champions": 40, "At Risk": 7}}))
    assert "1,200 customers analysed as of 2024-06-30: 40 Champions, 7 At Risk, 0 Can't Lose Them." in text
    assert "ℹ️ Few orders." in text


# history


def test_stats_of_an_empty_chat_say_how_to_start_and_of_a_full_one_give_the_dates():
    assert "Send me an order export" in stats_text({"orders": 0})
    text = stats_text({"orders": 1500, "uploads": 2, "customers": 300, "first_order": "2023-01-02T10:00:00",
                       "last_order": "2024-02-03T11:00:00", "last_upload": "2024-02-04T08:30:59", "last_analysis": None})
    assert "• orders: 1,500 (2023-01-02 → 2024-02-03)" in text
    assert "• last upload: 2024-02-04 08:30 UTC" in text and "• last analysis: never" in text


def test_uploads_list_what_each_added_and_undo_says_what_is_left():
    rows = [{"uploaded_at": "2024-02-04T08:30:00", "file_name": "a&b.csv", "platform": "etsy", "orders_added": 1200,
             "orders_updated": 3, "rows_skipped": 0}]
    assert "a&amp;b.csv · etsy: +1,200 new, 3 updated\n" in uploads_text(rows)
    undone = {"file_name": "a.csv", "uploaded_at": "2024-02-04T08:30:00", "orders_removed": 5, "orders_restored": 2,
              "orders_left": 0}
    assert undone_text(undone).endswith("Nothing is stored now; send an export to start again.")
    assert undo_refused_text("a.csv", "b.csv").endswith("Send /undo again if you want to remove b.csv.")
    assert undo_refused_text(None, None).endswith("No uploads are left.")


# segments


def test_export_without_a_known_segment_lists_every_segment():
    text = export_usage_text("vips")
    assert text.startswith("I don't know the segment “vips”.") and "Champions" in text and "Lost" in text


# insights


def test_basket_rules_are_said_as_shares_and_lifts():
    rules = [{"antecedent": ["Soap"], "consequent": ["Towel", "Brush"], "confidence": 0.4, "lift": 2.0, "orders": 12}]
    assert "• 40% of orders with Soap also have Towel + Brush — 2.0× more than usual (12 orders)" in basket_text(rules)
    assert "no products often bought together with “tea”" in basket_text([], "tea")


# digest


def _digest(**changes) -> DigestContent:
    weeks = dict(this_week={"revenue": 120.0, "orders": 4, "new_customers": 1, "returning_customers": 3},
                 last_week={"revenue": 100.0}, four_week_average={"revenue": 90.0})
    digest = WeeklyDigest(as_of="2024-06-30", currency="EUR", weekly_revenue=pd.Series(dtype=float),
                          weekly_average=pd.Series(dtype=float), **weeks)
    return DigestContent(stale=False, digest=digest, horizon_days=60, **changes)


def test_the_digest_gives_the_week_against_the_last_and_who_is_newly_likely_to_stop():
    content = _digest()
    content.digest.newly_at_risk = pd.DataFrame([{"customer_id": "c1", "name": None, "email": "bo@x.com",
                                                  "churn_risk": 0.61, "churn_reason": "silent for 80 days"}])
    content.digest.newly_at_risk_total = 1
    text = digest_text(content)
    assert "Revenue: <b>120.00 EUR</b> from 4 orders (+20%) vs last week's 100.00 EUR; 4-week average 90.00 EUR." in text
    assert "<b>1 customer newly likely to stop buying</b>" in text
    assert "• bo@x.com: 61% chance of no order, silent for 80 days" in text


def test_the_file_of_a_first_digests_list_never_calls_its_customers_newly_likely_to_stop():
    assert digest_list_file_caption(12, first_digest=True) == (
        "12 customers the digest named as likely to stop buying, most value at risk first, with the reason for each.")
    assert "12 customers the digest named as newly likely to stop buying" in digest_list_file_caption(12)


def test_a_digest_without_news_says_to_send_the_week_and_one_without_risk_says_nobody_new():
    stale = digest_text(DigestContent(stale=True, last_sent_at="2024-06-24T09:00:00"))
    assert "No new orders were uploaded since the last digest (2024-06-24 09:00 UTC)" in stale
    assert "Nobody new is likely to stop buying. 🎉" in digest_text(_digest())


def test_a_paused_schedule_says_why_and_how_to_turn_it_on():
    schedule = {"weekday": 4, "hour": 18, "minute": 5, "timezone": "Europe/Berlin", "enabled": False,
                "paused_reason": "blocked"}
    text = schedule_text(schedule)
    assert text.startswith("The weekly digest is off because Telegram said the bot was blocked.")
    assert "Fridays at 18:05 (Europe/Berlin)" in text
    assert schedule_text({**schedule, "enabled": True}) == "📅 Your weekly digest arrives on Fridays at 18:05 (Europe/Berlin)."


def test_a_run_stored_before_a_summary_key_existed_reads_with_its_default():
    old = summary_from_json({"customers": 3, "as_of": "2023-01-01", "segments": {}, "segment_details": []})
    assert old["horizon_days"] == 90 and old["notes"] == [] and old["clusters"] == [] and old["models"] == {}
    assert "Tap a segment below" in segments_text(old)  # words for it, not a KeyError
    assert summary_from_json({"horizon_days": 30})["horizon_days"] == 30  # what was stored wins
