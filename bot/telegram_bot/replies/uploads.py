"""What an upload held and what it changed, and the words of each step of reading it."""

from __future__ import annotations

from html import escape

from analytics.analysis import RunSummary
from analytics.ingest.canonical import HIDDEN_BUYER
from bot.i18n import ngettext
from bot.service import ImportReport
from bot.telegram_bot.replies.phrases import linked_words, money, plural

DOWNLOAD_LIMIT_MB = 20
DOWNLOAD_FAILED = "⚠️ I could not download the file from Telegram. Please send it again."
READING_FAILED = ("⚠️ Something went wrong on my side while reading this file. Nothing from it was saved "
                  "and your earlier data is untouched. Please try again, or send it as CSV.")
NOTHING_NEW = "\n\nNothing in this file is new, so your analysis stands."
ANALYSING = "\n\n⏳ Analysing your customers…"
STILL_ANALYSING = "⏳ I'm still analysing the file you just sent; I'll answer this as soon as it's ready."
QUESTION_EXPIRED = "That question has expired. Please send the file again."
EARLIER_QUESTION = "That question was about an earlier file; answer the newest question."
PLATFORM_WORDS = {"generic": "a generic orders file",
                  "mapped": "your file with the columns you chose (choose again with /columns)"}


def too_large_text(size_bytes: int) -> str:
    return (
        f"📦 This file is {size_bytes / 1_000_000:.1f} MB; Telegram lets bots download at most "
        f"{DOWNLOAD_LIMIT_MB} MB. Zip it (exports shrink about 10×) and send the .zip, or export a "
        "shorter date range."
    )


def downloading_text(file_name: str) -> str:
    """The first status line (sent as plain text, so the name is not escaped)."""
    return f"📥 Got {file_name}. Downloading…"


def reading_text(file_name: str, size_bytes: int) -> str:
    return f"🔎 Reading {escape(file_name)} ({size_bytes / 1_000_000:.1f} MB)…"


def saved_before_stop_text(file_name: str) -> str:
    """The import's worker was stopped just after its one transaction committed."""
    return (f"✅ {escape(file_name)} was saved just before its job was stopped. "
            "Send /uploads to see what it added and /segments for the analysis.")


def stopped_text(reason: str) -> str:
    return f"{escape(reason)}\n\nNothing from this file was saved."


def refused_text(reason: str, *, columns_were_chosen: bool) -> str:
    """The file could not be read; after a column dialog, say how to choose again."""
    again = "\nSend the file again to choose the columns again." if columns_were_chosen else ""
    return f"⚠️ {escape(reason)}\n\nNothing from this file was saved.{again}"


def analysis_failed_text(reason: str) -> str:
    return f"\n\n{escape(reason)}"


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
            + (f", {report.reviews_not_scored:,} not in English or Chinese (not scored)" if report.reviews_not_scored else "")
            + f"\n• {linked_words(report.reviews_linked, report.reviews_in_file)}"
            + "\nSend /sentiment to see what customers say."
        )
    lines = [
        f"✅ <b>{escape(report.file_name)}</b>: read as {platform}.",
        f"• {report.orders_in_file:,} {plural(report.orders_in_file, 'order')} from "
        f"{report.customers_in_file:,} {plural(report.customers_in_file, 'customer')}",
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
    if report.skipped.get(HIDDEN_BUYER):
        lines.append(hidden_buyers_text(report.skipped[HIDDEN_BUYER]))
    for note in report.notes:
        lines.append(f"ℹ️ {escape(note)}")
    return "\n".join(lines)


def hidden_buyers_text(orders: int) -> str:
    """Why orders whose buyer the platform masked are not counted."""
    return ngettext(
        "ℹ️ The platform hides the buyer of {orders} order (names like 张** and phones like 138****1234). A hidden "
        "buyer could be anyone, so I do not join that order to a customer and leave it out of customers, revenue "
        "and forecasts. An export with the buyer's full phone number, member name or name and address lets me "
        "count it.",
        "ℹ️ The platform hides the buyer of {orders} orders (names like 张** and phones like 138****1234). A hidden "
        "buyer could be anyone, so I do not join those orders to a customer and leave them out of customers, "
        "revenue and forecasts. An export with the buyer's full phone number, member name or name and address "
        "lets me count them.",
        orders,
    ).format(orders=f"{orders:,}")


def _matched_payments_lines(report: ImportReport) -> list[str]:
    """How many sales this file and the stored history both hold, counted once."""
    n = report.payments_matched
    if report.orders_in_file_too and n:
        return [f"• 🔗 {n:,} payments in this upload are orders from your shop's export (same order number, or "
                "same e-mail, amount and time): counted once, as those orders."]
    if report.payments_in_file and n:
        return [f"• 🔗 {n:,} of these {report.orders_in_file:,} payments are orders you already sent from your "
                "shop (same order number, or same e-mail, amount and time): counted once, as those orders."]
    if report.payments_in_file:
        return ["• None of these payments matched an order from your shop's own export, so each counts as a sale. "
                "If you send the shop's orders too, I match them and no sale counts twice."]
    if n:
        return [f"• 🔗 {n:,} payments you sent earlier are orders in this file: counted once, as these orders."]
    return []


def analysis_teaser(summary: RunSummary) -> str:
    """One line after an import: the headline of the fresh analysis."""
    segments = summary["segments"]
    slipping = segments.get("Can't Lose Them", 0)
    notes = "".join(f"\nℹ️ {escape(note)}" for note in summary["notes"])
    return (
        f"\n📊 {summary['customers']:,} customers analysed as of {summary['as_of']}: "
        f"{segments.get('Champions', 0):,} Champions, {segments.get('At Risk', 0):,} At Risk, "
        f"{slipping:,} Can't Lose Them.{notes}\n"
        "Send /segments for the full picture."
    )


def columns_cancelled_text(file_name: str) -> str:
    return f"Cancelled: nothing from {escape(file_name)} was saved."


def columns_chosen_text(choices: str, file_name: str) -> str:
    """`choices` is the dialog's own summary line, already escaped."""
    return f"👍 Got it: {choices}. Reading {escape(file_name)}…"


def forget_columns_text(forgotten: int) -> str:
    """The answer to /columns."""
    if not forgotten:
        return ("I had no column choices to forget: every file so far was recognised by itself. "
                "When a file is not, I ask which column is which.")
    layouts = "file layout" if forgotten == 1 else "file layouts"
    return (f"Done: I forgot which column is which for {forgotten} {layouts}. Send the file again and I'll ask. "
            "Orders already read with the old choices stay until you /undo that upload.")


def columns_refused_text(reason: str) -> str:
    return f"⚠️ {reason}"
