"""/churn, /value, /customer and /horizon: who is slipping away, what customers are worth, and how that is worked out."""

from __future__ import annotations

import math
from html import escape
from types import SimpleNamespace

from analytics.analysis import RunSummary
from analytics.ingest.canonical import GENERATED_ORDER_ID_PREFIX
from analytics.lifetime_value import ANNUAL_DISCOUNT_RATE
from analytics.sentiment import POSITIVE_FROM
from bot.i18n import N_, _
from bot.segment_words import segment_name
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import (
    BOTH_CHANCES,
    LIKELY_TO_STOP,
    ON_A_CARD,
    STILL_A_CUSTOMER,
    amount,
    churn_explanation,
    churn_reason,
    cluster_words,
    customers_count,
    likely_to_stop_definition,
    model_note,
    orders_count,
    pct,
    risk_words,
    shop_value,
    unhappy,
    who,
)
from bot.telegram_bot.replies.segments import how_segments_text

NOBODY_LIKELY_TO_STOP = N_("Nobody is likely to stop buying right now.")
VALUE_CAPTION = N_("Expected value per customer, next 12 months")
CUSTOMER_USAGE = N_("Use /customer followed by a name, an e-mail or a customer id, e.g. /customer ann@example.com")
CUSTOMER_GONE = N_("That customer is no longer in your latest analysis.")
CHOICE_EXPIRED = N_("That choice has expired. Send the command with the name again.")
METHOD_NAMES = {"learned": N_("a model learned from your own history (logistic regression, or gradient boosting "
                              "for large shops, calibrated)"), "recency": N_("days since the last order alone"),
                "bgnbd": N_("the BG/NBD model's chance of no purchase"),
                "rule": N_("a rule on how overdue each customer is")}
ORDER_STATUS = {"paid": N_("paid"), "refunded": N_("refunded"), "cancelled": N_("cancelled"), "pending": N_("pending")}


def churn_text(summary: RunSummary, customers, shown: int, unhappy_customers=None) -> str:
    """Who is likely to stop buying: who, how likely, how much value, and why; then how far to trust it."""
    churn = summary["models"].get("churn", {})
    horizon = summary["horizon_days"]
    currency = summary.get("currency")
    likely = _(LIKELY_TO_STOP)
    if customers.empty:
        lines = [_("🎉 Nobody is {likely} ({definition}).").format(likely=likely,
                                                                   definition=likely_to_stop_definition(horizon))]
    else:
        lines = [_("<b>{customers} {likely}</b>").format(customers=customers_count(len(customers)), likely=likely),
                 _("({definition}; not the same as the “At Risk” segment in /segments, "
                   "which is good customers who have gone quiet). Most value at risk first:").format(
                     definition=likely_to_stop_definition(horizon)), ""]
        for rank, row in enumerate(customers.head(shown).itertuples(), start=1):
            flag = _(" 😠 unhappy in reviews") if unhappy(row.sentiment) else ""
            lines.append(_("{rank}. <b>{who}</b> — {chance} chance of no order, 12-month value {value}{flag}\n"
                           "   {reason}").format(rank=rank, who=who(row), chance=pct(row.churn_risk),
                                                 value=amount(row.clv_12m, currency), flag=flag,
                                                 reason=escape(churn_reason(row.churn_reason))))
    if unhappy_customers is not None and len(unhappy_customers):
        names = ", ".join(who(row) for row in unhappy_customers.head(5).itertuples())
        lines += ["", _("😠 <b>{count} unhappy customers of high value</b> (negative reviews): {names}").format(
            count=f"{len(unhappy_customers):,}", names=names)]
    lines += ["", f"<i>{trust_line(churn)}</i>"]
    return fit("\n".join(lines))


def trust_line(churn: dict) -> str:
    """How far to trust the list, in one plain sentence (the method is behind "How is this worked out?")."""
    auc = churn.get("backtest_auc")
    if auc is None:
        return _("Your history is still short, so treat these chances as a rough guide.")
    return _("Tried on your own past: of two customers, one who went on to stop buying and one who did not, "
             "this ranked the one who stopped higher {times} times in 10.").format(times=round(auc * 10))


def export_at_risk_label(customers: int) -> str:
    return _("⬇️ Export the {count} {likely} (CSV)").format(count=f"{customers:,}", likely=_(LIKELY_TO_STOP))


def at_risk_file_caption(rows: int) -> str:
    return _("{count} customers {likely}, most value at risk first, with the reason for each.").format(
        count=f"{rows:,}", likely=_(LIKELY_TO_STOP))


def value_text(summary: RunSummary, top) -> str:
    """The shop's expected revenue from existing customers and who is worth most."""
    models = summary["models"]
    currency = summary["currency"]
    value = models.get("value")
    if not value:
        notes = _(" ").join(model_note(note) for note in models.get("notes", [])) or _(
            "There is not enough repeat buying yet to forecast value.")
        return escape(notes)
    quantiles = value["clv_12m_quantiles"]
    lines = [
        _("<b>What your existing customers are worth</b>"),
        _("Expected revenue in the next 12 months: <b>{total}</b> (discounted {rate} a year), from about {orders} "
          "orders in the next {days} days.").format(
            total=amount(value["clv_12m_total"], currency), rate=f"{ANNUAL_DISCOUNT_RATE:.0%}",
            orders=f"{value['expected_purchases_total']:,.0f}", days=summary["horizon_days"]),
        *range_lines(value, summary["horizon_days"], currency),
        _("A typical customer is worth {typical}; the top 10% over {top} each.").format(
            typical=amount(quantiles["0.5"], currency), top=amount(quantiles["0.9"], currency)),
        "",
        _("<b>Most valuable customers</b>"),
    ]
    for rank, row in enumerate(top.itertuples(), start=1):
        next_order = _(", next order around {day}").format(day=row.next_order_date) if row.next_order_date else ""
        lines.append(_("{rank}. {who}: {value} ({still}: {chance}{next_order})").format(
            rank=rank, who=who(row), value=amount(row.clv_12m, currency), still=_(STILL_A_CUSTOMER),
            chance=pct(row.p_alive), next_order=next_order))
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
    return _("Tried on your own past: for the period {start} to {end}, this forecast expected {predicted} orders "
             "from the customers you had then, and {actual} came ({gap}). ").format(
        start=check["from"], end=check["to"], predicted=f"{check['predicted']:,.0f}", actual=f"{check['actual']:,}",
        gap=f"{gap:+.0%}")


def customer_text(card: dict) -> str:
    """One customer's card, every figure named for what it means."""
    currency = card.get("currency")
    title = shop_value(card.get("name") or card.get("email") or card["customer_id"], ON_A_CARD)
    horizon = card["horizon_days"]
    lines = [
        f"<b>{title}</b>" + (f" · {shop_value(card['email'], ON_A_CARD)}" if card.get("email") else ""),
        _("Segment: <b>{segment}</b>").format(segment=escape(segment_name(card["segment"]) if card.get("segment") else "–")),
    ]
    if card.get("cluster_label"):
        lines.append(_("Behaviour group {number}: {words}").format(number=card["cluster"],
                                                                    words=escape(cluster_words(card["cluster_label"]))))
    lines += [
        _("Orders: {orders} · spent {spent} · last order {days} days ago").format(
            orders=card["frequency"], spent=amount(card["monetary"], currency), days=card["recency_days"]),
        f"{risk_words(horizon).capitalize()}: {pct(card.get('churn_risk'))} — "
        f"{escape(churn_reason(card.get('churn_reason')))}",
    ]
    if card.get("p_alive") is not None:
        lines.append(f"{_(STILL_A_CUSTOMER).capitalize()}: {pct(card['p_alive'])}")
        lines.append(f"<i>{_(BOTH_CHANCES)}</i>")
    lines.append(_("Expected spend in the next 12 months: {value}").format(value=amount(card.get("clv_12m"), currency)))
    if card.get("next_order_date"):
        lines.append(_("Next order expected around {day}").format(day=card["next_order_date"]))
    if card.get("sentiment") is not None:
        mood = (_("unhappy 😠") if unhappy(card["sentiment"]) else
                _("happy 🙂") if card["sentiment"] >= POSITIVE_FROM else _("neutral"))
        lines.append(_("Reviews: {mood}").format(mood=mood))
    if card.get("next_best_product"):
        lines.append(_("Product to suggest: {product}").format(product=shop_value(card["next_best_product"], ON_A_CARD)))
    if card.get("orders"):
        lines += ["", _("<b>Latest orders</b>")]
        for order in card["orders"][:5]:
            number = "" if str(order["order_id"]).startswith(GENERATED_ORDER_ID_PREFIX) else f" · {shop_value(order['order_id'])}"
            status = _(ORDER_STATUS[order["status"]]) if order["status"] in ORDER_STATUS else order["status"]
            lines.append(
                f"{order['ordered_at'][:10]}{number} · "
                f"{amount(order['total'], order['currency'] or currency)} · {status}"
            )
    return fit("\n".join(lines))


def no_customer_text(wanted: str) -> str:
    """Nobody matched what the owner typed (sent as plain text)."""
    return _("I found no customer “{wanted}” in your latest analysis: no e-mail or id is exactly that, and no "
             "name contains it. Check the spelling, or try part of the name.").format(wanted=wanted)


def customer_choice_text(wanted: str, matches: list[dict], *, more: bool) -> str:
    """Several customers match a name: ask which one, with what tells them apart."""
    head = (_("More than {count} customers match “{wanted}”. Which one do you mean?") if more else
            _("{count} customers match “{wanted}”. Which one do you mean?")).format(
        count=len(matches), wanted=shop_value(wanted))
    lines = [head]
    for row in matches:
        lines.append(_("• {who}: {orders}, last {days} days ago").format(
            who=who(SimpleNamespace(**row)), orders=orders_count(row["frequency"]), days=row["recency_days"]))
    if more:
        lines.append(_("Type more of the name, or the e-mail, to narrow it down."))
    return "\n".join(lines)


def horizon_usage_text(low: int, high: int) -> str:
    return _("Use /horizon followed by a number of days between {low} and {high}, e.g. /horizon 60.").format(
        low=low, high=high)


def horizon_reanalysing_text(days: int) -> str:
    return _("⏳ Churn risk now looks {days} days ahead. Re-analysing…").format(days=days)


def horizon_saved_text(days: int, problem: str | None = None) -> str:
    """After /horizon: done, or saved but the analysis could not run (HTML when there is a problem)."""
    if problem is not None:
        return _("Saved: {days} days. {problem}").format(days=days, problem=escape(problem))
    return _("✅ Churn risk now looks {days} days ahead. Send /churn to see who is at risk.").format(days=days)


def how_churn_text(summary: RunSummary) -> str:
    """Behind the button under /churn and the customer card: the churn model and its test figures."""
    churn = summary["models"].get("churn", {})
    horizon = summary["horizon_days"]
    method = METHOD_NAMES.get(churn.get("method"))
    lines = [
        _("<b>How the chance of no order is worked out</b>"),
        _("It is the {chance}, from {method}. “{likely}” means {definition}. Change the days with /horizon.").format(
            chance=risk_words(horizon), method=_(method) if method else _("the churn model"),
            likely=_(LIKELY_TO_STOP).capitalize(), definition=likely_to_stop_definition(horizon)),
    ]
    if churn.get("explanation"):
        lines.append(escape(churn_explanation(churn["explanation"])))
    if churn.get("backtest_auc") is not None:
        baselines = churn.get("baselines", {})
        lines.append(
            _("Backtest ROC AUC {auc}").format(auc=f"{churn['backtest_auc']:.2f}")
            + (_(" (days since the last order alone: {auc}").format(auc=f"{baselines['recency_auc']:.2f}")
               if "recency_auc" in baselines else "")
            + (f"; BG/NBD P(alive): {baselines['p_alive_auc']:.2f}" if "p_alive_auc" in baselines else "")
            + (")" if "recency_auc" in baselines else "")
            + (_("; Brier score {brier} (lower is better).").format(brier=f"{churn['brier']:.3f}")
               if churn.get("brier") is not None else ".")
        )
    lines.append(_("The {still} is BG/NBD's P(alive): the chance that a customer has not dropped out "
                   "for good, whatever their pace.").format(still=_(STILL_A_CUSTOMER)))
    return "\n".join(lines)


def how_value_text(summary: RunSummary) -> str:
    """Behind the button under /value: the two models and their fitted parameters."""
    models = summary["models"]
    lines = [
        _("<b>How the value is worked out</b>"),
        _("BG/NBD (Fader, Hardie & Lee 2005) forecasts how many orders each customer will make from how often and "
          "how recently they bought; Gamma-Gamma forecasts what an order of theirs is worth from their repeat orders. "
          "The 12-month value multiplies the two month by month, discounted {rate} a year.").format(
            rate=f"{ANNUAL_DISCOUNT_RATE:.0%}"),
    ]
    if bgnbd := models.get("bgnbd"):
        lines.append(_("BG/NBD: r={r}, α={alpha} weeks, a={a}, b={b}.").format(
            r=f"{bgnbd['r']:.3g}", alpha=f"{bgnbd['alpha']:.3g}", a=f"{bgnbd['a']:.3g}", b=f"{bgnbd['b']:.3g}"))
    if gamma := models.get("gamma_gamma"):
        lines.append(f"Gamma-Gamma: p={gamma['p']:.3g}, q={gamma['q']:.3g}, v={gamma['v']:.3g}.")
    for note in models.get("notes", []):
        lines.append(escape(model_note(note)))
    return "\n".join(lines)


def how_customer_text(summary: RunSummary, code: str) -> str:
    """Behind the button under a customer card: their R, F and M scores, then how risk is worked out."""
    scores = ""
    if len(code) == 3 and code.isdigit():
        scores = _("This customer scores R{r} F{f} M{m}: recency, frequency and spend, "
                   "each from 1 to 5 against your other customers.\n\n").format(r=code[0], f=code[1], m=code[2])
    return scores + how_segments_text(summary).split("\n\n")[0] + "\n\n" + how_churn_text(summary)
