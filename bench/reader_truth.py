"""Readers against a plain pandas reading of each platform's documented rule, on public raw
exports nobody on the team made: `python -m bench.reader_truth FILE...` (files under bench/out,
never committed; see the formats README for where they come from). A `.parquet` copy of a data
set (the full UCI Online Retail, 541,909 rows, is public as `Data/Raw/online_retail.parquet` of the
repository WhiteHorse101/OnlineEcommerce; its 4 MB+ CSV and xlsx copies are not) is written out as the
CSV an owner would send, and that CSV is what the readers read.

For each file it prints the revenue and paying customers the readers give (as `shoppulse
analyze --json` does) beside the rule's own figure and their ratio:
- Etsy sold orders: an order counts at its Order Total, at nothing when Adjusted Net Order
  Amount is 0.00 (fully refunded), at adjusted net + adjusted fees when that is smaller (kept);
  zeros in all three Adjusted columns with Adjusted Order Total written are untouched orders.
- Etsy sold order items: items + the order-level shipping and sales tax - discount.
- UCI Online Retail: the plain sum of Quantity x UnitPrice over rows with a customer, credit
  notes included (net revenue); paying customers are those whose net is above zero. The readers
  leave out credit notes of purchases the file does not hold (they say how much): on the full
  file, readers = rule + that amount, to the penny.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd

from analytics.analysis import analyse_orders
from analytics.ingest import read_exports


def _number(table: pd.DataFrame, *names: str) -> pd.Series:
    for name in names:
        if name in table:
            return pd.to_numeric(table[name], errors="coerce")
    return pd.Series(float("nan"), index=table.index)


def etsy_orders_rule(table: pd.DataFrame) -> tuple[float, int]:
    total = _number(table, "Order Total", "Order total")
    adjusted_total = _number(table, "Adjusted Order Total")
    fees = _number(table, "Adjusted Card Processing Fees")
    net = _number(table, "Adjusted Net Order Amount")
    untouched = adjusted_total.notna() & (adjusted_total.fillna(0) == 0) & (fees.fillna(0) == 0) & (net.fillna(0) == 0)
    adjusted = net.notna() & ~untouched
    kept = total.where(~adjusted, (net + fees.fillna(0)).where(net > 0, 0.0))
    buyer = table["Buyer User ID"].fillna(table["Full Name"]).str.strip().str.lower()
    return float(kept.sum()), int(buyer[kept > 0].nunique())


def etsy_items_rule(table: pd.DataFrame) -> tuple[float, int]:
    amount = (_number(table, "Item Total").fillna(0) + _number(table, "Order Shipping", "Order Delivery").fillna(0)
              + _number(table, "Order Sales Tax").fillna(0) - _number(table, "Discount Amount").fillna(0))
    user = table["Buyer"].str.extract(r"\(([^()]+)\)\s*$", expand=False)
    bare = table["Buyer"].where(user.isna())
    buyer = user.fillna(bare).fillna(table.get("Ship Name", table.get("Delivery Name"))).str.strip().str.lower()
    return float(amount.sum()), int(buyer.nunique())


def online_retail_rule(table: pd.DataFrame) -> tuple[float, int]:
    customer = table["CustomerID"] if "CustomerID" in table else table["Customer ID"]
    value = _number(table, "Quantity") * _number(table, "UnitPrice", "Price")
    net = value[customer.notna()].groupby(customer[customer.notna()].str.replace(r"\.0$", "", regex=True)).sum()
    return float(net.sum()), int((net > 0.005).sum())


RULES = {"Item Name,Transaction ID": etsy_items_rule, "Buyer User ID": etsy_orders_rule, "StockCode": online_retail_rule}


def main(paths: list[str]) -> None:
    print(f"{'file':<34} {'readers':>22} {'documented rule':>22} {'ratio':>7}")
    for path in paths:
        content, name = _as_sent(Path(path))
        table = pd.read_csv(io.BytesIO(content), dtype=str, encoding_errors="replace")
        rule = next(rule for key, rule in RULES.items() if all(name in table.columns for name in key.split(",")))
        revenue, customers = rule(table)
        export = read_exports([(content, name)])
        summary = analyse_orders(export.orders, items=export.items).summary
        print(f"{name:<34} {summary['revenue']:>12,.2f} {summary['customers']:>9,} "
              f"{revenue:>12,.2f} {customers:>9,} {summary['revenue'] / revenue:>7.3f}")
        for note in export.notes:  # what the reader says it did differently (credit notes of earlier sales)
            print(f"    {note}")


def _as_sent(path: Path) -> tuple[bytes, str]:
    """The file's bytes and name as an owner would send it: a parquet copy becomes its CSV."""
    if path.suffix != ".parquet":
        return path.read_bytes(), path.name
    return pd.read_parquet(path).to_csv(index=False).encode(), path.with_suffix(".csv").name


if __name__ == "__main__":
    main(sys.argv[1:])
