"""Public retail data sets shops copy their exports from: UCI Online Retail (I and II).

Facts from docs/formats.md section 7.1: one row per invoice line, invoices starting with
"C" are credit notes (negative quantities) reversing earlier lines of the same customer, a
quarter of the rows have no customer, prices in GBP, customer ids read as floats by some tools
("17850.0"). Revenue is net: each credit note is taken off the purchases it reverses (the same
product at the same price, most recent purchase first, then the customer's latest earlier orders
by amount), so a customer whose every purchase was reversed is not a paying customer. The price
matters: one StockCode may be sold at two prices (22502 is a small basket at 4.95 and a set of
60 at 649.50), and `M` (Manual) lines carry any amount, so a credit of 4 × 9.95 must never
cancel four lines of 4,161.06.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from analytics.errors import N_, Message, counted
from analytics.ingest.canonical import Export, build_orders
from analytics.ingest.readers.base import ColumnReader, column, map_columns, rename_to_fields

# What is left of an order after its reversals, below which nothing was really bought.
_NOTHING_LEFT = 0.005


class OnlineRetailReader(ColumnReader):
    platform = "online-retail"
    signature = ("StockCode", "Description", "Quantity", "InvoiceDate")
    extra_columns = ("Invoice", "InvoiceNo")
    aliases = {
        "order_id": ("Invoice", "InvoiceNo"),
        "customer_id": ("Customer ID", "CustomerID"),
        "ordered_at": ("InvoiceDate",),
        "unit_price": ("Price", "UnitPrice"),
        "quantity": ("Quantity",),
        "product": ("Description",),
        "sku": ("StockCode",),
        "country": ("Country",),
        "currency": ("Currency",),
    }

    def prepare(self, table: pd.DataFrame) -> pd.DataFrame:
        table = table.copy()
        table["Currency"] = "GBP"
        return table

    def read(self, table: pd.DataFrame, file_name: str) -> Export:
        table = self.prepare(table)
        invoice = column(table, "Invoice").fillna(column(table, "InvoiceNo")).str.strip().str.upper()
        credit = invoice.str.startswith("C").fillna(False).to_numpy()
        rows = rename_to_fields(table, map_columns(list(table.columns), self.aliases))
        sales = build_orders(rows[~credit], self.platform, file_name)
        if not credit.any():
            return sales
        credits = build_orders(rows[credit], self.platform, file_name)
        netted = net_credit_notes(sales, credits)
        netted.rows_read = sales.rows_read + credits.rows_read
        netted.skipped.update(credits.skipped)
        return netted


def net_credit_notes(sales: Export, credits: Export) -> Export:
    """Sales with every credit note taken off the purchases it reverses; credit notes vanish.

    A credit note of a product the customer bought before in this file at the same unit price
    reduces those lines (newest first); what it cannot match so is taken off the customer's latest
    earlier orders by its own amount; what is still left reverses a purchase from before this file,
    and is said.
    """
    orders = sales.orders.copy()
    items = sales.items.copy()
    placed = orders.set_index("order_id")
    item_customer = items["order_id"].map(placed["customer_id"]).to_numpy()
    item_date = items["order_id"].map(placed["ordered_at"]).to_numpy()
    quantity = items["quantity"].astype(float).to_numpy().copy()
    lines_by_product: dict[tuple, list[int]] = defaultdict(list)
    for position in sorted(range(len(items)), key=lambda p: item_date[p], reverse=True):  # newest first
        lines_by_product[(item_customer[position], items["sku"].iat[position],
                          _price(items["unit_price"].iat[position]))].append(position)

    notes = credits.orders.set_index("order_id")
    returns = credits.items[credits.items["order_id"].isin(notes.index.tolist())]
    if returns.empty:  # credit notes without lines (a file cut short): nothing to take off
        returns = returns.assign(customer_id=pd.Series(dtype=object), ordered_at=pd.Series(dtype="datetime64[ns, UTC]"))
    else:
        returns = returns.assign(customer_id=returns["order_id"].map(notes["customer_id"]),
                                 ordered_at=returns["order_id"].map(notes["ordered_at"])).sort_values("ordered_at")
    by_amount: dict[tuple, float] = defaultdict(float)  # (customer, credit date) -> value not matched
    for customer, sku, returned, unit_price, when in zip(
        returns["customer_id"], returns["sku"], -returns["quantity"].astype(float), returns["unit_price"].abs(),
        returns["ordered_at"],
    ):
        for position in lines_by_product.get((customer, sku, _price(unit_price)), []):
            if returned <= 0:
                break
            if item_date[position] <= when and quantity[position] > 0:
                taken = min(quantity[position], returned)
                quantity[position] -= taken
                returned -= taken
        if returned > 0 and unit_price > 0:
            by_amount[(customer, when)] += returned * unit_price

    items["quantity"] = quantity
    line_value = (items["quantity"] * items["unit_price"]).groupby(items["order_id"]).sum()
    orders["total"] = orders["order_id"].map(line_value).fillna(orders["total"])
    before_file = sum(_take_off_latest_orders(orders, customer, when, value)
                      for (customer, when), value in by_amount.items())
    reversed_in_full = (orders["total"] < _NOTHING_LEFT) & (orders["status"] == "paid")
    orders.loc[reversed_in_full, "status"] = "refunded"
    orders["total"] = orders["total"].clip(lower=0.0).round(2)
    items = items[items["quantity"] > 0].reset_index(drop=True)
    items["line_no"] = items.groupby("order_id", sort=False).cumcount()

    netted = Export(sales.platform, orders, items, skipped=sales.skipped.copy(), notes=list(sales.notes))
    netted.notes.append(counted(
        len(notes),
        N_("{count:,} credit note (C… invoices) taken off the purchases they reverse; {reversed:,} of the orders "
           "were reversed in full."),
        N_("{count:,} credit notes (C… invoices) taken off the purchases they reverse; {reversed:,} of the orders "
           "were reversed in full."),
        reversed=int(reversed_in_full.sum())))
    if before_file > _NOTHING_LEFT:
        netted.notes.append(Message(
            N_("Credit notes worth {amount:,.2f} GBP reverse purchases from before this file; they are left out, as "
               "those purchases are."), amount=before_file))
    return netted


def _price(value) -> float:
    """A unit price as a key: the same price written 4.95 or 4.950000001 is one price."""
    return round(abs(float(value)), 2)


def _take_off_latest_orders(orders: pd.DataFrame, customer, when, value: float) -> float:
    """Reduce the customer's latest orders up to `when` by `value`; return what found no order."""
    earlier = orders[(orders["customer_id"] == customer) & (orders["ordered_at"] <= when) & (orders["total"] > 0)]
    for index in earlier.sort_values("ordered_at", ascending=False).index:
        if value <= 0:
            break
        taken = min(float(orders.at[index, "total"]), value)
        orders.at[index, "total"] -= taken
        value -= taken
    return max(value, 0.0)
