"""/stats, /uploads, /undo and /forget: what is stored for the chat, and taking it back."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, _
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import shop_value, when

CANCEL_BUTTON = N_("Cancel")
FORGET_BUTTON = N_("🗑 Yes, delete everything")
UNDO_BUTTON = N_("↩️ Yes, undo it")
NOTHING_TO_FORGET = N_("Nothing is stored for this chat, so there is nothing to delete.")
KEPT_EVERYTHING = N_("Kept everything. Nothing was deleted.")
NOTHING_TO_UNDO = N_("There is no upload to undo.")
NOTHING_UNDONE = N_("Nothing was undone.")
# Platform ids as /uploads lists them; translated where the owner's language names them otherwise.
PLATFORM_IDS = (N_("generic"), N_("mapped"), N_("taobao"), N_("pinduoduo"), N_("douyin"), N_("youzan"), N_("tmall"),
                N_("jd"), N_("reviews"))


def stale_button_text(command: str) -> str:
    return _("This button is from an older question, so I did nothing. Send {command} again to see what it would "
             "do now.").format(command=command)


def stats_text(stats: dict) -> str:
    if not stats["orders"]:
        return _("Nothing stored for this chat yet. Send me an order export to start.")
    return "\n".join([
        _("<b>Stored for this chat</b>"),
        _("• uploads: {count}").format(count=f"{stats['uploads']:,}"),
        _("• orders: {count} ({first} → {last})").format(count=f"{stats['orders']:,}", first=stats["first_order"][:10],
                                                        last=stats["last_order"][:10]),
        _("• customers: {count}").format(count=f"{stats['customers']:,}"),
        _("• last upload: {when}").format(when=when(stats["last_upload"])),
        _("• last analysis: {when}").format(when=when(stats["last_analysis"])),
    ])


def forget_question_text(counts: dict) -> str:
    """The question /forget asks (plain text), with what a Yes would delete."""
    return _("This deletes all {orders} orders, {customers} customers and every "
             "analysis stored for this chat. It cannot be undone. Are you sure?").format(
        orders=f"{counts['orders']:,}", customers=f"{counts['customers']:,}")


def forgotten_text(deleted: int) -> str:
    return _("🗑 Done: deleted {count} orders and everything else stored for this chat. "
             "Send an export any time to start again.").format(count=f"{deleted:,}")


def forget_refused_text(orders_now: int) -> str:
    """Why a Yes to /forget did nothing: the stored data is not what the question counted."""
    if not orders_now:
        return _("Nothing was deleted by this button: the chat's data was already deleted or changed since I asked. "
                 "Send /forget to see what is stored now.")
    return _("Nothing was deleted: what is stored changed since I asked (now {count} orders). "
             "Send /forget again to see what it would delete.").format(count=f"{orders_now:,}")


def uploads_text(rows: list[dict]) -> str:
    if not rows:
        return _("No uploads yet. Send me an order export to start.")
    lines = [_("<b>Your latest uploads</b> (newest first)")]
    for row in rows:
        platform = _(row["platform"]) if row["platform"] in PLATFORM_IDS else escape(row["platform"])
        lines.append(
            _("• {when} · {file} · {platform}: +{added} new, {updated} updated").format(
                when=when(row["uploaded_at"]), file=shop_value(row["file_name"]), platform=platform,
                added=f"{row['orders_added']:,}", updated=f"{row['orders_updated']:,}")
            + (_(", {count} rows skipped").format(count=f"{row['rows_skipped']:,}") if row["rows_skipped"] else "")
        )
    lines.append(_("\n/undo removes the newest one."))
    return fit("\n".join(lines))


def undo_question_text(newest: dict) -> str:
    """The question /undo asks (plain text), naming the upload a Yes would remove."""
    return _("Undo {file} ({added} new orders, {updated} updated)?").format(
        file=newest["file_name"], added=f"{newest['orders_added']:,}", updated=f"{newest['orders_updated']:,}")


def undone_text(undone: dict) -> str:
    text = _("↩️ Undid {file} ({when}): removed {removed} orders it added and restored {restored} it had changed. ").format(
        file=escape(undone["file_name"]), when=when(undone["uploaded_at"]), removed=f"{undone['orders_removed']:,}",
        restored=f"{undone['orders_restored']:,}")
    if undone["orders_left"]:
        return text + _("{count} orders remain; the analysis is up to date.").format(count=f"{undone['orders_left']:,}")
    return text + _("Nothing is stored now; send an export to start again.")


def undone_before_stop_text(file_name: str, orders_left: int | None) -> str:
    """An undo that was saved just before its job was stopped, with what became of the analysis."""
    text = _("↩️ Undid {file}: it was removed just before its job was stopped. ").format(file=escape(file_name))
    if orders_left is None:
        return text + _("The analysis could not be brought up to date; it will be with your next upload.")
    if orders_left:
        return text + _("{count} orders remain; the analysis is up to date.").format(count=f"{orders_left:,}")
    return text + _("Nothing is stored now; send an export to start again.")


def undo_refused_text(asked: str | None, newest: str | None) -> str:
    """Why a Yes to /undo did nothing: its upload was already undone, or a newer one arrived."""
    if asked is None:
        text = _("Nothing more was undone: that upload has already been undone.")
    else:
        text = _("Nothing was undone: {asked} is no longer the newest upload ({newest} came after it), "
                 "and /undo only removes the newest one.").format(asked=asked, newest=newest)
    if newest is None:
        return text + _(" No uploads are left.")
    return text + _(" Send /undo again if you want to remove {newest}.").format(newest=newest)
