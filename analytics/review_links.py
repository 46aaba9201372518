"""Which customer wrote a review: the one place reviews are matched to the shop's customers.

A review file names its writer the way its app does: an e-mail (Judge.me, Yotpo), the shop's
customer id, a user name or display name (Etsy's Reviewer), and sometimes the order (Etsy's
Order ID, an order export's note column). The order is the surest link, so it goes first; then
the writer is looked up among the customers' keys and e-mails, then the platform's customer ids
that profiles tie to an e-mail (Shopify keys customers by e-mail, its customers export and review
apps name them by `Customer ID`), then names, all without regard to case, spaces or a leading
"#". A name or id two customers share links neither: a review is never given to the wrong person.
"""

from __future__ import annotations

import pandas as pd


def link_reviews(reviews: pd.DataFrame, orders: pd.DataFrame, profiles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The reviews with `customer_id` set to the customer key the orders use, and `linked`.

    `profiles` (email, platform_customer_id) name the platform's id of customers the orders know
    by e-mail. Reviews that match no customer keep what the file said of their writer (a later
    upload may still match it) and have `linked` False.
    """
    linked = reviews.copy()
    by_order = _unique_lookup(orders["order_id"], orders["customer_id"])
    by_writer = _writer_lookup(orders, profiles)
    from_order = _normalised(linked["order_id"]).map(by_order)
    from_writer = _normalised(linked["customer_id"]).map(by_writer)
    customer = from_order.fillna(from_writer)
    linked["linked"] = customer.notna().to_numpy()
    linked["customer_id"] = customer.where(customer.notna(), linked["customer_id"]).to_numpy()
    return linked


def linked_count(reviews: pd.DataFrame, orders: pd.DataFrame, profiles: pd.DataFrame | None = None) -> int:
    """How many of the reviews are linked to one of the orders' customers."""
    if reviews.empty or orders.empty:
        return 0
    return int(link_reviews(reviews, orders, profiles)["linked"].sum())


def _writer_lookup(orders: pd.DataFrame, profiles: pd.DataFrame | None) -> pd.Series:
    """Normalised key, e-mail, platform id or name -> customer key, in that order of trust."""
    exact = _unique_lookup(pd.concat([orders["customer_id"], orders["email"]]),
                           pd.concat([orders["customer_id"], orders["customer_id"]]))
    lookups = [exact]
    if profiles is not None and not profiles.empty:
        customers = _normalised(profiles["email"]).map(exact)
        lookups.append(_unique_lookup(profiles["platform_customer_id"], customers))
    lookups.append(_unique_lookup(orders["name"], orders["customer_id"]))
    found = lookups[0]
    for lookup in lookups[1:]:
        found = pd.concat([found, lookup[~lookup.index.isin(found.index)]])
    return found


def _unique_lookup(keys: pd.Series, customers: pd.Series) -> pd.Series:
    """Normalised key -> customer, for keys that belong to exactly one customer."""
    pairs = pd.DataFrame({"key": _normalised(keys).to_numpy(), "customer": customers.to_numpy()})
    pairs = pairs.dropna().drop_duplicates()
    return pairs.drop_duplicates("key", keep=False).set_index("key")["customer"]


def _normalised(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.casefold().str.lstrip("#").str.replace(r"\.0$", "", regex=True)
    return text.where(text != "")
