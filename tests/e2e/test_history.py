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
    bot_api.press_button(question, question.button_data("Yes"))
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
    assert sorted(items_first["total"]) == [4.99, 20.0, 20.0, 38.0, 40.0]  # the orders file's totals
    assert items_first.set_index("order_id").loc["1470000002", "status"] == "refunded"
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
    assert rows and {row["Accepts email marketing"] for row in rows} <= {"yes", "no"}
    assert all(row["Accepts email marketing"] == ("yes" if int(row["Email"][8:].split("@")[0]) % 2 else "no") for row in rows)


async def _press(bot_api, question, label="Yes"):
    mark = bot_api.mark()
    bot_api.press_button(question, question.button_data(label))
    return await bot_api.await_for(lambda s: s.method == "editMessageText" and s.message_id == question.message_id,
                                   since=mark, timeout=60)


def _stored_files(settings):
    from bot import service

    return [row["file_name"] for row in service.uploads(settings.db_path, ALICE)]


async def test_yes_under_an_older_undo_question_never_undoes_another_upload(bot, bot_api, settings):
    await _upload(bot_api, "A.csv", platform_exports.shopify_orders((1001, 1002)))
    await _upload(bot_api, "B.csv", platform_exports.shopify_orders((1003,)))
    first, second = await _ask(bot_api, "/undo"), await _ask(bot_api, "/undo")
    assert "Undo B.csv" in first.text and "Undo B.csv" in second.text
    assert "Undid B.csv" in (await _press(bot_api, first)).text
    refused = await _press(bot_api, second)
    assert "Nothing more was undone" in refused.text and "A.csv" in refused.text
    assert _stored_files(settings) == ["A.csv"]


async def test_undo_question_then_a_new_upload_then_yes_undoes_nothing(bot, bot_api, settings):
    await _upload(bot_api, "A.csv", platform_exports.shopify_orders((1001, 1002)))
    question = await _ask(bot_api, "/undo")
    await _upload(bot_api, "B.csv", platform_exports.shopify_orders((1003,)))
    refused = await _press(bot_api, question)
    assert "Nothing was undone: A.csv is no longer the newest upload (B.csv came after it)" in refused.text
    assert _stored_files(settings) == ["B.csv", "A.csv"]


async def test_a_double_tap_on_undo_undoes_one_upload(bot, bot_api, settings):
    await _upload(bot_api, "A.csv", platform_exports.shopify_orders((1001, 1002)))
    await _upload(bot_api, "B.csv", platform_exports.shopify_orders((1003,)))
    question = await _ask(bot_api, "/undo")
    mark = bot_api.mark()
    bot_api.press_button(question, question.button_data("Yes"))
    bot_api.press_button(question, question.button_data("Yes"))
    edits = []
    for _ in range(2):
        edits.append(await bot_api.await_for(
            lambda s: s.method == "editMessageText" and s not in edits, since=mark, timeout=60))
    assert sum("Undid B.csv" in edit.text for edit in edits) == 1
    assert _stored_files(settings) == ["A.csv"]


async def test_forget_question_then_a_new_upload_then_yes_deletes_nothing(bot, bot_api, settings):
    from bot import service

    await _upload(bot_api, "A.csv", platform_exports.shopify_orders((1001, 1002)))
    question = await _ask(bot_api, "/forget")
    assert "all 2 orders" in question.text
    await _upload(bot_api, "B.csv", platform_exports.shopify_orders((1003, 1004)))
    refused = await _press(bot_api, question)
    assert "Nothing was deleted" in refused.text and "now 4 orders" in refused.text
    assert service.chat_stats(settings.db_path, ALICE)["orders"] == 4
    question = await _ask(bot_api, "/forget")
    assert "deleted 4 orders" in (await _press(bot_api, question)).text
    assert "Nothing was deleted by this button" in (await _press(bot_api, question)).text


async def test_discount_codes_come_with_a_later_export_and_go_with_its_undo(bot, bot_api):
    first = await _upload(bot_api, "orders_export_1.csv", platform_exports.shopify_orders_with_codes(codes=False))
    assert "new orders added: 5" in first.text
    assert "don't carry that (discount code)" in (await _ask(bot_api, "revenue by discount code")).text
    second = await _upload(bot_api, "orders_export_2.csv", platform_exports.shopify_orders_with_codes())
    assert "updated: 4" in second.text  # the four orders with a code; #2002 has none
    # paid orders with SUMMER10: #2001 (50.00) and #2003 (40.00, typed summer10); #2004 is refunded
    assert "<b>2</b>" in (await _ask(bot_api, "how many orders used SUMMER10")).text
    by_code = (await _ask(bot_api, "revenue by discount code")).text
    assert "SUMMER10: 90.00" in by_code and "WELCOME5: 20.00" in by_code and "no code: 30.00" in by_code
    await _upload(bot_api, "orders_export_3.csv", platform_exports.shopify_orders_with_codes())
    for name, changed in (("orders_export_3.csv", "(0 new orders, 0 updated)"), ("orders_export_2.csv", "restored 4")):
        question = await _ask(bot_api, "/undo")
        assert name in question.text
        mark = bot_api.mark()
        bot_api.press_button(question, question.button_data("Yes"))
        undone = await bot_api.await_for(lambda s: s.method == "editMessageText", since=mark, timeout=60)
        assert changed in question.text + undone.text
    assert "don't carry that (discount code)" in (await _ask(bot_api, "revenue by discount code")).text
    assert "I can't answer that yet" in (await _ask(bot_api, "how many orders used SUMMER10")).text
