"""Benchmarking: the neighbour-model rule, medians recomputed by hand, ranks without 201 and 420."""

from __future__ import annotations

import statistics

import pandas as pd
import pytest

from intervention_history import geography
from intervention_history.measures import benchmarks as bm
from intervention_history.official import registry

DONCASTER, CUMBERLAND, CUMBRIA, CITY_OF_LONDON, ISLES_OF_SCILLY = 371, 942, 909, 201, 420
# statistical_neighbours raw files: 2021 line 58 (Doncaster), 2025 line 32 (Cumberland)
DONCASTER_2021 = [372, 370, 812, 359, 384, 357, 813, 807, 332, 894]
CUMBERLAND_2025 = [943, 925, 884, 888, 813, 384, 860, 929, 371, 370]


@pytest.fixture(scope="module")
def neighbours():
    return registry.load("statistical_neighbours")


@pytest.fixture(scope="module")
def cla():
    return registry.load("children_looked_after")


@pytest.fixture(scope="module")
def doncaster(cla, neighbours):
    return bm.benchmark(cla, "rate_per_10000", DONCASTER, neighbours=neighbours).set_index("year")


def rates(cla, year, codes):
    in_year = cla[(cla.year == year) & cla.la_code.notna()].set_index("la_code").rate_per_10000
    return {code: float(in_year[code]) for code in codes if code in in_year.index and pd.notna(in_year[code])}


def test_the_model_rule(neighbours):
    assert bm.model_for(2024, DONCASTER, neighbours) == "2021"
    assert bm.model_for(2025, DONCASTER, neighbours) == "2025"
    assert bm.model_for("2023-24", DONCASTER, neighbours) == "2021"  # a financial year counts as the year it ends
    assert bm.model_for("2024-25", DONCASTER, neighbours) == "2025"
    # created after 2021: the 2025 model for every year; abolished before 2025: the 2021 model
    assert bm.model_for(2019, CUMBERLAND, neighbours) == "2025"
    assert bm.model_for(2025, CUMBRIA, neighbours) == "2021"
    assert bm.model_for(2015, 820, neighbours) is None  # Bedfordshire, abolished 2009: in neither
    assert bm.neighbour_codes(DONCASTER, "2021", neighbours) == DONCASTER_2021
    assert bm.neighbour_codes(CUMBERLAND, "2025", neighbours) == CUMBERLAND_2025
    assert bm.neighbour_codes(820, None, neighbours) == []


def test_doncaster_children_looked_after_2024_against_its_neighbours(cla, doncaster):
    # 2024 rates per 10,000 (children_looked_after, as published): Doncaster 79; its 2021-model neighbours
    pinned = {372: 86, 370: 79, 812: 141, 359: 104, 384: 89, 357: 123, 813: 59, 807: 152, 332: 82, 894: 95}
    assert rates(cla, 2024, DONCASTER_2021) == pinned
    r = doncaster.loc[2024]
    assert (r.la_name, r.in_table, r.value, r.status, r.neighbour_model) == ("Doncaster", True, 79.0, "", "2021")
    # by hand: 59, 79, 82, 86, 89 | 95, 104, 123, 141, 152 -> (89 + 95) / 2
    assert r.neighbours_median_council == statistics.median(pinned.values()) == 92.0
    assert (r.neighbours_min, r.neighbours_max, r.neighbours, r.neighbours_with_value) == (59.0, 152.0, 10, 10)
    assert not r.neighbours_missing
    assert (r.england_value, r.england_status) == (69.0, "")  # the table's England row
    # region from the register: Yorkshire and The Humber, 15 councils, Doncaster included
    region = {c.la_code for c in geography.register() if c.region == "Yorkshire and The Humber"}
    by_hand = rates(cla, 2024, sorted(region))
    assert len(by_hand) == r.region_councils_with_value == 15
    assert r.region_median_council == statistics.median(by_hand.values()) == 79.0
    assert r.region == "Yorkshire and The Humber"


def test_doncaster_rank_leaves_out_the_city_of_london_and_the_isles_of_scilly(cla, doncaster):
    councils = rates(cla, 2024, [int(c) for c in cla.la_code.dropna().unique()])
    ranked = {c: v for c, v in councils.items() if c not in (CITY_OF_LONDON, ISLES_OF_SCILLY)}
    r = doncaster.loc[2024]
    assert r.councils_ranked == len(ranked) == 151
    assert r["rank"] == 1 + sum(v > 79 for v in ranked.values()) == 56  # 1 = the highest rate
    assert r.rank_ties == sum(v == 79 for v in ranked.values()) == 4  # Doncaster, Barnsley and two more
    assert r.median_council == statistics.median(ranked.values())
    # 2010: the City of London's 167 was the highest rate; left out, it moves nobody
    in_2010 = rates(cla, 2010, [int(c) for c in cla.la_code.dropna().unique()])
    assert max(in_2010, key=in_2010.get) == CITY_OF_LONDON
    r = doncaster.loc[2010]
    assert r["rank"] == sum(v > 74 for c, v in in_2010.items() if c not in (CITY_OF_LONDON, ISLES_OF_SCILLY)) + 1
    assert r.councils_ranked == len(in_2010) - 2  # both small councils have a 2010 rate
    city = bm.benchmark(cla, "rate_per_10000", CITY_OF_LONDON).set_index("year").loc[2024]
    assert city.value == 76.0 and pd.isna(city["rank"]) and city.councils_ranked == 151


def test_doncaster_switches_model_in_2025(doncaster):
    assert set(doncaster.loc[:2024, "neighbour_model"]) == {"2021"}
    assert doncaster.loc[2025, "neighbour_model"] == "2025"


def test_a_council_created_after_2021_uses_the_2025_model(cla, neighbours):
    table = bm.benchmark(cla, "rate_per_10000", CUMBERLAND, neighbours=neighbours).set_index("year")
    assert set(table.neighbour_model) == {"2025"}
    r = table.loc[2024]
    pinned = {943: 63, 925: 51, 884: 113, 888: 68, 813: 59, 384: 89, 860: 75, 929: 73, 371: 79, 370: 79}
    assert rates(cla, 2024, CUMBERLAND_2025) == pinned
    assert (r.value, r.neighbours_with_value) == (93.0, 10)
    assert r.neighbours_median_council == statistics.median(pinned.values()) == 74.0  # (73 + 75) / 2
    # before it existed: no row of its own, but its (2025) neighbours still have figures
    r = table.loc[2020]
    assert not r.in_table and pd.isna(r.value) and pd.isna(r["rank"]) and r.neighbours_with_value > 0


def test_neighbours_missing_from_the_table_are_flagged(cla, neighbours):
    only = cla[(cla.la_code == DONCASTER) | (cla.la_name == "England")]
    r = bm.benchmark(only, "rate_per_10000", DONCASTER, neighbours=neighbours).set_index("year").loc[2024]
    assert r.neighbours_missing and r.neighbours_with_value == 0 and r.neighbours == 10
    assert pd.isna(r.neighbours_median_council) and pd.isna(r.neighbours_min)
    assert (r["rank"], r.rank_ties, r.councils_ranked, r.england_value) == (1, 1, 1, 69.0)


def test_england_is_never_computed_from_councils(cla, neighbours):
    councils = cla[cla.la_name != "England"]
    table = bm.benchmark(councils, "rate_per_10000", DONCASTER, neighbours=neighbours)
    assert table.england_value.isna().all() and set(table.england_status) == {""}
    assert table.median_council.notna().all()  # the median council is a council, not England


def test_statuses_come_with_the_value(neighbours):
    workforce = registry.load("workforce")
    table = bm.benchmark(workforce, "agency_rate", 394, neighbours=neighbours).set_index("year")
    # workforce line 25: Sunderland 2025 agency rate `low`: no value, no rank, the status kept
    r = table.loc[2025]
    assert (r.status, pd.isna(r.value), pd.isna(r["rank"])) == ("low", True, True)
    assert table.loc[2022, "value"] == 0.4 and table.loc[2022, "status"] == ""
    don = bm.benchmark(workforce, "agency_rate", DONCASTER, neighbours=neighbours).set_index("year")
    assert (don.loc[2025, "value"], don.loc[2025, "england_value"], don.loc[2025, "neighbour_model"]) == (
        12.8,
        13.0,
        "2025",
    )


def test_ties_share_the_best_rank_and_text_codes_work(neighbours):
    # a small long table: text codes as in children_in_need ('' for England), a financial year period
    table = pd.DataFrame(
        {
            "financial_year": ["2024-25"] * 6,
            "la_code": ["", "371", "372", "370", "201", "384"],
            "la_name": ["England", "Doncaster", "Rotherham", "Barnsley", "City of London", "Wakefield"],
            "spend": [10.0, 5.0, 7.0, 7.0, 99.0, None],
            "spend_status": ["", "", "", "", "", "c"],
        }
    )
    r = bm.benchmark(table, "spend", 372, period="financial_year", neighbours=neighbours).iloc[0]
    assert (r.financial_year, r.neighbour_model, r["rank"], r.rank_ties, r.councils_ranked) == (
        "2024-25",
        "2025",
        1,
        2,
        3,
    )
    assert (r.neighbours_with_value, r.neighbours_median_council) == (2, 6.0)  # Barnsley 7, Doncaster 5
    assert r.england_value == 10.0
    r = bm.benchmark(table, "spend", 384, period="financial_year", neighbours=neighbours).iloc[0]
    assert (r.status, pd.isna(r.value), pd.isna(r["rank"])) == ("c", True, True)
    with pytest.raises(ValueError, match="do not identify one row"):
        bm.benchmark(pd.concat([table, table]), "spend", 372, period="financial_year", neighbours=neighbours)


def test_neighbours_for_a_comparison_follow_the_model_rule():
    from intervention_history.measures.benchmarks import neighbours_of

    # 2021 model for 2023 (Doncaster 371: 372, 370, 812, 359, 384, 357, 813, 807, 332, 894), 2025 model for 2025
    assert neighbours_of("Doncaster", "2023-06-30")[:4] == ["Rotherham", "Barnsley", "North East Lincolnshire", "Wigan"]
    assert neighbours_of("Doncaster", "2025-06-30")[:3] == ["Rotherham", "Barnsley", "Wakefield"]
    assert len(neighbours_of("Cumberland", "2023-06-30")) == 10  # created 2023: the 2025 model


def test_compare_with_neighbours_adds_them_once(monkeypatch):
    from intervention_history import cli

    seen = {}
    monkeypatch.setattr(cli, "_compare", lambda args: seen.setdefault("councils", args.councils) and 0)
    assert (
        cli.main(["compare", "--councils", "Doncaster, Rotherham", "--as-of", "2025-06-30", "--with-neighbours"]) == 0
    )
    assert seen["councils"][:2] == ["Doncaster", "Rotherham"]
    assert len(seen["councils"]) == 11 and seen["councils"].count("Rotherham") == 1
