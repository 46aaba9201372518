"""The `shoppulse` command line: `run` starts the bot, `analyze` runs the analyses on files.

`run` with a Telegram token polls Telegram. Without one (or with --web) it starts the local
Bot API embedded, with its web chat page, and runs the same application against it: someone
trying ShopPulse sees the real bot in a browser before creating a Telegram bot.

`analyze` uses the same readers and analyses as the bot, without Telegram or a database, so
an owner (or a test) can check what the bot would say about a file.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import logging
import os
import secrets
import stat
import sys
from functools import partial
from pathlib import Path

import pandas as pd
from telegram.constants import FileSizeLimit

from analytics.analysis import DEFAULT_HORIZON_DAYS
from analytics.errors import ShopPulseError
from analytics.export_csv import spreadsheet_safe_csv
from bot.config import ConfigError, Settings
from bot.local_bot_api import BOT_USER, LocalBotApi
from bot.local_bot_api.web_chat import WEB_USER_ID, WebChat
from bot.logs import configure_logging
from bot.service.analyses import HORIZON_RANGE
from bot.service.files import analyse_files
from bot.service.languages import chat_language


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run":
        return run_bot(web=args.web)
    return analyze(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shoppulse", description="ShopPulse: customer analytics for your shop.")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="start the Telegram bot (long polling), or the web chat without a token")
    run_parser.add_argument("--web", action="store_true", help="open the web chat even when a Telegram token is set")
    analyze_parser = commands.add_parser("analyze", help="analyse order exports without Telegram")
    analyze_parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    analyze_parser.add_argument("--as-of", type=_date, help="ignore orders after this date (YYYY-MM-DD)")
    analyze_parser.add_argument("--horizon-days", type=_horizon_days, default=DEFAULT_HORIZON_DAYS,
                                help=f"days ahead for churn and forecasts, {HORIZON_RANGE[0]}-{HORIZON_RANGE[1]}")
    analyze_parser.add_argument("--json", action="store_true", help="print one JSON object")
    analyze_parser.add_argument("--scores", type=Path, metavar="OUT.csv", help="write one row per customer")
    return parser


def _date(text: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(text).normalize()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2024-12-31") from error


def _horizon_days(text: str) -> int:
    """The same range the bot's /horizon accepts."""
    low, high = HORIZON_RANGE
    try:
        days = int(text)
    except ValueError:
        days = None
    if days is None or not low <= days <= high:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days from {low} to {high}")
    return days


def read_upload(path: Path) -> bytes:
    """Read a file the way the bot takes an upload: a regular file, at most the bot's size limit.

    Opened without blocking and checked before reading, so a FIFO or /dev/zero is refused instead
    of hanging or filling memory. Raises OSError with a message for the owner.
    """
    limit = FileSizeLimit.FILESIZE_DOWNLOAD
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (send an export file, not a device or pipe)", str(path))
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // 1_000_000} MB, the most the bot accepts", str(path))
    return data


def _check_writable(path: Path) -> str | None:
    """Why the scores file could not be written, found before the analysis runs; None if it can."""
    folder = path.parent
    if not folder.is_dir():
        return f"cannot write {path}: the folder {folder} does not exist"
    if path.is_dir():
        return f"cannot write {path}: it is a folder"
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write {path}: permission denied"
    return None


def run_bot(*, web: bool = False) -> int:
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        configure_logging()
        print(f"shoppulse: {error}", file=sys.stderr)
        return 2
    if web or not settings.token:
        return run_web_chat(settings)
    configure_logging()
    if not settings.allowed_users:
        print(
            "shoppulse: SHOPPULSE_ALLOWED_USERS is empty, so the bot will refuse everyone and tell "
            "each person their user id. Add yours to .env and restart.",
            file=sys.stderr,
        )
    from bot.telegram_bot.app import ALLOWED_UPDATES, build_application
    from bot.telegram_bot.polling import poll_until_stopped

    try:
        poll_until_stopped(build_application(settings), allowed_updates=ALLOWED_UPDATES)
    except KeyboardInterrupt:
        pass  # Ctrl+C before polling had taken over the signal: stopping was asked for
    return 0


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def run_web_chat(settings: Settings) -> int:
    """The bot against the embedded local Bot API, with the web chat page; one line says where.

    The page's user is the only one allowed. On an address other than loopback the page needs
    the key in the printed URL; the Bot API side always has a fresh random token, so nothing
    else on the network can poll or send as the bot."""
    configure_logging(logging.WARNING)  # the terminal shows the URL line, then only what went wrong
    key = None if settings.web_host in LOOPBACK_HOSTS else secrets.token_urlsafe(18)
    api = LocalBotApi(f"{BOT_USER['id']}:{secrets.token_urlsafe(30)}", host=settings.web_host, port=settings.web_port,
                      web=WebChat(chat_id=WEB_USER_ID, key=key,
                                  language_of=partial(chat_language, settings.db_path, WEB_USER_ID)))
    try:
        api.start()
    except OSError as error:
        print(f"shoppulse: cannot serve the web chat on {settings.web_host}:{settings.web_port} ({error.strerror}); "
              "set SHOPPULSE_WEB_PORT to a free port.", file=sys.stderr)
        return 2
    local = dataclasses.replace(settings, token=api.token, api_base_url=api.base_url, file_base_url=api.file_base_url,
                                allowed_users=frozenset({WEB_USER_ID}))
    from bot.telegram_bot.app import ALLOWED_UPDATES, build_application
    from bot.telegram_bot.polling import poll_until_stopped

    try:
        application = build_application(local)
        host = f"[{settings.web_host}]" if ":" in settings.web_host else settings.web_host
        url = f"http://{host}:{api.port}" + (f"/?key={key}" if key else "")
        print(f"ShopPulse web chat: open {url} in your browser (Ctrl+C stops it)", flush=True)
        poll_until_stopped(application, allowed_updates=ALLOWED_UPDATES)
    except KeyboardInterrupt:
        pass  # Ctrl+C before polling had taken over the signal: stopping was asked for
    finally:
        api.stop()
    return 0


def analyze(args: argparse.Namespace) -> int:
    problem = _check_writable(args.scores) if args.scores else None
    if problem:
        print(f"shoppulse: {problem}", file=sys.stderr)
        return 2
    try:
        uploads = [(read_upload(path), path.name) for path in args.files]
    except OSError as error:
        print(f"shoppulse: cannot read {error.filename}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        found = analyse_files(uploads, as_of=args.as_of, horizon_days=args.horizon_days)
    except ShopPulseError as error:
        print(f"shoppulse: {error}", file=sys.stderr)
        return 1
    summary = {"platform": found.platform, **found.analysis.summary}
    if args.scores:
        args.scores.write_bytes(spreadsheet_safe_csv(found.analysis.scores.drop(columns="next_picks")))
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
