"""The `shoppulse` command line."""

from __future__ import annotations

import csv
import json

import pytest

from bot.cli import main
from tests.helpers.shop import generic_orders_csv


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_bytes(generic_orders_csv(80))
    return path


def test_analyze_json_has_the_promised_keys(export_file, capsys):
    assert main(["analyze", str(export_file), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["platform"] == "generic"
    assert summary["customers"] == 80 and summary["currency"] == "EUR"
    for key in ("orders", "revenue", "first_order", "last_order", "segments", "models"):
        assert key in summary
    assert sum(summary["segments"].values()) == 80


def test_analyze_scores_file_has_one_row_per_customer(export_file, tmp_path, capsys):
    out = tmp_path / "scores.csv"
    assert main(["analyze", str(export_file), "--scores", str(out), "--as-of", "2023-12-31"]) == 0
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert {"customer_id", "recency_days", "frequency", "monetary", "segment"} <= set(rows[0])
    assert len({row["customer_id"] for row in rows}) == len(rows)
    assert "scored by" in capsys.readouterr().out


def test_analyze_bad_file_exits_non_zero_with_the_bot_message(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Email,Date\na@x.com,2024-01-01\n")
    assert main(["analyze", str(bad)]) == 1
    assert "could not find the amount" in capsys.readouterr().err


def test_run_without_token_says_how_to_get_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "@BotFather" in err and "TELEGRAM_BOT_TOKEN" in err and ".env" in err


def test_analyze_json_and_scores_carry_the_models(tmp_path, capsys):
    path = tmp_path / "orders.csv"
    path.write_bytes(generic_orders_csv(300, seed=3))
    scores = tmp_path / "scores.csv"
    assert main(["analyze", str(path), "--json", "--horizon-days", "60", "--scores", str(scores)]) == 0
    models = json.loads(capsys.readouterr().out)["models"]
    assert set(models["bgnbd"]) >= {"r", "alpha", "a", "b", "time_unit"}
    assert set(models["gamma_gamma"]) >= {"p", "q", "v"}
    assert set(models["churn"]) >= {"method", "backtest_auc", "brier", "horizon_days"}
    assert models["churn"]["horizon_days"] == 60
    header = scores.read_text().splitlines()[0].split(",")
    for column in ("cluster", "p_alive", "churn_risk", "expected_purchases", "next_order_date", "clv_12m"):
        assert column in header
