"""/churn, /value, /customer and /horizon: who is slipping away, what customers are worth, and how that is worked out."""

from __future__ import annotations

import math
from html import escape
from types import SimpleNamespace

from analytics.analysis import RunSummary
from analytics.ingest.canonical import GENERATED_ORDER_ID_PREFIX
from analytics.lifetime_value import ANNUAL_DISCOUNT_RATE
from analytics.sentiment import POSITIVE_FROM
from bot.i18n import _
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import (
    BOTH_CHANCES,
    LIKELY_TO_STOP,
    ON_A_CARD,
    STILL_A_CUSTOMER,
    amount,
    likely_to_stop_definition,
    pct,
    plural,
    risk_words,
    shop_value,
    unhappy,
    who,
)
from bot.telegram_bot.replies.segments import how_segments_text

NOBODY_LIKELY_TO_STOP = f"Nobody is {LIKELY_TO_STOP} right now."
VALUE_CAPTION = "Expected value per customer, next 12 months"
CUSTOMER_USAGE = "Use /customer followed by a name, an e-mail or a customer id, e.g. /customer ann@example.com"
CUSTOMER_GONE = "That customer is no longer in your latest analysis."
CHOICE_EXPIRED = "That choice has expired. Send the command with the name again."
METHOD_NAMES = {"learned": "a model learned from your own history (logistic regression, or gradient boosting "
                "for large shops, calibrated)", "recency": "days since the last order alone",
                "bgnbd": "the BG/NBD model's chance of no purchase", "rule": "a rule on how overdue each customer is"}


def churn_text(summary: RunSummary, customers, shown: int, unhappy_customers=None) -> str:
    """Who is likely to stop buying: who, how likely, how much value, and why; then how far to trust it."""
    churn = summary["models"].get("churn", {})
    horizon = summary["horizon_days"]
    currency = summary["currency"]
    if customers.empty:
        lines = [f"🎉 Nobody is {LIKELY_TO_STOP} ({likely_to_stop_definition(horizon)})."]
    else:
        lines = [f"<b>{len(customers):,} {plural(len(customers), 'customer')} {LIKELY_TO_STOP}</b>",
                 f"({likely_to_stop_definition(horizon)}; not the same as the “At Risk” segment in /segments, "
                 "which is good customers who have gone quiet). Most value at risk first:", ""]
        for rank, row in enumerate(customers.head(shown).itertuples(), start=1):
            flag = " 😠 unhappy in reviews" if unhappy(row.sentiment) else ""
            lines.append(
                f"{rank}. <b>{who(row)}</b> — {pct(row.churn_risk)} chance of no order, 12-month value "
                f"{amount(row.clv_12m, currency)}{flag}\n   {escape(row.churn_reason or '')}"
            )
    if unhappy_customers is not None and len(unhappy_customers):
        names = ", ".join(who(row) for row in unhappy_customers.head(5).itertuples())
        lines += ["", f"😠 <b>{len(unhappy_customers):,} unhappy customers of high value</b> (negative reviews): {names}"]
    lines += ["", f"<i>{trust_line(churn)}</i>"]
    return fit("\n".join(lines))


def trust_line(churn: dict) -> str:
    """How far to trust the list, in one plain sentence (the method is behind "How is this worked out?")."""
    auc = churn.get("backtest_auc")
    if auc is None:
        return "Your history is still short, so treat these chances as a rough guide."
    return (f"Tried on your own past: of two customers, one who went on to stop buying and one who did not, "
            f"this ranked the one who stopped higher {round(auc * 10)} times in 10.")


def export_at_risk_label(customers: int) -> str:
    return f"⬇️ Export the {customers:,} {LIKELY_TO_STOP} (CSV)"


def at_risk_file_caption(rows: int) -> str:
    return f"{rows:,} customers {LIKELY_TO_STOP}, most value at risk first, with the reason for each."


def value_text(summary: RunSummary, top) -> str:
    """The shop's expected revenue from existing customers and who is worth most."""
    models = summary["models"]
    currency = summary["currency"]
    value = models.get("value")
    if not value:
        notes = " ".join(models.get("notes", [])) or "There is not enough repeat buying yet to forecast value."
        return escape(notes)
    quantiles = value["clv_12m_quantiles"]
    lines = [
        "<b>What your existing customers are worth</b>",
        f"Expected revenue in the next 12 months: <b>{amount(value['clv_12m_total'], currency)}</b> "
        f"(discounted {ANNUAL_DISCOUNT_RATE:.0%} a year), from about {value['expected_purchases_total']:,.0f} orders "
        f"in the next {summary['horizon_days']} days.",
        *range_lines(value, summary["horizon_days"], currency),
        f"A typical customer is worth {amount(quantiles['0.5'], currency)}; the top 10% over "
        f"{amount(quantiles['0.9'], currency)} each.",
        "",
        "<b>Most valuable customers</b>",
    ]
    for rank, row in enumerate(top.itertuples(), start=1):
        next_order = f", next order around {row.next_order_date}" if row.next_order_date else ""
        lines.append(f"{rank}. {who(row)}: {amount(row.clv_12m, currency)} "
                     f"({STILL_A_CUSTOMER}: {pct(row.p_alive)}{next_order})")
    lines += ["", forecast_check_text(value.get("backtest")) + f"<i>{season_text(value.get('season'))}</i>"]
    return fit("\n".join(lines))


def range_lines(value: dict, horizon_days: int, currency: str | None) -> list[str]:
    """The 80% ranges of the two totals, in words (none for a run from before they were stored)."""
    orders, worth = value.get("orders_interval"), value.get("clv_12m_interval")
    if not orders or not worth:
        return []
    return [_("Likely range (8 times in 10): between {orders_low} and {orders_high} orders in the next {days} days, "
              "and between {value_low} and {value_high} in the next 12 months.").format(
        orders_low=f"{rounded(orders['low'], down=True):,.0f}", orders_high=f"{rounded(orders['high'], down=False):,.0f}",
        days=horizon_days, value_low=amount(rounded(worth["low"], down=True), currency),
        value_high=amount(rounded(worth["high"], down=False), currency))]


def season_text(season: dict | None) -> str:
    """Whether the forecast allows for the months of the year."""
    if season and season.get("learned"):
        return _("These forecasts follow each customer's usual pace, raised or lowered for the months ahead by how "
                 "your own customers bought in those months before.")
    return _("These forecasts follow each customer's usual pace. Your history does not cover a full year yet, so "
             "the forecast has not seen a full year of seasons: expect more around holidays and sales.")


def rounded(number: float, *, down: bool) -> float:
    """To two significant figures, outward (a range read at a glance: 610 to 720, not 613 to 718)."""
    step = 1 if number < 100 else 10 ** (math.floor(math.log10(number)) - 1)
    return float((math.floor if down else math.ceil)(number / step) * step)


def forecast_check_text(check: dict | None) -> str:
    """The order forecast tried on the shop's own past, as one sentence (empty without a check)."""
    if not check or not check["actual"]:
        return ""
    gap = check["predicted"] / check["actual"] - 1
    return (f"Tried on your own past: for the period {check['from']} to {check['to']}, this forecast expected "
            f"{check['predicted']:,.0f} orders from the customers you had then, and {check['actual']:,} came "
            f"({gap:+.0%}). ")


def customer_text(card: dict) -> str:
    """One customer's card, every figure named for what it means."""
    currency = card.get("currency")
    title = shop_value(card.get("name") or card.get("email") or card["customer_id"], ON_A_CARD)
    horizon = card["horizon_days"]
    lines = [
        f"<b>{title}</b>" + (f" · {shop_value(card['email'], ON_A_CARD)}" if card.get("email") else ""),
        f"Segment: <b>{escape(card.get('segment') or '–')}</b>",
    ]
    if card.get("cluster_label"):
        lines.append(f"Behaviour group {card['cluster']}: {escape(card['cluster_label'])}")
    lines += [
        f"Orders: {card['frequency']} · spent {amount(card['monetary'], currency)} · "
        f"last order {card['recency_days']} days ago",
        f"{risk_words(horizon).capitalize()}: {pct(card.get('churn_risk'))} — {escape(card.get('churn_reason') or '')}",
    ]
    if card.get("p_alive") is not None:
        lines.append(f"{STILL_A_CUSTOMER.capitalize()}: {pct(card['p_alive'])}")
        lines.append(f"<i>{BOTH_CHANCES}</i>")
    lines.append(f"Expected spend in the next 12 months: {amount(card.get('clv_12m'), currency)}")
    if card.get("next_order_date"):
        lines.append(f"Next order expected around {card['next_order_date']}")
    if card.get("sentiment") is not None:
        mood = "unhappy 😠" if unhappy(card["sentiment"]) else "happy 🙂" if card["sentiment"] >= POSITIVE_FROM else "neutral"
        lines.append(f"Reviews: {mood}")
    if card.get("next_best_product"):
        lines.append(f"Product to suggest: {shop_value(card['next_best_product'], ON_A_CARD)}")
    if card.get("orders"):
        lines += ["", "<b>Latest orders</b>"]
        for order in card["orders"][:5]:
            number = "" if str(order["order_id"]).startswith(GENERATED_ORDER_ID_PREFIX) else f" · {shop_value(order['order_id'])}"
            lines.append(
                f"{order['ordered_at'][:10]}{number} · "
                f"{amount(order['total'], order['currency'] or currency)} · {order['status']}"
            )
    return fit("\n".join(lines))


def no_customer_text(wanted: str) -> str:
    """Nobody matched what the owner typed (sent as plain text)."""
    return (f"I found no customer “{wanted}” in your latest analysis: no e-mail or id is exactly that, and no "
            "name contains it. Check the spelling, or try part of the name.")


def customer_choice_text(wanted: str, matches: list[dict], *, more: bool) -> str:
    """Several customers match a name: ask which one, with what tells them apart."""
    head = f"{'More than ' if more else ''}{len(matches)} customers match “{shop_value(wanted)}”. Which one do you mean?"
    lines = [head]
    for row in matches:
        lines.append(f"• {who(SimpleNamespace(**row))}: {row['frequency']} "
                     f"{plural(row['frequency'], 'order')}, last {row['recency_days']} days ago")
    if more:
        lines.append("Type more of the name, or the e-mail, to narrow it down.")
    return "\n".join(lines)


def horizon_usage_text(low: int, high: int) -> str:
    return f"Use /horizon followed by a number of days between {low} and {high}, e.g. /horizon 60."


def horizon_reanalysing_text(days: int) -> str:
    return f"⏳ Churn risk now looks {days} days ahead. Re-analysing…"


def horizon_saved_text(days: int, problem: str | None = None) -> str:
    """After /horizon: done, or saved but the analysis could not run (HTML when there is a problem)."""
    if problem is not None:
        return f"Saved: {days} days. {escape(problem)}"
    return f"✅ Churn risk now looks {days} days ahead. Send /churn to see who is at risk."


def how_churn_text(summary: RunSummary) -> str:
    """Behind the button under /churn and the customer card: the churn model and its test figures."""
    churn = summary["models"].get("churn", {})
    horizon = summary["horizon_days"]
    lines = [
        "<b>How the chance of no order is worked out</b>",
        f"It is the {risk_words(horizon)}, from {METHOD_NAMES.get(churn.get('method'), 'the churn model')}. "
        f"“{LIKELY_TO_STOP.capitalize()}” means {likely_to_stop_definition(horizon)}. Change the days with /horizon.",
    ]
    if churn.get("explanation"):
        lines.append(escape(churn["explanation"]))
    if churn.get("backtest_auc") is not None:
        baselines = churn.get("baselines", {})
        lines.append(
            f"Backtest ROC AUC {churn['backtest_auc']:.2f}"
            + (f" (days since the last order alone: {baselines['recency_auc']:.2f}" if "recency_auc" in baselines else "")
            + (f"; BG/NBD P(alive): {baselines['p_alive_auc']:.2f}" if "p_alive_auc" in baselines else "")
            + (")" if "recency_auc" in baselines else "")
            + (f"; Brier score {churn['brier']:.3f} (lower is better)." if churn.get("brier") is not None else ".")
        )
    lines.append(f"The {STILL_A_CUSTOMER} is BG/NBD's P(alive): the chance that a customer has not dropped out "
                 "for good, whatever their pace.")
    return "\n".join(lines)


def how_value_text(summary: RunSummary) -> str:
    """Behind the button under /value: the two models and their fitted parameters."""
    models = summary["models"]
    lines = [
        "<b>How the value is worked out</b>",
        "BG/NBD (Fader, Hardie & Lee 2005) forecasts how many orders each customer will make from how often and "
        "how recently they bought; Gamma-Gamma forecasts what an order of theirs is worth from their repeat orders. "
        f"The 12-month value multiplies the two month by month, discounted {ANNUAL_DISCOUNT_RATE:.0%} a year.",
    ]
    if bgnbd := models.get("bgnbd"):
        lines.append(f"BG/NBD: r={bgnbd['r']:.3g}, α={bgnbd['alpha']:.3g} weeks, a={bgnbd['a']:.3g}, b={bgnbd['b']:.3g}.")
    if gamma := models.get("gamma_gamma"):
        lines.append(f"Gamma-Gamma: p={gamma['p']:.3g}, q={gamma['q']:.3g}, v={gamma['v']:.3g}.")
    for note in models.get("notes", []):
        lines.append(escape(note))
    return "\n".join(lines)


def how_customer_text(summary: RunSummary, code: str) -> str:
    """Behind the button under a customer card: their R, F and M scores, then how risk is worked out."""
    scores = ""
    if len(code) == 3 and code.isdigit():
        scores = (f"This customer scores R{code[0]} F{code[1]} M{code[2]}: recency, frequency and spend, "
                  "each from 1 to 5 against your other customers.\n\n")
    return scores + how_segments_text(summary).split("\n\n")[0] + "\n\n" + how_churn_text(summary)
