"""A history built from many uploads: platform files, overlaps, refunds since, /uploads and /undo."""

from __future__ import annotations

from tests.conftest import ALICE
from tests.helpers import platform_exports


async def _upload(bot_api, name, content):
    mark = bot_api.mark()
    bot_api.send_document(ALICE, name, content)
    return await bot_api.await_for(
        lambda s: s.method == "editMessageText" and ("Send /segments" in (s.text or "") or "saved" in (s.text or "")),
        since=mark, timeout=90,
    )


async def _ask(bot_api, text):
    mark = bot_api.mark()
    bot_api.send_text(ALICE, text)
    return await bot_api.await_for(lambda s: s.method == "sendMessage", since=mark, timeout=60)


async def test_weekly_shopify_exports_overlap_and_a_refund_updates_the_order(bot, bot_api):
    first = await _upload(bot_api, "orders_export_1.csv", platform_exports.shopify_orders((1001, 1002, 1003)))
    assert "read as Shopify" in first.text and "new orders added: 3" in first.text
    second = await _upload(bot_api, "orders_export_2.csv",
                           platform_exports.shopify_orders((1002, 1003, 1004), refunded_1002=True))
    assert "new orders added: 1; updated: 1" in second.text
    stats = await _ask(bot_api, "/stats")
    assert "orders: 4" in stats.text

    listing = await _ask(bot_api, "/uploads")
    assert "orders_export_2.csv" in listing.text and "+1 new, 1 updated" in listing.text

    question = await _ask(bot_api, "/undo")
    assert "orders_export_2.csv" in question.text
    mark = bot_api.mark()
    bot_api.press_button(question, "undo:yes")
    undone = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark, timeout=60)
    assert "removed 1 orders" in undone.text and "restored 1" in undone.text
    stats = await _ask(bot_api, "/stats")
    assert "orders: 3" in stats.text and "uploads: 1" in stats.text


async def test_etsy_files_in_either_order_end_with_the_same_history(bot, bot_api, settings):
    from bot import service

    await _upload(bot_api, "EtsySoldOrderItems2019.csv", platform_exports.etsy_sold_order_items())
    await _upload(bot_api, "EtsySoldOrders2019.csv", platform_exports.etsy_sold_orders())
    items_first = service.load_orders(settings.db_path, ALICE).drop(columns=[])
    bob = 2002
    for name, builder in [("EtsySoldOrders2019.csv", platform_exports.etsy_sold_orders),
                          ("EtsySoldOrderItems2019.csv", platform_exports.etsy_sold_order_items)]:
        mark = bot_api.mark()
        bot_api.send_document(bob, name, builder())
        await bot_api.await_for(lambda s: s.chat_id == bob and "Send /segments" in (s.text or ""), since=mark, timeout=90)
    orders_first = service.load_orders(settings.db_path, bob)
    assert items_first.sort_values("order_id").reset_index(drop=True).equals(
        orders_first.sort_values("order_id").reset_index(drop=True))
    assert sorted(items_first["total"]) == [20.0, 38.0, 40.0]
    assert len(service.load_items(settings.db_path, ALICE)) == len(service.load_items(settings.db_path, bob)) == 4


async def test_shopify_customers_export_enriches_exports_with_consent(bot, bot_api):
    import csv
    import io

    from tests.helpers.shop import generic_orders_csv

    await _upload(bot_api, "orders.csv", generic_orders_csv(60))
    customers = "First Name,Last Name,Email,Accepts Email Marketing,Total Spent,Total Orders\n" + "".join(
        f"First{i},Last{i},customer{i}@example.com,{'yes' if i % 2 else 'no'},0,0\n" for i in range(60))
    mark = bot_api.mark()
    bot_api.send_document(ALICE, "customers_export.csv", customers.encode())
    reply = await bot_api.await_for(lambda s: s.method == "editMessageText" and "customers export" in (s.text or ""),
                                    since=mark, timeout=60)
    assert "60 customers' names and e-mail marketing consent saved" in reply.text
    mark = bot_api.mark()
    bot_api.send_text(ALICE, "/export champions")
    document = await bot_api.await_for(lambda s: s.method == "sendDocument", since=mark)
    rows = list(csv.DictReader(io.StringIO(document.content.decode("utf-8-sig"))))
    assert rows and {row["accepts_marketing"] for row in rows} <= {"yes", "no"}
    assert all(row["accepts_marketing"] == ("yes" if int(row["email"][8:].split("@")[0]) % 2 else "no") for row in rows)
