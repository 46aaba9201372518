"""Who bought, when a platform hides its buyers: masked values are not identities.

Chinese marketplaces mask buyers in their exports (138****1234, **, 张**). Two such values
that look alike are two unknown people, not one customer, so a masked value never becomes a
customer key. A reader names the columns that can identify a buyer, best first; the first one
written in full wins. An address identifies only together with the receiver's name, and is kept
as a short hash, so the history never stores it. Each key comes with what it rests on (its
basis), so the import can say how many orders were known how; an order whose buyer nothing
identifies is kept as a customer of its own (analytics.ingest.canonical).
"""

from __future__ import annotations

import hashlib

import pandas as pd

_MASK = r"[*＊]"
# The generated column a reader puts each buyer key's basis in (read as the field buyer_basis).
BUYER_BASIS = "买家识别依据"
MEMBER, PHONE, ADDRESS = "member", "phone", "address"
# A phone written in full has at least this many digits (Chinese mobiles have 11).
_MIN_PHONE_DIGITS = 7


def masked(values: pd.Series) -> pd.Series:
    """True where a cell holds a masked value such as 138****1234, ** or 张**."""
    return values.astype("string").str.contains(_MASK, regex=True).fillna(False).astype(bool)


def buyer_keys(
    index: pd.Index,
    *,
    members: list[pd.Series] = (),
    phones: list[pd.Series] = (),
    receivers: list[pd.Series] = (),
    addresses: list[pd.Series] = (),
) -> tuple[pd.Series, pd.Series]:
    """One key per row from the first identifying column written in full: a member name, a
    phone (digits only), or a hash of the receiver's name and address (columns best first);
    and beside it the key's basis (MEMBER, PHONE or ADDRESS; <NA> where nothing identifies).

    Where nothing is written in full but something was masked, the row keeps the masked text,
    so the canonical build knows the buyer is hidden and keys the order by itself (never merged);
    where nothing was written at all, the row's key is empty.
    """
    keys = pd.Series(pd.NA, index=index, dtype="string")
    basis = pd.Series(pd.NA, index=index, dtype="string")
    hidden = pd.Series(pd.NA, index=index, dtype="string")
    for values in members:
        values = _text(values)
        hidden = hidden.fillna(values.where(masked(values)))
        keys = keys.fillna(values.where(~masked(values)))
    basis = basis.mask(keys.notna() & basis.isna(), MEMBER)
    for values in phones:
        raw = _text(values)
        digits = raw.str.replace(r"\D", "", regex=True)
        whole = ~masked(raw) & (digits.str.len() >= _MIN_PHONE_DIGITS).fillna(False).astype(bool)
        hidden = hidden.fillna(raw.where(masked(raw)))
        keys = keys.fillna(digits.where(whole))
    basis = basis.mask(keys.notna() & basis.isna(), PHONE)
    receiver, address = _first_written(receivers, index), _first_written(addresses, index)
    in_full = receiver.notna() & address.notna() & ~masked(receiver) & ~masked(address)
    if in_full.any():
        hashed = (receiver + "|" + address)[in_full].map(
            lambda text: "addr-" + hashlib.sha1(text.encode()).hexdigest()[:12])
        keys = keys.fillna(hashed.reindex(index).astype("string"))
    basis = basis.mask(keys.notna() & basis.isna(), ADDRESS)
    hidden = hidden.fillna(receiver.where(masked(receiver))).fillna(address.where(masked(address)))
    return keys.fillna(hidden), basis


def _text(values: pd.Series) -> pd.Series:
    """Trimmed text, <NA> where empty."""
    text = values.astype("string").str.strip()
    return text.where(text != "")


def _first_written(columns: list[pd.Series], index: pd.Index) -> pd.Series:
    values = pd.Series(pd.NA, index=index, dtype="string")
    for column in columns:
        values = values.fillna(_text(column))
    return values
