"""Questions in the owner's words, answered from the metric catalogue with the work shown.

    form      the validated query form (metric, breakdown, filters, period) and its strict JSON
    periods   time phrases in English and Chinese -> local calendar periods
    words     the phrases the parser knows, by part of the form
    parser    text -> the form, a choice to put to the owner, or why it cannot be answered
    executor  the form -> numbers from analytics.catalogue, with what they rest on
"""

from analytics.questions.executor import CannotAnswer, NeedsChoice, Result, answer
from analytics.questions.form import InvalidQuery, Period, Query, from_dict, to_dict, validate
from analytics.questions.parser import Parsed, ShopWords, parse_question, shop_words

__all__ = ["CannotAnswer", "InvalidQuery", "NeedsChoice", "Parsed", "Period", "Query", "Result", "ShopWords", "answer",
           "from_dict", "parse_question", "shop_words", "to_dict", "validate"]
