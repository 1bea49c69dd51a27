"""The harmonised section 251 table: values pinned from the raw files, totals that reconcile."""

from __future__ import annotations

import pandas as pd
import pytest

from intervention_history.errors import DataError, InputError
from intervention_history.measures import spending
from intervention_history.official import registry, s251_outturn


@pytest.fixture(scope="module")
def table():
    return registry.load("s251_outturn")


def line_value(table, year, code, line, column="net_current_expenditure"):
    row = table[(table.financial_year == year) & (table.la_code == code) & (table.line_number == line)]
    assert len(row) == 1
    return row.iloc[0][column]


def category_value(table, year, code, category):
    cs = spending.council_spending(table, code)
    return cs[(cs.financial_year == year) & (cs.category == category)].net_current_expenditure.item()


def test_doncaster_grand_total_2009_10(table):
    assert category_value(table, "2009-10", 371, "grand total") == pytest.approx(42_008_081.36, abs=0.005)


def test_doncaster_children_looked_after_2013_14(table):
    assert category_value(table, "2013-14", 371, "children looked after") == 25_921_573


def test_sheffield_grand_total_2012_13(table):
    # outturn_1213.csv: 373,Sheffield,32,...(Including CERA),...,84716089.4
    assert category_value(table, "2012-13", 373, "grand total") == pytest.approx(84_716_089.4, abs=0.005)


def test_cambridgeshire_2008_09_total_and_trailing_space_name(table):
    # outturn_0809.csv: "873,Cambridgeshire ,47 TOTAL ... (including CERA),...,39351789.92"
    assert category_value(table, "2008-09", 873, "grand total") == pytest.approx(39_351_789.92, abs=0.005)
    assert set(table[table.la_code == 873].la_name) == {"Cambridgeshire"}


def test_camden_2011_12_provision_split(table):
    # outturn_1112.csv: 202,Camden,1,Spend by individual Sure Start ...,4975219,29180,0,99482,5103881,782259,4321622
    assert line_value(table, "2011-12", 202, 1, "own_provision") == 4_975_219
    assert line_value(table, "2011-12", 202, 1, "voluntary_provision") == 99_482
    assert line_value(table, "2011-12", 202, 1) == 4_321_622


def test_windows_1252_text_is_decoded(table):
    described = table[(table.financial_year == "2013-14") & (table.line_number == 2)].line_description.iloc[0]
    assert "Children’s Centres" in described


def test_categories_add_up_to_the_grand_total_in_every_year(table):
    for measure in ("net_current_expenditure", "total_expenditure"):
        by_category = spending.category_spending(table, measure)
        details = by_category[by_category.category != spending.GRAND_TOTAL]
        summed = details.groupby(["financial_year", "la_code"])[measure].sum()
        totals = by_category[by_category.category == spending.GRAND_TOTAL].set_index(["financial_year", "la_code"])[
            measure
        ]
        both = pd.concat([summed, totals], axis=1, keys=["summed", "total"]).dropna()
        assert len(both) > 900
        assert (both.summed - both.total).abs().max() < 1.0, measure


def test_each_year_has_150_councils_and_one_name_per_code(table):
    counts = table.groupby("financial_year").la_code.nunique()
    assert list(counts.index) == ["2008-09", "2009-10", "2010-11", "2011-12", "2012-13", "2013-14"]
    assert (counts >= 150).all()
    assert (table.groupby("la_code").la_name.nunique() == 1).all()


def test_every_line_of_every_year_is_mapped(table):
    mapping = s251_outturn.read_mapping()
    assert len(mapping) == table.groupby(["financial_year", "line_number"]).ngroups
    assert set(table.category) - {""} <= set(spending.CATEGORIES) | {spending.GRAND_TOTAL}
    one_grand_total = table[table.is_grand_total].groupby(["financial_year", "la_code"]).size()
    assert (one_grand_total == 1).all()


def test_a_line_without_a_mapping_is_an_error_naming_year_and_line(tmp_path):
    mapping = pd.read_csv(s251_outturn.MAPPING, dtype=str, keep_default_na=False)
    mapping = mapping[~((mapping.financial_year == "2011-12") & (mapping.line_number == "14"))]
    broken = tmp_path / "map.csv"
    mapping.to_csv(broken, index=False)
    with pytest.raises(DataError, match=r"outturn_1112.csv:\d+: line_number: 2011-12 line 14 has no row"):
        s251_outturn.harmonise(s251_outturn.RAW_DIR, broken)


def test_england_median_and_total(table):
    summary = spending.england_summary(table).set_index(["financial_year", "category"])
    row = summary.loc[("2009-10", "grand total")]
    totals = spending.category_spending(table)
    grand = totals[(totals.financial_year == "2009-10") & (totals.category == "grand total")].net_current_expenditure
    assert row.england_total == pytest.approx(grand.sum())
    assert row.median_council == pytest.approx(grand.median())
    assert row.councils == 152


def test_change_and_rank_for_doncaster(table):
    ranks = spending.change_and_rank(table)
    don = ranks[(ranks.la_code == 371) & (ranks.category == spending.LIKE_FOR_LIKE)].iloc[0]
    # Like for like: the grand total less what 2008-09 does not cover in full (substance misuse, line 25,
    # and teenage pregnancy, line 27, filed with services for young people in every year).
    left_out = line_value(table, "2008-09", 371, 25) + line_value(table, "2008-09", 371, 27)
    first = 33_068_038 - left_out
    # the base is the average of the first two years (spending.BASE_YEARS), 2008-09 and 2009-10
    years = ["2008-09", "2009-10", "2010-11", "2011-12", "2012-13", "2013-14"]
    from intervention_history.measures.context import load_context
    from intervention_history.params import Params

    totals = spending.total_on_scope(load_context(Params.build("Doncaster", "2025-06-30")).spending_series(), years)
    second = totals.set_index("financial_year").at["2009-10", "cash"]
    assert totals.set_index("financial_year").at["2008-09", "cash"] == pytest.approx(first)
    assert don.start_cash == pytest.approx((first + second) / 2) and don.base == "the average of 2008-09 and 2009-10"
    # 2013-14: the grand total less Sure Start (lines 1-4) and services for young people (lines 28-29)
    sure_start = sum(line_value(table, "2013-14", 371, n) for n in (1, 2, 3, 4))
    young_people = line_value(table, "2013-14", 371, 28) + line_value(table, "2013-14", 371, 29)
    assert sure_start == 5_484_845 and young_people == 3_322_368
    assert don.end_cash == pytest.approx(58_079_428 - sure_start - young_people)
    assert don.start_value < don.start_cash * 96.1117 / 66.8397  # each base year deflated by its own index
    assert 1 <= don["rank"] <= don.councils_ranked


def test_council_lookup_by_name_code_and_typo(table):
    assert spending.find_council(table, "doncaster") == (371, "Doncaster")
    assert spending.find_council(table, "371") == (371, "Doncaster")
    with pytest.raises(InputError, match=r"did you mean: Doncaster \(371\)"):
        spending.find_council(table, "Doncater")
