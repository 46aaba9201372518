"""/sentiment, /basket and /recommend: what customers say, what they buy together, what to offer next."""

from __future__ import annotations

import math
from html import escape

from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import ON_A_CARD, linked_words, review_line, shop_value

NO_REVIEWS = ("No reviews yet. Send a review export (Judge.me, Yotpo, Loox, Okendo, Etsy reviews, or a CSV with a review "
              "column), or an order export with a feedback or notes column.")
SENTIMENT_CAPTION = "Review sentiment by month"
RECOMMEND_USAGE = "Use /recommend followed by a name, an e-mail or a customer id."


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
        lines.append(f"<i>{report.not_scored:,} reviews are not in English or Chinese and were not scored.</i>")
    if report.linked is not None:
        lines.append(f"<i>{linked_words(report.linked, report.reviews)}</i>")
    if len(report.best_products):
        lines += ["", "<b>Best-loved products</b>"]
        lines += [f"• {shop_value(p)}: {row['mean']:+.2f} ({int(row['count'])} reviews)"
                  for p, row in report.best_products.iterrows()]
        lines += ["<b>Least-loved products</b>"]
        lines += [f"• {shop_value(p)}: {row['mean']:+.2f} ({int(row['count'])} reviews)"
                  for p, row in report.worst_products.iterrows()]
    if len(report.latest_negative):
        lines += ["", "<b>Latest negative reviews</b>"]
        lines += [review_line(row) for row in report.latest_negative.itertuples()]
    if len(report.disagreements):
        lines += ["", "<b>Stars that disagree with the words</b>"]
        lines += [f"• {int(row.rating)}★ but “{shop_value(row.text, 120)}”" for row in report.disagreements.itertuples()]
    return fit("\n".join(lines))


def basket_text(rules: list[dict], product_words: str = "") -> str:
    """/basket: the strongest rules in words."""
    if not rules:
        about = f" with “{shop_value(product_words)}”" if product_words else ""
        return (f"I found no products often bought together{about} yet. It needs orders with two or more "
                "products; send more history and ask again.")
    title = f"<b>Bought with {shop_value(product_words)}</b>" if product_words else "<b>Bought together</b>"
    lines = [title, ""]
    for rule in rules[:8]:
        first, then = (" + ".join(shop_value(product) for product in side)
                       for side in (rule["antecedent"], rule["consequent"]))
        lines.append(
            f"• {rule['confidence']:.0%} of orders with {first} also have {then} — "
            f"{rule['lift']:.1f}× more than usual ({rule['orders']} orders)"
        )
    lines.append("\nUse /basket followed by a product for its companions, e.g. /basket soap")
    return fit("\n".join(lines))


def recommend_text(result: dict) -> str:
    """The next best products, or the true reason there are none."""
    who = shop_value(result.get("name") or result.get("email") or result["customer_id"], ON_A_CARD)
    if not result["recommended"]:
        if result.get("why_none") == "bought everything":
            return (f"{who} has already bought every one of the {result['products']:,} products in your orders, "
                    "so I have nothing new to suggest. New products will show up here once they sell.")
        return (f"I have no product to suggest for {who} yet: your uploads list no products in their orders. "
                "Send an export with one row per product (Shopify's orders export, or Etsy's sold order items).")
    lines = [f"<b>Next best products for {who}</b> (from {escape(result['method'])})"]
    lines += [f"{rank}. {shop_value(pick['product'], ON_A_CARD)}{_pick_note(pick)}"
              for rank, pick in enumerate(result["picks"], start=1)]
    return fit("\n".join(lines))


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
