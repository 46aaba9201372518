"""The `shoppulse` command line: `run` starts the bot, `analyze` runs the analyses on files.

`analyze` uses the same readers and analyses as the bot, without Telegram or a database, so
an owner (or a test) can check what the bot would say about a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from analytics.analysis import DEFAULT_HORIZON_DAYS, analyse_orders
from analytics.errors import ShopPulseError
from analytics.ingest import read_exports
from analytics.sentiment import score_texts
from bot.config import MISSING_TOKEN_HELP, ConfigError, Settings
from bot.logs import configure_logging


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_bot()
    return analyze(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shoppulse", description="ShopPulse: customer analytics for your shop.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="start the Telegram bot (long polling)")
    analyze_parser = commands.add_parser("analyze", help="analyse order exports without Telegram")
    analyze_parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    analyze_parser.add_argument("--as-of", type=_date, help="ignore orders after this date (YYYY-MM-DD)")
    analyze_parser.add_argument("--horizon-days", type=int, default=DEFAULT_HORIZON_DAYS)
    analyze_parser.add_argument("--json", action="store_true", help="print one JSON object")
    analyze_parser.add_argument("--scores", type=Path, metavar="OUT.csv", help="write one row per customer")
    return parser


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text).normalize()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-12-31") from error


def run_bot() -> int:
    configure_logging()
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"shoppulse: {error}", file=sys.stderr)
        return 2
    if not settings.token:
        print(MISSING_TOKEN_HELP, file=sys.stderr)
        return 2
    if not settings.allowed_users:
        print(
            "shoppulse: SHOPPULSE_ALLOWED_USERS is empty, so the bot will refuse everyone and tell "
            "each person their user id. Add yours to .env and restart.",
            file=sys.stderr,
        )
    from bot.telegram_bot.app import ALLOWED_UPDATES, build_application

    build_application(settings).run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def analyze(args: argparse.Namespace) -> int:
    try:
        uploads = [(path.read_bytes(), path.name) for path in args.files]
    except OSError as error:
        print(f"shoppulse: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        export = read_exports(uploads)
        reviews = export.reviews.assign(sentiment=score_texts(export.reviews["text"].tolist()))
        analysis = analyse_orders(export.orders, items=export.items, reviews=reviews, as_of=args.as_of,
                                  horizon_days=args.horizon_days)
    except ShopPulseError as error:
        print(f"shoppulse: {error}", file=sys.stderr)
        return 1
    summary = {"platform": export.platform, **analysis.summary}
    if args.scores:
        analysis.scores.to_csv(args.scores, index=False)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(_human_summary(summary))
    return 0


def _human_summary(summary: dict) -> str:
    lines = [
        f"{summary['platform']}: {summary['orders']:,} orders, {summary['customers']:,} customers, "
        f"{summary['first_order'][:10]} → {summary['last_order'][:10]}, "
        f"revenue {summary['revenue']:,.2f} {summary['currency'] or ''}".rstrip(),
        f"scored by {summary['scoring']}",
    ]
    lines += [f"  {name:<20} {count:>7,}" for name, count in summary["segments"].items() if count]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
