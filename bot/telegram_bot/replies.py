"""The words the bot sends: short, phone-first, HTML-escaped wherever data goes in.

Pure functions from data to text, so every reply can be tested without Telegram.
"""

from __future__ import annotations

import math
from html import escape
from types import SimpleNamespace

from analytics.churn import AT_RISK_FROM
from analytics.clusters import K_RANGE
from analytics.ingest.canonical import GENERATED_ORDER_ID_PREFIX
from analytics.lifetime_value import ANNUAL_DISCOUNT_RATE
from analytics.rfm import NEW_CUSTOMER_DAYS
from analytics.sentiment import NEGATIVE_UP_TO, POSITIVE_FROM
from bot.service import ImportReport
from bot.telegram_bot.commands import COMMANDS, FIRST_COMMANDS
from bot.telegram_bot.fitting import fit, shorten
from storage.digests import DEFAULT_SCHEDULE

DOWNLOAD_LIMIT_MB = 20
IN_A_LIST = 60  # characters of a name or product in a list line, so long values never crowd out rows
ON_A_CARD = 200  # in a title or a card about one customer


def welcome_text() -> str:
    return (
        "👋 <b>Hi! I'm ShopPulse</b>, your shop's customer analyst.\n\n"
        "Send me your <b>order export</b> as a file: CSV (or zipped, or Excel) from Shopify, "
        "WooCommerce, Etsy, Stripe, Square, Amazon, or your own spreadsheet with a customer, "
        "a date and an amount per order. I keep the history, so you can send a new export every "
        "week.\n\n<b>Where to start</b>\n" + command_list(FIRST_COMMANDS) + "\n\nEvery command: /help"
    )


def help_text() -> str:
    return "<b>What I can do</b>\n\n" + command_list() + (
        "\n\nTo add orders, just send the export file; uploading the same orders twice never "
        "counts them twice."
    )


def command_list(names: tuple[str, ...] | None = None) -> str:
    """One line per command; all of them, or the named ones in the order named."""
    chosen = COMMANDS if names is None else [c for name in names for c in COMMANDS if c.name == name]
    return "\n".join(f"{escape(c.usage)} — {escape(c.help)}" for c in chosen)


def refusal_text(user_id: int | None) -> str:
    who = f"Your Telegram user id is <code>{user_id}</code>." if user_id else ""
    return (
        "🔒 Sorry, this ShopPulse bot is private. " + who + "\n"
        "If this is your bot, add your id to <code>SHOPPULSE_ALLOWED_USERS</code> in the "
        f"<code>.env</code> file (for example <code>SHOPPULSE_ALLOWED_USERS={user_id or 123456789}</code>) "
        "and restart it."
    )


def too_large_text(size_bytes: int) -> str:
    return (
        f"📦 This file is {size_bytes / 1_000_000:.1f} MB; Telegram lets bots download at most "
        f"{DOWNLOAD_LIMIT_MB} MB. Zip it (exports shrink about 10×) and send the .zip, or export a "
        "shorter date range."
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def money(amount: float, currency: str | None) -> str:
    return f"{amount:,.2f} {currency}".strip() if currency else f"{amount:,.2f}"


PLATFORM_WORDS = {"generic": "a generic orders file",
                  "mapped": "your file with the columns you chose (choose again with /columns)"}


def import_text(report: ImportReport) -> str:
    """What the upload held and what it changed."""
    platform = PLATFORM_WORDS.get(report.platform) or escape(report.platform.title())
    if report.platform == "shopify-customers":
        return (
            f"✅ <b>{escape(report.file_name)}</b>: read as Shopify's customers export.\n"
            f"• {report.profiles_in_file:,} customers' names and e-mail marketing consent saved; your exports "
            "now carry them. This file has no orders: send the orders export for the analysis."
        )
    if report.platform == "reviews":
        scored = report.reviews_in_file - report.reviews_not_scored
        return (
            f"✅ <b>{escape(report.file_name)}</b>: read as reviews.\n"
            f"• {report.reviews_in_file:,} reviews, {report.reviews_added:,} new; {scored:,} scored for sentiment"
            + (f", {report.reviews_not_scored:,} not in English (not scored)" if report.reviews_not_scored else "")
            + f"\n• {_linked(report.reviews_linked, report.reviews_in_file)}"
            + "\nSend /sentiment to see what customers say."
        )
    lines = [
        f"✅ <b>{escape(report.file_name)}</b>: read as {platform}.",
        f"• {report.orders_in_file:,} {_plural(report.orders_in_file, 'order')} from "
        f"{report.customers_in_file:,} {_plural(report.customers_in_file, 'customer')}",
    ]
    if report.first_order:
        lines.append(f"• {report.first_order} → {report.last_order}")
    if report.revenue:
        parts = [money(v, k or None) for k, v in sorted(report.revenue.items(), key=lambda kv: -kv[1])]
        label = "revenue (mixed currencies, kept apart)" if len(parts) > 1 else "revenue"
        lines.append(f"• {label}: " + " + ".join(escape(p) for p in parts))
    lines.append(
        f"• new orders added: {report.orders_added:,}; updated: {report.orders_updated:,}"
        + ("" if report.orders_added or report.orders_updated or report.payments_matched else " (all were already stored)")
    )
    lines += _matched_payments_lines(report)
    if report.reviews_in_file:
        lines.append(f"• {report.reviews_in_file:,} notes or feedback texts kept for /sentiment")
    if report.skipped:
        reasons = "; ".join(f"{count:,} with {escape(reason)}" for reason, count in report.skipped.items())
        lines.append(f"• skipped: {reasons}")
    for note in report.notes:
        lines.append(f"ℹ️ {escape(note)}")
    return "\n".join(lines)


def _matched_payments_lines(report: ImportReport) -> list[str]:
    """How many sales this file and the stored history both hold, counted once."""
    n = report.payments_matched
    if report.payments_in_file and n:
        return [f"• 🔗 {n:,} of these {report.orders_in_file:,} payments are orders you already sent from your "
                "shop (same order number, or same e-mail, amount and time): counted once, as those orders."]
    if report.payments_in_file:
        return ["• None of these payments matched an order from your shop's own export, so each counts as a sale. "
                "If you send the shop's orders too, I match them and no sale counts twice."]
    if n:
        return [f"• 🔗 {n:,} payments you sent earlier are orders in this file: counted once, as these orders."]
    return []


def forget_columns_text(forgotten: int) -> str:
    """The answer to /columns."""
    if not forgotten:
        return ("I had no column choices to forget: every file so far was recognised by itself. "
                "When a file is not, I ask which column is which.")
    layouts = "file layout" if forgotten == 1 else "file layouts"
    return (f"Done: I forgot which column is which for {forgotten} {layouts}. Send the file again and I'll ask. "
            "Orders already read with the old choices stay until you /undo that upload.")


def analysis_teaser(summary: dict) -> str:
    """One line after an import: the headline of the fresh analysis."""
    segments = summary["segments"]
    slipping = segments.get("Can't Lose Them", 0)
    notes = "".join(f"\nℹ️ {escape(note)}" for note in summary.get("notes", []))
    return (
        f"\n📊 {summary['customers']:,} customers analysed as of {summary['as_of']}: "
        f"{segments.get('Champions', 0):,} Champions, {segments.get('At Risk', 0):,} At Risk, "
        f"{slipping:,} Can't Lose Them.{notes}\n"
        "Send /segments for the full picture."
    )


def segments_text(summary: dict) -> str:
    """Every non-empty segment with size, revenue share and one action; then the behaviour groups."""
    lines = [f"<b>Your {summary['customers']:,} customers</b> (as of {summary['as_of']})", ""]
    for row in summary["segment_details"]:
        if not row["customers"]:
            continue
        lines.append(
            f"<b>{escape(row['segment'])}</b>: {row['customers']:,} · {row['revenue_share']:.0%} of revenue\n"
            f"   → {escape(row['action'])}"
        )
    for note in summary.get("notes", []):
        lines.append(f"<i>{escape(note)}</i>")
    if summary.get("clusters"):
        lines.append("")
        lines.append("<b>Behaviour groups</b> (customers who buy alike)")
        for group in summary["clusters"]:
            lines.append(
                f"{group['cluster']}. {escape(group['description'])}: {group['customers']:,} "
                f"· {group['revenue_share']:.0%} of revenue\n   → {escape(group['action'])}"
            )
    if summary.get("clusters_note"):
        lines.append("")
        lines.append(f"<i>{escape(summary['clusters_note'])}</i>")
    lines.append("")
    lines.append("Tap a segment below to get its customer list as CSV.")
    return fit("\n".join(lines))


def stats_text(stats: dict) -> str:
    if not stats["orders"]:
        return "Nothing stored for this chat yet. Send me an order export to start."
    return "\n".join([
        "<b>Stored for this chat</b>",
        f"• uploads: {stats['uploads']:,}",
        f"• orders: {stats['orders']:,} ({stats['first_order'][:10]} → {stats['last_order'][:10]})",
        f"• customers: {stats['customers']:,}",
        f"• last upload: {_when(stats['last_upload'])}",
        f"• last analysis: {_when(stats['last_analysis'])}",
    ])


def _when(stamp: str | None) -> str:
    return stamp.replace("T", " ")[:16] + " UTC" if stamp else "never"


def _unhappy(sentiment) -> bool:
    return sentiment is not None and sentiment == sentiment and float(sentiment) <= NEGATIVE_UP_TO


def _pct(value) -> str:
    return "–" if value is None or value != value else f"{float(value):.0%}"


def _amount(value, currency: str | None) -> str:
    return "–" if value is None or value != value else escape(money(float(value), currency))


def risk_words(horizon_days: int) -> str:
    """What churn risk is, in the words every reply and export uses for it."""
    return f"chance of no order in the next {horizon_days} days"


STILL_A_CUSTOMER = "chance they have not left for good"
BOTH_CHANCES = ("Someone who buys rarely can be unlikely to order soon and still not have left for good: "
                "the first figure is about the next weeks, the second about whether they will ever come back.")
LIKELY_TO_STOP = "likely to stop buying"


def likely_to_stop_definition(horizon_days: int) -> str:
    return f"a {AT_RISK_FROM:.0%} or higher {risk_words(horizon_days)}"


def churn_text(summary: dict, customers, shown: int, unhappy=None) -> str:
    """Who is likely to stop buying: who, how likely, how much value, and why; then how far to trust it."""
    churn = summary.get("models", {}).get("churn", {})
    horizon = summary["horizon_days"]
    currency = summary.get("currency")
    if customers.empty:
        lines = [f"🎉 Nobody is {LIKELY_TO_STOP} ({likely_to_stop_definition(horizon)})."]
    else:
        lines = [f"<b>{len(customers):,} {_plural(len(customers), 'customer')} {LIKELY_TO_STOP}</b>",
                 f"({likely_to_stop_definition(horizon)}; not the same as the “At Risk” segment in /segments, "
                 "which is good customers who have gone quiet). Most value at risk first:", ""]
        for rank, row in enumerate(customers.head(shown).itertuples(), start=1):
            who = _who(row)
            flag = " 😠 unhappy in reviews" if _unhappy(row.sentiment) else ""
            lines.append(
                f"{rank}. <b>{who}</b> — {_pct(row.churn_risk)} chance of no order, 12-month value "
                f"{_amount(row.clv_12m, currency)}{flag}\n   {escape(row.churn_reason or '')}"
            )
    if unhappy is not None and len(unhappy):
        names = ", ".join(_who(row) for row in unhappy.head(5).itertuples())
        lines += ["", f"😠 <b>{len(unhappy):,} unhappy customers of high value</b> (negative reviews): {names}"]
    lines += ["", f"<i>{trust_line(churn)}</i>"]
    return fit("\n".join(lines))


def trust_line(churn: dict) -> str:
    """How far to trust the list, in one plain sentence (the method is behind "How is this worked out?")."""
    auc = churn.get("backtest_auc")
    if auc is None:
        return "Your history is still short, so treat these chances as a rough guide."
    return (f"Tried on your own past: of two customers, one who went on to stop buying and one who did not, "
            f"this ranked the one who stopped higher {round(auc * 10)} times in 10.")


def value_text(summary: dict, top) -> str:
    """The shop's expected revenue from existing customers and who is worth most."""
    models = summary.get("models", {})
    currency = summary.get("currency")
    value = models.get("value")
    if not value:
        notes = " ".join(models.get("notes", [])) or "There is not enough repeat buying yet to forecast value."
        return escape(notes)
    quantiles = value["clv_12m_quantiles"]
    lines = [
        "<b>What your existing customers are worth</b>",
        f"Expected revenue in the next 12 months: <b>{_amount(value['clv_12m_total'], currency)}</b> "
        f"(discounted {ANNUAL_DISCOUNT_RATE:.0%} a year), from about {value['expected_purchases_total']:,.0f} orders "
        f"in the next {summary['horizon_days']} days.",
        f"A typical customer is worth {_amount(quantiles['0.5'], currency)}; the top 10% over "
        f"{_amount(quantiles['0.9'], currency)} each.",
        "",
        "<b>Most valuable customers</b>",
    ]
    for rank, row in enumerate(top.itertuples(), start=1):
        who = _who(row)
        when = f", next order around {row.next_order_date}" if row.next_order_date else ""
        lines.append(f"{rank}. {who}: {_amount(row.clv_12m, currency)} ({STILL_A_CUSTOMER}: {_pct(row.p_alive)}{when})")
    lines += ["", forecast_check_text(value.get("backtest")) + "<i>These forecasts follow each customer's usual "
                  "pace and know nothing of seasons: expect more around holidays and sales.</i>"]
    return fit("\n".join(lines))


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
    title = _value(card.get("name") or card.get("email") or card["customer_id"], ON_A_CARD)
    horizon = card["horizon_days"]
    lines = [
        f"<b>{title}</b>" + (f" · {_value(card['email'], ON_A_CARD)}" if card.get("email") else ""),
        f"Segment: <b>{escape(card.get('segment') or '–')}</b>",
    ]
    if card.get("cluster_label"):
        lines.append(f"Behaviour group {card['cluster']}: {escape(card['cluster_label'])}")
    lines += [
        f"Orders: {card['frequency']} · spent {_amount(card['monetary'], currency)} · "
        f"last order {card['recency_days']} days ago",
        f"{risk_words(horizon).capitalize()}: {_pct(card.get('churn_risk'))} — {escape(card.get('churn_reason') or '')}",
    ]
    if card.get("p_alive") is not None:
        lines.append(f"{STILL_A_CUSTOMER.capitalize()}: {_pct(card['p_alive'])}")
        lines.append(f"<i>{BOTH_CHANCES}</i>")
    lines.append(f"Expected spend in the next 12 months: {_amount(card.get('clv_12m'), currency)}")
    if card.get("next_order_date"):
        lines.append(f"Next order expected around {card['next_order_date']}")
    if card.get("sentiment") is not None:
        mood = "unhappy 😠" if _unhappy(card["sentiment"]) else "happy 🙂" if card["sentiment"] >= POSITIVE_FROM else "neutral"
        lines.append(f"Reviews: {mood}")
    if card.get("next_best_product"):
        lines.append(f"Product to suggest: {_value(card['next_best_product'], ON_A_CARD)}")
    if card.get("orders"):
        lines += ["", "<b>Latest orders</b>"]
        for order in card["orders"][:5]:
            number = "" if str(order["order_id"]).startswith(GENERATED_ORDER_ID_PREFIX) else f" · {_value(order['order_id'])}"
            lines.append(
                f"{order['ordered_at'][:10]}{number} · "
                f"{_amount(order['total'], order['currency'] or currency)} · {order['status']}"
            )
    return fit("\n".join(lines))


def uploads_text(rows: list[dict]) -> str:
    if not rows:
        return "No uploads yet. Send me an order export to start."
    lines = ["<b>Your latest uploads</b> (newest first)"]
    for row in rows:
        platform = "generic" if row["platform"] == "generic" else row["platform"]
        lines.append(
            f"• {_when(row['uploaded_at'])} · {_value(row['file_name'])} · {escape(platform)}: "
            f"+{row['orders_added']:,} new, {row['orders_updated']:,} updated"
            + (f", {row['rows_skipped']:,} rows skipped" if row["rows_skipped"] else "")
        )
    lines.append("\n/undo removes the newest one.")
    return fit("\n".join(lines))


def undone_text(undone: dict) -> str:
    text = (
        f"↩️ Undid {escape(undone['file_name'])} ({_when(undone['uploaded_at'])}): removed "
        f"{undone['orders_removed']:,} orders it added and restored {undone['orders_restored']:,} it had changed. "
    )
    if undone["orders_left"]:
        return text + f"{undone['orders_left']:,} orders remain; the analysis is up to date."
    return text + "Nothing is stored now; send an export to start again."


def undo_refused_text(asked: str | None, newest: str | None) -> str:
    """Why a Yes to /undo did nothing: its upload was already undone, or a newer one arrived."""
    if asked is None:
        text = "Nothing more was undone: that upload has already been undone."
    else:
        text = (f"Nothing was undone: {asked} is no longer the newest upload ({newest} came after it), "
                "and /undo only removes the newest one.")
    if newest is None:
        return text + " No uploads are left."
    return text + f" Send /undo again if you want to remove {newest}."


def forget_refused_text(orders_now: int) -> str:
    """Why a Yes to /forget did nothing: the stored data is not what the question counted."""
    if not orders_now:
        return ("Nothing was deleted by this button: the chat's data was already deleted or changed since I asked. "
                "Send /forget to see what is stored now.")
    return (f"Nothing was deleted: what is stored changed since I asked (now {orders_now:,} orders). "
            "Send /forget again to see what it would delete.")


def _change(now: float, before: float) -> str:
    if not before:
        return ""
    change = (now - before) / before
    return f" ({'+' if change >= 0 else '−'}{abs(change):.0%})"


def digest_text(content, *, upload_hint: bool = True) -> str:
    """The weekly digest in one message: numbers, moves, newly at-risk customers."""
    if content.stale:
        since = f" since the last digest ({_when(content.last_sent_at)})" if content.last_sent_at else ""
        return (
            "📬 <b>Your weekly ShopPulse digest</b>\n\n"
            f"No new orders were uploaded{since}, so there is no fresh news to report. "
            "Export this week's orders from your shop and send me the file; I'll add only the new "
            "ones and tell you who needs attention."
        )
    digest = content.digest
    currency = digest.currency
    week, last, average = digest.this_week, digest.last_week, digest.four_week_average
    again = (f"\n<i>Shown again: nothing was uploaded since the digest of {_when(content.last_sent_at)}.</i>"
             if content.shown_again else "")
    lines = [
        f"📬 <b>Your weekly ShopPulse digest</b> (week to {digest.as_of}){again}",
        "",
        f"Revenue: <b>{_amount(week['revenue'], currency)}</b> from {week['orders']:,} orders"
        f"{_change(week['revenue'], last['revenue'])} vs last week's {_amount(last['revenue'], currency)}; "
        f"4-week average {_amount(average['revenue'], currency)}.",
        f"Customers: {week['new_customers']:,} new, {week['returning_customers']:,} returning.",
    ]
    if digest.report_card:
        card = digest.report_card
        lines.append(f"Forecast check: last week we expected {card['predicted']:,.0f} orders from existing customers; "
                     f"{card['actual']:,} came.")
    if digest.moves:
        lines += ["", "<b>Segment moves since the last digest</b>"]
        lines += [f"• {n:,} {escape(a)} → {escape(b)}" for a, b, n in digest.moves]
    if digest.newly_at_risk_total:
        label = LIKELY_TO_STOP if digest.first_digest else f"newly {LIKELY_TO_STOP}"
        lines += ["", f"<b>{digest.newly_at_risk_total:,} {_plural(digest.newly_at_risk_total, 'customer')} {label}</b> "
                  f"({likely_to_stop_definition(content.horizon_days)}; most value first)"]
        for row in digest.newly_at_risk.itertuples():
            who = _who(row)
            lines.append(f"• {who}: {_pct(row.churn_risk)} chance of no order, {escape(row.churn_reason or '')}")
    else:
        lines += ["", f"Nobody new is {LIKELY_TO_STOP}. 🎉"]
    if len(digest.new_negative_reviews):
        lines += ["", "<b>New negative reviews</b>"]
        lines += [_review_line(row, 90) for row in digest.new_negative_reviews.itertuples()]
    if len(digest.unhappy_valuable):
        lines += ["", "<b>Unhappy customers of high value</b>"]
        lines += [f"• {_who(row)} (12-month value "
                  f"{_amount(row.clv_12m, currency)})" for row in digest.unhappy_valuable.itertuples()]
    return fit("\n".join(lines))


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def default_schedule_words() -> str:
    """ "Mondays 09:00": when a new chat's digest arrives."""
    return (f"{WEEKDAY_NAMES[DEFAULT_SCHEDULE['weekday']]}s "
            f"{DEFAULT_SCHEDULE['hour']:02d}:{DEFAULT_SCHEDULE['minute']:02d}")


def schedule_text(schedule: dict | None) -> str:
    if schedule is None:
        return f"No weekly digest yet: it starts with your first upload ({default_schedule_words()})."
    when = f"{WEEKDAY_NAMES[schedule['weekday']]}s at {schedule['hour']:02d}:{schedule['minute']:02d} ({schedule['timezone']})"
    if not schedule["enabled"]:
        reason = " because Telegram said the bot was blocked" if schedule.get("paused_reason") == "blocked" else ""
        return f"The weekly digest is off{reason}. It was set for {when}. Pick a day below to turn it back on."
    return f"📅 Your weekly digest arrives on {when}."


def sentiment_text(report) -> str:
    """/sentiment: shares, best and worst products, latest negative reviews, stars vs words."""
    scored = report.reviews - report.not_scored
    shares = report.shares
    lines = [
        f"<b>What {scored:,} reviews say</b>",
        f"🙂 {shares.get('positive', 0):.0%} positive · 😐 {shares.get('neutral', 0):.0%} neutral · "
        f"😠 {shares.get('negative', 0):.0%} negative",
    ]
    if report.not_scored:
        lines.append(f"<i>{report.not_scored:,} reviews are not in English and were not scored.</i>")
    if report.linked is not None:
        lines.append(f"<i>{_linked(report.linked, report.reviews)}</i>")
    if len(report.best_products):
        lines += ["", "<b>Best-loved products</b>"]
        lines += [f"• {_value(p)}: {row['mean']:+.2f} ({int(row['count'])} reviews)" for p, row in report.best_products.iterrows()]
        lines += ["<b>Least-loved products</b>"]
        lines += [f"• {_value(p)}: {row['mean']:+.2f} ({int(row['count'])} reviews)" for p, row in report.worst_products.iterrows()]
    if len(report.latest_negative):
        lines += ["", "<b>Latest negative reviews</b>"]
        lines += [_review_line(row) for row in report.latest_negative.itertuples()]
    if len(report.disagreements):
        lines += ["", "<b>Stars that disagree with the words</b>"]
        lines += [f"• {int(row.rating)}★ but “{_value(row.text, 120)}”" for row in report.disagreements.itertuples()]
    return fit("\n".join(lines))


def _linked(linked: int, reviews: int) -> str:
    """How many reviews were matched to a customer, and how the rest could be."""
    if linked == reviews:
        return f"{'all ' if reviews > 1 else ''}{reviews:,} linked to a customer in your orders"
    return (f"{linked:,} of {reviews:,} linked to a customer in your orders (I match the reviewer's e-mail, customer "
            "id or name, or the order number; reviews of customers whose orders you have not sent stay unlinked)")


def _who(row) -> str:
    """A customer as the owner knows them (name, else e-mail, else the shop's id), short enough
    for a list to keep its rows."""
    return _value(row.name or row.email or row.customer_id)


def _value(text: object, limit: int = IN_A_LIST) -> str:
    """A value from the shop's data (a name, a product) shortened to `limit`, then escaped."""
    return escape(shorten(text, limit))


def _review_line(row, limit: int = 120) -> str:
    product = f" — {_value(row.product)}" if row.product else ""
    return f"• “{_value(row.text, limit)}”{product}"


def basket_text(rules: list[dict], product_words: str = "") -> str:
    """/basket: the strongest rules in words."""
    if not rules:
        about = f" with “{_value(product_words)}”" if product_words else ""
        return (f"I found no products often bought together{about} yet. It needs orders with two or more "
                "products; send more history and ask again.")
    title = f"<b>Bought with {_value(product_words)}</b>" if product_words else "<b>Bought together</b>"
    lines = [title, ""]
    for rule in rules[:8]:
        first, then = (" + ".join(_value(product) for product in side) for side in (rule["antecedent"], rule["consequent"]))
        lines.append(
            f"• {rule['confidence']:.0%} of orders with {first} also have {then} — "
            f"{rule['lift']:.1f}× more than usual ({rule['orders']} orders)"
        )
    lines.append("\nUse /basket followed by a product for its companions, e.g. /basket soap")
    return fit("\n".join(lines))


def recommend_text(result: dict) -> str:
    """The next best products, or the true reason there are none."""
    who = _value(result.get("name") or result.get("email") or result["customer_id"], ON_A_CARD)
    if not result["recommended"]:
        if result.get("why_none") == "bought everything":
            return (f"{who} has already bought every one of the {result['products']:,} products in your orders, "
                    "so I have nothing new to suggest. New products will show up here once they sell.")
        return (f"I have no product to suggest for {who} yet: your uploads list no products in their orders. "
                "Send an export with one row per product (Shopify's orders export, or Etsy's sold order items).")
    lines = [f"<b>Next best products for {who}</b> (from {escape(result['method'])})"]
    lines += [f"{rank}. {_value(pick['product'], ON_A_CARD)}{_pick_note(pick)}"
              for rank, pick in enumerate(result["picks"], start=1)]
    return fit("\n".join(lines))


def customer_choice_text(wanted: str, matches: list[dict], *, more: bool) -> str:
    """Several customers match a name: ask which one, with what tells them apart."""
    head = f"{'More than ' if more else ''}{len(matches)} customers match “{_value(wanted)}”. Which one do you mean?"
    lines = [head]
    for row in matches:
        lines.append(f"• {_who(SimpleNamespace(**row))}: {row['frequency']} "
                     f"{_plural(row['frequency'], 'order')}, last {row['recency_days']} days ago")
    if more:
        lines.append("Type more of the name, or the e-mail, to narrow it down.")
    return "\n".join(lines)


HOW_BUTTON = "How is this worked out?"
METHOD_NAMES = {"learned": "a model learned from your own history (logistic regression, or gradient boosting "
                "for large shops, calibrated)", "recency": "days since the last order alone",
                "bgnbd": "the BG/NBD model's chance of no purchase", "rule": "a rule on how overdue each customer is"}


def how_segments_text(summary: dict) -> str:
    """Behind the button under /segments: the scoring and the clustering, with their figures."""
    lines = [
        "<b>How the segments are worked out</b>",
        "Each customer gets three scores from 1 to 5 (5 is best): R for how recently they bought, F for how "
        "often, M for how much they spent. The three scores name the segment, with the RFM table that Klaviyo "
        f"and Shopify apps use; “New Customers” also need their first order in the last {NEW_CUSTOMER_DAYS} days.",
        f"Scored by {escape(summary['scoring'])}.",
    ]
    if summary.get("clusters"):
        quality = summary.get("silhouette")
        lines += ["", "<b>Behaviour groups</b>: K-Means clustering on days since the last order, orders, spend, "
                  "days since the first order and average order value (log-scaled, standardised), trying "
                  f"{K_RANGE.start} to {K_RANGE.stop - 1} groups and keeping the number that separates best"
                  + (f" (silhouette {quality:.2f}, on a scale from −1 to 1)." if quality is not None else ".")]
    return "\n".join(lines)


def how_churn_text(summary: dict) -> str:
    """Behind the button under /churn and the customer card: the churn model and its test figures."""
    churn = summary.get("models", {}).get("churn", {})
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


def how_value_text(summary: dict) -> str:
    """Behind the button under /value: the two models and their fitted parameters."""
    models = summary.get("models", {})
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


def how_customer_text(summary: dict, code: str) -> str:
    """Behind the button under a customer card: their R, F and M scores, then how risk is worked out."""
    scores = ""
    if len(code) == 3 and code.isdigit():
        scores = (f"This customer scores R{code[0]} F{code[1]} M{code[2]}: recency, frequency and spend, "
                  "each from 1 to 5 against your other customers.\n\n")
    return scores + how_segments_text(summary).split("\n\n")[0] + "\n\n" + how_churn_text(summary)


def _pick_note(pick: dict) -> str:
    """Why a product is on the list: a re-buy by the customer's own rhythm, or new to them."""
    if pick.get("kind") == "re-buy":
        every, since = pick.get("every_days"), pick.get("days_since")
        if every is not None and math.isfinite(every):  # none when they bought it only once
            return f" — re-buy: they buy it about every {every:.0f} days, last time {since:.0f} days ago"
        return f" — re-buy: they bought it once, {since:.0f} days ago"
    if pick.get("kind") == "new":
        return " — new to them: bought by customers whose baskets are like theirs"
    return ""
