"""A year and a half of a small Pinduoduo shop, in the export's own layout (tests/helpers/chinese_exports.py),
large enough for every analysis to run: segments, behaviour groups, churn and value models."""

from __future__ import annotations

import datetime as dtm
import random

from tests.helpers.chinese_exports import PINDUODUO_BUYER_HEADER, PINDUODUO_HEADER, _csv, _pdd_row

PRODUCTS = ("接考横幅", "加油横幅", "应援手幅", "生日灯牌", "毕业横幅")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
PROVINCES = (("浙江省", "杭州市", "西湖区"), ("江苏省", "南京市", "鼓楼区"), ("广东省", "广州市", "天河区"),
             ("四川省", "成都市", "武侯区"))


def pinduoduo_shop(*, customers: int = 120, seed: int = 8, until: dtm.date = dtm.date(2026, 5, 31)) -> bytes:
    """CSV bytes (UTF-8 with BOM): every buyer with a full phone number, buying at a pace of their
    own until they leave (as BG/NBD assumes), all orders received (已收货)."""
    rng = random.Random(seed)
    rows, number = [], 0
    for index in range(customers):
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)] + GIVEN[(index * 3) % len(GIVEN)]
        province, city, district = PROVINCES[index % len(PROVINCES)]
        buyer = (name, f"138{index:08d}", province, city, district, f"人民路{index + 1}号")
        first = until - dtm.timedelta(days=rng.randint(10, 540))
        pace = rng.uniform(10, 90)  # each buyer's own mean days between orders
        leaves = rng.uniform(0.1, 0.6)  # and chance of leaving for good after each order
        day = first
        for k in range(12):
            if k:
                if rng.random() < leaves:
                    break
                day += dtm.timedelta(days=max(1, round(rng.expovariate(1 / pace))))
            if day > until:
                break
            number += 1
            price = f"{rng.choice((9.9, 15.8, 19.9, 29.9, 45.0)) * rng.randint(1, 3):.2f}"
            when = f"{day.isoformat()} {rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}:00"
            order_id = f"{day:%y%m%d}-{607198974000000 + number}"
            rows.append(_pdd_row(when, order_id, "已收货", price, price, "1", rng.choice(PRODUCTS), buyer))
    return _csv(PINDUODUO_HEADER + PINDUODUO_BUYER_HEADER, rows).encode("utf-8-sig")
