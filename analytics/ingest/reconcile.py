"""The same sale seen twice: a store's order and the payment provider's charge for it.

Shops send their store's orders (Shopify, WooCommerce, their own sheet) and their payment
provider's payments (Stripe, PayPal). Counted side by side, every sale would count twice, so each
payment is matched to at most one order and a matched payment is never an order of its own.

Evidence, strongest first (each tier only pairs what the tiers before left unpaired):
1. a shared reference within a month: the order number a payment names (Stripe's "Shop - Order
   1024" written by WooCommerce's Stripe gateway, PayPal's Invoice Number "WC-1024", an
   `order_id (metadata)` column) or a payment id the order names (Shopify's Payment Reference /
   Payment ID); the amounts may differ, as either side may count a refund the other does not;
2. the same e-mail and amount within a few days;
3. the same name and amount within a day;
4. the same e-mail within an hour, the order holding less than the payment (refunded since);
5. the same amount within minutes, where neither side has another candidate.
Pure DataFrame code: the service layer loads the candidates and stores the matches.
"""

from __future__ import annotations

import re

import pandas as pd

PAYMENT_PLATFORMS = frozenset({"stripe", "paypal"})
STORE_PLATFORMS = frozenset({"shopify", "woocommerce", "generic", "mapped"})

REFERENCE_COLUMNS = ["order_id", "reference"]
MATCH_COLUMNS = ["payment_id", "order_id", "method"]

EMAIL_WINDOW = pd.Timedelta(days=3)
NAME_WINDOW = pd.Timedelta(days=1)
REFERENCE_WINDOW = pd.Timedelta(days=31)
AMOUNT_ONLY_WINDOW = pd.Timedelta(minutes=10)
REFUNDED_SINCE_WINDOW = pd.Timedelta(hours=1)  # a payment is made at checkout, minutes from its order
AMOUNT_TOLERANCE = 0.01

# "Order 1024", "order #1024", "Bestellung Nr. 1024", "Commande n° 1024", "Pedido 1024", …
_ORDER_IN_TEXT = re.compile(
    r"(?:order|bestellung|commande|pedido|ordine|zam[oó]wienie|bestelling|encomenda)\s*"
    r"(?:no\.?|nr\.?|n[°º]|number|#)?\s*#?\s*([A-Za-z0-9][A-Za-z0-9_-]*)",
    re.IGNORECASE,
)
_TRAILING_NUMBER = re.compile(r"(\d+)$")


def empty_references() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="string") for column in REFERENCE_COLUMNS})


def order_number_tokens(value: object) -> list[str]:
    """Ways one order number is written: "#1024", "WC-1024" and "1024" all give "o:1024"."""
    if value is None or pd.isna(value):
        return []
    text = str(value).strip().lower().lstrip("#").strip()
    if not text:
        return []
    tokens = {f"o:{text}"}
    trailing = _TRAILING_NUMBER.search(text)
    if trailing:
        tokens.add(f"o:{int(trailing.group(1))}")
    return sorted(tokens)


def payment_id_tokens(value: object) -> list[str]:
    """A payment id (ch_…, pi_…, a PayPal transaction id), or several joined by commas."""
    if value is None or pd.isna(value):
        return []
    return [f"p:{part.lower()}" for part in re.split(r"[\s,;]+", str(value).strip()) if len(part) >= 6]


def orders_named_in_text(value: object) -> list[str]:
    """Order numbers a free text names ("Shop - Order 1024"); none when it names no order."""
    if value is None or pd.isna(value):
        return []
    return [token for found in _ORDER_IN_TEXT.findall(str(value)) for token in order_number_tokens(found)]


def references(
    order_ids: pd.Series,
    *,
    payment_ids: list[pd.Series] = (),
    order_numbers: list[pd.Series] = (),
    order_texts: list[pd.Series] = (),
) -> pd.DataFrame:
    """The reference tokens of each row's order, from the columns that carry them (aligned rows)."""
    found: list[tuple[str, str]] = []
    ids = order_ids.astype("string")
    has_id = ids.notna().to_numpy()
    for columns, tokens_of in ((payment_ids, payment_id_tokens), (order_numbers, order_number_tokens),
                               (order_texts, orders_named_in_text)):
        for values in columns:
            # Only rows with both an order and a value: a Shopify export fills its payment columns
            # on each order's first row, and looking at every cell in Python took 25 s a million rows.
            both = has_id & values.notna().to_numpy()
            for order_id, value in zip(ids[both].tolist(), values[both].tolist()):
                found.extend((str(order_id), token) for token in tokens_of(value))
    if not found:
        return empty_references()
    return pd.DataFrame(found, columns=REFERENCE_COLUMNS, dtype="string").drop_duplicates().reset_index(drop=True)


def match_payments(
    payments: pd.DataFrame,
    orders: pd.DataFrame,
    payment_references: pd.DataFrame | None = None,
    order_references: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pair payments with the store orders they paid for: payment_id, order_id, method.

    Both tables are canonical orders (order_id, email, name, ordered_at, total, currency,
    status). A payment's own id and an order's own number are references too. Each payment and
    each order is used at most once; paid payments are paired before failed or pending ones.
    """
    if payments.empty or orders.empty:
        return pd.DataFrame(columns=MATCH_COLUMNS, dtype="string")
    pay = _sides(payments, "p")
    order = _sides(orders, "o")
    pay_refs = _tokens(payments, payment_references, payment_ids=[payments["order_id"]])
    order_refs = _tokens(orders, order_references, order_numbers=[orders["order_id"]])

    pairs = []
    by_reference = pay_refs.merge(order_refs, on="reference", suffixes=("_p", "_o"))
    by_reference = by_reference.rename(columns={"order_id_p": "p", "order_id_o": "o"})[["p", "o"]].drop_duplicates()
    pairs.append(_candidates(by_reference, pay, order, REFERENCE_WINDOW, "reference", any_amount=True))
    same = {key: pay.dropna(subset=[key]).reset_index()[["p", key]].merge(
        order.dropna(subset=[key]).reset_index()[["o", key]], on=key)[["p", "o"]] for key in ("email", "name_key")}
    pairs.append(_candidates(same["email"], pay, order, EMAIL_WINDOW, "e-mail"))
    pairs.append(_candidates(same["name_key"], pay, order, NAME_WINDOW, "name"))
    pairs.append(_candidates(same["email"], pay, order, REFUNDED_SINCE_WINDOW, "e-mail and time", refunded_since=True))

    used_p: set[str] = set()
    used_o: set[str] = set()
    chosen: list[tuple[str, str, str]] = []
    for candidates in pairs:
        for p, o, method in candidates[["p", "o", "method"]].itertuples(index=False):
            if p not in used_p and o not in used_o:
                used_p.add(p)
                used_o.add(o)
                chosen.append((p, o, method))
    chosen.extend(_amount_and_time(pay.drop(index=list(used_p)), order.drop(index=list(used_o))))
    return pd.DataFrame(chosen, columns=MATCH_COLUMNS, dtype="string")


def _sides(table: pd.DataFrame, index_name: str) -> pd.DataFrame:
    side = pd.DataFrame({
        "email": table["email"].astype("string").str.strip().str.lower(),
        "name_key": table["name"].astype("string").str.strip().str.lower().str.replace(r"\s+", " ", regex=True),
        "at": pd.to_datetime(table["ordered_at"], utc=True),
        "total": table["total"].astype(float),
        "currency": table["currency"].astype("string").str.upper(),
        "paid": (table["status"] == "paid").to_numpy(),
    })
    side.index = pd.Index(table["order_id"].astype("string"), name=index_name)
    side["email"] = side["email"].where(side["email"].str.contains("@", na=False))
    side["name_key"] = side["name_key"].where(side["name_key"].str.len() > 2)
    return side[~side.index.duplicated()]


def _tokens(table: pd.DataFrame, given: pd.DataFrame | None, **own: list[pd.Series]) -> pd.DataFrame:
    """The given reference tokens plus each row's own id read as a reference."""
    parts = [references(table["order_id"], **own)] + ([given] if given is not None and not given.empty else [])
    return pd.concat(parts, ignore_index=True).drop_duplicates()


def _candidates(pairs: pd.DataFrame, pay: pd.DataFrame, order: pd.DataFrame, window: pd.Timedelta,
                method: str, *, refunded_since: bool = False, any_amount: bool = False) -> pd.DataFrame:
    """Pairs whose amount (and currency, where both say) agree within the window, best first.

    With `refunded_since`, the order may hold less than the payment: an order export counts an
    order net of a later partial refund, which a payments file shows apart or not at all. With
    `any_amount` (a shared reference), the amounts may differ for that reason either way."""
    if pairs.empty:
        return pd.DataFrame(columns=["p", "o", "method"])
    joined = pairs.join(pay, on="p").join(order.add_suffix("_o"), on="o")
    difference = joined["total"] - joined["total_o"]
    if any_amount:
        same_amount = pd.Series(True, index=joined.index)
    elif refunded_since:
        same_amount = difference > AMOUNT_TOLERANCE
    else:
        same_amount = difference.abs() <= AMOUNT_TOLERANCE
    same_currency = joined["currency"].isna() | joined["currency_o"].isna() | (joined["currency"] == joined["currency_o"])
    gap = (joined["at"] - joined["at_o"]).abs()
    joined = joined.assign(gap=gap, method=method)[same_amount & same_currency & (gap <= window)]
    return joined.sort_values(["paid", "gap"], ascending=[False, True], kind="stable")


def _amount_and_time(pay: pd.DataFrame, order: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The last tier: the same amount within minutes, only where the pairing is unambiguous
    (neither side has a second candidate), since nothing else says they are the same sale."""
    if pay.empty or order.empty:
        return []
    cents_p = (pay["total"] * 100).round().astype("Int64").rename("cents")
    cents_o = (order["total"] * 100).round().astype("Int64").rename("cents")
    left = pay.assign(cents=cents_p).dropna(subset=["at", "cents"]).reset_index()
    right = order.assign(cents=cents_o).dropna(subset=["at", "cents"]).reset_index()
    joined = left[["p", "cents", "at", "currency"]].merge(right[["o", "cents", "at", "currency"]], on="cents",
                                                          suffixes=("", "_o"))
    if joined.empty:
        return []
    near = (joined["at"] - joined["at_o"]).abs() <= AMOUNT_ONLY_WINDOW
    agree = joined["currency"].isna() | joined["currency_o"].isna() | (joined["currency"] == joined["currency_o"])
    joined = joined[near & agree]
    alone = joined.groupby("p")["o"].transform("size").eq(1) & joined.groupby("o")["p"].transform("size").eq(1)
    return [(p, o, "amount and time") for p, o in joined.loc[alone, ["p", "o"]].itertuples(index=False)]
