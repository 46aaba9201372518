"""The words the parser knows, English and Chinese: each pattern maps a phrase onto one part of the
query form. Longer, more specific phrases come first; a phrase consumed by one pattern is not
read again, so "new customers" is never also "customers".
"""

from __future__ import annotations

# Greetings and "how do I use this": answered with the welcome and help, never with a number.
GREETING = (r"^(?:hi|hello|hey|hallo|hola|yo|good (?:morning|afternoon|evening)|thanks|thank you|thx)\b"
            r"|^(?:help|how (?:do|does|can|should) (?:i|you|this|it) (?:use|work)|what can you do|what do you do"
            r"|how to use|how does this work|commands?)\b"
            r"|你好|您好|嗨|哈喽|在吗|怎么用|如何使用|怎么使用|帮助|使用说明|你能做什么|你会什么|谢谢")

# Standing questions: "every monday tell me ...", "每周一告诉我 ...".
STANDING = (r"^(?:every|each)\s+(?:monday|mon|week|weekly)\s*(?:morning)?\s*,?\s*(?:please\s+)?(?:tell|send|give|show)\s+me\s+"
            r"|^(?:weekly|every week)\s*[:,]?\s*(?:tell|send|give|show)\s+me\s+"
            r"|^(?:每周一|每个周一|每星期一|每个星期一|每周|每个星期)(?:早上|上午)?(?:都)?(?:告诉我|发给我|给我|发我|报告)")

# Orders placed with any discount code, or with none ("without a coupon", "没用优惠码"); a code the
# shop's orders name is matched by the parser from the data itself.
NO_CODE = (r"\b(?:without|no|not using|didnt use|did not use|never used)\s+(?:an?\s+|any\s+)?(?:discount|coupon|promo|voucher)"
           r"(?:\s+codes?)?\b|(?:没有?|未|不)(?:用|使用|带)(?:过|了)?(?:任何)?(?:优惠码|优惠券|折扣码|券码|优惠)|(?:无|没有)(?:优惠码|优惠券|折扣码)")
ANY_CODE = (r"\b(?:used|using|with|redeemed|applied)\s+(?:an?\s+|any\s+|some\s+)?(?:(?:discount|coupon|promo|voucher)\s+codes?|coupons?|vouchers?)\b"
            r"|(?:用了|使用了?|用过|使用过|带|有)(?:优惠码|优惠券|折扣码|券码)")

# The whole history named in words: no period.
ALL_TIME = r"\b(?:of |for |in |over )?(?:all[- ]time|since (?:the )?(?:start|beginning)|since we started|to date)\b|有史以来|历史上|历来|开店以来"

# Metric phrases -> metric code. The order matters: first match wins for its span.
METRIC_PATTERNS: list[tuple[str, str]] = [
    (r"\b(?:refund(?:ed|s)? (?:amount|value|total)|amount refunded|money refunded|refunded money|how much (?:was |did i |did we |we |i )?refund(?:ed)?)\b"
     r"|退款金额|退款总额|退了多少钱|退款多少钱", "refund_amount"),
    (r"\b(?:refunds?|refunded orders?|refunded|returns)\b|退款|退货|退单", "refund_count"),
    (r"\b(?:how many|number of|count of) sales\b|订单数量|订单数|订单量|单量", "paid_orders"),  # a count, not revenue
    (r"\b(?:(?:time|days?|how long) (?:between|from) (?:the )?(?:2nd|second) (?:and|to) (?:the )?(?:3rd|third)(?: orders?)?"
     r"|(?:2nd|second) to (?:3rd|third)(?: orders?| purchase)?|(?:time|days|how long) (?:to|until|till|before) (?:the |a )?(?:3rd|third) (?:order|purchase))\b"
     r"|第二次到第三次|第二单到第三单|二单到三单|第三单|第三次购买", "days_to_third_order"),
    (r"\b(?:(?:time|days?|how long) (?:between|from) (?:the )?(?:1st|first) (?:and|to) (?:the )?(?:2nd|second)(?: orders?)?"
     r"|(?:1st|first) to (?:2nd|second)(?: orders?| purchase)?|(?:time|days|how long) (?:to|until|till|before) (?:the |a )?(?:2nd|second) (?:order|purchase)"
     r"|time between orders|days between orders|time to repeat|time to reorder)\b"
     r"|第一次到第二次|首单到二单|首单到第二单|第一单到第二单|复购间隔|回购间隔|多久回购|多久复购|第二单|第二次购买", "days_to_second_order"),
    (r"\b(?:repeat[- ]?(?:purchase |customer |buyer )?rate|re-?purchase rate|reorder rate|return(?:ing)? (?:customer )?rate"
     r"|come ?back rate|share (?:of customers )?(?:who )?(?:came|come) back)\b"
     r"|复购率|回购率|重复购买率|回头率", "repeat_rate"),
    (r"\b(?:cohorts?|retention)(?: (?:by|per) (?:first[- ](?:order|purchase) |signup |cohort )?month)?\b|留存|同期群",
     "cohort_retention"),
    (r"\b(?:(?:average |avg |mean )?(?:items?|units|products|pieces) (?:per|an|each) order|average (?:items|units)|basket size|items in an order)\b"
     r"|(?:平均)?每单(?:几件|件数|多少件)|平均件数|平均每单件数|每个订单几件", "items_per_order"),
    (r"\b(?:aov|average order(?: value| size| amount)?|avg\.? order(?: value| size)?|mean order value|average basket(?: value)?"
     r"|average (?:sale|spend) per order|order value)\b|客单价|平均订单金额|平均订单价值|平均每单|平均订单", "average_order_value"),
    (r"\b(?:new (?:customers?|buyers?|clients?|shoppers?)|first[- ]time (?:customers?|buyers?)|newcomers)\b|新客户|新客|新买家|新顾客",
     "new_customers"),
    (r"\b(?:returning (?:customers?|buyers?|clients?)|repeat (?:customers?|buyers?)|existing customers|old customers"
     r"|(?:customers|people|buyers) (?:who )?(?:came|come) back)\b"
     r"|老客户|回头客|老客|复购客户|老顾客|回购客户", "returning_customers"),
    (r"\b(?:likely to (?:stop|churn|leave|lapse)|churn(?:ing)? risk|risk of churn(?:ing)?|about to churn|going to churn|churners|churn)\b"
     r"|流失风险|可能流失|快流失|要流失|会流失|流失", "at_risk_customers"),
    (r"\b(?:at[- ]risk)\b|有风险", "at_risk_ambiguous"),
    (r"\b(?:12[- ]?months? value|expected (?:value|revenue|spend)|lifetime value|customer value|clv|ltv|future value|value next year)\b"
     r"|预期价值|未来12个月|未来一年|客户价值|终身价值|生命周期价值", "expected_value_12m"),
    (r"\b(?:segments?|rfm|segmentation)\b|分群|客户分层|客群|分层", "segment_counts"),
    (r"\b(?:top|best[- ]?sell(?:ing|ers?)|bestsell(?:ing|ers?)|best[- ]selling|most popular|most sold|sold the most|sells? best"
     r"|top[- ]selling|best products|biggest sellers|most bought|best performing)\b"
     r"|畅销|卖得最好|卖得最多|热销|最受欢迎|销量最好|排行|排名|卖的最好|卖的最多|前\d+|前[一二三四五六七八九十]+", "top_products"),
    (r"\b(?:units?|pieces|pcs|items sold|quantity|qty|how many (?:were |did (?:i|we) )?sell|how many (?:were |did (?:i|we) )?sold)\b"
     r"|件数|卖了多少件|卖出多少件|卖了几件|多少件|几件|销量|数量", "units_sold"),
    (r"\b(?:revenue|revenues|sales|turnover|income|takings|earnings|earned|earn|made|make|gross|net|money|gmv|how much (?:did i|did we|have i|have we) (?:sell|sold)"
     r"|what did (?:we|i) take|took in)\b"
     r"|营业额|销售额|收入|营收|赚了|赚|流水|卖了多少钱|卖了多少|成交额|销售|业绩", "net_revenue"),
    (r"\b(?:orders?|purchases?|transactions?|sales count|checkouts?)\b|订单|单子|多少单|几单|下单", "paid_orders"),
    (r"\b(?:customers?|buyers?|people|clients?|shoppers?|persons?|users|folks)\b|顾客|客户|买家|客人|用户|人", "paying_customers"),
]

# Words that ask for a list of customers rather than a number.
LIST_PATTERN = (r"\b(?:who|whom|which (?:customers?|people|buyers?|clients?)|list(?: of)?|names? of|show me (?:the )?customers|export)\b"
                r"|哪些|谁|名单|列表|列出|有哪些")

# "by month", "monthly", "per product", "按月", "每个产品" -> breakdown code.
BREAKDOWN_PATTERNS: list[tuple[str, str]] = [
    (r"\b(?:by|per|each|for each|split by|broken down by|grouped by) (?:first|1st|initial|entry) (?:product|item)(?: bought| purchased)?\b"
     r"|按首购产品|按首单产品|按第一件产品|首购产品", "first_product"),
    (r"\b(?:by|per|each|for each|split by|broken down by) (?:discount|coupon|promo|voucher)(?: codes?)?\b"
     r"|(?:按|各|每个|每种|分)(?:折扣码|优惠码|优惠券|券码)", "discount_code"),
    (r"\b(?:by|per|each|every|for each|split by|broken down by|across) (?:day|date)\b|\b(?:daily|day by day)\b|按天|按日|每天|每日", "day"),
    (r"\b(?:by|per|each|every|for each|split by|broken down by) week\b|\b(?:weekly|week by week)\b|按周|按星期|每周|每个星期", "week"),
    (r"\b(?:by|per|each|every|for each|split by|broken down by) month\b|\b(?:monthly|month by month|month over month|mom)\b"
     r"|按月|每月|每个月|分月|逐月|月度", "month"),
    (r"\b(?:by|per|each|every|for each|split by|broken down by) quarter\b|\b(?:quarterly)\b|按季度|每季度|每个季度|分季度", "quarter"),
    (r"\b(?:by|per|each|every|for each|split by|broken down by) year\b|\b(?:yearly|annually|year by year|year over year|yoy)\b"
     r"|按年|每年|逐年|年度", "year"),
    (r"\b(?:by|per|each|for each|split by|broken down by|for every) (?:product|item|sku)s?\b|按产品|按商品|每个产品|每个商品|各产品|各商品|分产品",
     "product"),
    (r"\b(?:by|per|each|for each|split by|broken down by) (?:rfm )?segments?\b|按分群|按客群|各分群|每个分群|按分层", "segment"),
    (r"\b(?:by|per|each|for each|split by|broken down by) (?:country|countries|region|market)\b|按国家|各国|每个国家|分国家|按地区", "country"),
    (r"\b(?:by|per|each|for each|split by|broken down by) (?:platform|store|marketplace|source platform)s?\b|按平台|各平台|每个平台|分平台",
     "platform"),
    (r"\b(?:by|per|each|for each|split by|broken down by) (?:channel|sales channel|source)s?\b|按渠道|各渠道|每个渠道|分渠道", "channel"),
    (r"\b(?:by|per|each|for each|split by|broken down by) currenc(?:y|ies)\b|按货币|按币种|各币种|每种货币", "currency"),
]

RANK_PATTERNS: list[tuple[str, str]] = [
    (r"\b(?:by|in|most) (?:units?|quantity|pieces|volume)\b|\bmost sold\b|\bsold the most\b|按销量|销量最(?:好|高|多)?|卖得最多|卖的最多|件数最多", "units"),
    (r"\b(?:by|most) (?:buyers|customers|people)\b|\bmost (?:bought|popular)\b|按买家|按购买人数|买家最多|购买人数最多|最受欢迎",
     "buyers"),
    (r"\b(?:by|in|most) (?:revenue|sales|money)\b|按销售额|销售额最|收入最", "revenue"),
]

COUNTRIES = {
    "DE": r"germany|german|deutschland|德国", "AT": r"austria|austrian|奥地利", "NL": r"netherlands|dutch|holland|荷兰",
    "FR": r"france|french|法国", "US": r"usa|the us|united states|america|american|美国", "GB": r"uk|united kingdom|britain|british|england|英国",
    "CN": r"china|chinese customers|mainland|中国|国内", "ES": r"spain|spanish|西班牙", "IT": r"italy|italian|意大利",
    "CH": r"switzerland|swiss|瑞士", "BE": r"belgium|belgian|比利时", "PL": r"poland|polish|波兰", "CA": r"canada|canadian|加拿大",
    "AU": r"australia|australian|澳大利亚", "JP": r"japan|japanese|日本",
}
CURRENCIES = {"EUR": r"eur|euros?|€|欧元", "USD": r"usd|dollars?|us\$|美元|美金", "GBP": r"gbp|pounds?|£|英镑", "CNY": r"cny|rmb|yuan|人民币|元"}
PLATFORMS = {"shopify": r"shopify", "etsy": r"etsy", "woocommerce": r"woocommerce|woo", "amazon": r"amazon|亚马逊",
             "ebay": r"ebay", "stripe": r"stripe", "paypal": r"paypal", "square": r"square", "gumroad": r"gumroad",
             "taobao": r"taobao|淘宝", "generic": r"own spreadsheet|my spreadsheet"}

# Words that carry no meaning the form could lose; anything else left over means "not understood".
STOPWORDS = set("""
a an the of in on at for to from with by is are was were be been being have has had do does did done get got give
show tell me my mine our ours we us i you your it its this that these those there here please pls plz can could would
will shall should may might what whats what's how many much number count amount total overall all so far and also just
quick quickly now then any some value rate up many much did ever yet again kindly hey hi ok okay um uh well about
sell sold selling buy bought buying purchase purchased ordered order place placed placing spend spent make made bring brought
include included including contain contains containing contained only ones already altogether combined sum together whole entire s t d ll ve re m im id
which list who whom names name them they their those median
""".split())
STOP_CHINESE = ("请问", "帮我", "麻烦", "查一下", "查询", "查下", "看一下", "看看", "告诉我", "给我", "显示", "统计", "计算", "一共", "总共", "总计",
                "合计", "多少", "几个", "几位", "是多少", "有多少", "多少个", "多少位", "怎么样", "如何", "情况", "数据", "我们", "我的",
                "我", "的", "了", "吗", "呢", "啊", "吧", "呀", "是", "有", "个", "位", "名", "在", "里", "中", "期间", "内", "时候",
                "共", "都", "总", "和", "与", "及", "一下", "下", "那些", "这些", "一些", "出来", "所有", "全部", "店", "店铺", "商店",
                "过", "着", "被", "把", "从", "到", "以来", "时", "想知道", "知道", "请", "要", "能", "可以", "你", "上", "其中", "哪个",
                "什么", "一共有", "为", "卖出", "卖", "买", "购买", "人数", "数", "量", "额", "金额", "次数", "只", "产生", "带来", "间隔", "多久", "天数", "隔",
                "但", "但是", "却", "下过单", "下单过", "下了单")
