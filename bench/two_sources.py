"""Store orders and the payments of them: how many payments are matched, wrongly matched, and
what the revenue is before and after, on a real Shopify orders export nobody on the team made.

No public pair of one shop's Shopify orders and its Stripe or PayPal downloads was found, so
the payments are written by this script from the Shopify export, in the providers' documented
layouts (../shared/formats 4.1 Stripe unified_payments.csv, 4.2 PayPal Download.CSV): every
order whose `Payment Method` names Stripe gets a Stripe charge at its `Paid at` time, every
PayPal order a PayPal "Express Checkout Payment", with what those files are documented to hold
and to lack (Stripe's `Customer Email` is often empty: here on every other charge, with the
card name on half of the rest, and in a second run on none; nothing names the order, since Shopify's `Payment Reference` is
its own checkout token). Plus 5% payments that are not in the shop export (payment links) with
random customers and amounts; they must stay sales of their own. Both files go through the real
import (service.import_upload into a scratch database), shop first and payments first.

The Shopify export: Shopify orders export of a real store (github oks234/customer_vip,
orders_export_1.csv, 409 orders, Stripe and PayPal), fetched, never committed:

    git -C /work/.mirror/oks234+customer_vip/repo show HEAD:orders_export_1.csv > bench/out/shopify_orders.csv
    .venv/bin/python -m bench.two_sources bench/out/shopify_orders.csv
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import pandas as pd

from bot import service
from storage.database import open_database

STRIPE_HEADER = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Description",
                 "Fee", "Status", "Customer ID", "Customer Email", "PaymentIntent ID", "Card Name", "Mode"]
PAYPAL_HEADER = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
                 "From Email Address", "To Email Address", "Transaction ID", "Item Title", "Invoice Number",
                 "Balance Impact"]


def shop_orders(path: Path) -> pd.DataFrame:
    """One row per order (the first line-item row carries the order's fields)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    first = table[table["Financial Status"] != ""].drop_duplicates("Name")
    return first.assign(
        paid_at=pd.to_datetime(first["Paid at"].where(first["Paid at"] != "", first["Created at"]), utc=True,
                               format="%Y-%m-%d %H:%M:%S %z"),
        total=first["Total"].astype(float), refunded=pd.to_numeric(first["Refunded Amount"], errors="coerce").fillna(0),
    )


def payments_of(orders: pd.DataFrame, rng: random.Random, email_share: float = 0.5
                ) -> tuple[bytes, bytes, dict[str, str], float]:
    """Stripe and PayPal files for the orders they paid, plus extra payment-link sales; the truth
    (payment id -> order name) and the extra sales' revenue. `email_share` of the Stripe charges
    carry the buyer's e-mail; half of the others the card holder's name."""
    stripe, paypal, truth = [], [], {}
    for n, (_, order) in enumerate(orders.iterrows()):
        method = order["Payment Method"].lower()
        if "stripe" in method:
            charge = f"ch_{n:06d}"
            truth[charge] = order["Name"]
            with_email = rng.random() < email_share
            stripe.append(_stripe_row(charge, order["paid_at"] + pd.Timedelta(seconds=rng.randint(0, 20)),
                                      order["total"], order["refunded"], order["Currency"],
                                      order["Email"] if with_email else "",
                                      order["Billing Name"] if not with_email and rng.random() < 0.5 else ""))
        elif "paypal" in method:
            txn = f"{n:06d}PP{rng.randrange(10**9):09d}"
            truth[txn] = order["Name"]
            paypal.append(_paypal_row(txn, order["paid_at"] + pd.Timedelta(seconds=rng.randint(0, 60)), order))
    extra_revenue = 0.0
    start, end = orders["paid_at"].min(), orders["paid_at"].max()
    for n in range(max(1, len(truth) // 20)):
        at = start + (end - start) * rng.random()
        amount = round(rng.uniform(15, 400), 2)
        extra_revenue += amount
        stripe.append(_stripe_row(f"ch_x{n:05d}", at, amount, 0.0, "USD", f"link{n}@example.org", ""))
    return _csv(STRIPE_HEADER, stripe), _csv(PAYPAL_HEADER, paypal), truth, extra_revenue


def _stripe_row(charge, at, amount, refunded, currency, email, card_name) -> dict:
    return {"id": charge, "Created date (UTC)": at.strftime("%Y-%m-%d %H:%M:%S"), "Amount": f"{amount:.2f}",
            "Amount Refunded": f"{refunded:.2f}", "Currency": currency.lower(), "Captured": "true", "Description": "",
            "Fee": "0.00", "Status": "Refunded" if refunded and refunded >= amount else "Paid",
            "Customer ID": f"cus_{abs(hash(charge)) % 10**8:08d}", "Customer Email": email,
            "PaymentIntent ID": "pi_" + charge[3:], "Card Name": card_name, "Mode": "Live"}


def _paypal_row(txn, at, order) -> dict:
    local = at.tz_convert("America/New_York")
    zone = "EDT" if local.dst() else "EST"
    return {"Date": local.strftime("%m/%d/%Y"), "Time": local.strftime("%H:%M:%S"), "TimeZone": zone,
            "Name": order["Billing Name"], "Type": "Express Checkout Payment", "Status": "Completed",
            "Currency": order["Currency"], "Gross": f"{order['total']:,.2f}", "Fee": "0.00",
            "Net": f"{order['total']:,.2f}", "From Email Address": order["Email"], "To Email Address": "shop@example.com",
            "Transaction ID": txn, "Item Title": "", "Invoice Number": "", "Balance Impact": "Credit"}


def _csv(header: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _stored(db_path: Path) -> tuple[int, float, dict[str, str]]:
    orders = service.load_orders(db_path, 1)
    with closing(open_database(db_path, migrate=False)) as db:
        matches = dict(db.execute("SELECT payment_id, order_id FROM payment_matches WHERE chat_id = 1").fetchall())
    return len(orders), round(orders.loc[orders["status"] == "paid", "total"].sum(), 2), matches


def run(shop_path: Path, email_share: float, seed: int = 7) -> None:
    raw = shop_path.read_bytes()
    orders = shop_orders(shop_path)
    stripe, paypal, truth, extra_revenue = payments_of(orders, random.Random(seed), email_share)
    print(f"Stripe charges with the buyer's e-mail: {email_share:.0%}")
    files = {"shop": ("orders_export_1.csv", raw), "stripe": ("unified_payments.csv", stripe),
             "paypal": ("Download.CSV", paypal)}
    shop_only = None
    for order_of_files in (("shop", "stripe", "paypal"), ("stripe", "paypal", "shop")):
        with tempfile.TemporaryDirectory() as scratch:
            db_path = Path(scratch) / "bench.db"
            open_database(db_path).close()
            naive = 0.0
            for key in order_of_files:
                report = service.import_upload(db_path, 1, *files[key])
                naive += sum(report.revenue.values())
                if key == "shop" and order_of_files[0] == "shop":
                    shop_only = _stored(db_path)[1]
            count, revenue, matches = _stored(db_path)
        right = sum(1 for payment, order in matches.items() if truth.get(payment) == order)
        wrong = len(matches) - right
        print(f"{' then '.join(order_of_files)}: {len(truth)} payments of {len(orders)} shop orders "
              f"(+{len(stripe.splitlines()) - 1 - sum(1 for p in truth if p.startswith('ch_'))} payment-link sales)")
        print(f"  matched {right} of {len(truth)} ({right / len(truth):.1%}), false matches {wrong}")
        print(f"  stored orders {count}; paid revenue: both files summed {naive:,.2f}, stored {revenue:,.2f}, "
              f"truth (shop alone {shop_only:,.2f} + payment links {extra_revenue:,.2f}) {shop_only + extra_revenue:,.2f}")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/out/shopify_orders.csv")
    if not path.exists():
        print(f"two_sources: {path} is missing; see the module docstring for how to fetch it")
        return
    for email_share in (0.5, 0.0):
        run(path, email_share)


if __name__ == "__main__":
    main()
