"""The same sales from two sides: a Shopify orders export and the Stripe payments of them.

Layouts from ../shared/formats: Shopify 1.1 (one row per line item, `Created at` with the shop's
offset, `Payment Reference` on the first row), Stripe 4.1 (one row per charge, `Created date
(UTC)` without offset, lower-case currency, `Description`, `PaymentIntent ID`). How the payments
name their orders varies on purpose: by description, by the order's Payment Reference, by e-mail
only, and by nothing but amount and time (a Stripe customer id, which the shop export lacks).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tests.helpers.platform_exports import SHOPIFY_HEADER, _csv

STRIPE_HEADER = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Description",
                 "Fee", "Status", "Customer ID", "Customer Email", "PaymentIntent ID", "Card Name", "Mode"]
SHOP_OFFSET = timezone(timedelta(hours=-7))


def sales(n: int = 12) -> list[dict]:
    """n sales by 5 customers, one every 2 days; each names its payment in a different way."""
    start = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    return [{"number": 1001 + i, "email": f"buyer{i % 5}@example.com", "name": f"Buyer {i % 5}",
             "at": start + timedelta(days=2 * i, minutes=7 * i), "total": round(20 + 7.5 * i, 2),
             "link": ("description", "reference", "email", "time")[i % 4]} for i in range(n)]


def shopify_orders(sold: list[dict]) -> bytes:
    rows = []
    for sale in sold:
        created = sale["at"].astimezone(SHOP_OFFSET).strftime("%Y-%m-%d %H:%M:%S -0700")
        rows.append({"Name": f"#{sale['number']}", "Email": sale["email"], "Financial Status": "paid",
                     "Currency": "USD", "Total": f"{sale['total']:.2f}", "Created at": created,
                     "Lineitem quantity": "1", "Lineitem name": "Linen Dress", "Lineitem price": f"{sale['total']:.2f}",
                     "Billing Name": sale["name"], "Payment Method": "Stripe",
                     "Payment Reference": f"pi_{sale['number']}abc" if sale["link"] == "reference" else "",
                     "Id": str(6953195503000 + sale["number"])})
    return _csv(SHOPIFY_HEADER, rows).encode()


def stripe_payments(sold: list[dict], extra: list[dict] = ()) -> bytes:
    """A charge per sale, seconds after the order; `extra` are sales the shop export lacks."""
    rows = []
    for sale in [*sold, *extra]:
        link = sale.get("link", "none")
        rows.append({
            "id": f"ch_{sale['number']}xyz", "Created date (UTC)": (sale["at"] + timedelta(seconds=40)).strftime("%Y-%m-%d %H:%M:%S"),
            "Amount": f"{sale['total']:.2f}", "Amount Refunded": "0.00", "Currency": "usd", "Captured": "true",
            "Description": f"Order #{sale['number']}" if link == "description" else "Payment for goods",
            "Fee": "0.88", "Status": sale.get("status", "Paid"), "Customer ID": f"cus_{sale['email'][:6]}",
            "Customer Email": sale["email"] if link in ("description", "email", "none") else "",
            "PaymentIntent ID": f"pi_{sale['number']}abc", "Card Name": sale["name"] if link == "reference" else "",
            "Mode": "Live",
        })
    return _csv(STRIPE_HEADER, rows).encode()
