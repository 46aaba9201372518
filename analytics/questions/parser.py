"""Words -> the query form, deterministically; or a question back, or an honest "not understood".

The text is normalised (full-width to half-width, lower case, punctuation to spaces, a space
between Chinese and Latin runs), English words with typos are corrected to the nearest known word
(rapidfuzz), and then each part of the form is read by its patterns, each consuming the words it
used. Whatever is left must be filler ("what", "please", "的", "多少"): a word left over means the
question was not fully understood, and it gets no number.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from itertools import product as combinations

from rapidfuzz import fuzz, process

from analytics.catalogue import NOT_STORED, discount_codes
from analytics.questions import words as W
from analytics.questions.form import InvalidQuery, Period, Query, validate
from analytics.questions.periods import PERIOD_PATTERNS, chinese_number, find_period, last_n
from analytics.rfm import SEGMENTS

MAX_CHOICES = 6


@dataclass(frozen=True)
class ShopWords:
    """What this shop's data holds, for the words that depend on it."""

    products: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    platforms: frozenset[str] = frozenset()
    currencies: frozenset[str] = frozenset()
    months_with_orders: dict = field(default_factory=dict)  # month -> {years}
    discount_codes: tuple[str, ...] = ()  # as the exports write them, most used first
    segment_names: tuple[tuple[str, str], ...] = ()  # (name in another language, segment): the bot's own names


@dataclass
class Parsed:
    kind: str  # query | choose | unmapped | greeting
    query: Query | None = None
    choices: list[tuple[str, str, Query]] = field(default_factory=list)  # (what is asked, option, query)
    reason: str | None = None  # why unmapped: unknown_words, no_metric, two_metrics, not_stored, ...
    leftover: list[str] = field(default_factory=list)
    standing: bool = False  # "every Monday tell me ..."
    standing_text: str | None = None


# --- text ---------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 -> 1000
    text = re.sub(r"(?<![\d])\.|\.(?!\d)", " ", text)
    text = re.sub(r"[?!,;:()\[\]{}\"“”。，、；：？！（）【】《》~…·|]+", " ", text)
    text = re.sub(r"(?<=[\u3400-\u9fff])(?=[a-z€$£])|(?<=[a-z€$£])(?=[\u3400-\u9fff])", " ", text)
    text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)  # didn't -> didnt, can't -> cant
    text = re.sub(r"(最近|近|过去)半年", r"\g<1>6个月", text)
    text = re.sub(r"\b(?:for |in |during )?the month of\b", "in", text)  # "the last half year"; 上半年 is another thing
    return re.sub(r"\s+", " ", text).strip()


def _known_words(shop: ShopWords) -> set[str]:
    return _vocabulary(shop.products + shop.discount_codes)


@functools.lru_cache(maxsize=16)
def _vocabulary(products: tuple[str, ...]) -> frozenset[str]:
    """Every word the patterns, month names, segments and this shop's products use (built once per shop)."""
    sources = [pattern for pattern, _ in (*W.METRIC_PATTERNS, *W.BREAKDOWN_PATTERNS, *W.RANK_PATTERNS)]
    sources += [W.LIST_PATTERN, W.GREETING, W.STANDING, W.ANY_CODE, W.NO_CODE, W.ALL_TIME, *W.COUNTRIES.values(), *W.CURRENCIES.values(),
                *W.PLATFORMS.values(), _COUNT_WORDS, _FILTER_WORDS, *PERIOD_PATTERNS]
    known = {word for source in sources for word in re.findall(r"[a-z]{3,}", re.sub(r"\\[a-zA-Z]", " ", source))}
    known |= W.STOPWORDS | set(_MONTH_NAMES) | set(_INFLECTED)
    known |= {word for name in products for word in re.findall(r"[a-z]+", name.lower())}
    known |= {word for name in SEGMENTS for word in re.findall(r"[a-z]+", normalise(name))}
    return frozenset(known)


_MONTH_NAMES = ("january february march april may june july august september october november december "
                "jan feb mar apr jun jul aug sep sept oct nov dec").split()
_INFLECTED = ("selling sellers seller customers buyers orders purchases revenues products items refunds refunded "
              "returning monthly weekly daily quarterly yearly spent ordered bought purchased between average "
              "people clients shoppers country countries platform platforms channel channels segment segments "
              "product item quarter month week year days weeks months years twice thrice times least "
              "haven hasn didn havent hasnt didnt dont doesnt without inactive since until currency currencies "
              "repurchase reorder refunded refunds returning repeat".split())


def correct_typos(text: str, known: frozenset[str]) -> str:
    """Each unknown English word of 4+ letters becomes the nearest known word, if one is close."""
    choices = _sorted(known)

    def fix(match: re.Match) -> str:
        word = match.group(0)
        if len(word) < 4 or word in known:
            return word
        best = process.extract(word, choices, scorer=fuzz.ratio, limit=2, score_cutoff=80)
        if not best or (len(best) > 1 and best[1][1] == best[0][1] and best[1][0] != best[0][0]):
            return word
        return best[0][0]

    return re.sub(r"[a-z]+", fix, text)


@functools.lru_cache(maxsize=16)
def _sorted(known: frozenset[str]) -> list[str]:
    return sorted(known)


class _Text:
    """The normalised question with the spans already read blanked out."""

    def __init__(self, text: str) -> None:
        self.text = self.original = text

    def take(self, pattern: str | re.Pattern) -> re.Match | None:
        match = re.search(pattern, self.text)
        if match:
            self.blank(match.span())
        return match

    def blank(self, span: tuple[int, int]) -> None:
        start, end = span
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]

    def leftover(self) -> list[str]:
        rest = self.text
        for phrase in sorted(W.STOP_CHINESE, key=len, reverse=True):
            rest = rest.replace(phrase, " ")
        left = [word for word in re.findall(r"[a-z0-9€$£%+]+|[\u3400-\u9fff]+", rest) if word not in W.STOPWORDS]
        return left


# --- filters -------------------------------------------------------------------------------------

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "once": 1, "twice": 2, "thrice": 3, "a": 1}
_N = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
_CN = r"(\d+|[零一二两三四五六七八九十百]+)"
_TIMES = r"(?:times?|orders?|purchases?)"
_COUNT_WORDS = "once twice thrice times orders purchases more than least fewer less under over most exactly only"
_FILTER_WORDS = "spent spend spending paid over above more than under below less not ordered bought purchased inactive"


def _number(text: str) -> int | None:
    if text in _NUMBER_WORDS:
        return _NUMBER_WORDS[text]
    return chinese_number(text)


def _take_counts(text: _Text) -> dict:
    """Order-count filters: 'twice', 'more than 3 orders', '两次以上', '超过3单'."""
    rules: list[tuple[str, callable]] = [
        (r"\b(?:more than|over) once\b|\b(?:again|repeat(?:ed)?ly)\b", lambda m: {"orders_min": 2}),
        (rf"\b(?:at least|minimum of|min) {_N} {_TIMES}|\b{_N} (?:or more|\+) {_TIMES}|\b(\d+)\+ {_TIMES}|\bat least (once|twice|thrice)\b",
         lambda m: {"orders_min": _number(next(g for g in m.groups() if g))}),
        (rf"\b(?:more than|over|above) {_N} {_TIMES}", lambda m: {"orders_min": _number(m.group(1)) + 1}),
        (rf"\b(?:fewer than|less than|under) {_N} {_TIMES}", lambda m: {"orders_max": _number(m.group(1)) - 1}),
        (rf"\b(?:at most|no more than|up to) {_N} {_TIMES}", lambda m: {"orders_max": _number(m.group(1))}),
        (r"\b(?:one[- ]time (?:buyers?|customers?)|only once|just once|single[- ]order customers?)\b",
         lambda m: {"orders_min": 1, "orders_max": 1, "noun": True}),
        (rf"\b(?:exactly |only |just )?(once|twice|thrice)\b|\b(?:exactly |only |just )?{_N} times\b",
         lambda m: _exactly(_number(m.group(1) or m.group(2)))),
        (rf"\b(?:with |who (?:placed|made|have|had) |having )(?:exactly |only )?{_N} (?:orders|purchases)\b",
         lambda m: _exactly(_number(m.group(1)))),
        (rf"{_CN}次(?:以上|及以上|或以上|或更多|或者更多)|(?:至少|最少){_CN}次", lambda m: {"orders_min": _number(m.group(1) or m.group(2))}),
        (rf"(?:超过|多于|大于){_CN}(?:次|单|个订单|笔)", lambda m: {"orders_min": _number(m.group(1)) + 1}),
        (rf"{_CN}(?:单|个订单|笔订单)(?:以上|及以上)", lambda m: {"orders_min": _number(m.group(1))}),
        (rf"(?:少于|不到|小于){_CN}(?:次|单)", lambda m: {"orders_max": _number(m.group(1)) - 1}),
        (r"(?:只|仅)(?:买|购买|下单)(?:了|过)?(?:一次|1次)|一次性客户|只买一次", lambda m: {"orders_min": 1, "orders_max": 1}),
        (r"(?:再次|又|重复)(?:购买|下单|买)", lambda m: {"orders_min": 2}),
        (rf"(?:买了|买过|购买了|购买过|下了|下过|下单|复购|回购)?{_CN}次(?!以上)", lambda m: _exactly(_number(m.group(1)))),
    ]
    found: dict = {}
    for pattern, make in rules:
        match = text.take(pattern)
        if match:
            found.update(make(match))
            break
    return found


def _exactly(n: int | None) -> dict:
    return {"orders_min": n, "orders_max": n}


_MONEY = r"(?:€|\$|£|eur |usd |gbp )?\s?(\d+(?:\.\d+)?)\s?(€|\$|£|eur\b|euros?\b|usd\b|dollars?\b|gbp\b|pounds?\b|元|块|欧元|美元|英镑)?"


def _take_spend(text: _Text) -> dict:
    rules = [
        (rf"\b(?:who |that |which )?(?:spent|spend|spending|paid|spenders?)(?: a total of| in total| overall)? (?:more than|over|above|>|at least) {_MONEY}",
         "spent_min"),
        (rf"\b(?:who |that |which )?(?:spent|spend|spending|paid)(?: a total of| in total)? (?:less than|under|below|<) {_MONEY}",
         "spent_max"),
        (rf"(?:累计)?(?:消费|花了|花费|支付|付款|总消费|消费金额)(?:金额)?(?:超过|大于|多于|高于|满|在){_MONEY}(?:以上)?", "spent_min"),
        (rf"(?:累计)?(?:消费|花了|花费)(?:金额)?{_MONEY}以上", "spent_min"),
        (rf"(?:累计)?(?:消费|花了|花费|支付)(?:金额)?(?:少于|低于|不到|小于){_MONEY}", "spent_max"),
    ]
    for pattern, name in rules:
        match = text.take(pattern)
        if match:
            found = {name: float(match.group(1))}
            unit = match.group(2) or ""
            for code, words in W.CURRENCIES.items():
                if unit and re.fullmatch(words, unit.strip()):
                    found["currency"] = code
            return found
    return {}


def _take_recency(text: _Text, today: dt.date) -> dict:
    """'not in the last 90 days', 'haven't ordered for 3 months', '最近90天没买' -> inactive_days."""
    en = (r"\b(?:but |and |who |that )?(?:not|havent|hasnt|didnt|did not|have not|has not|no orders?|no purchases?|nothing|"
          r"without (?:an? )?(?:orders?|buying|purchase))(?: (?:bought|ordered|purchased|buy|order|purchase|been back|"
          r"come back|returned|shopped|placed an order|anything))*(?: (?:since|anything|again|it|that))?"
          rf" (?:in|for|within|during|over) (?:the )?(?:last |past )?{_N} (days?|weeks?|months?|years?)\b")
    zh = (rf"(?:最近|近|过去)?{_CN}(天|周|个星期|个月|月|年)(?:内|以来|里)?(?:都)?(?:没有?|未|不曾)(?:再)?(?:买|下单|购买|回购|复购|消费|下过单)(?:过)?"
          rf"|(?:没有?|未)(?:在)?(?:最近|近|过去){_CN}(天|周|个星期|个月|月|年)(?:内|里)?(?:买|下单|购买|消费)(?:过)?")
    match = text.take(en)
    if match:
        number, unit = _number(match.group(1)), match.group(2)
    else:
        match = text.take(zh)
        if not match:
            return {}
        number, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        number = _number(number)
    if not number:
        return {}
    period = last_n(number, unit, today, "UTC")
    return {"inactive_days": (period.end - period.start).days}


_CODE_BEFORE = (r"(?:\b(?:used|using|use|with|via|redeemed|redeeming|applied|applying)\s+)?(?:(?:the|a)\s+)?"
                r"(?:(?:discount|coupon|promo|promotion|voucher)\s+)?(?:codes?\s+)?"
                r"(?:(?:用了|使用了?|用过|使用过|带)\s*)?(?:(?:优惠码|优惠券|折扣码|券码|优惠)\s*)?")
_CODE_AFTER = r"(?:\s+(?:(?:discount|coupon|promo|voucher)\s+)?codes?\b|\s+(?:discount|coupon|voucher)\b)?(?:\s*(?:优惠码|优惠券|折扣码|券码|券))?"


def _take_codes(text: _Text, shop: ShopWords) -> tuple[list[tuple[str, str]], bool | None]:
    """A code the shop's orders name ("used SUMMER10", "用了 summer10 优惠码"), matched whole and
    without case; or any code at all ("with a coupon", "用了优惠码") or none ("没用优惠券")."""
    where = []
    for code in sorted(shop.discount_codes, key=len, reverse=True):
        low = normalise(code)
        if len(low) >= 3 and text.take(rf"{_CODE_BEFORE}(?<![a-z0-9]){re.escape(low)}(?![a-z0-9]){_CODE_AFTER}"):
            where.append(("discount_code", code))
    if where:
        return where, None
    if text.take(W.NO_CODE):
        return [], False
    if text.take(W.ANY_CODE):
        return [], True
    return [], None


def _take_where(text: _Text, shop: ShopWords) -> tuple[list[tuple[str, str]], list[str]]:
    """(field, value) filters named in the text, fields the data lacks, and values it never holds."""
    where, missing, unknown = [], [], []
    for segment in sorted(SEGMENTS, key=len, reverse=True):
        name = re.escape(segment.lower()).replace("'", "'?").replace("\\ ", " ")
        pattern = (rf"\b(?:the |in )?{name} segment\b|\bsegment {name}\b" if segment in ("New Customers", "At Risk")
                   else rf"\b(?:the |my )?{name}(?: segment| customers?)?\b")
        if text.take(pattern):
            where.append(("segment", segment))
    for name, segment in sorted(shop.segment_names, key=lambda pair: len(pair[0]), reverse=True):
        if text.take(_segment_name_pattern(name)):
            where.append(("segment", segment))
    for code, words in W.COUNTRIES.items():
        match = text.take(rf"(?:\b(?:from|in|to) (?:the )?)?{_alternatives(words)}")
        if match and not shop.countries:
            missing.append("country")
        elif match:
            aliases = {code.casefold(), *words.split("|")}
            stored = next((c for c in sorted(shop.countries) if c.casefold() in aliases), None)
            if stored is None:  # the shop writes its countries some other way: no guess at a zero
                unknown.append(match.group(0).strip())
            else:
                where.append(("country", stored))
    for code, words in W.PLATFORMS.items():
        if text.take(rf"(?:\b(?:on|from|via|through|at|in) )?(?:在)?{_alternatives(words)}(?: (?:orders?|store|shop))?(?:上|平台|店)?"):
            value = next((p for p in shop.platforms if p.casefold().startswith(code)), None)
            if value is not None:
                where.append(("platform", value))
            else:
                channel = next((c for c in shop.channels if c.casefold() == code), None)
                (where.append(("channel", channel)) if channel else missing.append("platform"))
    for channel in sorted(shop.channels, key=len, reverse=True):
        if len(channel) >= 3 and text.take(rf"\b(?:on |from |via |through )?{re.escape(channel.casefold())}\b(?: channel)?(?: ?渠道)?"):
            where.append(("channel", channel))
    for code, words in W.CURRENCIES.items():
        if text.take(rf"(?:\bin )?{_alternatives(words)}"):
            where.append(("currency", code))
    return where, missing, unknown


def _segment_name_pattern(name: str) -> str:
    """A segment's Chinese name as owners type it: whole ("重要挽留客户"), with 分群/群 for 客户, or
    short without 客户 when what is left is distinctive ("重要挽留"). 新客户 is also the everyday word
    for new customers (a figure of its own), so it is the segment only when called one ("新客户分群")."""
    name = normalise(name)
    stem = re.sub(r"(?:客户|顾客|用户)$", "", name)
    group = r"\s*(?:分群|分层|群体|群|这个分群|这一类|这类)"
    if stem == name:
        return re.escape(name) + rf"(?:{group})?"
    alternatives = [re.escape(stem) + rf"(?:客户|顾客|用户|买家)?{group}"]
    if len(stem) >= 3:
        alternatives += [re.escape(stem) + r"(?:客户|顾客|用户|买家)?"]
    elif stem != "新":
        alternatives += [re.escape(name)]
    return "(?:" + "|".join(alternatives) + ")"


def _alternatives(words: str) -> str:
    """'germany|german|德国' as a pattern: Latin words whole (never "us" inside "customers"), Chinese anywhere."""
    latin = [w for w in words.split("|") if re.match(r"[a-z]", w)]
    other = [w for w in words.split("|") if not re.match(r"[a-z]", w)]
    parts = ([rf"\b(?:{'|'.join(latin)})\b"] if latin else []) + ([f"(?:{'|'.join(other)})"] if other else [])
    return "(?:" + "|".join(parts) + ")"


def _take_products(text: _Text, products: tuple[str, ...]) -> tuple[list[tuple[str, ...]], bool]:
    """Groups of candidate products named in the text: one name each when clear, several when a
    word fits more than one ("lavender" -> Lavender Soap, Lavender Oil); and whether the generic
    word "product(s)" was used."""
    lowered = {name.lower(): name for name in products}
    groups: list[tuple[str, ...]] = []
    for low in sorted(lowered, key=len, reverse=True):
        match = text.take(rf"(?<![a-z0-9]){re.escape(low)}(?![a-z0-9])")
        if match:
            groups.append((lowered[low],))
    words = list(re.finditer(r"[a-z0-9]+|[\u3400-\u9fff]+", text.text))
    # n-grams of two to four words close to a whole product name ("lavendar soap", "soap lavender")
    for size in (4, 3, 2):
        for i in range(len(words) - size + 1):
            chunk = words[i:i + size]
            if any(text.text[m.start()] == " " for m in chunk):
                continue
            phrase = " ".join(m.group(0) for m in chunk)
            if any(m.group(0) in W.STOPWORDS for m in chunk):
                continue
            best = process.extractOne(phrase, list(lowered), scorer=fuzz.token_sort_ratio, score_cutoff=90)
            if best:
                groups.append((lowered[best[0]],))
                text.blank((chunk[0].start(), chunk[-1].end()))
    # single words that fit a word of some product names ("lavender", "candle")
    tokens: dict[str, set[str]] = {}
    for low, name in lowered.items():
        for token in re.findall(r"[a-z0-9]+|[\u3400-\u9fff]+", low):
            if len(token) >= 3 and token not in W.STOPWORDS:
                tokens.setdefault(token, set()).add(name)
    run: set[str] | None = None
    for match in re.finditer(r"[a-z0-9]+|[\u3400-\u9fff]+", text.text):
        word = match.group(0)
        if text.text[match.start()] == " " or word in W.STOPWORDS or len(word) < 3:
            continue
        best = process.extractOne(word, list(tokens), scorer=fuzz.ratio, score_cutoff=85) if tokens else None
        if not best:
            if run is not None:
                groups.append(tuple(sorted(run)))
                run = None
            continue
        candidates = tokens[best[0]]
        run = candidates if run is None else (run & candidates or run)
        text.blank(match.span())
    if run is not None:
        groups.append(tuple(sorted(run)))
    generic = bool(text.take(r"\b(?:products?|items?|skus?|goods|things)\b|产品|商品|货品|宝贝"))
    unique: list[tuple[str, ...]] = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    return unique, generic


# --- assembling the form -------------------------------------------------------------------------

_GENERIC = {"paying_customers", "paid_orders"}


def parse_question(text: str, shop: ShopWords, *, today: dt.date, timezone: str = "UTC") -> Parsed:
    """The question as a query form, a choice to put to the owner, or why it cannot be answered."""
    raw = normalise(text)
    if not raw:
        return Parsed("unmapped", reason="empty")
    standing = re.match(W.STANDING, raw)
    if standing:
        rest = raw[standing.end():]
        parsed = parse_question(rest, shop, today=today, timezone=timezone)
        if parsed.kind in ("query", "choose"):
            parsed.standing, parsed.standing_text = True, rest.strip()
        return parsed
    greeting = re.search(W.GREETING, raw)
    fixed = correct_typos(raw, _known_words(shop))
    words = _Text(fixed)
    if greeting and not any(re.search(pattern, fixed) for pattern, _ in W.METRIC_PATTERNS):
        return Parsed("greeting")
    if greeting:
        words.take(W.GREETING)
    return _read(words, shop, today, timezone)


def _read(words: _Text, shop: ShopWords, today: dt.date, timezone: str) -> Parsed:
    values: dict = {}
    values.update(_take_recency(words, today))
    values.update(_take_spend(words))
    counts = _take_counts(words)
    values.update({k: v for k, v in counts.items() if k != "noun"})
    top = words.take(r"\b(?:top|best|first)\s*(\d+|three|five|ten)\b|前\s*(\d+|[一二三四五六七八九十]+)\s*(?:名|个|款|种|位)?")
    if top:
        values["top"] = _number(top.group(1) or top.group(2))
    if words.take(r"\bwhich (?:product|item|sku)\b(?!s)|哪个(?:产品|商品)|哪款(?:产品|商品)?|哪一个产品"):
        values["top"] = 1
        which_product = True
    else:
        which_product = False
    found = find_period(words.text, today, timezone, shop.months_with_orders)
    if found is not None:
        words.blank(found.span)
    elif words.take(W.ALL_TIME):
        pass  # the whole history, as with no period named
    listing = bool(words.take(W.LIST_PATTERN))
    code_where, with_code = _take_codes(words, shop)
    if with_code is not None:
        values["with_code"] = with_code
    by = None
    for pattern, code in W.BREAKDOWN_PATTERNS:
        if words.take(pattern):
            if by is not None:
                return Parsed("unmapped", reason="two_breakdowns")
            by = code
    if by in NOT_STORED:
        return Parsed("unmapped", reason="not_stored", leftover=[by])
    rank = None
    for pattern, code in W.RANK_PATTERNS:
        if words.take(pattern):
            rank = code
            break
    where, missing, unknown = _take_where(words, shop)
    where += code_where
    if unknown:
        return Parsed("unmapped", reason="unknown_value", leftover=unknown)
    if len({name for name, _ in where}) < len(where):
        return Parsed("unmapped", reason="two_values")
    if missing:
        return Parsed("unmapped", reason="not_stored", leftover=missing)
    metrics: list[str] = []
    how_many = bool(re.search(r"\bhow many\b|多少件|几件", words.text))
    for pattern, code in W.METRIC_PATTERNS:
        while words.take(pattern):
            if code not in metrics:
                metrics.append(code)
    product_groups, product_noun = _take_products(words, shop.products)
    product_noun = product_noun or which_product
    left = words.leftover()
    if left:
        return Parsed("unmapped", reason="unknown_words", leftover=left)
    if "currency" in values:  # "spent over 200 元": the shop's money, unless its orders name other currencies
        unit = values.pop("currency")
        if shop.currencies:
            where.append(("currency", unit))
    named = [value for name, value in where if name == "currency" and value not in shop.currencies]
    if named:  # a currency none of the orders is in: no guess at a zero
        return Parsed("unmapped", reason="unknown_value", leftover=named)
    joined = bool(re.search(r"\b(?:and|plus|as well as|vs|versus)\b|&|和|以及|还有|跟|与", words.original))
    metric, reason = _choose_metric(metrics, values, listing, product_groups, product_noun, rank, how_many, where, by,
                                    joined)
    if metric is None:
        return Parsed("unmapped", reason=reason)
    if metric == "top_products":
        values["rank"] = rank or ("units" if "units_sold" in metrics else "buyers" if "paying_customers" in metrics
                                  else "revenue")
        if listing and "top" not in values and not product_noun:
            values["top"] = 1
    elif rank is not None:
        return Parsed("unmapped", reason="unknown_words", leftover=[rank])
    if len(product_groups) > 1:
        return Parsed("unmapped", reason="several_products")
    if metric == "at_risk_ambiguous":
        return _choices(Query("at_risk_customers", where=tuple(where)), shop, found, product_groups,
                        extra=[("risk", "segment", Query("segment_counts", where=(*where, ("segment", "At Risk"))))])
    if metric == "segment_counts" and found is not None:
        return Parsed("unmapped", reason="period_for_now")
    if metric == "customers" and "top" in values:
        values.pop("top")
    try:
        base = Query(metric, by=by, where=tuple(where), **values)
    except TypeError:
        return Parsed("unmapped", reason="unknown_words")
    return _choices(base, shop, found, product_groups)


def _choose_metric(metrics, values, listing, products, product_noun, rank, how_many, where, by, joined):
    named = [m for m in metrics if m not in _GENERIC]
    customer_filters = any(k in values for k in ("orders_min", "orders_max", "spent_min", "spent_max", "inactive_days"))
    if customer_filters or (listing and not named and "paid_orders" not in metrics):
        if named:
            return None, "two_metrics"
        return "customers", None
    if "top_products" in named:
        named = [m for m in named if m not in ("net_revenue", "units_sold")]
        if len(named) > 1:
            return None, "two_metrics"
        return "top_products", None
    if rank is not None and (product_noun or listing) and not named:
        return "top_products", None
    if len(named) > 1 or (len(metrics) > 1 and joined):
        return None, "two_metrics"
    if named:
        metric = named[0]
    elif "paying_customers" in metrics:
        metric = "paying_customers"
    elif "paid_orders" in metrics:
        metric = "paid_orders"
    elif any(name == "segment" for name, _ in where) and not products:
        metric = "segment_counts" if by is None else None
        return metric, (None if metric else "no_metric")
    elif products or product_noun:
        metric = "units_sold" if how_many else "product_revenue" if products else None
        if metric is None:
            return None, "no_metric"
    else:
        return None, "no_metric"
    if metric == "net_revenue" and (products or by == "product"):
        metric = "product_revenue"
    if metric == "segment_counts" and any(name == "segment" for name, _ in where):
        return "segment_counts", None
    return metric, None


def _choices(base: Query, shop: ShopWords, found, product_groups, extra=()) -> Parsed:
    periods = found.periods if found is not None else (None,)
    products = product_groups[0] if product_groups else ((),)
    if product_groups and isinstance(products[0], str):
        products = tuple((name,) for name in products)
    options: list[tuple[str, str, Query]] = []
    for period, names in combinations(periods, products):
        query = replace(base, period=period, products=tuple(names))
        try:
            validate(query)
        except InvalidQuery:
            return Parsed("unmapped", reason="not_in_catalogue")
        label = _label(period if len(periods) > 1 else None, names[0] if len(products) > 1 and names else None)
        options.append(("period" if len(periods) > 1 else "product", label, query))
    options += [(kind, label, query) for kind, label, query in extra]
    if len(options) == 1:
        return Parsed("query", query=options[0][2])
    if len(options) > MAX_CHOICES:
        return Parsed("unmapped", reason="too_many_choices")
    if extra:
        options[0] = ("risk", "churn", options[0][2])
    return Parsed("choose", choices=options)


def _label(period: Period | None, product: str | None) -> str:
    parts = []
    if product:
        parts.append(product)
    if period is not None:
        parts.append(period.start.isoformat() + "/" + period.end.isoformat())
    return " · ".join(parts)


def shop_words(shop) -> ShopWords:
    """The vocabulary of one prepared shop (analytics.catalogue.Shop)."""
    paid = shop.paid
    months: dict[int, set[int]] = {}
    if len(paid):
        local = paid["local"]
        for (year, month) in set(zip(local.dt.year, local.dt.month)):
            months.setdefault(int(month), set()).add(int(year))

    def present(column: str) -> frozenset[str]:
        return frozenset(str(v) for v in shop.orders[column].dropna().unique()) if column in shop.orders else frozenset()

    products = tuple(sorted(str(p) for p in shop.lines["product"].dropna().unique()))
    return ShopWords(products, present("country"), present("channel"), present("platform"), present("currency"), months,
                     tuple(discount_codes(paid)))
