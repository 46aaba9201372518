"""Small exports in each platform's real layout, written by code from the facts collected in
../shared/formats/README.md (headers quoted there exactly; values invented, e-mails example.com).

Each builder returns the file's bytes; `PLATFORM_FIXTURES` lists them with what a correct
import must find (orders, customers, paid revenue), so one parametrised test covers them all.
"""

from __future__ import annotations

import csv
import io

from analytics.ingest.readers.etsy import ETSY_ITEMS_HEADER, ETSY_ORDERS_HEADER
from analytics.ingest.readers.shopify import SHOPIFY_ORDERS_HEADER
from tests.helpers import chinese_exports

SHOPIFY_HEADER = SHOPIFY_ORDERS_HEADER


def _csv(header: list[str], rows: list[dict], *, delimiter: str = ",", quote_all: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=delimiter, lineterminator="\n",
                            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def shopify_orders(order_numbers=(1001, 1002, 1003, 1004), refunded_1002: bool = False, test_order: int | None = None) -> bytes:
    """Four orders: a 2-line order, a refund (optional), a cancelled order, a -0700 shop time;
    `test_order` is paid through the Bogus Gateway, as a shop's test orders are."""
    rows = []
    for n in order_numbers:
        email = f"buyer{n % 3}@example.com"
        first = {"Name": f"#{n}", "Email": email, "Financial Status": "paid", "Currency": "USD",
                 "Created at": f"2025-12-0{n % 9 + 1} 23:59:28 -0700", "Billing Name": f"Buyer {n % 3}",
                 "Billing Country": "US", "Source": "web", "Id": str(6953195503000 + n), "Refunded Amount": "0.00",
                 "Payment Method": "bogus" if n == test_order else "Shopify Payments"}
        if n == 1001:
            rows.append({**first, "Total": "64.40", "Subtotal": "64.40", "Lineitem quantity": "1",
                         "Lineitem name": "Linen Dress - M", "Lineitem price": "36.98", "Lineitem sku": "DR-M"})
            rows.append({"Name": "#1001", "Email": email, "Created at": first["Created at"], "Lineitem quantity": "1",
                         "Lineitem name": "Linen Scarf", "Lineitem price": "27.42", "Lineitem sku": "SC-1",
                         "Vendor": "Shop", "Lineitem discount": "0.00"})
        elif n == 1002:
            status = "refunded" if refunded_1002 else "paid"
            rows.append({**first, "Financial Status": status, "Total": "222.00", "Lineitem quantity": "2",
                         "Lineitem name": "Wool Coat", "Lineitem price": "111.00", "Lineitem sku": "CT-1",
                         "Refunded Amount": "222.00" if refunded_1002 else "0.00"})
        elif n == 1003:
            rows.append({**first, "Financial Status": "partially_refunded", "Total": "100.00", "Refunded Amount": "40.00",
                         "Lineitem quantity": "1", "Lineitem name": "Boots", "Lineitem price": "100.00"})
        else:
            rows.append({**first, "Financial Status": "refunded", "Total": "50.00", "Refunded Amount": "50.00",
                         "Cancelled at": "2025-12-06 10:00:00 -0700", "Lineitem quantity": "1",
                         "Lineitem name": "Hat", "Lineitem price": "50.00"})
    return _csv(SHOPIFY_HEADER, rows).encode()


def shopify_orders_with_codes(codes: bool = True) -> bytes:
    """#2001 (2 lines, `Discount Code` on the order's first row only, formats README 1.1), #2002 (no
    code), #2003 (the same code typed in lower case), #2004 refunded with WELCOME5, #2005 paid with
    WELCOME5; without `codes`, the same orders with every code cell empty."""
    def order(n, email, total, code, status="paid", day=10):
        return {"Name": f"#{n}", "Email": email, "Financial Status": status, "Currency": "USD",
                "Created at": f"2025-12-{day:02d} 10:00:00 +0000", "Billing Country": "US", "Total": total,
                "Discount Code": code if codes else "", "Discount Amount": "5.00" if code else "0.00",
                "Refunded Amount": total if status == "refunded" else "0.00", "Lineitem quantity": "1",
                "Lineitem name": "Candle", "Lineitem price": total, "Id": str(7000 + n)}
    rows = [
        {**order(2001, "ann@example.com", "50.00", "SUMMER10"), "Lineitem quantity": "2", "Lineitem name": "Soap",
         "Lineitem price": "10.00"},
        {"Name": "#2001", "Email": "ann@example.com", "Created at": "2025-12-10 10:00:00 +0000",
         "Lineitem quantity": "1", "Lineitem name": "Candle", "Lineitem price": "35.00"},
        order(2002, "bo@example.com", "30.00", ""),
        order(2003, "ann@example.com", "40.00", "summer10", day=12),
        order(2004, "cy@example.com", "60.00", "WELCOME5", status="refunded", day=13),
        order(2005, "cy@example.com", "20.00", "WELCOME5", day=14),
    ]
    return _csv(SHOPIFY_HEADER, rows).encode()


def woocommerce_aoe() -> bytes:
    header = ["Order Number", "Order Status", "Order Date", "Customer Note", "First Name (Billing)",
              "Last Name (Billing)", "Email (Billing)", "Item #", "SKU", "Name", "Quantity", "Item Cost",
              "Order Refund Amount", "Order Total Amount"]
    rows = [
        {"Order Number": "501", "Order Status": "Completed", "Order Date": "2018-05-01 14:32", "First Name (Billing)": "Ann",
         "Last Name (Billing)": "Lee", "Email (Billing)": "ann@example.com", "Item #": "1", "SKU": "S1", "Name": "Soap",
         "Quantity": "2", "Item Cost": "5.00", "Order Refund Amount": "0", "Order Total Amount": "22.00"},
        {"Order Number": "501", "Order Status": "Completed", "Order Date": "2018-05-01 14:32", "First Name (Billing)": "Ann",
         "Last Name (Billing)": "Lee", "Email (Billing)": "ann@example.com", "Item #": "2", "SKU": "D1", "Name": "Dish",
         "Quantity": "1", "Item Cost": "12.00", "Order Refund Amount": "0", "Order Total Amount": "22.00"},
        {"Order Number": "502", "Order Status": "Refunded", "Order Date": "2018-05-02 09:00", "First Name (Billing)": "Bo",
         "Last Name (Billing)": "Ng", "Email (Billing)": "bo@example.com", "Item #": "1", "SKU": "S1", "Name": "Soap",
         "Quantity": "1", "Item Cost": "5.00", "Order Refund Amount": "5.00", "Order Total Amount": "5.00"},
        {"Order Number": "503", "Order Status": "Processing", "Order Date": "2018-05-03 11:15", "First Name (Billing)": "Ann",
         "Last Name (Billing)": "Lee", "Email (Billing)": "ann@example.com", "Item #": "1", "SKU": "C1", "Name": "Candle",
         "Quantity": "1", "Item Cost": "18.00", "Order Refund Amount": "0", "Order Total Amount": "18.00"},
    ]
    return _csv(header, rows, quote_all=True).encode()


def woocommerce_analytics() -> bytes:
    header = ["Date", "Order #", "N. Revenue (formatted)", "Status", "Customer", "Customer type", "Product(s)",
              "Items sold", "Coupon(s)", "Net Sales", "Attribution"]
    rows = [
        {"Date": "2024-03-01 10:00:00", "Order #": "77", "N. Revenue (formatted)": "$1,299.00", "Status": "Completed",
         "Customer": "Ann Lee", "Customer type": "new", "Product(s)": "1× Desk", "Items sold": "1", "Net Sales": "1299"},
        {"Date": "2024-03-02 11:00:00", "Order #": "78", "N. Revenue (formatted)": "$45.50", "Status": "Completed",
         "Customer": "Bo Ng", "Customer type": "new", "Product(s)": "2× Mug", "Items sold": "2", "Net Sales": "45.5"},
    ]
    return _csv(header, rows).encode()


def etsy_sold_orders(zeros_when_untouched: bool = False) -> bytes:
    """Three kept orders (a guest among them), one fully and one partly refunded, as formats §3
    shows them: refunds only in the Adjusted columns. `zeros_when_untouched` writes the Adjusted
    columns as 2020+ files do: 0 on every order nobody adjusted."""
    untouched = ({"Adjusted Order Total": "0", "Adjusted Card Processing Fees": "0", "Adjusted Net Order Amount": "0"}
                 if zeros_when_untouched else {})
    rows = [
        {"Sale Date": "05/19/19", "Order ID": "1454026116", "Buyer User ID": "PatUser28", "Full Name": "Pat Example",
         "Currency": "USD", "Order Value": "30.00", "Shipping": "8.00", "Order Total": "38.00",
         "Card Processing Fees": "1.39", "Order Net": "36.61", "Ship Country": "United States", **untouched},
        {"Sale Date": "05/22/19", "Order ID": "1455338276", "Buyer User ID": "", "Full Name": "Sam Example",
         "Currency": "USD", "Order Value": "15.00", "Shipping": "5.00", "Order Total": "20.00",
         "Card Processing Fees": "0.85", "Order Net": "19.15", "Ship Country": "United States", **untouched},
        {"Sale Date": "06/13/19", "Order ID": "1460000001", "Buyer User ID": "PatUser28", "Full Name": "Pat Example",
         "Currency": "USD", "Order Value": "40", "Shipping": "0", "Order Total": "40", "Ship Country": "United States",
         **untouched},
        # fully refunded: Adjusted Net Order Amount 0.00 (LilySu 2013 order 117149118)
        {"Sale Date": "07/01/19", "Order ID": "1470000002", "Buyer User ID": "", "Full Name": "Sam Example",
         "Currency": "USD", "Order Value": "15.00", "Shipping": "5.00", "Order Total": "20.00",
         "Card Processing Fees": "0.85", "Order Net": "19.15", "Adjusted Order Total": "0" if zeros_when_untouched else "",
         "Adjusted Card Processing Fees": "0.00", "Adjusted Net Order Amount": "0.00", "Ship Country": "United States"},
        # partly refunded: 7.99 paid, adjusted net 4.59 + adjusted fees 0.40 = 4.99 kept (LilySu 2014)
        {"Sale Date": "07/02/19", "Order ID": "1470000003", "Buyer User ID": "kim77", "Full Name": "Kim Example",
         "Currency": "USD", "Order Value": "6.00", "Shipping": "1.99", "Order Total": "7.99",
         "Card Processing Fees": "0.49", "Order Net": "7.5", "Adjusted Order Total": "0" if zeros_when_untouched else "",
         "Adjusted Card Processing Fees": "0.40", "Adjusted Net Order Amount": "4.59", "Ship Country": "United States"},
    ]
    return _csv(ETSY_ORDERS_HEADER, rows).encode()


def etsy_sold_order_items() -> bytes:
    """The items of the first three orders: shipping on one row of each order and 0 on the others
    (formats §3), a username in a different case, and a guest whose Buyer cell is blank."""
    rows = [
        {"Sale Date": "05/19/19", "Item Name": "Fox Print", "Buyer": "Pat Example (patuser28)", "Quantity": "1",
         "Price": "10.00", "Order Shipping": "8.00", "Order Sales Tax": "0", "Item Total": "10", "Currency": "USD",
         "Transaction ID": "1", "Ship Name": "Pat Example", "Order ID": "1454026116"},
        {"Sale Date": "05/19/19", "Item Name": "Owl Print", "Buyer": "Pat Example (patuser28)", "Quantity": "2",
         "Price": "10.00", "Order Shipping": "0", "Order Sales Tax": "0", "Item Total": "20", "Currency": "USD",
         "Transaction ID": "2", "Ship Name": "Pat Example", "Order ID": "1454026116"},
        {"Sale Date": "05/22/19", "Item Name": "Card", "Buyer": "", "Quantity": "1", "Price": "15",
         "Order Shipping": "5", "Order Sales Tax": "0", "Item Total": "15", "Currency": "USD", "Transaction ID": "3",
         "Ship Name": "Sam Example", "Order ID": "1455338276"},
        {"Sale Date": "06/13/19", "Item Name": "Mug", "Buyer": "Pat Example (patuser28)", "Quantity": "1", "Price": "40",
         "Order Shipping": "0", "Order Sales Tax": "0", "Item Total": "40", "Currency": "USD", "Transaction ID": "4",
         "Ship Name": "Pat Example", "Order ID": "1460000001"},
    ]
    return _csv(ETSY_ITEMS_HEADER, rows).encode()


def stripe_payments() -> bytes:
    header = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Converted Amount",
              "Converted Amount Refunded", "Converted Currency", "Decline Reason", "Description", "Fee",
              "Refunded date (UTC)", "Statement Descriptor", "Status", "Seller Message", "Taxes On Fee", "Card ID",
              "Customer ID", "Customer Description", "Customer Email", "Invoice ID", "Transfer", "Mode"]
    rows = [
        {"id": "ch_1", "Created date (UTC)": "2026-04-10 03:48:02", "Amount": "8.00", "Amount Refunded": "0.00",
         "Currency": "usd", "Status": "Paid", "Customer ID": "cus_A", "Customer Email": "a@example.com", "Mode": "Live"},
        {"id": "ch_2", "Created date (UTC)": "2026-01-17 21:53:00", "Amount": "8.00", "Amount Refunded": "8.00",
         "Currency": "usd", "Status": "Refunded", "Customer ID": "cus_B", "Customer Email": "b@example.com", "Mode": "Live"},
        {"id": "ch_3", "Created date (UTC)": "2026-02-01 10:00:00", "Amount": "20.00", "Amount Refunded": "5.00",
         "Currency": "usd", "Status": "Paid", "Customer ID": "cus_A", "Customer Email": "a@example.com", "Mode": "Live"},
        {"id": "ch_4", "Created date (UTC)": "2026-02-02 10:00:00", "Amount": "99.00", "Amount Refunded": "0.00",
         "Currency": "usd", "Status": "Paid", "Customer ID": "cus_C", "Customer Email": "c@example.com", "Mode": "Test"},
        {"id": "ch_5", "Created date (UTC)": "2026-02-03 10:00:00", "Amount": "12.00", "Amount Refunded": "0.00",
         "Currency": "usd", "Status": "Failed", "Customer ID": "cus_C", "Customer Email": "c@example.com", "Mode": "Live"},
    ]
    return _csv(header, rows).encode()


def paypal_activity() -> bytes:
    header = ["Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
              "From Email Address", "To Email Address", "Transaction ID", "Item Title", "Balance Impact"]
    rows = [
        {"Date": "04/04/2022", "Time": "07:36:53", "TimeZone": "PDT", "Name": "Buyer Example", "Type": "Website Payment",
         "Status": "Completed", "Currency": "USD", "Gross": "1,011.70", "Fee": "-11.82", "Net": "999.88",
         "From Email Address": "buyer@example.com", "Transaction ID": "5WW43684F45789843", "Balance Impact": "Credit"},
        {"Date": "04/05/2022", "Time": "15:08:10", "TimeZone": "PDT", "Name": "PayPal", "Type": "Account Hold for Open Authorization",
         "Status": "Pending", "Currency": "USD", "Gross": "-41.14", "From Email Address": "seller@example.com",
         "Transaction ID": "5CP67312MG6360230", "Balance Impact": "Debit"},
        {"Date": "04/15/2022", "Time": "23:30:00", "TimeZone": "PDT", "Name": "Other Buyer", "Type": "Invoice Sent",
         "Status": "Paid", "Currency": "USD", "Gross": "50.00", "From Email Address": "other@example.com",
         "Transaction ID": "INV1", "Balance Impact": "Memo"},
        {"Date": "04/20/2022", "Time": "10:00:00", "TimeZone": "PDT", "Name": "Buyer Example", "Type": "Express Checkout Payment",
         "Status": "Completed", "Currency": "USD", "Gross": "25.00", "From Email Address": "buyer@example.com",
         "Transaction ID": "7XX", "Balance Impact": "Credit"},
    ]
    return ("\ufeff" + _csv(header, rows, quote_all=True)).encode("utf-8")


def square_items() -> bytes:
    header = ["Date", "Time", "Time Zone", "Category", "Item", "Qty", "Price Point Name", "SKU", "Modifiers Applied",
              "Gross Sales", "Discounts", "Net Sales", "Tax", "Transaction ID", "Payment ID", "Device Name", "Notes",
              "Details", "Event Type", "Location", "Dining Option", "Customer ID", "Customer Name", "Customer Reference ID"]
    rows = [
        {"Date": "2026-07-18", "Time": "12:48:07", "Time Zone": "Eastern Time (US & Canada)", "Category": "None",
         "Item": "Matcha Latte", "Qty": "1.0", "Gross Sales": "$8.00", "Net Sales": "$8.00", "Transaction ID": "T1",
         "Event Type": "Payment", "Customer ID": "SQ1", "Customer Name": "Lee Example"},
        {"Date": "2026-07-18", "Time": "12:48:07", "Time Zone": "Eastern Time (US & Canada)", "Category": "None",
         "Item": "sticker", "Qty": "1.0", "Gross Sales": "$2.00", "Net Sales": "$2.00", "Transaction ID": "T1",
         "Event Type": "Payment", "Customer ID": "SQ1", "Customer Name": "Lee Example"},
        {"Date": "2026-07-19", "Time": "09:00:00", "Time Zone": "Eastern Time (US & Canada)", "Category": "None",
         "Item": "Cold Brew", "Qty": "1.0", "Gross Sales": "$5.00", "Net Sales": "$5.00", "Transaction ID": "T2",
         "Event Type": "Payment", "Customer ID": "", "Customer Name": ""},
    ]
    return _csv(header, rows).encode()


def gumroad_sales() -> bytes:
    header = ["Purchase ID", "Item Name", "Buyer Name", "Purchase Email", "Buyer Email", "Do not contact?", "Purchase Date",
              "Purchase Time (UTC timezone)", "Subtotal ($)", "Taxes ($)", "Shipping ($)", "Sale Price ($)", "Fees ($)",
              "Net Total ($)", "Refunded?", "Partial Refund ($)", "Fully Refunded?", "Product ID", "Quantity", "Rating", "Review"]
    rows = [
        {"Purchase ID": "p1", "Item Name": "E-book", "Buyer Name": "Ann", "Purchase Email": "ann@example.com",
         "Purchase Date": "2024-01-02", "Purchase Time (UTC timezone)": "2024-01-02 03:04:05 UTC", "Sale Price ($)": "10.0",
         "Refunded?": "0", "Partial Refund ($)": "0.0", "Fully Refunded?": "0", "Product ID": "P", "Quantity": "1"},
        {"Purchase ID": "p2", "Item Name": "Course", "Buyer Name": "Bo", "Purchase Email": "bo@example.com",
         "Purchase Date": "2024-01-03", "Purchase Time (UTC timezone)": "2024-01-03 10:00:00 UTC", "Sale Price ($)": "50.0",
         "Refunded?": "1", "Partial Refund ($)": "0.0", "Fully Refunded?": "1", "Product ID": "C", "Quantity": "1"},
        {"Purchase ID": "Totals", "Sale Price ($)": "60.0"},
    ]
    return _csv(header, rows).encode()


def amazon_orders(buyer: bool = True) -> bytes:
    header = ["order-id", "order-item-id", "purchase-date", "payments-date", "buyer-email", "buyer-name", "sku",
              "product-name", "quantity-purchased", "currency", "item-price", "item-tax", "shipping-price",
              "ship-country", "sales-channel"]
    rows = [
        {"order-id": "114-01", "order-item-id": "1", "purchase-date": "2017-09-23T14:18:23-07:00",
         "buyer-email": "x1@marketplace.amazon.com", "buyer-name": "Buyer One", "sku": "SKU-1",
         "product-name": "Lamp", "quantity-purchased": "1", "currency": "USD", "item-price": "9.88", "ship-country": "US"},
        {"order-id": "114-01", "order-item-id": "2", "purchase-date": "2017-09-23T14:18:23-07:00",
         "buyer-email": "x1@marketplace.amazon.com", "buyer-name": "Buyer One", "sku": "SKU-2",
         "product-name": "Bulb", "quantity-purchased": "2", "currency": "USD", "item-price": "4.00", "ship-country": "US"},
        {"order-id": "114-02", "order-item-id": "3", "purchase-date": "2017-09-24T08:00:00+00:00",
         "buyer-email": "x2@marketplace.amazon.com", "buyer-name": "Buyer Two", "sku": "SKU-1",
         "product-name": "Lamp", "quantity-purchased": "1", "currency": "USD", "item-price": "9.88", "ship-country": "US"},
    ]
    if not buyer:
        for row in rows:
            row["buyer-email"] = row["buyer-name"] = ""
    return _csv(header, rows, delimiter="\t").encode("cp1252")


def ebay_orders() -> bytes:
    header = ["Sales Record Number", "Order Number", "Buyer Username", "Buyer Name", "Buyer Email", "Buyer Country",
              "Item Number", "Item Title", "Custom Label", "Quantity", "Sold For", "Shipping And Handling", "Total Price",
              "Payment Method", "Sale Date"]
    rows = [
        {"Sales Record Number": "1", "Order Number": "01-1", "Buyer Username": "ebayer1", "Buyer Name": "E One",
         "Buyer Email": "e1@example.com", "Buyer Country": "US", "Quantity": "2", "Sold For": "$45.99",
         "Total Price": "$91.98", "Sale Date": "Jul-21-25"},
        {"Sales Record Number": "1", "Order Number": "01-1", "Buyer Username": "ebayer1", "Item Number": "11",
         "Item Title": "Vintage Lamp", "Quantity": "1", "Sold For": "$45.99", "Sale Date": "Jul-21-25"},
        {"Sales Record Number": "1", "Order Number": "01-1", "Buyer Username": "ebayer1", "Item Number": "12",
         "Item Title": "Shade", "Quantity": "1", "Sold For": "$45.99", "Sale Date": "Jul-21-25"},
        {"Sales Record Number": "2", "Order Number": "02-2", "Buyer Username": "ebayer2", "Buyer Name": "E Two",
         "Buyer Email": "e2@example.com", "Buyer Country": "US", "Item Number": "13", "Item Title": "Clock",
         "Quantity": "1", "Sold For": "$1,200.00", "Total Price": "$1,200.00", "Sale Date": "Jul-22-25"},
    ]
    body = _csv(header, rows, quote_all=True)
    head, rest = body.split("\n", 1)
    return ("\n" + head + "\n\n" + rest + "\n2 record(s) downloaded\nSeller ID : myshop\n").encode()


def online_retail() -> bytes:
    text = (
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
        "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n"
        '489434,22041,"RECORD FRAME 7"" SINGLE SIZE",48,2009-12-01 07:45:00,2.10,13085.0,United Kingdom\n'
        "489435,22350,CAT BOWL,12,2009-12-01 07:46:00,2.55,13085.0,United Kingdom\n"
        "C489449,21524,DOORMAT RED,-2,2009-12-01 10:33:00,7.95,16321.0,Australia\n"
        "489436,21523,DOORMAT,10,2009-12-01 09:06:00,5.95,,United Kingdom\n"
        "489437,21524,DOORMAT RED,2,2009-12-01 09:08:00,7.95,16321.0,Australia\n"
    )
    return text.encode()


def taobao_orders() -> bytes:
    header = ["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "总金额", "买家实际支付金额", "订单状态",
              "买家留言", "收货人姓名", "订单创建时间", "订单付款时间", "宝贝标题", "宝贝总数量", "退款金额"]
    rows = [
        {"订单编号": '="1001"', "买家会员名": "小明", "总金额": "128.00", "买家实际支付金额": "128.00", "订单状态": "交易成功",
         "收货人姓名": "王小明", "订单创建时间": "2024-05-06 10:00:00", "订单付款时间": "2024-05-06 10:01:00",
         "宝贝标题": "茶杯", "宝贝总数量": "2", "退款金额": "0"},
        {"订单编号": '="1002"', "买家会员名": "小红", "总金额": "66.00", "买家实际支付金额": "66.00", "订单状态": "交易关闭",
         "收货人姓名": "李小红", "订单创建时间": "2024-05-07 12:00:00", "订单付款时间": "", "宝贝标题": "茶叶",
         "宝贝总数量": "1", "退款金额": "0"},
        {"订单编号": '="1003"', "买家会员名": "小明", "总金额": "50.00", "买家实际支付金额": "50.00", "订单状态": "交易成功",
         "收货人姓名": "王小明", "订单创建时间": "2024-05-08 09:00:00", "订单付款时间": "2024-05-08 09:05:00",
         "宝贝标题": "茶壶", "宝贝总数量": "1", "退款金额": "0"},
    ]
    return _csv(header, rows).encode("gbk").replace(b"\n", b"\r\n")


# name -> (bytes builder, file name, platform, orders, customers, paid revenue)
PLATFORM_FIXTURES = {
    "shopify": (shopify_orders, "orders_export_1.csv", "shopify", 4, 3, 64.40 + 222.00 + 60.00),
    "woocommerce-aoe": (woocommerce_aoe, "orders-2018.csv", "woocommerce", 3, 2, 40.0),
    "woocommerce-analytics": (woocommerce_analytics, "wc-orders-report.csv", "woocommerce", 2, 2, 1344.5),
    "etsy-orders": (etsy_sold_orders, "EtsySoldOrders2019.csv", "etsy", 5, 3, 38.0 + 20.0 + 40.0 + 4.99),
    "etsy-items": (etsy_sold_order_items, "EtsySoldOrderItems2019.csv", "etsy", 3, 2, 38.0 + 20.0 + 40.0),
    "stripe": (stripe_payments, "unified_payments.csv", "stripe", 5, 3, 23.0),
    "paypal": (paypal_activity, "Download.CSV", "paypal", 2, 1, 1036.70),
    "square": (square_items, "items-2026-07-18-2026-07-19.csv", "square", 1, 1, 10.0),
    "gumroad": (gumroad_sales, "sales.csv", "gumroad", 2, 2, 10.0),
    "amazon": (amazon_orders, "orders.txt", "amazon", 2, 2, 9.88 + 4.00 + 9.88),
    "ebay": (ebay_orders, "eBay-OrdersReport.csv", "ebay", 2, 2, 91.98 + 1200.0),
    # the credit note C489449 reverses 16321's only purchase: that order stays, reversed, at 0
    "online-retail": (online_retail, "online_retail_II.csv", "online-retail", 3, 2, 12 * 6.95 + 48 * 2.10 + 12 * 2.55),
    "taobao": (taobao_orders, "订单报表.csv", "taobao", 3, 2, 178.0),
    **{name: fixture[:6] for name, fixture in chinese_exports.CHINESE_FIXTURES.items()},
}


SHOPIFY_CUSTOMERS_HEADER = [  # formats §1.2, the newest layout, Customer ID first
    "Customer ID", "First Name", "Last Name", "Email", "Accepts Email Marketing", "Default Address Company",
    "Default Address Address1", "Default Address Address2", "Default Address City", "Default Address Province Code",
    "Default Address Country Code", "Default Address Zip", "Default Address Phone", "Phone", "Accepts SMS Marketing",
    "Total Spent", "Total Orders", "Note", "Tax Exempt", "Tags",
]


def shopify_customers(ids: dict[str, str]) -> bytes:
    """Shopify's customers export of the buyers of `shopify_orders()` (buyer0..2@example.com),
    each with the `Customer ID` cell given in `ids` (e-mail -> cell, written as a spreadsheet
    may have left it: `'9013808660771`, `7.02255E+12`)."""
    rows = [{"Customer ID": cell, "First Name": f"Buyer{email[5]}", "Last Name": "Example", "Email": email,
             "Accepts Email Marketing": "yes", "Total Spent": "10.00", "Total Orders": "1", "Tax Exempt": "no"}
            for email, cell in ids.items()]
    return _csv(SHOPIFY_CUSTOMERS_HEADER, rows).encode()


def woocommerce_aoe_with_user_ids(ids: dict[str, str]) -> bytes:
    """`woocommerce_aoe()` with the optional `Customer User ID` field turned on (formats §2.1),
    `ids` giving each billing e-mail's account id ("0" is a guest)."""
    table = list(csv.DictReader(io.StringIO(woocommerce_aoe().decode())))
    header = [*table[0].keys(), "Customer User ID"]
    return _csv(header, [{**row, "Customer User ID": ids[row["Email (Billing)"]]} for row in table],
                quote_all=True).encode()
