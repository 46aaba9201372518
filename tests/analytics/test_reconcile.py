"""Matching a provider's payments to the store orders they paid for, from hand-made examples."""

from __future__ import annotations

import pandas as pd

from analytics.ingest import read_export
from analytics.ingest.reconcile import match_payments, order_number_tokens, orders_named_in_text
from tests.helpers.two_sources import sales, shopify_orders, stripe_payments


def _orders(rows):
    table = pd.DataFrame(rows, columns=["order_id", "email", "name", "ordered_at", "total", "currency", "status"])
    table["ordered_at"] = pd.to_datetime(table["ordered_at"], utc=True)
    return table


def test_order_numbers_are_read_however_they_are_written():
    assert "o:1024" in order_number_tokens("#1024")
    assert "o:1024" in order_number_tokens("WC-1024")
    assert orders_named_in_text("My Shop - Order 1024") == order_number_tokens("1024")
    assert orders_named_in_text("Order #1024") == order_number_tokens("1024")
    assert orders_named_in_text("Bestellung Nr. 77") == order_number_tokens("77")
    assert orders_named_in_text("Subscription update") == []


def test_each_kind_of_evidence_matches_and_nothing_else_does():
    orders = _orders([
        ("#1001", "ann@example.com", "Ann A", "2025-03-01 10:00", 20.0, "USD", "paid"),
        ("#1002", "bo@example.com", "Bo B", "2025-03-02 10:00", 30.0, "USD", "paid"),
        ("#1003", None, "Cy C", "2025-03-03 10:00", 40.0, "USD", "paid"),
        ("#1004", None, None, "2025-03-04 10:00", 50.0, "USD", "paid"),
        ("#1005", "di@example.com", None, "2025-03-05 10:00", 60.0, "USD", "paid"),
    ])
    payments = _orders([
        ("ch_a", None, None, "2025-03-01 10:01", 20.0, "USD", "paid"),          # names #1001 in its description
        ("ch_b", "bo@example.com", None, "2025-03-02 10:01", 30.0, "USD", "paid"),   # same e-mail and amount
        ("ch_c", None, "cy c", "2025-03-03 12:00", 40.0, "USD", "paid"),            # same name and amount
        ("ch_d", None, None, "2025-03-04 10:03", 50.0, "USD", "paid"),              # amount within minutes, alone
        ("ch_e", "di@example.com", None, "2025-03-05 12:30", 61.0, "USD", "paid"),  # amount differs: another sale
        ("ch_f", "bo@example.com", None, "2025-03-20 10:00", 30.0, "USD", "paid"),  # two weeks later: a new sale
    ])
    refs = pd.DataFrame([("ch_a", "o:1001")], columns=["order_id", "reference"])
    matches = match_payments(payments, orders, refs)
    assert sorted(map(tuple, matches.to_numpy().tolist())) == [
        ("ch_a", "#1001", "reference"), ("ch_b", "#1002", "e-mail"), ("ch_c", "#1003", "name"),
        ("ch_d", "#1004", "amount and time"),
    ]


def test_an_order_refunded_in_part_since_still_matches_its_payment_at_checkout():
    orders = _orders([("#1", "ann@example.com", None, "2025-03-01 10:00", 15.0, "USD", "paid"),  # 197.70, 182.70 back
                      ("#2", "ann@example.com", None, "2025-03-01 18:00", 50.0, "USD", "paid")])
    payments = _orders([("txn1", "ann@example.com", None, "2025-03-01 10:01", 197.7, "USD", "paid"),
                        ("txn2", "ann@example.com", None, "2025-03-01 18:00", 50.0, "USD", "paid")])
    assert sorted(map(tuple, match_payments(payments, orders).to_numpy().tolist())) == [
        ("txn1", "#1", "e-mail and time"), ("txn2", "#2", "e-mail")]


def test_a_payment_or_order_is_used_once_and_paid_attempts_win():
    orders = _orders([("#1", "ann@example.com", None, "2025-03-01 10:00", 20.0, "USD", "paid")])
    payments = _orders([
        ("ch_failed", "ann@example.com", None, "2025-03-01 10:00", 20.0, "USD", "cancelled"),
        ("ch_paid", "ann@example.com", None, "2025-03-01 10:02", 20.0, "USD", "paid"),
    ])
    assert match_payments(payments, orders).to_numpy().tolist() == [["ch_paid", "#1", "e-mail"]]


def test_amount_alone_never_pairs_when_two_orders_could_be_the_one():
    orders = _orders([("#1", None, None, "2025-03-01 10:00", 20.0, "USD", "paid"),
                      ("#2", None, None, "2025-03-01 10:04", 20.0, "USD", "paid")])
    payments = _orders([("ch_1", None, None, "2025-03-01 10:02", 20.0, "USD", "paid")])
    assert match_payments(payments, orders).empty


def test_readers_carry_the_references_and_a_description_is_no_product():
    sold = sales(8)
    stripe = read_export(stripe_payments(sold), "unified_payments.csv")
    shopify = read_export(shopify_orders(sold), "orders_export.csv")
    assert stripe.items.empty, "'Order #1001' names the order paid for, not a product"
    assert "o:1001" in set(stripe.references["reference"])
    assert "p:pi_1002abc" in set(shopify.references["reference"])
    matches = match_payments(stripe.orders, shopify.orders, stripe.references, shopify.references)
    assert len(matches) == 8
    assert set(matches["order_id"]) == {f"#{s['number']}" for s in sold}
    assert all(m.removeprefix("ch_").removesuffix("xyz") == o.lstrip("#") for m, o in zip(matches["payment_id"], matches["order_id"]))
