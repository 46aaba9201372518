"""The words the bot sends: short, phone-first, HTML-escaped wherever data goes in.

Pure functions from data to text, so every reply can be tested without Telegram.
"""

from __future__ import annotations

from html import escape

from bot.service import ImportReport
from bot.telegram_bot.commands import COMMANDS

MAX_MESSAGE = 4096
DOWNLOAD_LIMIT_MB = 20


def welcome_text() -> str:
    return (
        "👋 <b>Hi! I'm ShopPulse</b>, your shop's customer analyst.\n\n"
        "Send me your <b>order export</b> as a file: CSV (or zipped, or Excel) from Shopify, "
        "WooCommerce, Etsy, Stripe, Square, Amazon, or your own spreadsheet with a customer, "
        "a date and an amount per order. I keep the history, so you can send a new export every "
        "week.\n\n" + command_list()
    )


def help_text() -> str:
    return "<b>What I can do</b>\n\n" + command_list() + (
        "\n\nTo add orders, just send the export file; uploading the same orders twice never "
        "counts them twice."
    )


def command_list() -> str:
    return "\n".join(f"{escape(c.usage)} — {escape(c.help)}" for c in COMMANDS)


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


def money(amount: float, currency: str | None) -> str:
    return f"{amount:,.2f} {currency}".strip() if currency else f"{amount:,.2f}"


def import_text(report: ImportReport) -> str:
    """What the upload held and what it changed."""
    platform = "a generic orders file" if report.platform == "generic" else escape(report.platform.title())
    lines = [
        f"✅ <b>{escape(report.file_name)}</b>: read as {platform}.",
        f"• {report.orders_in_file:,} orders from {report.customers_in_file:,} customers",
    ]
    if report.first_order:
        lines.append(f"• {report.first_order} → {report.last_order}")
    if report.revenue:
        parts = [money(v, k or None) for k, v in sorted(report.revenue.items(), key=lambda kv: -kv[1])]
        label = "revenue (mixed currencies, kept apart)" if len(parts) > 1 else "revenue"
        lines.append(f"• {label}: " + " + ".join(escape(p) for p in parts))
    lines.append(
        f"• new orders added: {report.orders_added:,}; updated: {report.orders_updated:,}"
        + ("" if report.orders_added or report.orders_updated else " (all were already stored)")
    )
    if report.skipped:
        reasons = "; ".join(f"{count:,} with {escape(reason)}" for reason, count in report.skipped.items())
        lines.append(f"• skipped: {reasons}")
    for note in report.notes:
        lines.append(f"ℹ️ {escape(note)}")
    return "\n".join(lines)


def analysis_teaser(summary: dict) -> str:
    """One line after an import: the headline of the fresh analysis."""
    segments = summary["segments"]
    slipping = segments.get("Can't Lose Them", 0)
    return (
        f"\n📊 {summary['customers']:,} customers analysed as of {summary['as_of']}: "
        f"{segments.get('Champions', 0):,} Champions, {segments.get('At Risk', 0):,} At Risk, "
        f"{slipping:,} Can't Lose Them.\n"
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
    lines.append("")
    lines.append(f"<i>Scored by {escape(summary['scoring'])}.</i>")
    if summary.get("clusters"):
        quality = summary.get("silhouette")
        lines.append("")
        lines.append(
            "<b>Behaviour groups</b> (K-Means"
            + (f", separation {quality:.2f} of 1" if quality is not None else "")
            + ")"
        )
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


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """Cut a message to Telegram's limit at a line break, saying that it was cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n", 0, limit - 20)
    return text[: cut if cut > 0 else limit - 20] + "\n…(shortened)"
