"""Social work workforce: values pinned from the raw file, statuses kept, joint returns, bad input."""

from __future__ import annotations

import hashlib
import shutil
from functools import partial

import pandas as pd
import pytest

from intervention_history.official import workforce as wf

from . import broken
from .broken import assert_names

DONCASTER_2025_LINE = 53
VALUES = [name for name, _ in wf.MEASURES.values()]


@pytest.fixture(scope="module")
def table():
    return wf.harmonise()[wf.NAME]


def row(table, year, code):
    hit = (
        table[(table.year == year) & (table.la_code == code)]
        if code
        else table[(table.year == year) & table.la_code.isna()]
    )
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def test_doncaster(table):
    # line 53: 2025,...,371,E08000017,Doncaster,218.3,232,38,39,17.2,18,7.9,7.8,32,32,12.8,12.1,27,84.4,37,14.5,73,119.5,1799,15.1,2028,3.7
    r = row(table, 2025, 371)
    assert (r.new_la_code, r.la_name, r.source_line, r.joint_return) == ("E08000017", "Doncaster", 53, "")
    assert (r.fte, r.headcount, r.starters_fte, r.leavers_fte, r.turnover_rate) == (218.3, 232, 38.0, 17.2, 7.9)
    assert (r.agency_fte, r.agency_rate, r.vacancy_fte, r.vacancy_rate) == (32.0, 12.8, 37.0, 14.5)
    assert (r.case_holders_fte, r.cases, r.caseload, r.absence_rate) == (119.5, 1799, 15.1, 3.7)
    assert all(r[f"{v}_status"] == "" for v in VALUES)
    # the README: agency rate 19.6% (2017), 9.5% (2019), 20.4% (2023), 12.8% (2025)
    agency = table[table.la_code == 371].set_index("year").agency_rate
    assert (agency[2017], agency[2019], agency[2023], agency[2025]) == (19.6, 9.5, 20.4, 12.8)
    # line 1352: 2017,...,371,...,Doncaster,191.2,201,...,9.9,10,46.6,47,19.6,...,13.6,92,142.4,2457,17.3,...
    r = row(table, 2017, 371)
    assert (r.fte, r.turnover_rate, r.vacancy_rate, r.cases, r.caseload, r.source_line) == (
        191.2,
        9.9,
        13.6,
        2457,
        17.3,
        1352,
    )


def test_england(table):
    # line 2: 2025,Reporting year,National,E92000001,England,,,,,,36186.3,38292,...,13,12.7,...,14.2,...,15.2,...
    r = row(table, 2025, None)
    assert (r.la_name, r.new_la_code, r.source_line) == ("England", "", 2)
    assert (r.fte, r.headcount, r.agency_rate, r.vacancy_rate, r.caseload, r.turnover_rate) == (
        36186.3,
        38292,
        13.0,
        14.2,
        15.2,
        11.8,
    )
    assert (table[table.la_code.isna()].groupby("year").size() == 1).all()


def test_statuses_are_kept_never_zero(table):
    # line 25: 2025,...,394,E08000024,Sunderland,229.5,...,low,1,low,0.4,low,... -> `low`, not zero
    r = row(table, 2025, 394)
    assert pd.isna(r.agency_fte) and r.agency_fte_status == "low"
    assert pd.isna(r.agency_rate) and r.agency_rate_status == "low"
    assert list(table[table.la_code == 394].set_index("year").agency_rate_status[[2022, 2023, 2024]]) == [
        "",
        "low",
        "low",
    ]
    # line 188: 2024 Sunderland leavers_fte u, turnover_rate_fte u
    r = row(table, 2024, 394)
    assert (r.leavers_fte_status, r.turnover_rate_status) == ("u", "u") and pd.isna(r.turnover_rate)
    # line 139: 2025 Kensington and Chelsea, every value x
    r = row(table, 2025, 207)
    assert all(r[f"{v}_status"] == "x" and pd.isna(r[v]) for v in VALUES)
    # line 125: 2025 Isles of Scilly 0 in post, turnover z, agency rate 100, absence z: a zero stays a zero
    r = row(table, 2025, 420)
    assert (r.fte, r.fte_status, r.agency_rate) == (0.0, "", 100.0)
    assert (r.turnover_rate_status, r.absence_rate_status) == ("z", "z") and pd.isna(r.turnover_rate)
    # line 1261: 2018 Isles of Scilly absence c (suppressed)
    r = row(table, 2018, 420)
    assert pd.isna(r.absence_rate) and r.absence_rate_status == "c"
    # line 237: 2024 Birmingham agency and caseload u
    r = row(table, 2024, 330)
    assert (r.agency_rate_status, r.caseload_status, r.vacancy_rate_status) == ("u", "u", "")
    assert r.vacancy_rate == 26.6
    for value in VALUES:
        status = table[f"{value}_status"]
        assert set(status) <= {"", *wf.SYMBOLS}, value
        assert (table[value].isna() == (status != "")).all(), value
    counts = {s: int(sum((table[f"{v}_status"] == s).sum() for v in VALUES)) for s in wf.SYMBOLS}
    assert counts["low"] == 9 and counts["c"] == 4  # agency fte, agency rate, absence (3 each); absence c


def test_joint_returns_give_each_council_the_pair_s_figures(table):
    # line 160: 2025,...,314 / 318,E09000021 / E09000027,Kingston upon Thames / Richmond upon Thames,137.4,...
    kingston, richmond = row(table, 2025, 314), row(table, 2025, 318)
    assert (kingston.la_name, richmond.la_name) == ("Kingston upon Thames", "Richmond upon Thames")
    assert (kingston.new_la_code, richmond.new_la_code) == ("E09000021", "E09000027")
    assert kingston.fte == richmond.fte == 137.4 and kingston.turnover_rate == 28.0
    assert kingston.joint_return == richmond.joint_return == "Kingston upon Thames / Richmond upon Thames"
    assert kingston.source_line == richmond.source_line == 160
    # line 70: 2025 North / West Northamptonshire, 421.5 in post; from 2021, Northamptonshire (928) before
    assert row(table, 2025, 940).fte == row(table, 2025, 941).fte == 421.5
    north = table[table.la_code == 940]
    assert list(north.year) == list(range(2021, 2026)) and set(north.joint_return) == {
        "North Northamptonshire / West Northamptonshire"
    }
    assert table[table.la_code == 928].year.max() == 2020
    assert set(table.joint_return) == {
        "",
        "Kingston upon Thames / Richmond upon Thames",
        "North Northamptonshire / West Northamptonshire",
    }


def test_shape_keys_order_and_dtypes(table):
    assert len(table) == 1378
    assert table[table.la_code.notna()].groupby("year").size().to_dict() == {
        2017: 152,
        2018: 152,
        2019: 151,
        2020: 151,
        2021: 152,
        2022: 152,
        2023: 153,
        2024: 153,
        2025: 153,
    }
    assert list(table.columns) == list(wf.TABLES[wf.NAME])
    for column, dtype in wf.TABLES[wf.NAME].items():
        assert str(table[column].dtype) == dtype, column
    assert not table.duplicated(["year", "la_code"]).any()
    assert (table.groupby("la_code").la_name.nunique() == 1).all()
    assert set(table[table.la_code == 838].year) == set(range(2019, 2026))  # the new Dorset from 30 Sept 2019
    assert set(table[table.la_code == 942].year) == {2023, 2024, 2025}


def test_raw_file_matches_its_sha256_manifest():
    entries = [line.split() for line in (wf.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert [name for _, name in entries] == [wf.FILE]
    digest = hashlib.sha256((wf.RAW_DIR / wf.FILE).read_bytes()).hexdigest()
    assert digest == entries[0][0] == "9e058bac193cc5b03f0d21ebe4259c8935d236dbf59f09d90b3e0916bfbca95f"


def test_rebuild_is_byte_identical():
    first = wf.harmonise()[wf.NAME].to_csv(index=False, lineterminator="\n")
    assert wf.harmonise()[wf.NAME].to_csv(index=False, lineterminator="\n") == first


# ---------------------------------------------------------------- bad input


raw_copy = broken.raw_copy_fixture(wf)
harmonise_error = partial(broken.error_of, wf.harmonise)


def test_a_renamed_header(raw_copy):
    path = raw_copy / wf.FILE
    lines = broken.lines(path)
    lines[0] = lines[0].replace(b",caseload_fte,", b",caseload,")
    path.write_bytes(b"\n".join(lines))
    assert_names(harmonise_error(raw_copy), path, 1, "caseload_fte", "expected column missing from the header")


@pytest.mark.parametrize(
    ("column", "value", "words"), [("cases", b"17.5", "a whole number"), ("agency_rate_fte", b"#VALUE!", "a number")]
)
def test_a_value_that_is_not_a_number(raw_copy, column, value, words):
    path = raw_copy / wf.FILE
    broken.set_field(path, DONCASTER_2025_LINE, column, value)
    error = harmonise_error(raw_copy)
    assert_names(
        error, path, DONCASTER_2025_LINE, column, f"not {words} or one of the file's symbols \\(x, z, u, low, c\\)"
    )


def test_a_duplicated_council_row(raw_copy):
    path = raw_copy / wf.FILE
    broken.repeat_line(path, DONCASTER_2025_LINE)
    error = harmonise_error(raw_copy)
    assert_names(
        error, path, DONCASTER_2025_LINE + 1, "old_la_code", r"council 371 appears again for 2025 \(first on line 53\)"
    )


def test_a_truncated_row(raw_copy):
    path = raw_copy / wf.FILE
    lines = broken.lines(path)
    lines[DONCASTER_2025_LINE - 1] = lines[DONCASTER_2025_LINE - 1].rsplit(b",", 2)[0]
    path.write_bytes(b"\n".join(lines))
    assert_names(
        harmonise_error(raw_copy), path, DONCASTER_2025_LINE, "working_days_lost_fte", "row ends after 30 fields"
    )


def test_a_cut_short_file(raw_copy):
    path = raw_copy / wf.FILE
    lines = broken.lines(path)
    path.write_bytes(b"\n".join(lines[:1000]) + b"\n")
    assert_names(
        harmonise_error(raw_copy), path, 1001, "(file)", "999 data rows but the file has 1463: it was cut short"
    )


def test_a_code_name_or_ons_code_the_register_does_not_know(raw_copy):
    path = raw_copy / wf.FILE
    broken.set_field(path, DONCASTER_2025_LINE, "old_la_code", b"999")
    assert_names(
        harmonise_error(raw_copy),
        path,
        DONCASTER_2025_LINE,
        "old_la_code",
        "council 999 is not in the council register",
    )
    shutil.copy(wf.RAW_DIR / wf.FILE, path)
    broken.set_field(path, DONCASTER_2025_LINE, "la_name", b"Rotherham")
    assert_names(
        harmonise_error(raw_copy), path, DONCASTER_2025_LINE, "la_name", "the register names council 371 'Doncaster'"
    )
    shutil.copy(wf.RAW_DIR / wf.FILE, path)
    broken.set_field(path, DONCASTER_2025_LINE, "new_la_code", b"E08000018")
    assert_names(
        harmonise_error(raw_copy), path, DONCASTER_2025_LINE, "new_la_code", "the register gives council 371 E08000017"
    )


@pytest.mark.parametrize("kind", broken.FILE_KINDS)
def test_empty_missing_and_wrongly_encoded_files(raw_copy, kind):
    broken.assert_file_named(wf.harmonise, raw_copy, raw_copy / wf.FILE, kind, DONCASTER_2025_LINE)
