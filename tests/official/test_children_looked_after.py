"""Children looked after: values pinned from the raw files, revisions, gaps and rates."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from intervention_history.errors import DataError
from intervention_history.measures import children
from intervention_history.official import children_looked_after as cla

TIDY_1923 = "2019-2023_cla_number_and_rate_per_10k_children.csv"
TIDY_2024 = "2020-2024_cla_number_and_rate_per_10k_children.csv"
DONCASTER, ROTHERHAM, SHEFFIELD, ISLES_OF_SCILLY = 371, 372, 373, 420


@pytest.fixture(scope="module")
def table():
    return children.load_children_looked_after()


@pytest.fixture(scope="module")
def revisions():
    return children.load_revisions()


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code.isna() if code is None else table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def test_doncaster_2010_count_population_and_computed_rate(table):
    # 2010_SFR27_March.csv line 68: LA,371,Doncaster,466,63300,...
    r = row(table, 2010, DONCASTER)
    assert (r.children_looked_after, r.population_0_17) == (466, 63_300)
    assert r.rate_per_10000 == 74  # 466 / 63,300 * 10,000 = 73.6, rounded
    assert (r.rate_source, r.release, r.release_line) == ("computed", "2010_SFR27_March.csv", 68)


def test_doncaster_2013_and_2017_counts_without_rates(table):
    # 2013_SFR36_CLA.csv line 70: E08000017,LA,371,Doncaster,497,...
    r = row(table, 2013, DONCASTER)
    assert r.children_looked_after == 497
    assert pd.isna(r.population_0_17) and pd.isna(r.rate_per_10000) and r.rate_source == ""
    # 2017_SFR50_CLA.csv line 70: 46,E08000017,LA,371,Doncaster,510,...
    assert row(table, 2017, DONCASTER).children_looked_after == 510


def test_rotherham_2016_and_2024(table):
    # 2016_SFR41_CLA.csv line 71: E08000018,LA,372,Rotherham,431,...
    assert row(table, 2016, ROTHERHAM).children_looked_after == 431
    # 2020-2024_cla_number_and_rate_per_10k_children.csv line 174:
    # 2024,...,Local authority,...,372,Rotherham,E08000018,Children looked after at 31 March each year,58096,502,86
    r = row(table, 2024, ROTHERHAM)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (502, 58_096, 86)
    assert (r.rate_source, r.release, r.release_line) == ("published", TIDY_2024, 174)


def test_sheffield_2010_and_2019(table):
    # 2010_SFR27_March.csv line 70: LA,373,Sheffield,578,106200,...
    r = row(table, 2010, SHEFFIELD)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (578, 106_200, 54)
    # 2019-2023_cla_number_and_rate_per_10k_children.csv line 2184: 2019,...,373,Sheffield,...,112897,631,56
    r = row(table, 2019, SHEFFIELD)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (631, 112_897, 56)
    assert r.release == TIDY_1923


def test_england(table):
    # 2010_SFR27_March.csv line 2: National,921,England,64400,11012300,...
    r = row(table, 2010, None)
    assert (r.la_name, r.children_looked_after, r.population_0_17, r.rate_per_10000) == (
        "England",
        64_400,
        11_012_300,
        58,
    )
    # 2017_SFR50_CLA.csv line 2: 1,E92000001,NATIONAL,999,ENGLAND,72670,...
    assert row(table, 2017, None).children_looked_after == 72_670
    # 2020-2024 file line 3: 2024,Reporting year,National,E92000001,England,...,11998646,83630,70
    r = row(table, 2024, None)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (83_630, 11_998_646, 70)


def test_doncaster_2023_revised_figure(table, revisions):
    # 2019-2023 file line 162: 2023,...,371,Doncaster,...,65119,542,83
    # 2020-2024 file line 672: 2023,...,371,Doncaster,...,64989,540,83  (the later release wins)
    r = row(table, 2023, DONCASTER)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (540, 64_989, 83)
    assert (r.release, r.release_line) == (TIDY_2024, 672)
    don = revisions[(revisions.year == 2023) & (revisions.la_code == DONCASTER)].set_index("column")
    assert list(don.index) == ["children_looked_after", "population_0_17"]  # the rate did not change
    assert (don.loc["children_looked_after", "old_value"], don.loc["children_looked_after", "new_value"]) == (542, 540)
    assert (don.loc["population_0_17", "old_value"], don.loc["population_0_17", "new_value"]) == (65_119, 64_989)
    assert set(don.old_release) == {TIDY_1923} and set(don.new_release) == {TIDY_2024}


def test_revisions_are_only_real_changes_in_the_overlap(table, revisions):
    assert set(revisions.year) <= {2020, 2021, 2022, 2023}
    assert (revisions.old_value != revisions.new_value).all()
    assert len(revisions) == 319
    # England 2023: 2019-2023 file line 3 (83840) against 2020-2024 file line 504 (83760)
    eng = revisions[(revisions.year == 2023) & revisions.la_code.isna()].set_index("column")
    assert (eng.loc["children_looked_after", "old_value"], eng.loc["children_looked_after", "new_value"]) == (
        83_840,
        83_760,
    )
    # every overlapping year comes from the later release
    assert set(table[table.year.between(2020, 2024)].release) == {TIDY_2024}
    assert set(table[table.year == 2019].release) == {TIDY_1923}


def test_2018_is_absent_and_nothing_is_filled_in(table):
    assert 2018 not in set(table.year)
    assert cla.MISSING_YEARS == (2018,)
    assert sorted(set(table.year)) == [*range(2010, 2018), *range(2019, 2025)]
    don = children.council(table, DONCASTER)
    assert list(don.year) == [*range(2010, 2018), *range(2019, 2025)]
    # populations and rates only where a source gives them: 2010 and 2019 on
    assert table[table.year.between(2011, 2017)][["population_0_17", "rate_per_10000"]].isna().all().all()
    assert table[table.year.between(2011, 2017)].rate_source.eq("").all()


def test_one_row_per_council_and_england_per_year(table):
    assert not table.duplicated(["year", "la_code"]).any()
    assert (table[table.la_code.isna()].groupby("year").size() == 1).all()
    assert table.groupby("year").la_code.count().min() >= 150
    assert (table.groupby("la_code").la_name.nunique() == 1).all()


def test_rate_source_logic(table):
    published = table.rate_source == "published"
    computed = table.rate_source == "computed"
    assert set(table.rate_source) == {"published", "computed", ""}
    assert set(table[computed].year) == {2010}
    assert set(table[published].year) == set(range(2019, 2025))
    assert table[published | computed].rate_per_10000.notna().all()
    assert table[table.rate_source == ""].rate_per_10000.isna().all()
    # every computed rate is the count over the population in the same row, rounded
    c = table[computed]
    assert ((c.children_looked_after * 10_000 / c.population_0_17 - c.rate_per_10000).abs() <= 0.5).all()


def test_suppressed_and_not_applicable_cells(table):
    # 2020-2024 file line 2388: 2020,...,420,Isles of Scilly,...,308,c,c -> a row, no count, no rate
    r = row(table, 2020, ISLES_OF_SCILLY)
    assert pd.isna(r.children_looked_after) and pd.isna(r.rate_per_10000) and r.rate_source == ""
    assert r.population_0_17 == 308
    # 2019-2023 file line 2388: 2019,...,837,Bournemouth,...,x,248,x -> a count, no population or rate
    r = row(table, 2019, 837)
    assert r.children_looked_after == 248 and pd.isna(r.population_0_17) and r.rate_source == ""
    # 2020-2024 file line 723: 2023,...,928,Northamptonshire,...,x,z,z -> no row (council abolished)
    assert table[(table.la_code == 928) & (table.year >= 2022)].empty
    # the Isles of Scilly has no row in 2011-2016 and an empty geog_l in 2017 (line 165)
    assert list(children.council(table, ISLES_OF_SCILLY).year) == [2010, 2017, 2019, 2020, 2021, 2022, 2023, 2024]


def test_england_agrees_with_the_national_time_series(table):
    series = pd.read_csv(cla.RAW_DIR / "1994-2024_cla_national_time_series.csv", encoding="utf-8-sig")
    series = (
        series[series.population_count == "Children looked after at 31 March"]
        .set_index("time_period")
        .number.astype(int)
    )
    eng = children.england(table).set_index("year").children_looked_after
    assert (eng[2019:] == series[2019:2024]).all()
    # earlier years differ only by rounding and later amendments (2010: 64,400 against 64,460)
    assert ((eng - series.reindex(eng.index)).abs() / eng).max() < 0.002


def test_raw_files_match_their_sha256_manifest():
    entries = [line.split() for line in (cla.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert len(entries) == 17
    for digest, name in entries:
        assert hashlib.sha256((cla.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_bad_raw_file_names_file_line_and_column(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(cla.RAW_DIR, raw)
    path = raw / "2015_SFR34_CLA.csv"
    path.write_bytes(path.read_bytes().replace(b",371,Doncaster,480,", b",371,Doncaster,4 80,"))
    with pytest.raises(DataError, match=r"2015_SFR34_CLA.csv:70: CLA_Mar2015: not a whole number \('4 80'\)"):
        cla.harmonise(raw)
