"""The canonical tables every reader produces, and the one place rows become orders.

A reader's only job is to say which of its columns means what (and to fix its platform's
quirks); `build_orders` then parses values, names customers, groups line rows into orders and
counts what it had to skip, the same way for every platform.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics.errors import N_, Message, MissingColumns, UnreadableValues, joined, rows_phrase
from analytics.ingest.buyers import masked
from analytics.ingest.reconcile import empty_references
from analytics.ingest.values import first_bad_rows, normalise_status, parse_dates, parse_money, parse_numbers
from analytics.membership import is_in

ORDER_COLUMNS = [
    "order_id", "customer_id", "email", "name", "country", "channel",
    "ordered_at", "total", "currency", "status", "discount_code",
]
ITEM_COLUMNS = ["order_id", "line_no", "sku", "product", "quantity", "unit_price"]
# platform_customer_id: the id the platform gives the customer (Shopify's customers export, WooCommerce's
# Customer User ID), kept beside the e-mail that keys the customer so a review naming the id finds them.
PROFILE_COLUMNS = ["email", "name", "accepts_marketing", "platform_customer_id"]
REVIEW_COLUMNS = ["review_id", "text", "rating", "created_at", "order_id", "customer_id", "product"]

# Fields a reader may map its columns to; anything else in the file is ignored.
ROW_FIELDS = (
    "order_id", "customer_id", "email", "name", "country", "channel", "ordered_at", "total",
    "currency", "status", "refunded_amount", "product", "sku", "quantity", "unit_price",
    "review_text", "rating", "discount_code", "buyer_basis",
)

# What an order's customer key rests on (a key of `Export.buyer_bases`), beside the bases of the
# Chinese readers (analytics.ingest.buyers: member, phone, address). An order whose buyer the
# platform masked (138****1234, 张**) and nothing else identifies is its own customer, under a
# key made from the order id (ORDER_KEY_PREFIX): a masked buyer could be anyone, so two are never
# merged, and the order's revenue still counts.
EMAIL, CUSTOMER_ID, NAME, OWN_ORDER = "email", "customer id", "name", "order"
ORDER_KEY_PREFIX = "order-"

# Above this share of unreadable dates the column is wrong, not a few odd rows.
MAX_BAD_DATE_SHARE = 0.2
# An order date before this, or after tomorrow, is a typo ("2224-05-01"), never an order: such a
# row is skipped and named, because one of them would otherwise become the analysis date.
EARLIEST_ORDER_DATE = pd.Timestamp("1990-01-01", tz="UTC")


@dataclass
class Export:
    """What one upload holds, in canonical form, with an honest account of what was left out."""

    platform: str
    orders: pd.DataFrame
    items: pd.DataFrame
    rows_read: int = 0
    skipped: Counter = field(default_factory=Counter)
    buyer_bases: Counter = field(default_factory=Counter)  # orders by what their customer key rests on
    notes: list[str] = field(default_factory=list)
    orders_are_partial: bool = False  # items-only files (Etsy items) add orders but never overwrite them
    reviews: pd.DataFrame = field(default_factory=lambda: empty_reviews())
    profiles: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROFILE_COLUMNS))
    # Order numbers and payment ids each order carries, to match store orders with payments
    references: pd.DataFrame = field(default_factory=lambda: empty_references())
    # In an upload that holds a store's orders and a payment provider's payments (one zip), the
    # order ids that are payments, so that the two sides can be matched within the upload too
    payment_ids: frozenset[str] = frozenset()

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())


def empty_orders() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ORDER_COLUMNS})


def empty_items() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in ITEM_COLUMNS})


def empty_reviews() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype="object") for column in REVIEW_COLUMNS})


def review_ids(reviews: pd.DataFrame) -> pd.Series:
    """A stable id from who wrote what and when, so a re-uploaded review is stored once."""
    basis = (reviews["customer_id"].astype("string").fillna("") + "|" + reviews["order_id"].astype("string").fillna("")
             + "|" + reviews["created_at"].astype("string").fillna("") + "|" + reviews["text"].astype("string"))
    return basis.map(lambda text: "rv-" + hashlib.sha1(text.encode()).hexdigest()[:16])


def build_orders(rows: pd.DataFrame, platform: str, file_name: str) -> Export:
    """Turn rows whose columns carry canonical field names into the orders and items tables.

    Several rows may share an order id (one row per line item); order-level values are taken
    from the first row that has them, so exports that fill them only once (Shopify) and
    exports that repeat them (WooCommerce) both work.
    """
    numbers = _row_numbers(rows)
    rows = rows.reset_index(drop=True)
    _require(rows, file_name)
    skipped: Counter = Counter()
    notes: list[str] = []

    dates = parse_dates(rows["ordered_at"])
    if dates.note:
        notes.append(dates.note)
    written = _written(rows["ordered_at"])
    unreadable = written & dates.values.isna()
    if written.sum() and unreadable.sum() > MAX_BAD_DATE_SHARE * written.sum():
        bad = first_bad_rows(unreadable)
        sample = rows["ordered_at"][unreadable].iloc[0]
        raise UnreadableValues(
            N_("I could not read the dates in “{file}” (for example “{sample}” on row {row}; rows {listed}). "
               "Use a date like 2024-05-06 or 06/05/2024 and resend."),
            file=file_name, sample=sample, row=bad[0], listed=", ".join(map(str, bad)), rows=bad,
        )
    implausible = _implausible_dates(dates.values)
    if written.sum() and implausible.sum() > MAX_BAD_DATE_SHARE * written.sum():
        sample = rows["ordered_at"][implausible].iloc[0]
        raise UnreadableValues(
            N_("Many dates in “{file}” are before {year} or after tomorrow (for example “{sample}” on {where}), "
               "so that column does not hold order dates. Check the date column and resend."),
            file=file_name, year=EARLIEST_ORDER_DATE.year, sample=sample, where=_rows_phrase(numbers[implausible]),
            rows=numbers[implausible].head(5).tolist(),
        )

    line = pd.DataFrame(index=rows.index)
    line["ordered_at"] = dates.values.mask(implausible)
    customer, basis = _customer_key(rows)
    line["customer_id"] = customer
    line["buyer_basis"] = basis
    for text_field in ("email", "name", "country", "channel"):
        line[text_field] = _clean_text(rows, text_field)
    line["discount_code"] = discount_codes(rows)
    line["email"] = line["email"].str.lower()
    line["email"] = line["email"].where(line["email"].str.contains("@", regex=False, na=False))
    line["status"] = normalise_status(rows.get("status"), rows.index)

    currency = _clean_text(rows, "currency").str.upper()
    total = _money(rows, "total", currency)
    unit_price = _money(rows, "unit_price", currency)
    quantity = parse_numbers(rows["quantity"]) if "quantity" in rows else None
    refunded = _money(rows, "refunded_amount", currency)
    _refuse_without_amounts(rows, total, unit_price, numbers, file_name)
    named = currency.dropna().unique()
    line["currency"] = currency.fillna(named[0]) if len(named) == 1 else currency
    line["order_id"] = _order_ids(rows, line, total)
    stray = _rows_of_another_customer(rows, line)
    if stray.any():  # never merged into someone else's order: left out and named
        skipped[Message(N_("one order id for two different customers ({where})"),
                        where=_rows_phrase(numbers[stray]))] = int(stray.sum())
        line.loc[stray, "order_id"] = pd.NA
    _own_customer_for_hidden_buyers(line, _hidden_buyer(rows))

    orders = _group_orders(line, rows, total, unit_price, quantity, refunded)
    row_problems = {
        Message(N_("a date before {year} or after tomorrow"), year=EARLIEST_ORDER_DATE.year): implausible,
        Message(N_("an amount that is not a plain number (such as inf, NaN, 1e5 or text)")):
            _unreadable_amounts(rows, total, unit_price),
    }
    orders, dropped, order_skips = _drop_incomplete(orders, line["order_id"], row_problems, numbers)
    skipped.update(order_skips)
    items = _items(line, rows, quantity, unit_price, dropped)
    kept = _rows_of_kept_orders(line, dropped)
    export = Export(platform, orders, items, rows_read=len(rows), skipped=skipped, notes=notes,
                    buyer_bases=_bases_of(line, kept))
    if "review_text" in rows:
        export.reviews = _order_feedback(rows, line, kept)
    export.profiles = _platform_ids_of_emails(rows, line, kept)
    return export


def combined_profiles(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One profile per e-mail from several files' profiles: for each field, the last file that
    says it (a customers export's name and an orders file's customer id both stay)."""
    frames = [frame for frame in frames if not frame.empty]
    if not frames:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    stacked = pd.concat(frames, ignore_index=True).astype(object)
    merged = stacked.groupby("email", sort=False).last()  # last non-empty value of each field
    return merged.reset_index()[PROFILE_COLUMNS].astype(object).where(lambda p: p.notna(), None)


def platform_customer_ids(values: pd.Series) -> pd.Series:
    """A platform's customer ids as text, <NA> where none can be trusted.

    Spreadsheet programs write a long id as `'9013808660771` (kept, without the apostrophe) or
    `7.02255E+12` (digits lost: no longer anyone's id); a WooCommerce guest is `0`; a masked id
    is nobody's (formats §0, §1.2, §2.1)."""
    text = _identity_text(pd.DataFrame({"id": values}), "id").str.replace(r"\.0$", "", regex=True)
    mangled = text.str.fullmatch(r"[0-9.]+[eE][+-]?[0-9]+").fillna(False).astype(bool)
    return text.where(~mangled & (text != "0"))


def _platform_ids_of_emails(rows: pd.DataFrame, line: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """Profiles (e-mail, platform customer id) of the kept orders' buyers keyed by e-mail whose rows
    also carry the platform's customer id: the customer is the e-mail, and the id still finds them."""
    if "customer_id" not in rows or "email" not in rows:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    pairs = pd.DataFrame({"email": line["email"], "platform_customer_id": platform_customer_ids(rows["customer_id"])})
    pairs = pairs[kept & pairs["email"].notna() & pairs["platform_customer_id"].notna()].drop_duplicates()
    # An id given to two e-mails, or two ids to one e-mail, names nobody for sure: left out.
    pairs = pairs[~pairs["email"].duplicated(keep=False) & ~pairs["platform_customer_id"].duplicated(keep=False)]
    return pairs.assign(name=None, accepts_marketing=None)[PROFILE_COLUMNS].reset_index(drop=True)


def _order_feedback(rows: pd.DataFrame, line: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame:
    """Notes, feedback and survey answers written on orders, as reviews of those orders."""
    text = _clean_text(rows, "review_text")
    written = text.notna() & kept if text.notna().any() else text.notna()
    if not written.any():
        return empty_reviews()
    reviews = pd.DataFrame({
        "text": text[written],
        "rating": pd.to_numeric(rows["rating"][written], errors="coerce") if "rating" in rows else np.nan,
        "created_at": line["ordered_at"][written].dt.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "order_id": line["order_id"][written],
        "customer_id": line["customer_id"][written],
        "product": _clean_text(rows, "product")[written],
    })
    reviews.insert(0, "review_id", review_ids(reviews))
    return reviews.drop_duplicates("review_id").reset_index(drop=True)


def _require(rows: pd.DataFrame, file_name: str) -> None:
    missing = []
    if "ordered_at" not in rows:
        missing.append(Message(N_("the order date")))
    if "total" not in rows and "unit_price" not in rows:
        missing.append(Message(N_("the amount (order total or price)")))
    if not ({"customer_id", "email", "name"} & set(rows.columns)):
        missing.append(Message(N_("the customer (an id, e-mail or name)")))
    if missing:
        raise MissingColumns(
            N_("I could not find {missing} in “{file}”. Name the columns for example Order ID, Customer, Date, "
               "Total, and resend."),
            missing=joined(missing), file=file_name,
        )


def _clean_text(rows: pd.DataFrame, field_name: str) -> pd.Series:
    """The field as trimmed text, <NA> where empty; a column the file lacks is all <NA>."""
    if field_name not in rows:
        return pd.Series(pd.NA, index=rows.index, dtype="string")
    text = rows[field_name].astype("string").str.strip().str.lstrip("'")
    return text.where(text != "")


def discount_codes(rows: pd.DataFrame) -> pd.Series:
    """The codes the buyer entered, as one text per row: several codes (WooCommerce's comma list,
    Etsy's ";"-joined ones) become "A, B" in the order written; an empty cell is <NA> (no code).
    Upper case: Shopify and WooCommerce read codes without case at checkout (WooCommerce even
    stores them lower-cased), so "summer10" and "SUMMER10" are one code."""
    text = _clean_text(rows, "discount_code").str.upper()
    if not text.notna().any():
        return text
    parts = text.str.split(r"\s*[,;]\s*", regex=True)
    return parts.map(lambda codes: ", ".join(c for c in codes if c) or pd.NA, na_action="ignore").astype("string")


def _customer_key(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """E-mail identifies a person best; then the platform's customer id; then the name. Beside
    each key, what it rests on: the reader's own basis where it made the key, else the field.

    A masked id or name (138****1234, **, 张**) identifies nobody and is never a key; an e-mail
    may hold a "*" of its own, so it is not read as masked."""
    email = _clean_text(rows, "email").str.lower()
    email = email.where(email.str.contains("@", regex=False, na=False))
    customer_id = _identity_text(rows, "customer_id").str.replace(r"\.0$", "", regex=True)
    name = _identity_text(rows, "name").str.lower()
    key = email.fillna(customer_id).fillna(name)
    by_field = (pd.Series(pd.NA, index=rows.index, dtype="string").mask(name.notna(), NAME)
                .mask(customer_id.notna(), CUSTOMER_ID).mask(email.notna(), EMAIL))
    given = _clean_text(rows, "buyer_basis")
    return key, given.where(email.isna() & given.notna(), by_field).where(key.notna())


def _own_customer_for_hidden_buyers(line: pd.DataFrame, hidden: pd.Series) -> None:
    """An order whose rows name no customer but a masked buyer becomes a customer of its own."""
    if not hidden.any():  # every export outside China: no per-order grouping of a million rows
        return
    order = line["order_id"]
    known = line["customer_id"].notna().groupby(order, sort=False).transform("any").reindex(line.index)
    own = hidden & order.notna() & ~known.fillna(False).astype(bool)
    line.loc[own, "customer_id"] = ORDER_KEY_PREFIX + order[own].astype(str)
    line.loc[own, "buyer_basis"] = OWN_ORDER


def _rows_of_kept_orders(line: pd.DataFrame, dropped: list[str]) -> np.ndarray:
    """Rows whose order is kept: the orders were grouped from the rows' order ids, so these are
    the rows with an id, less those of the (few) dropped orders. The same as looking each id up
    among the kept orders' ids, without hashing a million ids against 700,000."""
    order = line["order_id"]
    kept = order.notna().to_numpy()
    if dropped:
        kept = kept & ~is_in(order, pd.Series(dropped, dtype=order.dtype))
    return kept


def _bases_of(line: pd.DataFrame, kept: np.ndarray) -> Counter:
    """How many of the kept orders have their customer key from each basis (an order's first row
    with one says it)."""
    kept = kept & line["buyer_basis"].notna().to_numpy()
    first = line["buyer_basis"][kept][~line["order_id"][kept].duplicated().to_numpy()]
    return Counter({str(basis): int(count) for basis, count in first.value_counts().items()})


def _identity_text(rows: pd.DataFrame, field_name: str) -> pd.Series:
    """The field as text, <NA> where empty or masked."""
    text = _clean_text(rows, field_name)
    return text.where(~masked(text))


def _hidden_buyer(rows: pd.DataFrame) -> pd.Series:
    """Rows whose buyer is known only by masked values."""
    written = pd.Series(False, index=rows.index)
    for field_name in ("customer_id", "name"):
        written |= masked(_clean_text(rows, field_name))
    return written


def _money(rows: pd.DataFrame, field_name: str, currency: pd.Series) -> pd.Series | None:
    if field_name not in rows:
        return None
    parsed = parse_money(rows[field_name])
    currency.update(parsed.currency[currency.isna()].dropna())
    return parsed.amount


GENERATED_ORDER_ID_PREFIX = "row-"  # ids ShopPulse made up for files without one; never shown to the owner


def _order_ids(rows: pd.DataFrame, line: pd.DataFrame, total: pd.Series | None) -> pd.Series:
    """Use the export's order id; a one-row-per-purchase file gets a stable id from its content.

    The content id (customer, time, amount, and which repeat it is) is the same on every upload
    of the same file, so a re-upload still adds nothing twice.
    """
    given = _clean_text(rows, "order_id") if "order_id" in rows else None
    if given is not None:
        given = given.str.replace(r"\.0$", "", regex=True)
        if given.notna().all():
            return given
    amount = total if total is not None else pd.Series(np.nan, index=rows.index)
    customers = line["customer_id"].astype(object).where(line["customer_id"].notna(), "")
    keys = pd.Series([f"{c}|{t}|{a:.2f}" for c, t, a in zip(customers, line["ordered_at"], amount)], index=rows.index)
    repeat = keys.groupby(keys).cumcount()
    synthetic = pd.Series(
        [GENERATED_ORDER_ID_PREFIX + hashlib.sha1(f"{key}|{n}".encode()).hexdigest()[:16] for key, n in zip(keys, repeat)],
        index=rows.index, dtype="string",
    )
    return synthetic if given is None else given.fillna(synthetic)


def _group_orders(line, rows, total, unit_price, quantity, refunded) -> pd.DataFrame:
    # Grouped by each order id's number (numbered in order of first appearance, so the groups come
    # in the order grouping by the texts gives; no number where a row has no order): a million
    # texts are hashed once, not once for each of the groupings below.
    codes, order_ids = pd.factorize(line["order_id"])
    keys = pd.Series(codes, index=line.index, name="order_id").where(codes >= 0)
    grouped = line.groupby(keys, sort=False)
    orders = grouped[["customer_id", "email", "name", "country", "channel", "ordered_at", "currency", "status",
                      "discount_code"]].first()
    orders["total"] = _order_totals(keys, total, unit_price, quantity)
    if refunded is not None:
        refund = refunded.abs().groupby(keys, sort=False).max().reindex(orders.index).fillna(0.0)
        fully = (refund > 0) & (refund >= orders["total"] - 0.005)
        orders.loc[fully & (orders["status"] == "paid"), "status"] = "refunded"
        orders["total"] = (orders["total"] - refund.where(~fully, 0.0)).clip(lower=0.0)
    orders.loc[(orders["total"] < 0) & (orders["status"] == "paid"), "status"] = "refunded"
    orders.index = pd.Index(order_ids.take(orders.index.to_numpy().astype(np.int64)), name="order_id")
    orders = orders.reset_index()
    orders["order_id"] = orders["order_id"].astype("string")
    return orders


def _order_totals(keys, total, unit_price, quantity) -> pd.Series:
    """Sum line amounts, unless the file repeats the order total on every line (then take it once)."""
    if total is None:
        qty = quantity.fillna(1.0) if quantity is not None else 1.0
        return (unit_price * qty).groupby(keys, sort=False).sum(min_count=1)
    by_order = total.groupby(keys, sort=False)
    if unit_price is not None:
        qty = quantity.fillna(1.0) if quantity is not None else 1.0
        line_amount = (unit_price * qty).round(2)
        is_line_level = (total.round(2) - line_amount).abs().lt(0.011).mean() > 0.9
        if is_line_level:
            return by_order.sum(min_count=1)
    repeated = (by_order.transform("nunique") <= 1).all()
    return by_order.first() if repeated else by_order.sum(min_count=1)


def _drop_incomplete(
    orders: pd.DataFrame, order_of_row: pd.Series, row_problems: dict[str, pd.Series], numbers: pd.Series,
) -> tuple[pd.DataFrame, list[str], Counter]:
    """Leave out orders that cannot be counted, each under one reason the owner can act on.

    A row-level problem (a typo'd date, an "inf" amount) names its rows, so the owner can find
    them in the spreadsheet.
    """
    reasons: dict[str, pd.Series] = {}
    for problem, mask in row_problems.items():
        if not mask.any():
            continue
        affected = orders["order_id"].isin(order_of_row[mask].dropna().unique().tolist())
        if problem.startswith("a date"):
            hit = affected & orders["ordered_at"].isna()
        else:
            hit = affected  # a sum that silently left out one line would be wrong
        if hit.any():
            rows_hit = mask & order_of_row.isin(orders.loc[hit, "order_id"].tolist())
            reasons[Message(N_("{problem} ({where})"), problem=problem, where=_rows_phrase(numbers[rows_hit]))] = hit
    reasons.update({
        Message(N_("no customer (id, e-mail or name)")): orders["customer_id"].isna(),
        Message(N_("no readable date")): orders["ordered_at"].isna(),
        Message(N_("no readable amount")): orders["total"].isna(),
    })
    skipped: Counter = Counter()
    keep = pd.Series(True, index=orders.index)
    for reason, mask in reasons.items():
        newly = mask & keep
        if newly.any():
            skipped[reason] = int(newly.sum())
        keep &= ~mask
    dropped = orders.loc[~keep, "order_id"].tolist()
    return orders.loc[keep, ORDER_COLUMNS].reset_index(drop=True), dropped, skipped


def _row_numbers(rows: pd.DataFrame) -> pd.Series:
    """The spreadsheet row of each row (the header is row 1), kept from the table as read."""
    index = rows.index
    base = index.to_numpy() if pd.api.types.is_integer_dtype(index) else np.arange(len(rows))
    return pd.Series(base + 2, index=pd.RangeIndex(len(rows)))


def _rows_phrase(numbers: pd.Series) -> Message:
    return rows_phrase(numbers.tolist())


def _written(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype("string").str.strip() != "")


def _implausible_dates(values: pd.Series) -> pd.Series:
    latest = pd.Timestamp.now(tz="UTC").normalize() + pd.Timedelta(days=2)  # the end of tomorrow
    return values.notna() & ((values < EARLIEST_ORDER_DATE) | (values >= latest))


def _unreadable_amounts(rows: pd.DataFrame, total: pd.Series | None, unit_price: pd.Series | None) -> pd.Series:
    """Rows whose amount cell holds something that is not a number we can trust."""
    unreadable = pd.Series(False, index=rows.index)
    for field_name, parsed in (("total", total), ("unit_price", unit_price)):
        if parsed is not None:
            unreadable |= _written(rows[field_name]) & parsed.isna()
    return unreadable


def _refuse_without_amounts(rows, total, unit_price, numbers: pd.Series, file_name: str) -> None:
    """A file in which no row has a readable amount is not an import: say so, store nothing."""
    readable = [parsed.notna().any() for parsed in (total, unit_price) if parsed is not None]
    if any(readable):
        return
    field_name = "total" if total is not None else "unit_price"
    written = _written(rows[field_name])
    if not written.any():
        raise UnreadableValues(
            N_("Every amount in “{file}” is empty, so there is nothing to count. "
               "Export the orders again with their totals and resend."), file=file_name)
    sample = rows[field_name][written].iloc[0]
    raise UnreadableValues(
        N_("I could not read a single amount in “{file}” (for example “{sample}” on {where}). Amounts must be "
           "numbers like 28.95, 1,234.50 or 28,95 €; fix the amount column and resend."),
        file=file_name, sample=sample, where=_rows_phrase(numbers[written].head(1)),
        rows=numbers[written].head(5).tolist(),
    )


def _rows_of_another_customer(rows: pd.DataFrame, line: pd.DataFrame) -> pd.Series:
    """Rows whose order id the file gives to a different customer elsewhere: two orders typed
    with one number, or a row whose cells slid into the wrong columns. The customer on most of
    the order's rows (the first one on a tie) keeps the order; the other rows are the strays.

    Customers are compared by e-mail or customer id, or by name when the file has neither."""
    stray = pd.Series(False, index=rows.index)
    if "order_id" not in rows:
        return stray
    order = line["order_id"]
    for field_name in [name for name in ("email", "customer_id") if name in rows] or ["name"]:
        values = (_clean_text if field_name == "email" else _identity_text)(rows, field_name).str.lower()
        if field_name == "customer_id":
            values = values.str.replace(r"\.0$", "", regex=True)
        known = values.notna() & order.notna()
        if not known.any():
            continue
        strays = _not_the_most_common(order[known], values[known])
        if strays.any():
            stray.loc[known[known].index[strays]] = True
    return stray


def _not_the_most_common(order: pd.Series, value: pd.Series) -> np.ndarray:
    """Rows whose value is not their order's keeper: the value on most of the order's rows, the
    first of those on a tie. Worked out on numbers (each order and each value numbered once), not
    by grouping the texts three times: when every order has one value, nothing is a stray."""
    orders, _ = pd.factorize(order)
    values, distinct = pd.factorize(value)
    pairs, kinds = pd.factorize(orders.astype(np.int64) * len(distinct) + values)
    if len(kinds) == orders.max(initial=-1) + 1:  # one value per order
        return np.zeros(len(orders), dtype=bool)
    size = np.bincount(pairs)[pairs]
    most = np.zeros(orders.max() + 1, dtype=size.dtype)
    np.maximum.at(most, orders, size)
    candidates = np.flatnonzero(size == most[orders])
    _, first = np.unique(orders[candidates], return_index=True)  # each order's first row of the most
    keeper = np.empty(len(most), dtype=values.dtype)
    keeper[orders[candidates[first]]] = values[candidates[first]]
    return values != keeper[orders]


def _items(line, rows, quantity, unit_price, dropped_orders: list[str]) -> pd.DataFrame:
    if "product" not in rows and "sku" not in rows:
        return empty_items()
    items = pd.DataFrame({
        "order_id": line["order_id"],
        "sku": _clean_text(rows, "sku"),
        "product": _clean_text(rows, "product"),
        "quantity": quantity if quantity is not None else 1.0,
        "unit_price": unit_price if unit_price is not None else np.nan,
    })
    items = items[(items["product"].notna() | items["sku"].notna()) & items["order_id"].notna()]
    if dropped_orders:  # few, so filter by them rather than by the (many) kept orders
        items = items[~items["order_id"].isin(dropped_orders)]
    items.insert(1, "line_no", items.groupby("order_id", sort=False).cumcount())
    return items[ITEM_COLUMNS].reset_index(drop=True)
