"""Charts: what an owner reads off them (bands, labels, counts, the digest's average)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analytics import charts
from analytics.digest import weekly_digest
from analytics.ingest import read_export
from analytics.sentiment import score_texts, sentiment_report
from tests.helpers import reviews as review_files


def test_value_bands_are_round_amounts_between_the_usual_values():
    # 10th percentile 11.1, 95th 439: cuts at the round amounts 20, 50, 100, 200 between them.
    values = [3, 12, 15, 18, 22, 35, 40, 60, 120, 700]
    assert charts.money_bands(values) == [("under 20", 4), ("20–50", 3), ("50–100", 1), ("100–200", 1),
                                          ("200 or more", 1)]


def test_value_bands_stay_few_and_count_every_customer():
    values = np.geomspace(0.5, 50_000, 1_000)
    bands = charts.money_bands(values)
    assert len(bands) <= charts.MAX_BANDS
    assert sum(count for _, count in bands) == 1_000
    assert charts.money_bands([0, 0, 0]) == [("under 1", 3), ("1 or more", 0)]
    assert charts.money_bands([np.nan]) == []


def test_value_chart_shows_the_bands_on_a_plain_axis():
    figure = charts._value_figure([3, 12, 15, 18, 22, 35, 40, 60, 120, 700], "EUR")
    axes = figure.axes[0]
    assert axes.get_xscale() == "linear" and axes.get_yscale() == "linear"
    assert [label.get_text() for label in axes.get_yticklabels()] == [
        "200 or more", "100–200", "50–100", "20–50", "under 20"]
    assert "EUR" in axes.get_ylabel()
    assert charts.value_chart([5, 50], "EUR").startswith(b"\x89PNG")


def test_week_labels_name_the_year_only_where_the_weeks_cross_into_another():
    crossing = pd.date_range("2025-12-15", periods=4, freq="7D").date
    assert charts.week_labels(crossing) == ["15 Dec 2025", "22 Dec", "29 Dec", "05 Jan 2026"]
    within = pd.date_range("2025-03-03", periods=3, freq="7D").date
    assert charts.week_labels(within) == ["03 Mar", "10 Mar", "17 Mar"]


def test_the_digest_charts_the_four_week_average_its_text_states():
    # Week to Sunday 2025-06-29: this week 50; the four weeks before it 100, 200, 300, 400 -> 250.
    days = ["2025-06-28", "2025-06-21", "2025-06-14", "2025-06-07", "2025-05-31"]
    orders = pd.DataFrame({
        "order_id": list("abcde"), "customer_id": ["x@example.com"] * 5, "email": ["x@example.com"] * 5,
        "name": None, "country": None, "channel": None, "ordered_at": pd.to_datetime(days, utc=True),
        "total": [50.0, 100.0, 200.0, 300.0, 400.0], "currency": "EUR", "status": "paid",
    })
    scores = pd.DataFrame({"customer_id": ["x@example.com"], "segment": ["Loyal"], "churn_risk": [0.1],
                           "value_at_risk": [1.0]})
    digest = weekly_digest(orders, scores, {}, as_of=pd.Timestamp("2025-06-29", tz="UTC"), currency="EUR")
    assert digest.four_week_average["revenue"] == 250.0
    assert digest.weekly_revenue.tolist()[-5:] == [400.0, 300.0, 200.0, 100.0, 50.0]
    line = charts._revenue_figure(digest.weekly_revenue, digest.weekly_average, "EUR").axes[0].lines[0]
    assert line.get_ydata()[-1] == digest.four_week_average["revenue"]
    assert line.get_ydata()[-2] == (400 + 300 + 200) / 4  # the week before: its own four weeks


def test_sentiment_chart_shows_each_months_number_of_reviews():
    reviews = read_export(review_files.judgeme_reviews(60), "r.csv").reviews
    reviews["sentiment"] = score_texts(reviews["text"].tolist())
    report = sentiment_report(reviews)
    scored = reviews[reviews["sentiment"].notna()]
    per_month = scored["created_at"].str[:7].value_counts().sort_index()
    assert report.by_month["reviews"].tolist() == per_month.tolist()
    axes = charts._sentiment_figure(report.by_month).axes[0]
    assert [text.get_text() for text in axes.texts] == [str(n) for n in per_month]
    assert [label.get_text() for label in axes.get_xticklabels()][:2] == ["Jan 2024", "Feb 2024"]


CHINESE = {"Customers by segment": "各分层客户数", "customers": "客户数", "Revenue by week": "每周营业额",
           "  {customers} · {share} of revenue": "  {customers} 人 · 占营业额 {share}", "dd MMM": "M月d日",
           "dd MMM yyyy": "yyyy年M月d日", "MMM yyyy": "yyyy年M月", "positive": "正面", "neutral": "中性",
           "negative": "负面", "Review sentiment by month": "每月评价情绪", "12-month value ({currency})": "12 个月价值（{currency}）",
           "under {amount}": "{amount} 以下", "{amount} or more": "{amount} 及以上"}


def _chinese(message: str) -> str:
    return CHINESE.get(message, message)


def test_chinese_words_are_drawn_with_the_cjk_font_not_as_empty_boxes():
    """pytest turns warnings into errors, so a "Glyph … missing" warning fails this test."""
    weeks = pd.date_range("2025-12-15", periods=4, freq="W-MON")
    revenue = pd.Series([100.0, 250.0, 80.0, 300.0], index=weeks)
    months = pd.DataFrame({"positive": [0.5, 0.7], "neutral": [0.3, 0.1], "negative": [0.2, 0.2], "reviews": [4, 9]},
                          index=pd.to_datetime(["2025-11-01", "2025-12-01"]))
    pictures = [
        charts.segments_chart([{"segment": "重要价值客户", "customers": 3, "revenue_share": 0.6}], gettext=_chinese),
        charts.value_chart([5, 50, 500], "CNY", gettext=_chinese),
        charts.revenue_chart(revenue, revenue.rolling(2).mean(), "CNY", gettext=_chinese, locale="zh_Hans"),
        charts.sentiment_chart(months, gettext=_chinese, locale="zh_Hans"),
    ]
    assert all(picture.startswith(b"\x89PNG") for picture in pictures)
    assert charts.week_labels(weeks, _chinese, "zh_Hans") == ["2025年12月15日", "12月22日", "12月29日", "2026年1月5日"]


def test_without_the_cjk_font_chinese_would_be_empty_boxes():
    """The check above can fail: DejaVu Sans alone has no Chinese glyphs."""
    figure = Figure()
    figure.add_subplot().set_title("每周营业额", family="DejaVu Sans")
    with pytest.raises(UserWarning, match="Glyph .* missing"):
        figure.savefig(io.BytesIO(), format="png")
