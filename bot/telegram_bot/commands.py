"""Every command the bot answers, with its one-line help: the single list behind /help,
setMyCommands and the README check."""

from __future__ import annotations

from dataclasses import dataclass

from analytics.analysis import DEFAULT_HORIZON_DAYS


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str


COMMANDS: tuple[Command, ...] = (
    Command("start", "/start", "Welcome, and what to send me"),
    Command("help", "/help", "Every command with one line each"),
    Command("segments", "/segments", "Customer segments (RFM) and behaviour groups, with a chart"),
    Command("export", "/export <segment>", "CSV of one segment's customers for your e-mail tool"),
    Command("churn", "/churn", "Who is likely to stop buying, most value first, with the reason"),
    Command("value", "/value", "What your customers will likely spend in the next 12 months"),
    Command("customer", "/customer <name, e-mail or id>", "One customer's card: history, segment, risk, value"),
    Command("horizon", "/horizon <days>", f"How far ahead the chance of no order looks (default {DEFAULT_HORIZON_DAYS} days)"),
    Command("sentiment", "/sentiment", "What reviews and feedback say, per product and over time"),
    Command("basket", "/basket [product]", "Products bought together, or one product's companions"),
    Command("recommend", "/recommend <name, e-mail or id>", "The next best products for one customer"),
    Command("digest", "/digest", "This week's digest now: revenue, segment moves, who is newly likely to stop buying"),
    Command("schedule", "/schedule [day HH:MM zone | off]", "When the weekly digest arrives (default Monday 09:00)"),
    Command("uploads", "/uploads", "What you uploaded, when, and what each file added"),
    Command("undo", "/undo", "Remove the newest upload's effect (asks first)"),
    Command("columns", "/columns", "Forget which column is which in your own files, so I ask again"),
    Command("stats", "/stats", "What I have stored for this chat"),
    Command("forget", "/forget", "Delete everything stored for this chat (asks first)"),
)

# What a new owner needs first, in the welcome; /help lists everything.
FIRST_COMMANDS: tuple[str, ...] = ("segments", "churn", "customer", "digest", "help")
