"""Population aged 0-17: values pinned from the raw file, the pairing rule, rates, and bad input."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from intervention_history.errors import DataError
from intervention_history.official import population_0_17 as pop

from . import broken

FILE = pop.POPULATION.file
DONCASTER, ROTHERHAM, BARNSLEY, SHEFFIELD, BIRMINGHAM = "371", "372", "370", "373", "330"
DONCASTER_2018_LINE = 1036  # 2018,...,371,E08000017,Doncaster,Children aged 0 to 17 years,64481


@pytest.fixture(scope="module")
def table():
    return pop.harmonise()[pop.NAME]


def row(table, mid_year, code):
    hit = table[(table.mid_year == mid_year) & (table.la_code == code)]
    assert len(hit) == 1, (mid_year, code)
    return hit.iloc[0]


def test_councils_pinned_from_the_raw_file(table):
    # line 1036: 2018,...,371,E08000017,Doncaster,Children aged 0 to 17 years,64481
    r = row(table, 2018, DONCASTER)
    assert (r.population_0_17, r.population_0_17_status, r.new_la_code, r.la_name) == (
        64_481,
        "",
        "E08000017",
        "Doncaster",
    )
    assert (r.release, r.release_line) == (FILE, 1036)
    # line 1364: 2016,...,371,...,64440 (the README's revised mid-2016 figure) and line 53: 2024,...,68271
    assert row(table, 2016, DONCASTER).population_0_17 == 64_440
    assert row(table, 2024, DONCASTER).population_0_17 == 68_271
    # line 554: 2021,...,372,E08000018,Rotherham,...,56349
    assert row(table, 2021, ROTHERHAM).population_0_17 == 56_349
    # line 2017: 2012,...,370,E08000016,Barnsley,...,48970
    assert row(table, 2012, BARNSLEY).population_0_17 == 48_970
    # line 882: 2019,...,373,E08000019,Sheffield,...,112853
    assert row(table, 2019, SHEFFIELD).population_0_17 == 112_853
    # line 894: 2019,...,West Midlands,330,E08000025,Birmingham,...,291715
    r = row(table, 2019, BIRMINGHAM)
    assert (r.population_0_17, r.release_line) == (291_715, 894)


def test_england(table):
    # line 2: 2024,Reporting year,National,E92000001,England,,,,,,Children aged 0 to 17 years,12183016
    r = row(table, 2024, "")
    assert (r.la_name, r.new_la_code, r.population_0_17, r.release_line) == ("England", "", 12_183_016, 2)
    # line 1970: 2012,...,National,...,11403970
    assert row(table, 2012, "").population_0_17 == 11_403_970
    assert (table[table.la_code == ""].groupby("mid_year").size() == 1).all()


def test_not_available_keeps_its_row_and_status(table):
    # 21 `x` cells: Bournemouth (837), Poole (836) and the old Dorset (835), mid-2012 to mid-2018
    x = table[table.population_0_17_status == "x"]
    assert len(x) == 21 and x.population_0_17.isna().all()
    assert set(x.la_code) == {"835", "836", "837"} and set(x.mid_year) == set(range(2012, 2019))
    assert table[table.population_0_17_status == ""].population_0_17.notna().all()
    # their successors start in mid-2019 (line 120: 2024,...,839,...,"Bournemouth, Christchurch and Poole",...,74810)
    assert table[table.la_code == "839"].mid_year.min() == 2019
    assert row(table, 2024, "839").population_0_17 == 74_810


def test_shape_keys_and_order(table):
    assert len(table) == 1989  # 13 England rows and 1,976 council rows; regions are not read
    assert list(table.columns) == list(pop.TABLES[pop.NAME])
    assert sorted(set(table.mid_year)) == list(range(2012, 2025))
    assert not table.duplicated(["mid_year", "la_code"]).any()
    assert table.la_code[table.la_code != ""].str.fullmatch(r"\d{3}").all()
    assert table.equals(table.sort_values(["mid_year", "la_code"]).reset_index(drop=True))
    assert table.groupby("mid_year").size().min() >= 151


def test_rebuild_is_byte_identical():
    first = pop.harmonise()[pop.NAME].to_csv(index=False, lineterminator="\n")
    assert pop.harmonise()[pop.NAME].to_csv(index=False, lineterminator="\n") == first


def test_pairing_rule_is_the_mid_year_before():
    assert pop.mid_year_for(2020) == 2019
    assert pop.mid_year_for(2013) == 2012
    assert [pop.mid_year_for(y) for y in (2019, 2025)] == [2018, 2024]


def test_with_population_pairs_31_march_with_the_mid_year_before(table):
    # text codes (this project's official tables) and integer codes (children_looked_after) both work
    counts = pd.DataFrame({"year": [2019, 2019, 2025, 2013], "la_code": ["371", "", "372", "837"], "n": [1, 2, 3, 4]})
    joined = pop.with_population(counts, table)
    assert list(joined.columns) == ["year", "la_code", "n", *pop.POPULATION_COLUMNS]
    assert list(joined.population_mid_year) == [2018, 2018, 2024, 2012]
    assert list(joined.population_0_17.astype(object)) == [64_481, 11_755_593, 59_521, pd.NA]
    assert list(joined.population_0_17_status) == ["", "", "", "x"]
    assert list(joined.population_line) == [
        1036,
        986,
        61,
        table[(table.mid_year == 2012) & (table.la_code == "837")].release_line.item(),
    ]
    ints = pd.DataFrame({"year": [2019, 2019, 2010], "la_code": pd.array([371, None, 371], dtype="Int64")})
    joined = pop.with_population(ints, table)
    assert list(joined.population_0_17.astype(object)) == [64_481, 11_755_593, pd.NA]
    assert joined.population_line.isna().tolist() == [False, False, True]  # no estimate before mid-2012


def test_rate_rounds_half_up_like_the_dfe():
    assert pop.rate_per_10000(1225, 1_000_000) == 12.3  # 12.25: half up (round() would give 12.2)
    assert pop.rate_per_10000(1224, 1_000_000) == 12.2
    assert pop.rate_per_10000(2714, 64_481) == 420.9  # 420.899...
    assert pop.rate_per_10000(466, 63_300, decimals=0) == 74
    assert pop.rate_per_10000(None, 100) is None and pop.rate_per_10000(5, pd.NA) is None
    assert pop.rate_per_10000(5, 0) is None


def test_raw_file_matches_its_sha256_manifest():
    entries = [line.split() for line in (pop.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert entries == [["bd6420a0edd97dc2bfb25e70955399778a460483d5c417032b8fcb92230bfaa3", FILE]]
    for digest, name in entries:
        assert hashlib.sha256((pop.RAW_DIR / name).read_bytes()).hexdigest() == digest


def test_inputs_are_the_raw_file():
    assert pop.inputs() == [pop.RAW_DIR / FILE]


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("kind", broken.KINDS)
def test_bad_raw_file_names_file_line_and_column(tmp_path, kind):
    shutil.copy(pop.RAW_DIR / FILE, tmp_path / FILE)
    path = tmp_path / FILE
    line, column, message = broken.break_file(path, kind, DONCASTER_2018_LINE, "population_estimate")
    error = broken.error_of(pop.harmonise, raw_dir=tmp_path)
    broken.assert_names(error, path, line, column, message)
    if kind == "cut short":
        broken.assert_names(error, path, line + 1, "(file)", "it was cut short")


def test_renamed_header_suggests_the_closest_name(tmp_path):
    path = tmp_path / FILE
    path.write_bytes((pop.RAW_DIR / FILE).read_bytes().replace(b",population_estimate\n", b",population_estimat\n", 1))
    with pytest.raises(DataError, match=r":1: population_estimate: expected column .* \(closest: population_estimat\)"):
        pop.harmonise(raw_dir=tmp_path)


def test_unknown_symbol_is_not_a_missing_value(tmp_path):
    # `c` is a DfE symbol, but this file uses only `x`: a `c` here is an error, not a suppressed cell
    path = tmp_path / FILE
    shutil.copy(pop.RAW_DIR / FILE, path)
    broken.set_field(path, DONCASTER_2018_LINE, "population_estimate", b"c")
    with pytest.raises(DataError, match=r":1036: population_estimate: not a whole number or one of .* \(x\) \('c'\)"):
        pop.harmonise(raw_dir=tmp_path)
