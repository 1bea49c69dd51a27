"""The curated Doncaster tables: real facts pinned, provenance complete, every bad input caught."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from intervention_history import cli
from intervention_history.curated.load import MAX_TITLE_LENGTH, load_dataset, split_ids
from intervention_history.official import s251_outturn
from intervention_history.paths import CURATED_DIR

from ..conftest import run_module


@pytest.fixture(scope="module")
def data():
    return load_dataset(CURATED_DIR / "doncaster")


def event(data, event_id):
    return data.events.set_index("event_id").loc[event_id]


def test_edlington_attack_is_a_day_precise_date(data):
    row = event(data, "incident-edlington")
    assert row.date == "2009-04-04"
    assert row.date_precision == "day"
    assert row.date_label == "4 Apr 2009"
    assert row.date_earliest == row.date_latest == pd.Timestamp("2009-04-04")


def test_seed_article_on_partner_search_has_an_interval_date(data):
    source = data.sources.set_index("source_id").loc["yp-2013-partner-search"]
    assert source.published == "2013-05-06/2013-06-19"
    assert source.published_precision == "interval"
    assert "yorkshirepost.co.uk" in source.url


def test_events_resolved_from_yesterday_in_the_seed_are_intervals(data):
    row = event(data, "leader-pratt-retires")
    assert (row.date_earliest, row.date_latest) == (pd.Timestamp("2013-05-05"), pd.Timestamp("2013-06-18"))
    assert "yesterday" in row.date_basis


def test_impower_contract_is_1_8m_for_two_years(data):
    cost = data.costs.set_index("cost_id").loc["impower-contract"]
    assert cost.amount_gbp == 1_800_000
    assert cost.period == "2013-07/2015-06"
    assert (cost.period_earliest, cost.period_latest) == (pd.Timestamp("2013-07-01"), pd.Timestamp("2015-06-30"))


def test_extension_amount_is_undisclosed_not_zero(data):
    cost = data.costs.set_index("cost_id").loc["impower-extension"]
    assert pd.isna(cost.amount_gbp)
    assert cost.status == "optional"


def test_sandwell_comparator_is_present(data):
    assert data.costs.set_index("cost_id").loc["sandwell-contract"].amount_gbp == 1_150_000


def test_at_least_40_events_from_2004_to_2025(data):
    assert len(data.events) >= 40
    assert data.events.date_earliest.min().year == 2004
    assert data.events.date_latest.max().year == 2025


def test_every_row_cites_a_known_source_and_ids_are_unique(data):
    known = set(data.sources.source_id)
    for table in ("events", "judgements", "roles", "costs"):
        cited = [s for ids in getattr(data, table).source_ids for s in split_ids(ids)]
        assert cited and set(cited) <= known, table
    for table, column in (
        ("sources", "source_id"),
        ("events", "event_id"),
        ("judgements", "judgement_id"),
        ("costs", "cost_id"),
    ):
        assert getattr(data, table)[column].is_unique, table


def test_every_source_has_a_web_address_and_a_date(data):
    assert data.sources.url.str.match(r"^https?://[^/]+\.[a-z]+/").all()
    assert data.sources.published_earliest.notna().all()


def test_grades_are_on_one_four_point_scale(data):
    grades = data.judgements.grade.dropna()
    assert set(grades) <= {1, 2, 3, 4}
    assert data.judgements.set_index("judgement_id").loc["ilacs-2025"].grade == 2


def test_seed_text_is_not_republished(data):
    seeds_phrases = ["threatened with privatisation by Ministers", "set to shell out nearly"]
    text = " ".join(data.events.summary) + " ".join(data.events.evidence)
    assert not any(p in text for p in seeds_phrases)


def test_raw_files_match_their_sha256_manifest():
    manifest = (s251_outturn.RAW_DIR / "SHA256SUMS").read_text().split("\n")
    entries = [line.split() for line in manifest if line.strip()]
    assert len(entries) == 6
    for digest, name in entries:
        assert hashlib.sha256((s251_outturn.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_validate_cli_summarises_counts():
    result = run_module("validate")
    assert result.returncode == 0, result.stderr
    assert "Doncaster: valid (68 sources" in result.stdout


# ------------------------------------------------------------ one test per kind of bad input


def edit_cell(folder: Path, table: str, row_id: str, column: str, value: str) -> int:
    """Set one cell; return the file line it is on."""
    path = folder / f"{table}.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    for index, row in enumerate(rows[1:], start=2):
        if row[0] == row_id:
            row[header.index(column)] = value
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            return index
    raise KeyError(row_id)


def validate(folder: Path, capsys) -> tuple[int, str]:
    code = cli.main(["validate", "--data-dir", str(folder)])
    captured = capsys.readouterr()
    return code, captured.err


CELL_CASES = [
    ("bad EDTF date", "events", "incident-edlington", "date", "04/04/2009", "write day dates as YYYY-MM-DD"),
    ("end before start", "events", "trust-launch", "date", "2014-10-01/2014-09-01", "ends before it starts"),
    ("unknown category", "events", "trust-launch", "category", "scandal", "not one of"),
    ("duplicate id", "events", "trust-launch", "event_id", "incident-edlington", "duplicate id; first used on line"),
    (
        "unknown source id",
        "events",
        "trust-launch",
        "source_ids",
        "guardian-2014-trust;no-such-source",
        "unknown source id 'no-such-source'",
    ),
    ("negative amount", "costs", "impower-contract", "amount_gbp", "-1800000", "must not be negative"),
    ("non-numeric amount", "costs", "impower-contract", "amount_gbp", "1.8m", "not a number"),
    ("title too long", "events", "trust-launch", "title", "x" * (MAX_TITLE_LENGTH + 1), "too long for a chart label"),
    ("role end before start", "roles", "Paul Gray", "end", "2007-01", "ends before it starts"),
]


@pytest.mark.parametrize(
    ("kind", "table", "row_id", "column", "value", "expected"), CELL_CASES, ids=[c[0] for c in CELL_CASES]
)
def test_bad_cell_is_reported_with_file_line_and_column(
    council_copy, capsys, kind, table, row_id, column, value, expected
):
    line = edit_cell(council_copy, table, row_id, column, value)
    code, err = validate(council_copy, capsys)
    assert code == 2
    assert f"{table}.csv:{line}: {column}: " in err
    assert expected in err
    assert "Traceback" not in err


def test_every_problem_is_reported_not_just_the_first(council_copy, capsys):
    edit_cell(council_copy, "events", "trust-launch", "category", "scandal")
    edit_cell(council_copy, "costs", "impower-contract", "amount_gbp", "lots")
    code, err = validate(council_copy, capsys)
    assert code == 2 and "2 problems found" in err


def test_missing_column(council_copy, capsys):
    path = council_copy / "events.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["evidence"])
    frame.to_csv(path, index=False, lineterminator="\n")
    code, err = validate(council_copy, capsys)
    assert code == 2 and "events.csv:1: evidence: missing column" in err


def test_unknown_column_is_an_error_not_dropped(council_copy, capsys):
    path = council_copy / "events.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).assign(mood="grim")
    frame.to_csv(path, index=False, lineterminator="\n")
    code, err = validate(council_copy, capsys)
    assert code == 2 and "events.csv:1: mood: unknown column" in err


def test_empty_file(council_copy, capsys):
    (council_copy / "roles.csv").write_text("")
    code, err = validate(council_copy, capsys)
    assert code == 2 and "roles.csv:1: (file): file is empty" in err


def test_file_that_is_not_utf8(council_copy, capsys):
    path = council_copy / "events.csv"
    text = path.read_text(encoding="utf-8").replace("Edlington attack", "Edlington attaqué")
    path.write_bytes(text.encode("cp1252"))
    line = next(n for n, text_line in enumerate(text.splitlines(), start=1) if "attaqué" in text_line)
    code, err = validate(council_copy, capsys)
    assert code == 2 and f"events.csv:{line}: title: not UTF-8 text (byte 0xE9" in err


def test_bad_data_never_shows_a_traceback_from_the_real_command(council_copy):
    edit_cell(council_copy, "events", "incident-edlington", "date", "sometime")
    result = run_module("validate", "--data-dir", str(council_copy))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "events.csv:" in result.stderr and ": date: not a valid EDTF date" in result.stderr
