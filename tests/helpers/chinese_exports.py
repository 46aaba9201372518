"""Small order exports of the Chinese platforms, written by code from the facts in
../shared/formats/README.md section 6 (headers as the public importer code quotes them; values
invented). Each builder says in its docstring what a correct import must find, worked out by
hand from the rows, never from our reader's output.
"""

from __future__ import annotations

import csv
import io

import openpyxl

# The Pinduoduo order export's 23 columns as a public importer's test fixture quotes them, then
# the buyer columns an older export carries (收货人 手机 省 市 区 详细地址, from a public ORM model).
PINDUODUO_HEADER = [
    "订单成交时间", "商品", "订单号", "订单状态", "商品总价(元)", "邮费(元)", "店铺优惠折扣(元)", "平台优惠折扣(元)",
    "多多支付立减金额(元)", "用户实付金额(元)", "商家实收金额(元)", "商品数量(件)", "发货时间", "确认收货时间", "商品id",
    "商品规格", "样式ID", "商家编码-规格维度", "商家编码-商品维度", "商家备注", "售后状态", "快递单号", "快递公司",
]
PINDUODUO_BUYER_HEADER = ["收货人", "手机", "省", "市", "区", "详细地址"]

_NO_AFTER_SALE = "无售后或售后取消"


def _pdd_row(when, order, status, paid, received, quantity, product, buyer, after_sale=_NO_AFTER_SALE):
    name, phone, province, city, district, street = buyer
    return {
        "订单成交时间": when, "商品": product, "订单号": "\t" + order, "订单状态": status, "商品总价(元)": paid,
        "邮费(元)": "0", "店铺优惠折扣(元)": "0", "平台优惠折扣(元)": "0", "多多支付立减金额(元)": "0",
        "用户实付金额(元)": paid, "商家实收金额(元)": received, "商品数量(件)": quantity, "发货时间": "",
        "确认收货时间": "", "商品id": "754299529443", "商品规格": "无规格", "样式ID": "", "售后状态": after_sale,
        "快递单号": "", "快递公司": "申通快递",
        "收货人": name, "手机": phone, "省": province, "市": city, "区": district, "详细地址": street,
    }


ZHANG_WEI = ("张伟", "13812345678", "浙江省", "杭州市", "西湖区", "文三路1号")
LI_NA = ("李娜", "13900001111", "江苏省", "南京市", "鼓楼区", "中山路2号")
WANG_FANG = ("王芳", "13700002222", "广东省", "广州市", "天河区", "体育西路3号")
ZHAO_MIN = ("赵敏", "137****9999", "四川省", "成都市", "武侯区", "人民南路4号")  # masked phone, full address
HIDDEN_1 = ("张**", "138****5678", "浙江省", "杭州市", "****", "****")
HIDDEN_2 = ("**", "139****1111", "****", "****", "****", "****")

# What a correct import of `pinduoduo_orders()` finds, counted from the rows below:
# 张伟's two orders (17.80 and 35.60 received), 李娜's refund (退款成功), 王芳's cancelled order,
# 赵敏 known by name and address although her phone is masked (50.00), and two masked buyers left out.
PINDUODUO_ORDERS = 5
PINDUODUO_CUSTOMERS = 4
PINDUODUO_REVENUE = 17.80 + 35.60 + 50.00
PINDUODUO_HIDDEN = 2


def pinduoduo_rows(*, deal_time: bool = True) -> list[dict]:
    rows = [
        _pdd_row("2026-05-17 10:00:00", "260517-607198974342268", "已收货", "17.8", "17.8", "1", "接考横幅", ZHANG_WEI),
        # a platform subsidy: the merchant receives more than the buyer paid
        _pdd_row("2026-05-20 21:30:00", "260520-607198974342301", "已签收", "33.60", "￥35.60", "2", "接考横幅", ZHANG_WEI),
        _pdd_row("2026-05-21 08:15:00", "260521-607198974342355", "已收货", "20.00", "20.00", "1", "加油横幅", LI_NA,
                 after_sale="退款成功"),
        _pdd_row("2026-05-22 12:00:00", "260522-607198974342400", "已取消", "15.00", "15.00", "1", "加油横幅", WANG_FANG),
        _pdd_row("2026-05-23 09:00:00", "260523-607198974342466", "已收货", "40.00", "40.00", "1", "接考横幅", HIDDEN_1),
        _pdd_row("2026-05-24 09:00:00", "260524-607198974342500", "已发货，待签收", "40.00", "40.00", "1", "接考横幅",
                 HIDDEN_2),
        _pdd_row("2026-05-25 18:45:00", "260525-607198974342533", "待发货", "50.00", "50.00", "2", "加油横幅", ZHAO_MIN),
    ]
    if not deal_time:
        for row in rows:
            row["订单成交时间"] = ""
    return rows


def pinduoduo_orders(*, encoding: str = "utf-8-sig", deal_time: bool = True, buyers: bool = True) -> bytes:
    """The export as CSV (UTF-8 with BOM by default, or GBK / GB18030)."""
    header = PINDUODUO_HEADER + (PINDUODUO_BUYER_HEADER if buyers else [])
    rows = [{key: value for key, value in row.items() if key in header} for row in pinduoduo_rows(deal_time=deal_time)]
    return _csv(header, rows).encode(encoding)


def pinduoduo_workbook(*, deal_time: bool = True) -> bytes:
    """The same export as an .xlsx workbook."""
    header = PINDUODUO_HEADER + PINDUODUO_BUYER_HEADER
    return _xlsx(header, pinduoduo_rows(deal_time=deal_time))


def _csv(header: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _xlsx(header: list[str], rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
