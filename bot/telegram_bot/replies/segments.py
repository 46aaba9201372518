"""/segments and /export: who the customers are, what to do with each group, and how that is worked out."""

from __future__ import annotations

from html import escape

from analytics.analysis import RunSummary
from analytics.clusters import K_RANGE
from analytics.rfm import NEW_CUSTOMER_DAYS, SEGMENTS
from bot.telegram_bot.fitting import fit


def segments_text(summary: RunSummary) -> str:
    """Every non-empty segment with size, revenue share and one action; then the behaviour groups."""
    lines = [f"<b>Your {summary['customers']:,} customers</b> (as of {summary['as_of']})", ""]
    for row in summary["segment_details"]:
        if not row["customers"]:
            continue
        lines.append(
            f"<b>{escape(row['segment'])}</b>: {row['customers']:,} · {row['revenue_share']:.0%} of revenue\n"
            f"   → {escape(row['action'])}"
        )
    for note in summary["notes"]:
        lines.append(f"<i>{escape(note)}</i>")
    if summary["clusters"]:
        lines.append("")
        lines.append("<b>Behaviour groups</b> (customers who buy alike)")
        for group in summary["clusters"]:
            lines.append(
                f"{group['cluster']}. {escape(group['description'])}: {group['customers']:,} "
                f"· {group['revenue_share']:.0%} of revenue\n   → {escape(group['action'])}"
            )
    if summary["clusters_note"]:
        lines.append("")
        lines.append(f"<i>{escape(summary['clusters_note'])}</i>")
    lines.append("")
    lines.append("Tap a segment below to get its customer list as CSV.")
    return fit("\n".join(lines))


def segments_caption(as_of: str) -> str:
    return f"Customers by segment, as of {as_of}"


def segment_button_label(segment: str, customers: int) -> str:
    return f"⬇️ {segment} ({customers:,})"


def export_usage_text(wanted: str) -> str:
    """/export without a segment it knows: how to ask, and every segment's name."""
    intro = f"I don't know the segment “{escape(wanted)}”. " if wanted else ""
    return (f"{intro}Use /export followed by a segment, for example <code>/export at risk</code>.\n"
            f"Segments: {escape(', '.join(SEGMENTS))}.")


def empty_segment_text(segment: str) -> str:
    return f"No customers are in {segment} right now."


def segment_file_caption(segment: str, rows: int) -> str:
    return f"{rows:,} customers in {segment}: e-mail, name and scores, ready for your e-mail tool."


def how_segments_text(summary: RunSummary) -> str:
    """Behind the button under /segments: the scoring and the clustering, with their figures."""
    lines = [
        "<b>How the segments are worked out</b>",
        "Each customer gets three scores from 1 to 5 (5 is best): R for how recently they bought, F for how "
        "often, M for how much they spent. The three scores name the segment, with the RFM table that Klaviyo "
        f"and Shopify apps use; “New Customers” also need their first order in the last {NEW_CUSTOMER_DAYS} days.",
        f"Scored by {escape(summary['scoring'])}.",
    ]
    if summary["clusters"]:
        quality = summary["silhouette"]
        lines += ["", "<b>Behaviour groups</b>: K-Means clustering on days since the last order, orders, spend, "
                  "days since the first order and average order value (log-scaled, standardised), trying "
                  f"{K_RANGE.start} to {K_RANGE.stop - 1} groups and keeping the number that separates best"
                  + (f" (silhouette {quality:.2f}, on a scale from −1 to 1)." if quality is not None else ".")]
    return "\n".join(lines)
