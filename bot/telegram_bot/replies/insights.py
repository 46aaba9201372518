"""/sentiment, /basket and /recommend: what customers say, what they buy together, what to offer next."""

from __future__ import annotations

import math
from html import escape

from bot.i18n import N_, _, translate_filled
from bot.segment_words import segment_name
from bot.telegram_bot.fitting import fit
from bot.telegram_bot.replies.phrases import ON_A_CARD, linked_words, review_line, shop_value

NO_REVIEWS = N_("No reviews yet. Send a review export (Judge.me, Yotpo, Loox, Okendo, Etsy reviews, or a CSV with a "
                "review column), or an order export with a feedback or notes column.")
SENTIMENT_CAPTION = N_("Review sentiment by month")
RECOMMEND_USAGE = N_("Use /recommend followed by a name, an e-mail or a customer id.")
# How the service says where the picks came from (bot.service.analyses.recommendations).
RECOMMEND_METHODS = (N_("their own buying rhythm and similar customers' baskets"),
                     N_("what is popular among {segment} customers"))


def sentiment_text(report) -> str:
    """/sentiment: shares, best and worst products, latest negative reviews, stars vs words."""
    scored = report.reviews - report.not_scored
    shares = report.shares
    lines = [
        _("<b>What {count} reviews say</b>").format(count=f"{scored:,}"),
        _("🙂 {positive} positive · 😐 {neutral} neutral · 😠 {negative} negative").format(
            positive=f"{shares.get('positive', 0):.0%}", neutral=f"{shares.get('neutral', 0):.0%}",
            negative=f"{shares.get('negative', 0):.0%}"),
    ]
    if report.not_scored:
        lines.append(_("<i>{count} reviews are not in English or Chinese and were not scored.</i>").format(
            count=f"{report.not_scored:,}"))
    if report.linked is not None:
        lines.append(f"<i>{linked_words(report.linked, report.reviews)}</i>")
    product_line = _("• {product}: {score} ({count} reviews)")
    if len(report.best_products):
        lines += ["", _("<b>Best-loved products</b>")]
        lines += [product_line.format(product=shop_value(p), score=f"{row['mean']:+.2f}", count=int(row["count"]))
                  for p, row in report.best_products.iterrows()]
        lines += [_("<b>Least-loved products</b>")]
        lines += [product_line.format(product=shop_value(p), score=f"{row['mean']:+.2f}", count=int(row["count"]))
                  for p, row in report.worst_products.iterrows()]
    if len(report.latest_negative):
        lines += ["", _("<b>Latest negative reviews</b>")]
        lines += [review_line(row) for row in report.latest_negative.itertuples()]
    if len(report.disagreements):
        lines += ["", _("<b>Stars that disagree with the words</b>")]
        lines += [_("• {stars}★ but “{text}”").format(stars=int(row.rating), text=shop_value(row.text, 120))
                  for row in report.disagreements.itertuples()]
    return fit("\n".join(lines))


def basket_text(rules: list[dict], product_words: str = "") -> str:
    """/basket: the strongest rules in words."""
    if not rules:
        if product_words:
            return _("I found no products often bought together with “{product}” yet. It needs orders with two or "
                     "more products; send more history and ask again.").format(product=shop_value(product_words))
        return _("I found no products often bought together yet. It needs orders with two or more "
                 "products; send more history and ask again.")
    title = (_("<b>Bought with {product}</b>").format(product=shop_value(product_words)) if product_words
             else _("<b>Bought together</b>"))
    lines = [title, ""]
    for rule in rules[:8]:
        first, then = (" + ".join(shop_value(product) for product in side)
                       for side in (rule["antecedent"], rule["consequent"]))
        lines.append(_("• {confidence} of orders with {first} also have {then} — {lift}× more than usual "
                       "({orders} orders)").format(confidence=f"{rule['confidence']:.0%}", first=first, then=then,
                                                  lift=f"{rule['lift']:.1f}", orders=rule["orders"]))
    lines.append(_("\nUse /basket followed by a product for its companions, e.g. /basket soap"))
    return fit("\n".join(lines))


def recommend_text(result: dict) -> str:
    """The next best products, or the true reason there are none."""
    who = shop_value(result.get("name") or result.get("email") or result["customer_id"], ON_A_CARD)
    if not result["recommended"]:
        if result.get("why_none") == "bought everything":
            return _("{who} has already bought every one of the {count} products in your orders, "
                     "so I have nothing new to suggest. New products will show up here once they sell.").format(
                who=who, count=f"{result['products']:,}")
        return _("I have no product to suggest for {who} yet: your uploads list no products in their orders. "
                 "Send an export with one row per product (Shopify's orders export, or Etsy's sold order items).").format(
            who=who)
    method = result["method"]
    lines = [_("<b>Next best products for {who}</b> (from {method})").format(
        who=who, method=escape(translate_filled(method, RECOMMEND_METHODS, segment_name)))]
    lines += [f"{rank}. {shop_value(pick['product'], ON_A_CARD)}{_pick_note(pick)}"
              for rank, pick in enumerate(result["picks"], start=1)]
    return fit("\n".join(lines))


def _pick_note(pick: dict) -> str:
    """Why a product is on the list: a re-buy by the customer's own rhythm, or new to them."""
    if pick.get("kind") == "re-buy":
        every, since = pick.get("every_days"), pick.get("days_since")
        if every is not None and math.isfinite(every):  # none when they bought it only once
            return _(" — re-buy: they buy it about every {every} days, last time {since} days ago").format(
                every=f"{every:.0f}", since=f"{since:.0f}")
        return _(" — re-buy: they bought it once, {since} days ago").format(since=f"{since:.0f}")
    if pick.get("kind") == "new":
        return _(" — new to them: bought by customers whose baskets are like theirs")
    return ""
