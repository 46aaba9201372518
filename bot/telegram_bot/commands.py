"""Every command the bot answers, with its one-line help: the single list behind /help,
setMyCommands (one menu per language) and the README check.

Usage and help are English message ids, marked for the catalogue here and translated where they
are shown."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.analysis import DEFAULT_HORIZON_DAYS
from bot.i18n import N_, _


@dataclass(frozen=True)
class Command:
    name: str
    usage: str  # a message id, as it is written in English
    about: str  # a message id; "{horizon_days}" is filled in

    @property
    def help(self) -> str:
        """The one-line help in English."""
        return self.about.format(horizon_days=DEFAULT_HORIZON_DAYS)

    def shown_usage(self) -> str:
        """The usage in the current chat's language."""
        return _(self.usage)

    def shown_help(self) -> str:
        """The one-line help in the current chat's language."""
        return _(self.about).format(horizon_days=DEFAULT_HORIZON_DAYS)


COMMANDS: tuple[Command, ...] = (
    Command("start", "/start", N_("Welcome, and what to send me")),
    Command("help", "/help", N_("Every command with one line each")),
    Command("segments", "/segments", N_("Customer segments (RFM) and behaviour groups, with a chart")),
    Command("export", N_("/export <segment>"), N_("CSV of one segment's customers for your e-mail tool")),
    Command("churn", "/churn", N_("Who is likely to stop buying, most value first, with the reason")),
    Command("value", "/value", N_("What your customers will likely spend in the next 12 months")),
    Command("customer", N_("/customer <name, e-mail or id>"), N_("One customer's card: history, segment, risk, value")),
    Command("horizon", N_("/horizon <days>"), N_("How far ahead the chance of no order looks (default {horizon_days} days)")),
    Command("sentiment", "/sentiment", N_("What reviews and feedback say, per product and over time")),
    Command("basket", N_("/basket [product]"), N_("Products bought together, or one product's companions")),
    Command("recommend", N_("/recommend <name, e-mail or id>"), N_("The next best products for one customer")),
    Command("cohorts", "/cohorts", N_("How many new customers of each month bought again, and repeat rate by first product")),
    Command("reports", "/reports", N_("Your standing questions, answered in every digest; remove them here")),
    Command("digest", "/digest", N_("This week's digest now: revenue, segment moves, who is newly likely to stop buying")),
    Command("schedule", N_("/schedule [day HH:MM zone | off]"), N_("When the weekly digest arrives (default Monday 09:00)")),
    Command("uploads", "/uploads", N_("What you uploaded, when, and what each file added")),
    Command("undo", "/undo", N_("Remove the newest upload's effect (asks first)")),
    Command("columns", "/columns", N_("Forget which column is which in your own files, so I ask again")),
    Command("stats", "/stats", N_("What I have stored for this chat")),
    Command("forget", "/forget", N_("Delete everything stored for this chat (asks first)")),
    Command("language", "/language", N_("Choose the language I answer in (English, 简体中文)")),
)

# What a new owner needs first, in the welcome; /help lists everything.
FIRST_COMMANDS: tuple[str, ...] = ("segments", "churn", "customer", "digest", "help")
