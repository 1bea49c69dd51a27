"""Children in need and child protection: values pinned from the raw files, statuses, rates, bad input."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from intervention_history.errors import DataError
from intervention_history.official import children_in_need as cin
from intervention_history.official import population_0_17 as pop
from intervention_history.paths import display_path

from . import broken

DONCASTER, ROTHERHAM, BARNSLEY, SHEFFIELD, BIRMINGHAM = "371", "372", "370", "373", "330"
HAMPSHIRE, HEREFORDSHIRE, CITY_OF_LONDON, ISLES_OF_SCILLY, BOURNEMOUTH = "850", "884", "201", "420", "837"
DONCASTER_2019_LINE = 1036  # the same line in all five files
# a value column read from each file, for the broken copies
READ_COLUMN = {"b1": "At31_episodes", "c1": "referral_count", "c4": "Section47", "d3": "CPP_start", "d5": "CPP_At31"}


@pytest.fixture(scope="module")
def table():
    return cin.harmonise()[cin.NAME]


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def test_doncaster_2019_from_all_five_files(table):
    # line 1036 of each file, 2019,...,371,E08000017,Doncaster,...
    r = row(table, 2019, DONCASTER)
    assert (r.new_la_code, r.la_name) == ("E08000017", "Doncaster")
    assert r.children_in_need == 2714  # b1: ...,Children in Need,5171,4826,2686,2537,2457,2356,2714,99
    assert (r.referrals, r.rereferrals, r.rereferral_percent) == (4781, 1290, 27.0)  # c1: ...,4781,1290,27,...
    assert (r.section_47_enquiries, r.initial_child_protection_conferences) == (1168, 502)  # c4: ...,1168,1023,502,...
    assert (r.child_protection_plans_started, r.subsequent_plans, r.subsequent_plan_percent) == (424, 71, 16.7)  # d3
    assert r.child_protection_plans == 300  # d5: ...,Child Protection Plans by length of time,300,...
    assert [r[c] for c in cin.LINES] == [DONCASTER_2019_LINE] * 5
    statuses = [c for c in table.columns if c.endswith("_status")]
    assert all(r[c] == "" for c in statuses)


def test_population_pairing_uses_the_mid_year_before(table):
    # 31 March 2019 <-> mid-2018: population file line 1036, 2018,...,371,...,64481 (the DfE's own 2019 figure)
    r = row(table, 2019, DONCASTER)
    assert (r.population_mid_year, r.population_0_17, r.population_line) == (2018, 64_481, 1036)
    assert (table.population_mid_year == table.year - 1).all()
    assert (table.population_mid_year == table.year.map(pop.mid_year_for)).all()
    # Rotherham 2025 <-> mid-2024, population line 61: 2024,...,372,...,59521
    assert row(table, 2025, ROTHERHAM).population_0_17 == 59_521


def test_computed_rate_is_count_times_10000_over_population_rounded_half_up(table):
    r = row(table, 2019, DONCASTER)
    assert r.children_in_need_rate == 420.9  # 2714 * 10,000 / 64,481 = 420.899...
    assert (r.children_in_need_rate_source, r.children_in_need_rate_status) == ("computed", "")
    assert r.referrals_rate == 741.5  # 4781 * 10,000 / 64,481 = 741.458...
    assert r.child_protection_plans_rate == 46.5  # 300 * 10,000 / 64,481 = 46.525...
    for value in cin.RATED:
        rates = table[f"{value}_rate"]
        expected = [pop.rate_per_10000(c, p, 1) for c, p in zip(table[value], table.population_0_17, strict=True)]
        assert rates.equals(pd.Series(expected, dtype="float64", name=rates.name))
        computed = rates.notna()
        exact = table.loc[computed, value].astype(float) * 10_000 / table.loc[computed, "population_0_17"]
        assert ((exact - rates[computed]).abs() <= 0.05 + 1e-9).all()


def test_rates_are_computed_never_published(table):
    # these files publish no rate per 10,000: every rate is marked computed, and only where there is one
    for value in cin.RATED:
        source, rate = table[f"{value}_rate_source"], table[f"{value}_rate"]
        assert set(source) == {"computed", ""}
        assert (rate.notna() == (source == "computed")).all()


def test_published_percentages(table):
    # c1 line 546: 2022,...,Doncaster,...,3521,245,7,... (the README's implausible 7.0% between 25.4 and 25.2)
    don = table[table.la_code == DONCASTER].set_index("year").rereferral_percent
    assert (don[2021], don[2022], don[2023]) == (25.4, 7.0, 25.2)
    # c1 line 1853: 2014,...,370,...,Barnsley,...,1754,353,20.1; d3 line 1853: ...,222,43,19.4
    r = row(table, 2014, BARNSLEY)
    assert (r.referrals, r.rereferrals, r.rereferral_percent) == (1754, 353, 20.1)
    assert (r.child_protection_plans_started, r.subsequent_plans, r.subsequent_plan_percent) == (222, 43, 19.4)
    assert (r.children_in_need, r.section_47_enquiries, r.child_protection_plans) == (1104, 403, 210)
    assert (r.population_mid_year, r.population_0_17) == (2013, 49_109)  # population line 1853


def test_sheffield_and_birmingham(table):
    # line 2029 of each file: 2013,...,373,E08000019,Sheffield,...
    r = row(table, 2013, SHEFFIELD)
    assert (r.children_in_need, r.referrals, r.section_47_enquiries, r.initial_child_protection_conferences) == (
        3860,
        7180,
        863,
        519,
    )
    assert (r.child_protection_plans_started, r.subsequent_plan_percent, r.child_protection_plans) == (495, 8.1, 437)
    assert r.population_0_17 == 113_360  # mid-2012, population line 2029
    # line 894 of each file: 2020,...,West Midlands,330,E08000025,Birmingham,...
    r = row(table, 2020, BIRMINGHAM)
    assert (r.children_in_need, r.referrals, r.rereferral_percent, r.child_protection_plans) == (
        8778,
        13299,
        17.8,
        1276,
    )
    assert (r.population_mid_year, r.population_0_17) == (2019, 291_715)
    assert r.children_in_need_rate == 300.9  # 8778 * 10,000 / 291,715 = 300.910...


def test_england(table):
    # line 2 of each file: 2025,Reporting year,National,E92000001,England,...
    r = row(table, 2025, "")
    assert (r.la_name, r.new_la_code) == ("England", "")
    assert (r.children_in_need, r.referrals, r.rereferrals, r.rereferral_percent) == (402_400, 632_830, 142_900, 22.6)
    assert (r.section_47_enquiries, r.initial_child_protection_conferences) == (230_590, 72_100)
    assert (r.child_protection_plans, r.child_protection_plans_started, r.subsequent_plan_percent) == (
        49_420,
        61_840,
        24.5,
    )
    assert (r.population_mid_year, r.population_0_17) == (2024, 12_183_016)  # population line 2
    assert r.children_in_need_rate == 330.3  # 402,400 * 10,000 / 12,183,016 = 330.296...
    assert (table[table.la_code == ""].groupby("year").size() == 1).all()
    assert set(table[table.la_code == ""].la_name) == {"England"}


def test_low_reliability_keeps_its_flag(table):
    # d3 line 546: 2022,...,Doncaster,...,437,u,u -> no number published, flagged, never dropped
    r = row(table, 2022, DONCASTER)
    assert pd.isna(r.subsequent_plans) and r.subsequent_plans_status == "u"
    assert pd.isna(r.subsequent_plan_percent) and r.subsequent_plan_percent_status == "u"
    assert r.child_protection_plans_started == 437 and r.child_protection_plans_started_status == ""
    # every file's line 269: 2024,...,850,E10000014,Hampshire,...,u,u,... -> the rates carry the `u` too
    r = row(table, 2024, HAMPSHIRE)
    assert all(r[f"{v}_status"] == "u" and pd.isna(r[v]) for v in cin.VALUES)
    assert all(r[f"{v}_rate_status"] == "u" and pd.isna(r[f"{v}_rate"]) for v in cin.RATED)
    assert (r.population_0_17, r.population_0_17_status) == (287_030, "")  # population line 269, mid-2023
    # c1 line 407: 2023,...,884,...,"Herefordshire, County of",...,1569,u,u,... -> the referrals stay sound
    r = row(table, 2023, HEREFORDSHIRE)
    assert (r.referrals, r.referrals_status, r.rereferrals_status, r.rereferral_percent_status) == (1569, "", "u", "u")
    assert (
        r.referrals_rate_source == "computed" and r.referrals_rate == 461.8
    )  # 1569 * 10,000 / 33,977 (mid-2022) = 461.78
    u = table[[f"{v}_status" for v in cin.VALUES]].eq("u")
    assert u.sum().sum() == 17 and set(table[u.any(axis=1)].la_code) == {HAMPSHIRE, HEREFORDSHIRE, DONCASTER}


def test_suppressed_cells_stay_missing_with_their_status(table):
    # line 1436: 2017,...,420,E06000053,Isles of Scilly: c1 referral_count c; c4 Section47 c, ICPC c;
    # d3 CPP_start c; d5 CPP_At31 c; b1 At31_episodes 32
    r = row(table, 2017, ISLES_OF_SCILLY)
    for value in ("referrals", "section_47_enquiries", "initial_child_protection_conferences"):
        assert pd.isna(r[value]) and r[f"{value}_status"] == "c", value
        assert pd.isna(r[f"{value}_rate"]) and r[f"{value}_rate_status"] == "c" and r[f"{value}_rate_source"] == ""
    assert (r.child_protection_plans_status, r.child_protection_plans_started_status) == ("c", "c")
    assert (r.rereferrals, r.rereferral_percent) == (0, 0.0)  # a real zero stays a zero
    assert (r.children_in_need, r.population_0_17, r.children_in_need_rate) == (32, 358, 893.9)  # mid-2016: 358
    # c1 line 300: 2024,...,201,E09000001,City of London,...,63,c,c,...
    r = row(table, 2024, CITY_OF_LONDON)
    assert (r.referrals, r.rereferrals_status, r.rereferral_percent_status) == (63, "c", "c")
    assert pd.isna(r.rereferrals) and pd.isna(r.rereferral_percent)


def test_not_applicable_and_not_available(table):
    # d3 line 1108: 2019,...,420,Isles of Scilly,...,0,0,z -> no plans started, so no percentage
    r = row(table, 2019, ISLES_OF_SCILLY)
    assert (r.child_protection_plans_started, r.subsequent_plans) == (0, 0)
    assert pd.isna(r.subsequent_plan_percent) and r.subsequent_plan_percent_status == "z"
    # line 792 of every file: 2021,...,204,E09000012,Hackney,...,x,x,... (not available)
    r = row(table, 2021, "204")
    assert all(r[f"{v}_status"] == "x" and pd.isna(r[v]) for v in cin.VALUES)
    # b1 line 1102: 2019,...,837,E06000028,Bournemouth,...,1351,... but population line 1102: 2018,...,837,...,x
    r = row(table, 2019, BOURNEMOUTH)
    assert (r.children_in_need, r.children_in_need_status) == (1351, "")
    assert pd.isna(r.population_0_17) and r.population_0_17_status == "x"
    assert pd.isna(r.children_in_need_rate) and r.children_in_need_rate_status == "x"
    assert r.children_in_need_rate_source == ""
    no_population = table[table.population_0_17_status == "x"]
    assert set(no_population.la_code) == {"835", "836", "837"} and set(no_population.year) == set(range(2013, 2020))


def test_geography_newest_files_win(table):
    # c4 (27 March 2026) gives Gateshead E08000020 for 2019 (line 1000); b1, c1, d3, d5 give E08000037
    assert row(table, 2019, "390").new_la_code == "E08000037"
    assert row(table, 2019, "929").new_la_code == "E06000057"
    # codes that really changed stay year by year: Buckinghamshire became a unitary on 1 April 2020
    bucks = table[table.la_code == "825"].set_index("year").new_la_code
    assert (bucks[2020], bucks[2021]) == ("E10000002", "E06000060")
    # council reorganisations: one row per council that existed that 31 March
    per_year = table[table.la_code != ""].groupby("year").size()
    assert per_year.to_dict() == {
        **dict.fromkeys(range(2013, 2020), 152),
        2020: 151,
        2021: 151,
        2022: 152,
        2023: 152,
        2024: 153,
        2025: 153,
    }


def test_shape_keys_order_and_dtypes(table):
    assert len(table) == 1989
    assert list(table.columns) == list(cin.TABLES[cin.NAME])
    assert not table.duplicated(["year", "la_code"]).any()
    assert table.la_code[table.la_code != ""].str.fullmatch(r"\d{3}").all()
    assert table.equals(table.sort_values(["year", "la_code"]).reset_index(drop=True))
    assert (table.groupby("la_code").la_name.nunique() == 1).all()
    assert "children_in_need_revisions" not in cin.TABLES  # no figure is published twice
    for column, dtype in cin.TABLES[cin.NAME].items():
        assert str(table[column].dtype) == dtype, column
    for column in (c for c in table.columns if c.endswith("_status")):
        assert set(table[column]) <= {"", "c", "x", "u", "z"}, column
        value = column.removesuffix("_status")
        assert (table[value].isna() == (table[column] != "")).all() or column.endswith("_rate_status"), column


def test_rebuild_is_byte_identical():
    first = cin.harmonise()[cin.NAME].to_csv(index=False, lineterminator="\n")
    assert cin.harmonise()[cin.NAME].to_csv(index=False, lineterminator="\n") == first


def test_raw_files_match_their_sha256_manifest():
    entries = [line.split() for line in (cin.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert [name for _, name in entries] == sorted(tidy.file for tidy in cin.SOURCES.values())
    for digest, name in entries:
        assert hashlib.sha256((cin.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_inputs_include_the_population_file(tmp_path):
    assert cin.inputs() == [*(cin.RAW_DIR / t.file for t in cin.SOURCES.values()), pop.RAW_DIR / pop.POPULATION.file]
    assert cin.inputs(tmp_path, tmp_path)[-1] == tmp_path / pop.POPULATION.file


# ---------------------------------------------------------------- bad input


raw_copy = broken.raw_copy_fixture(cin)


def break_file(path, kind, line, column, year=2019):
    """broken.break_file with this reader's spreadsheet error, repeated row and empty file."""
    again = f"council 371 appears again for {year}"
    return broken.break_file(path, kind, line, column, not_a_number=b"#VALUE!", again=again, empty=b"\n")


@pytest.mark.parametrize("tag", list(cin.SOURCES))
@pytest.mark.parametrize("kind", broken.KINDS)
def test_bad_raw_file_names_file_line_and_column(raw_copy, tag, kind):
    path = raw_copy / cin.SOURCES[tag].file
    line, column, message = break_file(path, kind, DONCASTER_2019_LINE, READ_COLUMN[tag])
    error = broken.error_of(cin.harmonise, raw_dir=raw_copy)
    broken.assert_names(error, path, line, column, message)
    if kind == "cut short":
        broken.assert_names(error, path, line + 1, "(file)", "it was cut short")
    # the other four files are sound: nothing is reported against them
    assert {p.file for p in error.problems} == {display_path(path)}


@pytest.mark.parametrize("kind", broken.KINDS)
def test_bad_population_file_names_file_line_and_column(tmp_path, raw_copy, kind):
    population_dir = tmp_path / "population_0_17"
    population_dir.mkdir()
    path = population_dir / pop.POPULATION.file
    shutil.copy(pop.RAW_DIR / pop.POPULATION.file, path)
    line, column, message = break_file(path, kind, DONCASTER_2019_LINE, "population_estimate", year=2018)
    error = broken.error_of(cin.harmonise, raw_dir=raw_copy, population_dir=population_dir)
    broken.assert_names(error, path, line, column, message)  # that line is mid-2018


def test_renamed_header_suggests_the_closest_name(raw_copy):
    path = raw_copy / cin.SOURCES["c1"].file
    path.write_bytes(path.read_bytes().replace(b",referral_count,", b",referrals_count,", 1))
    with pytest.raises(DataError, match=r"c1_.*\.csv:1: referral_count: expected column .*\(closest: referrals_count"):
        cin.harmonise(raw_dir=raw_copy)


def test_spreadsheet_error_is_not_a_suppressed_cell(raw_copy):
    path = raw_copy / cin.SOURCES["d5"].file
    broken.set_field(path, DONCASTER_2019_LINE, "CPP_At31", b"..")
    pattern = r"d5_.*\.csv:1036: CPP_At31: not a whole number or one of the file's symbols \(c, u, x, z\) \('\.\.'\)"
    with pytest.raises(DataError, match=pattern):
        cin.harmonise(raw_dir=raw_copy)


def test_a_council_missing_from_one_file_is_named(raw_copy):
    path = raw_copy / cin.SOURCES["c4"].file
    lines = broken.lines(path)
    lines[DONCASTER_2019_LINE - 1] = lines[DONCASTER_2019_LINE - 1].replace(b",371,", b",999,")
    path.write_bytes(b"\n".join(lines))
    error = broken.error_of(cin.harmonise, raw_dir=raw_copy)
    broken.assert_names(error, path, DONCASTER_2019_LINE, "old_la_code", "council 999 for 2019 is not in .*b1_")
    b1 = raw_copy / cin.SOURCES["b1"].file
    broken.assert_names(error, b1, DONCASTER_2019_LINE, "old_la_code", "council 371 for 2019 is not in .*c4_")


def test_files_that_disagree_on_a_name_are_named(raw_copy):
    path = raw_copy / cin.SOURCES["d3"].file
    lines = broken.lines(path)
    lines[DONCASTER_2019_LINE - 1] = lines[DONCASTER_2019_LINE - 1].replace(b",Doncaster,", b",Donkaster,")
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(
        DataError, match=r"d3_.*\.csv:1036: la_name: .* names council 371 for 2019 'Doncaster' \('Donkaster'\)"
    ):
        cin.harmonise(raw_dir=raw_copy)
