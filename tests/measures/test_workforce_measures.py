"""Workforce measures: values pinned from the raw file, statuses, joint returns, a new council, phases by hand."""

from __future__ import annotations

import csv
import statistics

import pandas as pd
import pytest

from intervention_history.measures import benchmarks as bm
from intervention_history.measures import workforce as wf
from intervention_history.measures.context import load_context
from intervention_history.official import registry
from intervention_history.official.workforce import FILE, RAW_DIR
from intervention_history.params import Params

DONCASTER, ROTHERHAM, SUTTON, SUNDERLAND, KINGSTON, RICHMOND, CUMBERLAND = 371, 372, 319, 394, 314, 318, 942
RAW_COLUMNS = {
    "agency_rate": "agency_rate_fte",
    "turnover_rate": "turnover_rate_fte",
    "vacancy_rate": "vacancy_rate_fte",
    "caseload": "caseload_fte",
}


@pytest.fixture(scope="module")
def table():
    return registry.load("workforce")


@pytest.fixture(scope="module")
def neighbours():
    return registry.load("statistical_neighbours")


@pytest.fixture(scope="module")
def raw():
    """(year, published code) -> the raw row, codes as published ("314 / 318" for a joint return)."""
    with open(RAW_DIR / FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        (int(r["time_period"]), r["old_la_code"] or "England"): r for r in rows if r["geographic_level"] != "Regional"
    }


@pytest.fixture(scope="module")
def bench(table, neighbours):
    def run(code, as_of="2025-06-30"):
        return wf.council_benchmarks(table, code, as_of, neighbours=neighbours).set_index(["measure", "year"])

    return run


def value(bench, measure, year):
    return bench.loc[(measure, year)]


# raw lines: 1352 Doncaster 2017, 53 Doncaster 2025, 387 Rotherham 2023, 61 Rotherham 2025,
# 163 Sutton 2025, 25 Sunderland 2025
PINNED = [
    (DONCASTER, "371", 2017, {"turnover_rate": 9.9, "agency_rate": 19.6, "vacancy_rate": 13.6, "caseload": 17.3}),
    (DONCASTER, "371", 2025, {"turnover_rate": 7.9, "agency_rate": 12.8, "vacancy_rate": 14.5, "caseload": 15.1}),
    (ROTHERHAM, "372", 2023, {"turnover_rate": 16.4, "agency_rate": 8.6, "vacancy_rate": 8.6, "caseload": 13.2}),
    (ROTHERHAM, "372", 2025, {"turnover_rate": 13.6, "agency_rate": 1.9, "vacancy_rate": 1.9, "caseload": 13.3}),
    (SUTTON, "319", 2025, {"turnover_rate": 34.9, "agency_rate": 25.8, "vacancy_rate": 29.5, "caseload": 14.0}),
    (SUNDERLAND, "394", 2025, {"turnover_rate": 11.8, "vacancy_rate": 5.0, "caseload": 17.1}),
]


@pytest.mark.parametrize("code, published, year, expected", PINNED)
def test_values_pinned_from_the_raw_file(bench, raw, code, published, year, expected):
    b = bench(code)
    for measure, number in expected.items():
        r = value(b, measure, year)
        assert (r.value, r.status, r.flag) == (number, "", "")
        assert float(raw[(year, published)][RAW_COLUMNS[measure]]) == number


def test_u_and_low_cells_are_never_numbers_and_say_why(bench, raw):
    # line 489: 2023,...,319,E09000029,Sutton,...,u (agency rate); line 351: Sunderland 2023, low
    assert raw[(2023, "319")]["agency_rate_fte"] == "u" and raw[(2023, "394")]["agency_rate_fte"] == "low"
    sutton, sunderland = bench(SUTTON), bench(SUNDERLAND)
    r = value(sutton, "agency_rate", 2023)
    assert pd.isna(r.value) and (r.status, r.flag, r.in_table) == ("u", "absent", True)
    r = value(sunderland, "agency_rate", 2023)
    assert pd.isna(r.value) and (r.status, r.flag) == ("low", "absent")
    notes = wf.status_notes(sunderland.reset_index()).set_index(["measure", "year"])
    assert notes.loc[("agency_rate", 2024), "reason"] == "too small to publish"
    assert notes.loc[("turnover_rate", 2024), "reason"] == "low reliability"  # line 188: u
    assert wf.status_notes(sutton.reset_index()).set_index(["measure", "year"]).loc[("agency_rate", 2023)].reason == (
        "low reliability"
    )
    # a missing figure is never zero: the latest agency figure for Sunderland is 2022's
    head = wf.headline(sunderland.reset_index(), "agency_rate")
    assert (head["year"], head["value"]) == (2022, 0.4)


def test_a_u_or_low_figure_with_a_value_is_kept_and_flagged(table, neighbours):
    t = table.copy()
    row = (t["la_code"] == DONCASTER) & (t["year"] == 2024)
    t.loc[row, "caseload_status"] = "u"  # as if published with a number and a flag
    b = wf.council_benchmarks(t, DONCASTER, neighbours=neighbours).set_index(["measure", "year"])
    r = b.loc[("caseload", 2024)]
    assert (r.value, r.status, r.flag) == (15.6, "u", "flagged")
    assert wf.flag("low", 3.0) == "flagged" and wf.flag("x", None) == "absent" and wf.flag("", 3.0) == ""


def test_kingston_and_richmond_share_one_return(bench, table, raw):
    # line 160: 2025,...,314 / 318,...,Kingston upon Thames / Richmond upon Thames,...,28 (turnover)
    assert raw[(2025, "314 / 318")]["turnover_rate_fte"] == "28"
    joint = wf.joint_return(table[table["la_code"] == KINGSTON])
    assert joint == ("Kingston upon Thames and Richmond upon Thames", list(range(2017, 2026)))
    kingston, richmond = bench(KINGSTON), bench(RICHMOND)
    assert value(kingston, "turnover_rate", 2025).value == value(richmond, "turnover_rate", 2025).value == 28.0
    assert value(kingston, "agency_rate", 2017).value == 24.4
    r = value(kingston, "turnover_rate", 2025)
    assert r["rank"] == value(richmond, "turnover_rate", 2025)["rank"] and r.rank_ties >= 2  # the pair tie
    assert wf.joint_return(table[table["la_code"] == DONCASTER]) is None


def test_cumberland_created_in_2023_uses_the_2025_model(bench, raw):
    b = bench(CUMBERLAND)
    agency = b.xs("agency_rate")
    assert list(agency.index[~agency["in_table"]]) == list(range(2017, 2023))
    assert (agency["neighbour_model"] == "2025").all()
    # lines 358 and 32: Cumberland 2023 and 2025
    assert (agency.loc[2023, "value"], agency.loc[2025, "value"]) == (26.3, 29.4)
    assert float(raw[(2025, "942")]["agency_rate_fte"]) == 29.4
    notes = wf.status_notes(b.reset_index())
    assert set(notes["reason"]) == {"no return: the council's first is for 2023"}
    head = wf.headline(b.reset_index(), "agency_rate")
    assert (head["first_year"], head["first_value"], head["year"]) == (2023, 26.3, 2025)


def test_doncaster_headline_against_neighbours_recomputed(bench, raw, neighbours):
    b = bench(DONCASTER).reset_index()
    head = wf.headline(b, "agency_rate")
    codes = bm.neighbour_codes(DONCASTER, "2025", neighbours)
    by_hand = statistics.median(float(raw[(2025, f"{c:03d}")]["agency_rate_fte"]) for c in codes)
    assert head["neighbours_median_council"] == pytest.approx(by_hand) == pytest.approx(10.85)
    assert head["england"] == float(raw[(2025, "England")]["agency_rate_fte"]) == 13.0
    assert (head["against_neighbours"], head["against_england"]) == ("above", "just below")
    assert (head["rank"], head["councils_ranked"]) == (75, 148)
    assert head["change"] == pytest.approx(12.8 - 19.6)
    assert wf.rank_phrase(head) == "ranked 75th of 148 councils (1 = highest)"
    assert wf.lead_measure(b) == "agency_rate"


def test_writing_rules():
    assert wf.round1(10.85) == 10.9 and wf.fmt("agency_rate", 10.85) == "10.9%" and wf.fmt("caseload", 15.1) == "15.1"
    assert wf.fmt("caseload", None) == "no figure"
    assert wf.compare(12.8, 13.0) == "just below" and wf.compare(12.8, 10.85) == "above"
    assert wf.compare(11.8, 11.8) == "level with" and wf.compare(1.0, None) is None
    assert wf.fmt_change("agency_rate", -6.8) == "down 6.8 points" and wf.fmt_change("caseload", 0.04) == "unchanged"
    assert [wf.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
    ]  # fmt: skip
    assert all(m.higher for m in wf.MEASURES.values()) and list(wf.MEASURES) == list(RAW_COLUMNS)


def test_years_stop_at_the_as_of_year(bench):
    assert sorted(bench(DONCASTER, "2020-06-30").reset_index()["year"].unique()) == [2017, 2018, 2019, 2020]


@pytest.fixture(scope="module")
def doncaster():
    return load_context(Params.build())


def test_doncaster_phase_means_by_hand(doncaster, raw):
    b = wf.for_context(doncaster)
    means = wf.phase_means(b, doncaster.phases).set_index(["phase", "measure"])
    agency = {y: float(raw[(y, "371")]["agency_rate_fte"]) for y in range(2017, 2026)}
    turnover = {y: float(raw[(y, "371")]["turnover_rate_fte"]) for y in range(2017, 2026)}
    # 30 Sep 2017 and 2018 fall in the independent trust (Oct 2014 to Apr 2019); 2019, 2020 in the
    # council-owned trust under intervention (to Jan 2021); 2021 after the intervention (to Sep 2022);
    # 2022 to 2025 back with the council (from 1 Sep 2022)
    expected = {
        "intervention, independent trust": (2017, 2018),
        "intervention, council-owned trust": (2019, 2020),
        "council-owned trust, after the intervention": (2021,),
        "back with the council": (2022, 2023, 2024, 2025),
    }
    assert list(dict.fromkeys(p for p, _ in means.index)) == list(expected)
    for phase, years in expected.items():
        r = means.loc[(phase, "agency_rate")]
        assert r.years == years == r.years_with_value
        assert r["mean"] == pytest.approx(sum(agency[y] for y in years) / len(years))
        assert means.loc[(phase, "turnover_rate"), "mean"] == pytest.approx(
            sum(turnover[y] for y in years) / len(years)
        )
    assert means.loc[("intervention, independent trust", "agency_rate"), "mean"] == pytest.approx(15.95)
    assert means.loc[("back with the council", "agency_rate"), "mean"] == pytest.approx(18.5)
    # England over the same years: 15.8 (2017) and 15.4 (2018)
    assert means.loc[("intervention, independent trust", "agency_rate"), "england_mean"] == pytest.approx(15.6)


def test_doncaster_directors_on_each_30_september(doncaster):
    table = wf.directors_in_post(doncaster.table("roles"), doncaster.params.as_of, range(2017, 2026)).set_index("year")
    assert table.loc[2017, "people"] == table.loc[2018, "people"] == ("Damian Allen",)  # Jan 2015 to Jul 2019
    assert table.loc[2019, "people"] == table.loc[2021, "people"] == ()  # no director named in our sources
    assert table.loc[2022, "people"] == ("Riana Nelson",)  # from Apr 2022, last seen in post Mar 2025
    assert table.loc[2025, "people"] == ()
    assert wf.directors_in_post(None, "2025-06-30", [2020]).empty


def test_rotherham_phases_and_directors():
    ctx = load_context(Params.build(council="Rotherham"))
    means = wf.phase_means(wf.for_context(ctx), ctx.phases)
    assert list(dict.fromkeys(means["phase"])) == ["intervention", "back with the council"]
    assert means.loc[means["phase"] == "intervention", "years"].iloc[0] == (2017, 2018)  # to 31 Mar 2019
    agency = means[(means["phase"] == "intervention") & (means["measure"] == "agency_rate")].iloc[0]
    table = wf.directors_in_post(ctx.table("roles"), ctx.params.as_of, [2017, 2018])
    assert table["people"].tolist() == [("Ian Thomas",), ("Ian Thomas", "Jon Stonehouse")]
    assert agency["mean"] == pytest.approx(
        wf.council_benchmarks(registry.load("workforce"), ROTHERHAM)
        .set_index(["measure", "year"])
        .loc[[("agency_rate", 2017), ("agency_rate", 2018)], "value"]
        .mean()
    )
