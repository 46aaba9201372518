"""The "Try a demo shop" file: a year of a small soap-and-home shop, made by code, as one zip.

Someone trying ShopPulse in the web chat has no export at hand, and a toy file would show a
toy analysis. So the demo is a shop whose customers buy at their own pace and some stop (the
same simulation the tests use), selling on its own Shopify store and on Etsy, with a Judge.me
reviews file: the zip holds each platform's export in its real layout (headers as
analytics/ingest's readers know them), so the demo also shows that several platforms merge into
one history. Dates end today, so "at risk" and "this week" mean something. Every customer is
invented; e-mails are at example.com.
"""

from __future__ import annotations

import csv
import datetime as dtm
import io
import zipfile

import numpy as np
import pandas as pd

from analytics.ingest.readers.etsy import ETSY_ITEMS_HEADER, ETSY_ORDERS_HEADER
from analytics.ingest.readers.shopify import SHOPIFY_ORDERS_HEADER

PRODUCTS = [
    ("SOAP-LAV", "Lavender Soap", 6.5), ("DISH-OAK", "Wooden Soap Dish", 12.0),
    ("CNDL-FIG", "Fig Candle", 18.0), ("BALM-LIP", "Lip Balm", 4.0),
    ("TOWEL-LN", "Linen Towel", 22.0), ("SALT-SEA", "Bath Salt", 9.5),
]
TASTES = ([0, 1, 5, 3], [2, 4, 3, 0])  # bath lovers, home lovers (indexes into PRODUCTS)
TASTE_WEIGHTS = [0.4, 0.2, 0.3, 0.1]

DEMO_FILE_NAME = "demo-shop.zip"
DEMO_CUSTOMERS = 140
DEMO_SEED = 11
ETSY_SHARE = 3  # every third customer buys on Etsy
FIRST_NAMES = ["Maya", "Lukas", "Sofia", "Noah", "Emma", "Liam", "Hannah", "Oskar", "Clara", "Jonas", "Ines",
               "Mateo", "Freya", "Arjun", "Lea", "Tom", "Nora", "Ravi", "Elif", "Sam", "Julia", "Kenji", "Ada",
               "Felix"]
LAST_NAMES = ["Fischer", "Novak", "Garcia", "Okafor", "Jensen", "Rossi", "Dubois", "Kowalski", "Silva", "Nguyen",
              "Berg", "Moreau", "Patel", "Schmidt", "Costa", "Larsen", "Weber", "Keller", "Haas", "Brennan"]
COUNTRIES = ["DE", "DE", "DE", "AT", "NL", "FR", "US", "GB"]
REVIEWS = {  # words a customer would write, by the stars they gave
    5: ["Love this, smells amazing and lasts for weeks.", "Beautiful quality, bought a second one as a gift.",
        "Perfect! Fast shipping and lovely packaging.", "My favourite shop for little presents."],
    4: ["Really nice, just a bit smaller than I expected.", "Good quality, arrived quickly."],
    3: ["It's okay. Does the job.", "Arrived on Tuesday, as promised."],
    1: ["Arrived broken and nobody answered my e-mail. Very disappointed.",
        "The scent is far too strong, I could not use it."],
}
REVIEW_STARS = [5, 5, 5, 4, 4, 3, 1]


def synthetic_orders(
    customers: int = 200, *, seed: int = 7, start: str = "2023-01-01", days: int = 540
) -> pd.DataFrame:
    """One row per line item: order id, customer e-mail and name, UTC time, product, quantity, price.

    Each customer buys at a rate of their own while active and stops after a lifetime of their
    own; each leans to one of two ranges (bath or home), and a Lavender Soap often comes with a
    Wooden Soap Dish, so baskets and recommendations have something real to find. The same seed
    always gives the same shop."""
    rng = np.random.default_rng(seed)
    start_at = pd.Timestamp(start, tz="UTC")
    rows = []
    order_no = 1000
    for index in range(customers):
        rate = rng.gamma(0.8, 1 / 40)  # purchases per day while active
        appetite = rng.gamma(1.5, 0.6)  # how much this customer puts in a basket
        taste = TASTES[index % 2]
        first = rng.integers(0, days - 1)
        lifetime = rng.exponential(days / 2)
        day = float(first)
        while day < min(days, first + lifetime):
            order_no += 1
            when = start_at + pd.Timedelta(days=day, hours=int(rng.integers(8, 20)))
            lines = 1 + rng.poisson(0.4)
            chosen = set(rng.choice(taste, size=min(lines, len(taste)), replace=False, p=TASTE_WEIGHTS))
            if 0 in chosen and rng.random() < 0.6:
                chosen.add(1)  # the dish that goes with the soap
            for line in sorted(chosen):
                sku, product, price = PRODUCTS[line]
                rows.append((f"#{order_no}", f"customer{index}@example.com", f"Customer {index}", when,
                             sku, product, int(1 + rng.poisson(appetite)), price))
            day += rng.exponential(1 / max(rate, 1e-3))
    return pd.DataFrame(rows, columns=["order_id", "email", "name", "ordered_at", "sku", "product", "quantity", "price"])


def demo_shop_zip(today: dtm.date | None = None) -> bytes:
    """The demo shop's exports for the year up to `today` (default: today, UTC), zipped."""
    today = today or dtm.datetime.now(dtm.UTC).date()
    start = pd.Timestamp(today - dtm.timedelta(days=365))
    lines = synthetic_orders(DEMO_CUSTOMERS, seed=DEMO_SEED, start=start.isoformat(), days=365)
    lines = lines[lines["ordered_at"].dt.date < today]  # nothing from later today
    index = lines["email"].str.extract(r"customer(\d+)@", expand=False).astype(int)
    lines = lines.assign(customer=index, line_total=(lines["quantity"] * lines["price"]).round(2))
    on_etsy = lines["customer"] % ETSY_SHARE == ETSY_SHARE - 1
    shopify, etsy = lines[~on_etsy], lines[on_etsy]
    files = {
        "orders_export_1.csv": _shopify_orders(shopify),
        "EtsySoldOrders.csv": _etsy_orders(etsy),
        "EtsySoldOrderItems.csv": _etsy_items(etsy),
        "judgeme-reviews.csv": _judgeme_reviews(shopify, today),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            entry = zipfile.ZipInfo(name, date_time=(today.year, today.month, today.day, 0, 0, 0))
            archive.writestr(entry, text, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _person(customer: int) -> tuple[str, str, str]:
    """A name, an e-mail at example.com and a country for the simulated customer number."""
    first = FIRST_NAMES[customer % len(FIRST_NAMES)]
    last = LAST_NAMES[(customer * 7 + customer // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}", f"{first}.{last}{customer}@example.com".lower(), COUNTRIES[customer % len(COUNTRIES)]


def _orders(lines: pd.DataFrame):
    """(order id, the order's line rows, its customer number) in order of time."""
    for order_id, rows in lines.groupby("order_id", sort=False):
        yield order_id, rows, int(rows["customer"].iloc[0])


def _shopify_orders(lines: pd.DataFrame) -> str:
    """Shopify's order export: one row per line item, the totals and customer on the first row only."""
    rows = []
    for number, (order_id, items, customer) in enumerate(_orders(lines)):
        name, email, country = _person(customer)
        subtotal = round(float(items["line_total"].sum()), 2)
        shipping = 0.0 if subtotal >= 40 else 4.9
        created = items["ordered_at"].iloc[0].tz_convert("Europe/Berlin").strftime("%Y-%m-%d %H:%M:%S %z")
        refunded = number % 41 == 17  # now and then an order comes back
        first = {
            "Name": order_id, "Email": email, "Financial Status": "refunded" if refunded else "paid",
            "Paid at": created, "Fulfillment Status": "fulfilled", "Accepts Marketing": "yes" if customer % 2 else "no",
            "Currency": "EUR", "Subtotal": f"{subtotal:.2f}", "Shipping": f"{shipping:.2f}", "Taxes": "0.00",
            "Total": f"{subtotal + shipping:.2f}", "Created at": created, "Billing Name": name,
            "Billing Country": country, "Shipping Name": name, "Shipping Country": country,
            "Payment Method": "Shopify Payments", "Refunded Amount": f"{subtotal + shipping:.2f}" if refunded else "0.00",
            "Id": str(5105000000000 + number), "Source": "web",
        }
        for position, item in enumerate(items.itertuples()):
            line = first if position == 0 else {"Name": order_id, "Email": email, "Created at": created}
            rows.append({**line, "Lineitem quantity": str(item.quantity), "Lineitem name": item.product,
                         "Lineitem price": f"{item.price:.2f}", "Lineitem sku": item.sku,
                         "Lineitem requires shipping": "true", "Lineitem fulfillment status": "fulfilled",
                         "Vendor": "Seife & Stoff"})
    return _csv(SHOPIFY_ORDERS_HEADER, rows)


def _etsy_username(customer: int) -> str:
    name, _, _ = _person(customer)
    return f"{name.split()[0].lower()}{name.split()[1][0].lower()}{customer}"


def _etsy_orders(lines: pd.DataFrame) -> str:
    """EtsySoldOrders: one row per order, US-style dates, the buyer as a username, no e-mail."""
    rows = []
    for order_number, (_, items, customer) in enumerate(_orders(lines)):
        name, _, country = _person(customer)
        value = round(float(items["line_total"].sum()), 2)
        rows.append({
            "Sale Date": items["ordered_at"].iloc[0].strftime("%m/%d/%y"), "Order ID": str(3100000000 + order_number),
            "Buyer User ID": _etsy_username(customer), "Full Name": name, "First Name": name.split()[0],
            "Last Name": name.split()[1], "Number of Items": str(int(items["quantity"].sum())),
            "Payment Method": "Etsy Payments", "Ship Country": country, "Currency": "EUR", "Order Value": f"{value:.2f}",
            "Shipping": "3.50", "Sales Tax": "0.00", "Order Total": f"{value + 3.5:.2f}", "Status": "Completed",
            "Buyer": f"{name} ({_etsy_username(customer)})", "Order Type": "online", "Payment Type": "online_cc",
        })
    return _csv(ETSY_ORDERS_HEADER, rows)


def _etsy_items(lines: pd.DataFrame) -> str:
    """EtsySoldOrderItems: one row per item, naming the same orders as EtsySoldOrders."""
    rows = []
    for order_number, (_, items, customer) in enumerate(_orders(lines)):
        name, _, country = _person(customer)
        for item in items.itertuples():
            rows.append({
                "Sale Date": item.ordered_at.strftime("%m/%d/%y"), "Item Name": item.product,
                "Buyer": f"{name} ({_etsy_username(customer)})", "Quantity": str(item.quantity),
                "Price": f"{item.price:.2f}", "Item Total": f"{item.line_total:.2f}", "Currency": "EUR",
                "Transaction ID": str(4200000000 + len(rows)), "Listing ID": item.sku, "Ship Name": name,
                "Ship Country": country, "Order ID": str(3100000000 + order_number),
            })
    return _csv(ETSY_ITEMS_HEADER, rows)


JUDGEME_HEADER = ["title", "body", "rating", "review_date", "source", "curated", "reviewer_name", "reviewer_email",
                  "product_id", "product_handle", "reply", "reply_date", "picture_urls", "ip_address", "location"]
REVIEW_EVERY = 9  # about one order in nine gets a review


def _judgeme_reviews(lines: pd.DataFrame, today: dtm.date) -> str:
    """A few Judge.me reviews, written a week after an order about one product in it."""
    rows = []
    for number, (_, items, customer) in enumerate(_orders(lines)):
        written = items["ordered_at"].iloc[0] + pd.Timedelta(days=7)
        if number % REVIEW_EVERY or written.date() >= today:
            continue
        name, email, _ = _person(customer)
        stars = REVIEW_STARS[(number // REVIEW_EVERY) % len(REVIEW_STARS)]
        texts = REVIEWS[stars]
        product = items["product"].iloc[0]
        rows.append({"body": texts[customer % len(texts)], "rating": str(stars),
                     "review_date": written.strftime("%Y-%m-%d %H:%M:%S UTC"), "source": "web", "curated": "ok",
                     "reviewer_name": name, "reviewer_email": email,
                     "product_handle": product.lower().replace(" ", "-")})
    return _csv(JUDGEME_HEADER, rows)


def _csv(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
