"""The `shoppulse` command line."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
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
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert {"customer_id", "recency_days", "frequency", "monetary", "segment"} <= set(rows[0])
    assert len({row["customer_id"] for row in rows}) == len(rows)
    assert "scored by" in capsys.readouterr().out


def test_analyze_bad_file_exits_non_zero_with_the_bot_message(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Email,Date\na@x.com,2024-01-01\n")
    assert main(["analyze", str(bad)]) == 1
    assert "could not find the amount" in capsys.readouterr().err


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
    header = next(csv.reader(scores.read_text(encoding="utf-8-sig").splitlines()))
    for column in ("cluster", "p_alive", "churn_risk", "expected_purchases", "next_order_date", "clv_12m"):
        assert column in header
    table = pd.read_csv(scores)
    assert header.index("next_products") == header.index("next_best_product") + 1
    assert "next_picks" not in header  # what the run stores for /recommend, not for a spreadsheet
    picks = table["next_products"].dropna().str.split(" | ", regex=False)
    assert len(picks) and picks.map(len).between(1, 5).all()
    assert picks.map(lambda names: len(set(names)) == len(names)).all()


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def test_analyze_scores_neutralise_formula_cells_as_export_does(tmp_path, capsys):
    import io

    import pandas as pd

    table = pd.read_csv(io.BytesIO(generic_orders_csv(60)))
    customers = table["Email"].drop_duplicates().tolist()
    for formula, email in zip(FORMULAS, customers):
        table.loc[table["Email"] == email, "Customer Name"] = formula
    path = tmp_path / "orders.csv"
    table.to_csv(path, index=False)
    out = tmp_path / "scores.csv"
    assert main(["analyze", str(path), "--scores", str(out)]) == 0
    cells = [cell for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
    assert {"'" + formula for formula in FORMULAS} <= set(cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]
    assert not [cell for cell in cells if re.fullmatch(r"'[-\d.]+", cell)], "numbers are never quoted as text"


def test_analyze_refuses_a_fifo_and_a_device_instead_of_hanging_or_filling_memory(tmp_path, capsys):
    import os

    fifo = tmp_path / "orders.csv"
    os.mkfifo(fifo)
    assert main(["analyze", str(fifo)]) == 2
    assert main(["analyze", "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err.count("not a regular file") == 2 and "/dev/zero" in err


def test_analyze_refuses_a_file_over_the_bots_size_limit(tmp_path, capsys):
    from telegram.constants import FileSizeLimit

    big = tmp_path / "orders.csv"
    with big.open("wb") as stream:
        stream.truncate(FileSizeLimit.FILESIZE_DOWNLOAD + 1)
    assert main(["analyze", str(big)]) == 2
    assert "larger than 20 MB" in capsys.readouterr().err


@pytest.mark.parametrize("days", ["0", "-5", "100000", "13", "366", "ninety"])
def test_analyze_horizon_outside_what_the_bot_allows_is_refused(export_file, days, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["analyze", str(export_file), "--horizon-days", days])
    assert exit_.value.code == 2
    assert "from 14 to 365" in capsys.readouterr().err


def test_analyze_scores_into_a_missing_folder_fails_before_the_analysis(export_file, tmp_path, capsys, monkeypatch):
    import bot.cli

    def must_not_run(*args, **kwargs):
        raise AssertionError("the analysis ran although its output could not be written")

    monkeypatch.setattr(bot.cli, "analyse_files", must_not_run)
    assert main(["analyze", str(export_file), "--scores", str(tmp_path / "missing" / "scores.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
