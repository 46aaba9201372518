"""An optional language model that maps a question the parser could not read onto the same query
form: never SQL, never a number. It is asked for one JSON object; the object must pass the form's
strict validation and name only products, countries and channels this shop has, or it is thrown
away and the owner gets "I can't answer that yet" as before. Off unless SHOPPULSE_LLM_URL is set.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import httpx

from analytics.catalogue import BREAKDOWNS, METRICS
from analytics.questions import InvalidQuery, Query, ShopWords, from_dict
from analytics.questions.form import RANKS, WHERE_FIELDS

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 20.0

_INSTRUCTIONS = """You turn a shop owner's question into one JSON object and nothing else.
Fields (leave out what the question does not say):
  metric: one of {metrics}
  by: one of {breakdowns}
  period: {{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD" (exclusive), "timezone": "{timezone}"}}
  products: list of exact names from {products}
  where: list of [field, value], field one of {where}
  orders_min, orders_max, inactive_days, top: whole numbers; spent_min, spent_max: amounts
  rank: one of {ranks} (only with metric top_products)
  with_code: true for orders placed with a discount code, false for orders without one
  (a discount code by name goes in where, field discount_code, one of {codes})
Customer filters (orders_min, orders_max, spent_min, spent_max, inactive_days) only with metric "customers".
Today is {today} in {timezone}. If the question does not fit these fields exactly, answer {{"metric": null}}.
Never answer with a number, a sentence or SQL."""


def map_with_model(url: str, model: str, text: str, words: ShopWords, *, today: dt.date, timezone: str) -> Query | None:
    """The query form the model read from `text`, validated against the catalogue and this shop's
    data; None when it is off, unreachable, or gave anything but a valid form."""
    prompt = _INSTRUCTIONS.format(metrics=", ".join(METRICS), breakdowns=", ".join(BREAKDOWNS),
                                  products=json.dumps(list(words.products[:200]), ensure_ascii=False),
                                  where=", ".join(WHERE_FIELDS), ranks=", ".join(RANKS), today=today.isoformat(),
                                  codes=json.dumps(list(words.discount_codes[:50]), ensure_ascii=False),
                                  timezone=timezone)
    body = {"model": model, "temperature": 0, "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": prompt}, {"role": "user", "content": text}]}
    try:
        response = httpx.post(f"{url}/chat/completions", json=body, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
        form = json.loads(content)
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as error:
        log.warning("the language model gave no usable answer: %s", type(error).__name__)
        return None
    if not isinstance(form, dict) or form.get("metric") is None:
        return None
    try:
        query = from_dict(form)
    except InvalidQuery:
        return None
    return query if _names_this_shop(query, words, timezone) else None


def _names_this_shop(query: Query, words: ShopWords, timezone: str) -> bool:
    """Products, countries, channels and currencies the shop has, and the shop's own time zone."""
    known = {"country": words.countries, "channel": words.channels, "currency": words.currencies,
             "platform": words.platforms, "discount_code": frozenset(words.discount_codes)}
    if any(product not in words.products for product in query.products):
        return False
    if any(name in known and value not in known[name] for name, value in query.where):
        return False
    return query.period is None or query.period.timezone == timezone
