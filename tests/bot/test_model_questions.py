"""The optional language model, against a stand-in OpenAI-compatible endpoint on loopback: what it
maps must be the validated query form naming this shop's data; SQL, numbers or made-up products
are thrown away."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from analytics.questions import Period, Query, ShopWords
from bot.config import Settings
from bot.service.model_questions import map_with_model

WORDS = ShopWords(products=("Lavender Soap", "Fig Candle"), countries=frozenset({"DE"}), currencies=frozenset({"EUR"}))
TODAY = dt.date(2024, 6, 30)


@pytest.fixture
def endpoint():
    """A chat-completions stand-in that replies with `replies[0]` and records what it was sent."""
    replies: list[str] = []
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            seen.append({"path": self.path, "body": json.loads(self.rfile.read(int(self.headers["Content-Length"])))})
            payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": replies[0]}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1", replies, seen
    server.shutdown()
    server.server_close()


def _ask(url, text="what did lavender soap bring in during 2023"):
    return map_with_model(url, "stand-in", text, WORDS, today=TODAY, timezone="Europe/Berlin")


def test_a_valid_form_from_the_model_is_the_query(endpoint):
    url, replies, seen = endpoint
    replies.append(json.dumps({"metric": "product_revenue", "products": ["Lavender Soap"], "period": {
        "start": "2023-01-01", "end": "2024-01-01", "timezone": "Europe/Berlin"}}))
    assert _ask(url) == Query("product_revenue", products=("Lavender Soap",),
                              period=Period(dt.date(2023, 1, 1), dt.date(2024, 1, 1), "Europe/Berlin"))
    assert seen[0]["path"] == "/v1/chat/completions" and seen[0]["body"]["model"] == "stand-in"
    assert "Lavender Soap" in seen[0]["body"]["messages"][0]["content"]  # it is told the shop's products


@pytest.mark.parametrize("reply", [
    "SELECT sum(total) FROM orders",  # SQL is not a form
    json.dumps({"metric": "net_revenue", "value": 1234.5}),  # a number of its own
    json.dumps({"metric": "product_revenue", "products": ["Unicorn Soap"]}),  # a product the shop lacks
    json.dumps({"metric": "profit"}),  # not in the catalogue
    json.dumps({"metric": None}),  # it could not map it either
    json.dumps({"metric": "net_revenue", "where": [["country", "FR"]]}),  # a country the shop has no orders from
    json.dumps({"metric": "paid_orders", "where": [["discount_code", "XMAS99"]]}),  # a code no order used
    json.dumps({"metric": "paid_orders", "with_code": "yes"}),  # not true or false
])
def test_anything_else_from_the_model_is_thrown_away(endpoint, reply):
    url, replies, _seen = endpoint
    replies.append(reply)
    assert _ask(url) is None


def test_an_unreachable_model_is_no_answer():
    assert _ask("http://127.0.0.1:9/v1") is None


def test_the_model_is_off_unless_set():
    assert Settings.from_env({}, dotenv_path="/nonexistent").llm_url is None
    on = Settings.from_env({"SHOPPULSE_LLM_URL": "http://localhost:11434/v1/"}, dotenv_path="/nonexistent")
    assert (on.llm_url, on.llm_model) == ("http://localhost:11434/v1", "llama3.1")


def test_a_question_only_the_model_could_read_is_answered_by_the_catalogue(endpoint, tmp_path):
    from bot import service
    from storage.database import open_database
    from tests.helpers.shop import question_shop_csv

    url, replies, _seen = endpoint
    db_path = tmp_path / "shop.db"
    open_database(db_path).close()
    service.import_upload(db_path, 1, "orders.csv", question_shop_csv())
    replies.append(json.dumps({"metric": "paid_orders", "period": {
        "start": "2024-03-01", "end": "2024-04-01", "timezone": "UTC"}, "value": 999}))
    question = "how busy was the shop in the month of march 2024 in terms of checkouts that went through"
    assert service.ask_question(db_path, 1, question, timezone="UTC").kind == "unmapped"  # the parser cannot
    assert service.ask_question(db_path, 1, question, timezone="UTC", model=(url, "m")).kind == "unmapped"  # "value"
    replies[0] = json.dumps({"metric": "paid_orders", "period": {"start": "2024-03-01", "end": "2024-04-01",
                                                                  "timezone": "UTC"}})
    asked = service.ask_question(db_path, 1, question, timezone="UTC", model=(url, "m"))
    assert asked.kind == "answer" and asked.by_model
    march = service.ask_question(db_path, 1, "orders in march 2024", timezone="UTC")
    assert asked.result.value == march.result.value  # the same definition, counted by the bot


def test_the_model_may_name_a_code_the_shops_orders_used(endpoint):
    url, replies, seen = endpoint
    words = ShopWords(products=WORDS.products, discount_codes=("SUMMER10",))
    replies.append(json.dumps({"metric": "paid_orders", "where": [["discount_code", "SUMMER10"]]}))
    query = map_with_model(url, "stand-in", "orders on the summer promo", words, today=TODAY, timezone="Europe/Berlin")
    assert query == Query("paid_orders", where=(("discount_code", "SUMMER10"),))
    assert "SUMMER10" in seen[0]["body"]["messages"][0]["content"]
