"""/stats, /uploads, /undo and /forget: what is stored for the chat, and taking it back."""

from __future__ import annotations

from html import escape

from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import shop_value, when

CANCEL_BUTTON = "Cancel"
FORGET_BUTTON = "🗑 Yes, delete everything"
UNDO_BUTTON = "↩️ Yes, undo it"
NOTHING_TO_FORGET = "Nothing is stored for this chat, so there is nothing to delete."
KEPT_EVERYTHING = "Kept everything. Nothing was deleted."
NOTHING_TO_UNDO = "There is no upload to undo."
NOTHING_UNDONE = "Nothing was undone."


def stale_button_text(command: str) -> str:
    return f"This button is from an older question, so I did nothing. Send {command} again to see what it would do now."


def stats_text(stats: dict) -> str:
    if not stats["orders"]:
        return "Nothing stored for this chat yet. Send me an order export to start."
    return "\n".join([
        "<b>Stored for this chat</b>",
        f"• uploads: {stats['uploads']:,}",
        f"• orders: {stats['orders']:,} ({stats['first_order'][:10]} → {stats['last_order'][:10]})",
        f"• customers: {stats['customers']:,}",
        f"• last upload: {when(stats['last_upload'])}",
        f"• last analysis: {when(stats['last_analysis'])}",
    ])


def forget_question_text(counts: dict) -> str:
    """The question /forget asks (plain text), with what a Yes would delete."""
    return (f"This deletes all {counts['orders']:,} orders, {counts['customers']:,} customers and every "
            "analysis stored for this chat. It cannot be undone. Are you sure?")


def forgotten_text(deleted: int) -> str:
    return (f"🗑 Done: deleted {deleted:,} orders and everything else stored for this chat. "
            "Send an export any time to start again.")


def forget_refused_text(orders_now: int) -> str:
    """Why a Yes to /forget did nothing: the stored data is not what the question counted."""
    if not orders_now:
        return ("Nothing was deleted by this button: the chat's data was already deleted or changed since I asked. "
                "Send /forget to see what is stored now.")
    return (f"Nothing was deleted: what is stored changed since I asked (now {orders_now:,} orders). "
            "Send /forget again to see what it would delete.")


def uploads_text(rows: list[dict]) -> str:
    if not rows:
        return "No uploads yet. Send me an order export to start."
    lines = ["<b>Your latest uploads</b> (newest first)"]
    for row in rows:
        platform = "generic" if row["platform"] == "generic" else row["platform"]
        lines.append(
            f"• {when(row['uploaded_at'])} · {shop_value(row['file_name'])} · {escape(platform)}: "
            f"+{row['orders_added']:,} new, {row['orders_updated']:,} updated"
            + (f", {row['rows_skipped']:,} rows skipped" if row["rows_skipped"] else "")
        )
    lines.append("\n/undo removes the newest one.")
    return fit("\n".join(lines))


def undo_question_text(newest: dict) -> str:
    """The question /undo asks (plain text), naming the upload a Yes would remove."""
    return f"Undo {newest['file_name']} ({newest['orders_added']:,} new orders, {newest['orders_updated']:,} updated)?"


def undone_text(undone: dict) -> str:
    text = (
        f"↩️ Undid {escape(undone['file_name'])} ({when(undone['uploaded_at'])}): removed "
        f"{undone['orders_removed']:,} orders it added and restored {undone['orders_restored']:,} it had changed. "
    )
    if undone["orders_left"]:
        return text + f"{undone['orders_left']:,} orders remain; the analysis is up to date."
    return text + "Nothing is stored now; send an export to start again."


def undone_before_stop_text(file_name: str, orders_left: int | None) -> str:
    """An undo that was saved just before its job was stopped, with what became of the analysis."""
    text = f"↩️ Undid {escape(file_name)}: it was removed just before its job was stopped. "
    if orders_left is None:
        return text + "The analysis could not be brought up to date; it will be with your next upload."
    if orders_left:
        return text + f"{orders_left:,} orders remain; the analysis is up to date."
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
