"""What an upload held and what it changed, and the words of each step of reading it."""

from __future__ import annotations

from html import escape

from analytics.analysis import RunSummary
from analytics.ingest.buyers import ADDRESS, MEMBER, PHONE
from analytics.ingest.canonical import OWN_ORDER
from bot.i18n import N_, _, ngettext, translated
from bot.segment_words import segment_name
from bot.service import ImportReport
from bot.telegram_bot.replies.phrases import analysis_sentence, customers_count, linked_words, money, orders_count

DOWNLOAD_LIMIT_MB = 20
# Message ids: show them with _().
DOWNLOAD_FAILED = N_("⚠️ I could not download the file from Telegram. Please send it again.")
READING_FAILED = N_("⚠️ Something went wrong on my side while reading this file. Nothing from it was saved "
                    "and your earlier data is untouched. Please try again, or send it as CSV.")
NOTHING_NEW = N_("\n\nNothing in this file is new, so your analysis stands.")
ANALYSING = N_("\n\n⏳ Analysing your customers…")
STILL_ANALYSING = N_("⏳ I'm still analysing the file you just sent; I'll answer this as soon as it's ready.")
QUESTION_EXPIRED = N_("That question has expired. Please send the file again.")
EARLIER_QUESTION = N_("That question was about an earlier file; answer the newest question.")
PLATFORM_WORDS = {"generic": N_("a generic orders file"),
                  "mapped": N_("your file with the columns you chose (choose again with /columns)")}
# Platforms whose name the owner reads in their own language (the others are brand names in Latin letters).
PLATFORM_NAMES = {"taobao": N_("Taobao"), "pinduoduo": N_("Pinduoduo"), "douyin": N_("Douyin"),
                  "youzan": N_("Youzan"), "tmall": N_("Tmall"), "jd": N_("JD"), "1688": N_("1688")}


def too_large_text(size_bytes: int) -> str:
    return _(
        "📦 This file is {size} MB; Telegram lets bots download at most {limit} MB. Zip it (exports shrink "
        "about 10×) and send the .zip, or export a shorter date range."
    ).format(size=f"{size_bytes / 1_000_000:.1f}", limit=DOWNLOAD_LIMIT_MB)


def downloading_text(file_name: str) -> str:
    """The first status line (sent as plain text, so the name is not escaped)."""
    return _("📥 Got {file}. Downloading…").format(file=file_name)


def reading_text(file_name: str, size_bytes: int) -> str:
    return _("🔎 Reading {file} ({size} MB)…").format(file=escape(file_name), size=f"{size_bytes / 1_000_000:.1f}")


def saved_before_stop_text(file_name: str) -> str:
    """The import's worker was stopped just after its one transaction committed."""
    return _("✅ {file} was saved just before its job was stopped. "
             "Send /uploads to see what it added and /segments for the analysis.").format(file=escape(file_name))


def stopped_text(reason: str) -> str:
    return escape(reason) + _("\n\nNothing from this file was saved.")


def refused_text(reason: str, *, columns_were_chosen: bool) -> str:
    """The file could not be read; after a column dialog, say how to choose again."""
    again = _("\nSend the file again to choose the columns again.") if columns_were_chosen else ""
    return f"⚠️ {escape(reason)}" + _("\n\nNothing from this file was saved.") + again


def analysis_failed_text(reason: str) -> str:
    return f"\n\n{escape(reason)}"


def platform_words(platform: str) -> str:
    """How the reply names the platform a file was read as."""
    if platform in PLATFORM_WORDS:
        return _(PLATFORM_WORDS[platform])
    return _(PLATFORM_NAMES[platform]) if platform in PLATFORM_NAMES else escape(platform.title())


def import_text(report: ImportReport) -> str:
    """What the upload held and what it changed."""
    platform = platform_words(report.platform)
    file_name = escape(report.file_name)
    if report.platform == "shopify-customers":
        numbers = (_("\n• {count} of them with Shopify's customer number: reviews that name a customer by it are "
                     "matched to them.").format(count=f"{report.customer_numbers_in_file:,}")
                   if report.customer_numbers_in_file else "")
        return _(
            "✅ <b>{file}</b>: read as Shopify's customers export.\n"
            "• {count} customers' names and e-mail marketing consent saved; your exports "
            "now carry them. This file has no orders: send the orders export for the analysis."
        ).format(file=file_name, count=f"{report.profiles_in_file:,}") + numbers
    if report.platform == "reviews":
        scored = report.reviews_in_file - report.reviews_not_scored
        return (
            _("✅ <b>{file}</b>: read as reviews.\n• {count} reviews, {new} new; {scored} scored for sentiment").format(
                file=file_name, count=f"{report.reviews_in_file:,}", new=f"{report.reviews_added:,}", scored=f"{scored:,}")
            + (_(", {count} not in English or Chinese (not scored)").format(count=f"{report.reviews_not_scored:,}")
               if report.reviews_not_scored else "")
            + f"\n• {linked_words(report.reviews_linked, report.reviews_in_file)}"
            + _("\nSend /sentiment to see what customers say.")
        )
    lines = [
        _("✅ <b>{file}</b>: read as {platform}.").format(file=file_name, platform=platform),
        _("• {orders} from {customers}").format(orders=orders_count(report.orders_in_file),
                                                customers=customers_count(report.customers_in_file)),
    ]
    if report.first_order:
        lines.append(f"• {report.first_order} → {report.last_order}")
    if report.revenue:
        parts = [money(v, k or None) for k, v in sorted(report.revenue.items(), key=lambda kv: -kv[1])]
        label = _("revenue (mixed currencies, kept apart)") if len(parts) > 1 else _("revenue")
        lines.append(f"• {label}: " + " + ".join(escape(p) for p in parts))
    lines.append(
        _("• new orders added: {added}; updated: {updated}").format(added=f"{report.orders_added:,}",
                                                                    updated=f"{report.orders_updated:,}")
        + ("" if report.orders_added or report.orders_updated or report.payments_matched
           else _(" (all were already stored)"))
    )
    lines += _matched_payments_lines(report)
    if report.reviews_in_file:
        lines.append(_("• {count} notes or feedback texts kept for /sentiment").format(count=f"{report.reviews_in_file:,}"))
    if report.skipped:
        reasons = _("; ").join(_("{count} with {reason}").format(count=f"{count:,}", reason=escape(translated(reason)))
                               for reason, count in report.skipped.items())
        lines.append(_("• skipped: {reasons}").format(reasons=reasons))
    if keyed := buyer_bases_text(report.buyer_bases):
        lines.append(keyed)
    for note in report.notes:
        lines.append(f"ℹ️ {escape(analysis_sentence(note))}")
    return "\n".join(lines)


# How the reply names what a customer key rests on, for the platforms that mask buyers.
BASIS_WORDS = {MEMBER: N_("{count} by the buyer's member name"), PHONE: N_("{count} by a full phone number"),
               ADDRESS: N_("{count} by receiver name and address")}


def buyer_bases_text(bases: dict[str, int]) -> str:
    """How the file's buyers were told apart, when the platform masks some of them: how many
    orders were known by which identifier, and how many are each their own customer."""
    if not (set(bases) & {*BASIS_WORDS, OWN_ORDER}):
        return ""  # e-mails, customer ids and names: nothing to explain
    known = _("; ").join(_(BASIS_WORDS[basis]).format(count=f"{bases[basis]:,}")
                         for basis in BASIS_WORDS if bases.get(basis))
    lines = [_("• buyers told apart: {known}").format(known=known)] if known else []
    if own := bases.get(OWN_ORDER, 0):
        lines.append(ngettext(
            "ℹ️ The platform hides the buyer of {orders} order (names like 张** and phones like 138****1234), and "
            "nothing else in the file says who it is. A hidden buyer could be anyone, so I never join that order "
            "to another one: it counts, with its revenue, as a customer of its own. If the same person bought it "
            "as another order, they are counted twice; an export with the buyer's full phone number, member name "
            "or name and address tells them apart.",
            "ℹ️ The platform hides the buyer of {orders} orders (names like 张** and phones like 138****1234), and "
            "nothing else in the file says who they are. A hidden buyer could be anyone, so I never join those "
            "orders to each other: each counts, with its revenue, as a customer of its own. If one person bought "
            "several of them, they are counted more than once; an export with the buyer's full phone number, "
            "member name or name and address tells them apart.",
            own,
        ).format(orders=f"{own:,}"))
    return "\n".join(lines)


def _matched_payments_lines(report: ImportReport) -> list[str]:
    """How many sales this file and the stored history both hold, counted once."""
    n = report.payments_matched
    if report.orders_in_file_too and n:
        return [_("• 🔗 {matched} payments in this upload are orders from your shop's export (same order number, or "
                  "same e-mail, amount and time): counted once, as those orders.").format(matched=f"{n:,}")]
    if report.payments_in_file and n:
        return [_("• 🔗 {matched} of these {payments} payments are orders you already sent from your "
                  "shop (same order number, or same e-mail, amount and time): counted once, as those orders.").format(
                      matched=f"{n:,}", payments=f"{report.orders_in_file:,}")]
    if report.payments_in_file:
        return [_("• None of these payments matched an order from your shop's own export, so each counts as a sale. "
                  "If you send the shop's orders too, I match them and no sale counts twice.")]
    if n:
        return [_("• 🔗 {matched} payments you sent earlier are orders in this file: counted once, as these orders.").format(
            matched=f"{n:,}")]
    return []


def analysis_teaser(summary: RunSummary) -> str:
    """One line after an import: the headline of the fresh analysis."""
    segments = summary["segments"]
    notes = "".join(f"\nℹ️ {escape(analysis_sentence(note))}" for note in summary.get("notes", []))
    return _(
        "\n📊 {customers} customers analysed as of {day}: {champions} {champions_name}, {at_risk} {at_risk_name}, "
        "{slipping} {slipping_name}.{notes}\nSend /segments for the full picture."
    ).format(customers=f"{summary['customers']:,}", day=summary["as_of"],
             champions=f"{segments.get('Champions', 0):,}", champions_name=segment_name("Champions"),
             at_risk=f"{segments.get('At Risk', 0):,}", at_risk_name=segment_name("At Risk"),
             slipping=format(segments.get("Can't Lose Them", 0), ","), slipping_name=segment_name("Can't Lose Them"),
             notes=notes)


def columns_cancelled_text(file_name: str) -> str:
    return _("Cancelled: nothing from {file} was saved.").format(file=escape(file_name))


def columns_chosen_text(choices: str, file_name: str) -> str:
    """`choices` is the dialog's own summary line, already escaped."""
    return _("👍 Got it: {choices}. Reading {file}…").format(choices=choices, file=escape(file_name))


def forget_columns_text(forgotten: int) -> str:
    """The answer to /columns."""
    if not forgotten:
        return _("I had no column choices to forget: every file so far was recognised by itself. "
                 "When a file is not, I ask which column is which.")
    return ngettext("Done: I forgot which column is which for {count} file layout. Send the file again and I'll ask. "
                    "Orders already read with the old choices stay until you /undo that upload.",
                    "Done: I forgot which column is which for {count} file layouts. Send the file again and I'll ask. "
                    "Orders already read with the old choices stay until you /undo that upload.",
                    forgotten).format(count=forgotten)


def columns_refused_text(reason: str) -> str:
    return f"⚠️ {reason}"
