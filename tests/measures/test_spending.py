"""Spending measures #21 asked for: the two-year base, ranks without the smallest councils, the category
that drives a change, and the reclassification warning, pinned for several councils."""

from __future__ import annotations

import pytest

from intervention_history.measures import spending
from intervention_history.measures.context import load_context
from intervention_history.params import Params

DONCASTER, ROTHERHAM, SHEFFIELD, CITY_OF_LONDON, ISLES_OF_SCILLY = 371, 372, 373, 201, 420


@pytest.fixture(scope="module")
def doncaster():
    return load_context(Params.build("Doncaster", "2025-06-30"))


@pytest.fixture(scope="module")
def ranks(doncaster):
    table = spending.change_and_rank(doncaster.s251_outturn)
    return table[table["category"] == spending.LIKE_FOR_LIKE].set_index("la_code")


def test_the_all_councils_change_starts_from_a_two_year_average(doncaster, ranks):
    years = ["2008-09", "2009-10", "2010-11", "2011-12", "2012-13", "2013-14"]
    totals = spending.total_on_scope(doncaster.spending_series(), years).set_index("financial_year")["real"]
    # Doncaster's like-for-like total: £47.0m in 2008-09 (the crisis year) and £59.0m in 2009-10
    assert round(totals["2008-09"] / 1e6, 1) == 47.0 and round(totals["2009-10"] / 1e6, 1) == 59.0
    me = ranks.loc[DONCASTER]
    assert me["start_value"] == pytest.approx((totals["2008-09"] + totals["2009-10"]) / 2)
    assert me["end_value"] == pytest.approx(totals["2013-14"])
    assert round(me["change_pct"]) == 22 and me["base"] == "the average of 2008-09 and 2009-10"
    # on the single crisis-year base the same change read +38%
    assert round((totals["2013-14"] / totals["2008-09"] - 1) * 100) == 38


def test_ranks_leave_out_the_councils_too_small_to_compare(ranks):
    assert ranks.loc[[CITY_OF_LONDON, ISLES_OF_SCILLY], "rank"].isna().all()
    assert ranks.loc[[CITY_OF_LONDON, ISLES_OF_SCILLY], "change_pct"].notna().all()  # kept, not ranked
    assert set(ranks["councils_ranked"]) == {146} and ranks["rank"].max() == 146
    assert (ranks.loc[DONCASTER, "rank"], ranks.loc[SHEFFIELD, "rank"]) == (38, 138)


def test_a_change_driven_by_one_category_says_which(doncaster):
    series = doncaster.spending_series()
    change = spending.headline_change(series)
    assert (change.start_year, change.end_year) == ("2015-16", "2023-24")
    top = spending.driver(series, change)
    assert top.category == "children looked after"
    assert round(top.difference / 1e6, 1) == 19.7 and top.share > 0.75
    parts = spending.contributions(series, change)
    assert parts["difference"].sum() == pytest.approx(change.end_real - change.start_real)


def test_no_driver_when_no_category_makes_half_the_change():
    rotherham = load_context(Params.build("Rotherham", "2025-06-30"))
    series = rotherham.spending_series()
    changes = [spending.change_between(series, "2015-16", "2016-17")]
    parts = spending.contributions(series, changes[0])
    top = spending.driver(series, changes[0])
    assert (top is None) == (parts["share"].max() <= spending.DRIVER_SHARE)


def test_reclassification_warning_by_the_stated_rule(doncaster):
    warnings = spending.reclassification_warnings(doncaster.spending_series())
    moves = {(w.from_year, w.rose, w.fell) for w in warnings.itertuples()}
    # 2010-11 to 2011-12: family support up £3.9m (+74%), safeguarding and social work down £5.8m (-25%)
    assert ("2010-11", "family support", "safeguarding and social work") in moves
    row = warnings[(warnings.from_year == "2010-11") & (warnings.rose == "family support")].iloc[0]
    assert round(row.rose_by / 1e6, 1) == 3.9 and round(row.fell_by / 1e6, 1) == 5.8
    assert "50%" in spending.RECLASS_RULE and "25%" in spending.RECLASS_RULE


def test_no_reclassification_warning_where_lines_move_together():
    barnsley = load_context(Params.build("Barnsley", "2025-06-30"))
    warnings = spending.reclassification_warnings(barnsley.spending_series())
    assert set(warnings["from_year"]) <= {"2011-12", "2012-13"}
    assert "2008-09" not in set(warnings["from_year"]) and "2009-10" not in set(warnings["from_year"])


def test_spending_per_child_computed_for_every_council_and_marked():
    from intervention_history.measures.per_child import computed_per_child
    from intervention_history.official import registry

    table = computed_per_child(registry.load("s251_outturn"), registry.load("population_0_17"))
    assert set(table["financial_year"]) == {"2012-13", "2013-14"} and set(table["source"]) == {"computed"}
    row = table[(table["la_code"] == DONCASTER) & (table["financial_year"] == "2013-14")].iloc[0]
    # mid-2013 population 64,588 (population file), all categories £58.08m cash
    assert row["population"] == 64588 and round(row["per_child_cash"]) == 899
    england = table[table["la_name"] == "England"]
    assert len(england) == 2 and england["population"].notna().all()
    assert table["la_code"].nunique() >= 150
