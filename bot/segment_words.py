"""Segment names and their actions as message ids, so every face shows them in the owner's
language: the names are analytics.rfm's keys (stored with each customer), shown through `_()`.

The Chinese names follow the usual 会员分层 (RFM) wording a Chinese owner knows; where our
segment is exactly one cell of the eight-cell model (high/low R, F, M) it takes that cell's
name, and otherwise the plain name of what its definition says. The reasoning is kept with each
name as a translator comment, so it travels into the catalogue.
"""

from __future__ import annotations

from bot.i18n import LANGUAGES, N_, _, translator

SEGMENT_NAMES: dict[str, str] = {
    # Translators: R5 and F, M 4-5: recent, frequent, high spend: the 8-cell model's 重要价值客户.
    "Champions": N_("Champions"),
    # Translators: R, F and M all 3-5 but not top: steady good buyers; no one cell of the 8-cell model
    # (they straddle 重要价值 and 重要保持), so the everyday name 忠诚客户.
    "Loyal": N_("Loyal"),
    # Translators: recent and frequent but M 1-3: the 8-cell model's 一般价值客户 (R high, F high, M low).
    "Potential Loyalist": N_("Potential Loyalist"),
    # Translators: R high, F and M 1-2, first order in the last 30 days: 新客户 (the 8-cell 一般发展客户
    # would not say the first order was recent, which this segment requires).
    "New Customers": N_("New Customers"),
    # Translators: R 3-5, F 1-2, M mostly 3-5: recent big spenders who rarely buy, the 8-cell model's
    # 重要发展客户 (R high, F low, M high).
    "Promising": N_("Promising"),
    # Translators: R, F, M around the middle: no 8-cell name fits, so 需关注客户 (needs attention).
    "Need Attention": N_("Need Attention"),
    # Translators: R 2-3, F and M low: slipping towards sleep, 即将沉睡客户.
    "About To Sleep": N_("About To Sleep"),
    # Translators: R 1-2 with F or M 3-5: good buyers gone quiet, the 8-cell model's 重要挽留客户
    # (R low, F low-mid, M high).
    "At Risk": N_("At Risk"),
    # Translators: R 1-2, F and M 4-5 (or M 3-5 with F 1): the best former buyers, the 8-cell
    # model's 重要保持客户 (R low, F high, M high).
    "Can't Lose Them": N_("Can't Lose Them"),
    # Translators: R, F, M all low to middling, long quiet: 沉睡客户.
    "Hibernating": N_("Hibernating"),
    # Translators: R 1 and F, M 1 (111, 112, 121, …): 流失客户, the 8-cell 一般挽留客户 at its lowest.
    "Lost": N_("Lost"),
}

SEGMENT_ACTIONS: dict[str, str] = {
    "Champions": N_("Thank them: early access, a referral reward, ask for a review."),
    "Loyal": N_("Offer a loyalty perk or a bundle; ask what they would like next."),
    "Potential Loyalist": N_("Invite them to a membership or a second-purchase offer."),
    "New Customers": N_("Send a warm welcome and a how-to; make the second order easy."),
    "Promising": N_("Build the habit: a small discount on the next order within 30 days."),
    "Need Attention": N_("A limited-time offer based on what they bought before."),
    "About To Sleep": N_("Remind them with bestsellers and a gentle discount."),
    "At Risk": N_("Win them back now: a personal e-mail and a meaningful offer."),
    "Can't Lose Them": N_("Call or write personally; your best former buyers are slipping away."),
    "Hibernating": N_("Include them in seasonal campaigns; do not spend much on them."),
    "Lost": N_("One last win-back e-mail, then stop mailing to protect your sender score."),
}


def segment_name(segment: str) -> str:
    """A segment's name in the owner's language (a name we do not know is shown as it is)."""
    return _(SEGMENT_NAMES.get(segment, segment))


def names_in_every_language() -> list[tuple[str, str]]:
    """(segment, its name) in each language the bot speaks, English included: what an owner may
    type for a segment, in /export or in a question."""
    return [(segment, translator(language).gettext(segment)) for language in LANGUAGES for segment in SEGMENT_NAMES]


def segment_action(action: str) -> str:
    """What to do about a segment (the analysis's English words for it) in the owner's language."""
    return _(action) if action in SEGMENT_ACTIONS.values() else action
