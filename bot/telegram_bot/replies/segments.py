"""/segments and /export: who the customers are, what to do with each group, and how that is worked out."""

from __future__ import annotations

from html import escape

from analytics.analysis import RunSummary
from analytics.clusters import K_RANGE
from analytics.rfm import NEW_CUSTOMER_DAYS, SEGMENTS
from bot.i18n import _
from bot.segment_words import segment_action, segment_name
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import analysis_sentence, cluster_words


def segments_text(summary: RunSummary) -> str:
    """Every non-empty segment with size, revenue share and one action; then the behaviour groups."""
    lines = [_("<b>Your {count} customers</b> (as of {day})").format(count=f"{summary['customers']:,}",
                                                                    day=summary["as_of"]), ""]
    for row in summary["segment_details"]:
        if not row["customers"]:
            continue
        lines.append(_("<b>{segment}</b>: {customers} · {share} of revenue\n   → {action}").format(
            segment=escape(segment_name(row["segment"])), customers=f"{row['customers']:,}",
            share=f"{row['revenue_share']:.0%}", action=escape(segment_action(row["action"]))))
    for note in summary.get("notes", []):
        lines.append(f"<i>{escape(analysis_sentence(note))}</i>")
    if summary.get("clusters"):
        lines.append("")
        lines.append(_("<b>Behaviour groups</b> (customers who buy alike)"))
        for group in summary["clusters"]:
            lines.append(_("{number}. {description}: {customers} · {share} of revenue\n   → {action}").format(
                number=group["cluster"], description=escape(cluster_words(group["description"])),
                customers=f"{group['customers']:,}", share=f"{group['revenue_share']:.0%}",
                action=escape(segment_action(group["action"]))))
    if summary.get("clusters_note"):
        lines.append("")
        lines.append(f"<i>{escape(analysis_sentence(summary['clusters_note']))}</i>")
    lines.append("")
    lines.append(_("Tap a segment below to get its customer list as CSV."))
    return fit("\n".join(lines))


def segments_caption(as_of: str) -> str:
    return _("Customers by segment, as of {day}").format(day=as_of)


def segment_button_label(segment: str, customers: int) -> str:
    return f"⬇️ {segment_name(segment)} ({customers:,})"


def export_usage_text(wanted: str) -> str:
    """/export without a segment it knows: how to ask, and every segment's name."""
    intro = _("I don't know the segment “{wanted}”. ").format(wanted=escape(wanted)) if wanted else ""
    return intro + _("Use /export followed by a segment, for example <code>/export {example}</code>.\n"
                     "Segments: {segments}.").format(
        example=escape(_("at risk")), segments=escape(_(", ").join(segment_name(s) for s in SEGMENTS)))


def empty_segment_text(segment: str) -> str:
    return _("No customers are in {segment} right now.").format(segment=segment_name(segment))


def segment_file_caption(segment: str, rows: int) -> str:
    return _("{count} customers in {segment}: e-mail, name and scores, ready for your e-mail tool.").format(
        count=f"{rows:,}", segment=segment_name(segment))


def how_segments_text(summary: RunSummary) -> str:
    """Behind the button under /segments: the scoring and the clustering, with their figures."""
    lines = [
        _("<b>How the segments are worked out</b>"),
        _("Each customer gets three scores from 1 to 5 (5 is best): R for how recently they bought, F for how "
          "often, M for how much they spent. The three scores name the segment, with the RFM table that Klaviyo "
          "and Shopify apps use; “{new}” also need their first order in the last {days} days.").format(
            new=segment_name("New Customers"), days=NEW_CUSTOMER_DAYS),
        _("Scored by {scoring}.").format(scoring=escape(analysis_sentence(summary["scoring"]))),
    ]
    if summary.get("clusters"):
        quality = summary.get("silhouette")
        lines += ["", _("<b>Behaviour groups</b>: K-Means clustering on days since the last order, orders, spend, "
                        "days since the first order and average order value (log-scaled, standardised), trying "
                        "{low} to {high} groups and keeping the number that separates best").format(
                            low=K_RANGE.start, high=K_RANGE.stop - 1)
                  + (_(" (silhouette {quality}, on a scale from −1 to 1).").format(quality=f"{quality:.2f}")
                     if quality is not None else ".")]
    return "\n".join(lines)
