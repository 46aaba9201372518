"""Which customer wrote a review: the one place reviews are matched to the shop's customers.

A review file names its writer the way its app does: an e-mail (Judge.me, Yotpo), the shop's
customer id, a user name or display name (Etsy's Reviewer), and sometimes the order (Etsy's
Order ID, an order export's note column). The order is the surest link, so it goes first; then
the writer is looked up among the customers' keys, e-mails and names, without regard to case,
spaces or a leading "#". A name two customers share links neither: a review is never given to
the wrong person.
"""

from __future__ import annotations

import pandas as pd


def link_reviews(reviews: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    """The reviews with `customer_id` set to the customer key the orders use, and `linked`.

    Reviews that match no customer keep what the file said of their writer (a later orders
    upload may still match it) and have `linked` False.
    """
    linked = reviews.copy()
    by_order = _unique_lookup(orders["order_id"], orders["customer_id"])
    by_writer = _writer_lookup(orders)
    from_order = _normalised(linked["order_id"]).map(by_order)
    from_writer = _normalised(linked["customer_id"]).map(by_writer)
    customer = from_order.fillna(from_writer)
    linked["linked"] = customer.notna().to_numpy()
    linked["customer_id"] = customer.where(customer.notna(), linked["customer_id"]).to_numpy()
    return linked


def linked_count(reviews: pd.DataFrame, orders: pd.DataFrame) -> int:
    """How many of the reviews are linked to one of the orders' customers."""
    if reviews.empty or orders.empty:
        return 0
    return int(link_reviews(reviews, orders)["linked"].sum())


def _writer_lookup(orders: pd.DataFrame) -> pd.Series:
    """Normalised key, e-mail or name -> customer key; keys and e-mails before names."""
    exact = _unique_lookup(pd.concat([orders["customer_id"], orders["email"]]),
                           pd.concat([orders["customer_id"], orders["customer_id"]]))
    names = _unique_lookup(orders["name"], orders["customer_id"])
    return pd.concat([exact, names[~names.index.isin(exact.index)]])


def _unique_lookup(keys: pd.Series, customers: pd.Series) -> pd.Series:
    """Normalised key -> customer, for keys that belong to exactly one customer."""
    pairs = pd.DataFrame({"key": _normalised(keys).to_numpy(), "customer": customers.to_numpy()})
    pairs = pairs.dropna().drop_duplicates()
    return pairs.drop_duplicates("key", keep=False).set_index("key")["customer"]


def _normalised(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.casefold().str.lstrip("#").str.replace(r"\.0$", "", regex=True)
    return text.where(text != "")
