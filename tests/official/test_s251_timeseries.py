"""Spending 2008-09 to the latest year: the time series, real terms, scope, and checks at build time."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from intervention_history import chapter as nb
from intervention_history import story
from intervention_history.charts import CHART_NAMES
from intervention_history.measures import prices, spending
from intervention_history.official import registry

from ..test_bad_input import assert_data_rejects, run_data


@pytest.fixture(scope="module")
def ts():
    return registry.load("s251_timeseries")


def line(ts, year, area, line_id, column="net_current_expenditure"):
    rows = ts[(ts.financial_year == year) & (ts.line_id == line_id)]
    rows = rows[rows.la_code.isna()] if area == "England" else rows[rows.la_code == area]
    assert len(rows) == 1
    return rows.iloc[0][column]


# ------------------------------------------------------------ values pinned from the raw time series


def test_rotherham_2015_16_residential_care(ts):
    # raw line 83: 201516,...,Rotherham,372,...,3.1.1 Residential care,3309310,8753855,0,0,12063165,438292,11624873,...,208
    assert line(ts, "2015-16", 372, "3.1.1", "own_provision") == 3_309_310
    assert line(ts, "2015-16", 372, "3.1.1", "total_expenditure") == 12_063_165
    assert line(ts, "2015-16", 372, "3.1.1") == 11_624_873


def test_rotherham_2023_24_total_and_per_child(ts):
    # raw line 1026: 202324,...,Rotherham,...,5.0.2 Total ... (excluding CERA),x,x,x,x,93363365,x,91359041,x,x,x,1621
    assert line(ts, "2023-24", 372, "5.0.2") == 91_359_041
    assert line(ts, "2023-24", 372, "5.0.2", "total_expenditure") == 93_363_365
    assert line(ts, "2023-24", 372, "5.0.2", "per_child_net_current") == 1_621
    assert pd.isna(line(ts, "2023-24", 372, "5.0.2", "own_provision"))  # x is missing, never zero


def test_doncaster_grand_totals(ts):
    # the README's headline table (line 5.0.2): 2015-16 51,837,246; 2023-24 92,078,728; CERA is 0 both years
    assert line(ts, "2015-16", 371, "5.0.3") == 51_837_246
    assert line(ts, "2023-24", 371, "5.0.2") == 92_078_728
    assert line(ts, "2020-21", 371, "5.0.2", "per_child_net_current") == 929


def test_england_2017_18_children_looked_after_anomaly(ts):
    # raw line 247: the published total is £60m above its detail lines; the analysis adds the detail lines
    assert line(ts, "2017-18", "England", "3.1.11") == 4_321_949_651
    series = spending.area_series(registry.load("s251_outturn"), ts, "England")
    cla = series[(series.financial_year == "2017-18") & (series.category == "children looked after")]
    assert cla.cash.item() == 4_261_949_651


def test_doncaster_has_every_year_but_2014_15(ts):
    series = spending.area_series(registry.load("s251_outturn"), ts, 371)
    years = sorted(series.financial_year.unique())
    assert years[:6] == ["2008-09", "2009-10", "2010-11", "2011-12", "2012-13", "2013-14"]
    assert years[6:] == [f"{y}-{str(y + 1)[2:]}" for y in range(2015, 2024)]
    assert "2014-15" not in years


# ------------------------------------------------------------ real terms


def test_deflator_is_the_treasury_march_2026_release():
    deflator = prices.load_deflator()
    assert deflator["2008-09"] == 66.8397
    assert deflator["2015-16"] == 74.5804
    assert deflator["2023-24"] == 96.1117
    assert deflator["2024-25"] == 100.0


def test_real_terms_are_cash_times_the_deflator_ratio(ts):
    series = spending.area_series(registry.load("s251_outturn"), ts, 371)
    row = series[(series.financial_year == "2015-16") & (series.category == "children looked after")].iloc[0]
    assert row.real == pytest.approx(row.cash * 96.1117 / 74.5804)
    latest = series[series.financial_year == "2023-24"]
    assert (latest.real == latest.cash).all()  # the price base year


def test_a_year_without_a_deflator_is_an_error():
    with pytest.raises(spending.InputError, match="no deflator for 1999-00"):
        prices.real_factor(pd.Series(["1999-00"]))


# ------------------------------------------------------------ scope: no comparison spans a change in the return


def assert_like_for_like(change: spending.Change, series: pd.DataFrame) -> None:
    years = sorted(series.loc[series.source == change.source, "financial_year"].unique())
    between = [y for y in years if change.start_year <= y <= change.end_year]
    assert between[0] == change.start_year and between[-1] == change.end_year, change
    assert set(series.loc[series.financial_year.isin(between), "source"]) == {change.source}, change
    for category in change.categories:
        assert all(spending.covered(category, y) for y in between), (change, category)
    assert list(change.categories) == spending.comparable_categories(between), change


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham", "Sheffield"])
def test_no_finding_or_prose_compares_across_a_change_of_scope(council):
    ctx = nb.setup(council, "2025-06-30")
    series = ctx.spending_series()
    changes = list(story.spending_changes(ctx))
    for name in CHART_NAMES:
        if name.startswith("spending"):
            changes += list(nb.chart(name, ctx).comparisons)
    assert changes
    for change in changes:
        assert_like_for_like(change, series)
    # Every percentage in the titles is one of these like-for-like changes, or a per-child gap.
    titles = [nb.chart(n, ctx).title for n in ("spending_by_category", "spending_change")]
    allowed = {f"{abs(c.pct_real):.0f}%" for c in changes}
    for title in titles:
        for pct in re.findall(r"(\d+)% in real terms", title):
            assert f"{pct}%" in allowed, title


def test_the_2010_11_change_of_scope_is_found():
    changes = spending.scope_changes(["2008-09", "2009-10", "2010-11", "2011-12"])
    assert changes.financial_year.tolist() == ["2010-11"]
    assert set(changes.entering.item()) == {"Sure Start and early years", "services for young people"}
    assert spending.comparable_categories(["2008-09", "2013-14"]) == [
        "children looked after",
        "safeguarding and social work",
        "family support",
        "youth justice",
        "strategy, commissioning and other",
    ]


def test_doncaster_phases_and_changes():
    ctx = nb.setup("Doncaster", "2025-06-30")
    table = spending.phase_changes(ctx.spending_series(), ctx.phases).set_index("phase")
    assert table.loc["before the intervention", "years"] == ["2008-09"]
    assert table.loc["intervention, council-run", "years"] == ["2009-10", "2010-11", "2011-12", "2012-13", "2013-14"]
    trust = table.loc["intervention, independent trust", "change"]
    assert (trust.start_year, trust.end_year) == ("2015-16", "2018-19")
    assert table.loc["intervention, council-owned trust", "years"] == ["2019-20", "2020-21"]
    assert table.loc["council-owned trust, after the intervention", "years"] == ["2021-22"]
    # The detail lines add up to 71,764,991; the published 5.0.2 is 71,764,990 (a declared rounding difference).
    total = spending.total_on_scope(ctx.spending_series(), ["2021-22"]).iloc[0]
    assert total.cash == 71_764_991
    assert table.loc["back with the council", "years"] == ["2022-23", "2023-24"]


def test_cash_prices_parameter_changes_titles_not_data():
    real = nb.chart("spending_by_category", nb.setup("Doncaster", "2025-06-30"))
    cash = nb.chart("spending_by_category", nb.setup("Doncaster", "2025-06-30", prices="cash"))
    assert "in real terms" in real.title and "in cash terms" in cash.title
    pd.testing.assert_frame_equal(real.data, cash.data)
    assert {"cash", "real"} <= set(real.data.columns)


# ------------------------------------------------------------ checks at build time, through `make data`'s command


@pytest.fixture(scope="module")
def data_pristine(tmp_path_factory):
    from intervention_history.paths import DATA_DIR

    root = tmp_path_factory.mktemp("spending-pristine")
    shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("*.tmp"))
    assert run_data(root).returncode == 0
    return root


def _outturn_duplicate_row(root):
    path = root / "data" / "raw" / "s251_outturn" / "outturn_0910.csv"
    lines = path.read_bytes().split(b"\n")
    hit = next(i for i, text in enumerate(lines) if text.startswith(b"371,"))
    lines.insert(hit + 1, lines[hit])
    path.write_bytes(b"\n".join(lines))
    return "outturn_0910.csv", hit + 2, "la_code"


def _outturn_cut_mid_row(root):
    path = root / "data" / "raw" / "s251_outturn" / "outturn_1314.csv"
    data = path.read_bytes().rstrip(b"\n")
    last = data.rsplit(b"\n", 1)[1]
    path.write_bytes(data[: len(data) - len(last) // 2])
    return "outturn_1314.csv", data.count(b"\n") + 1, "(row)"


def _outturn_total_does_not_add_up(root):
    path = root / "data" / "raw" / "s251_outturn" / "outturn_0910.csv"
    lines = path.read_bytes().split(b"\n")
    hit = next(i for i, text in enumerate(lines) if text.startswith(b"371,") and b",5,Residential care" in text)
    fields = lines[hit].split(b",")
    fields[10] = str(float(fields[10]) + 1000).encode()  # NET Current Expenditure (m)
    lines[hit] = b",".join(fields)
    path.write_bytes(b"\n".join(lines))
    total = next(i for i, text in enumerate(lines) if text.startswith(b"371,") and b"(including CERA)" in text)
    return "outturn_0910.csv", total + 1, "net_current_expenditure"


def _ts_path(root):
    return root / "data" / "raw" / "s251_timeseries" / "s251_extract_doncaster_rotherham_england.csv"


def _ts_duplicate_row(root):
    path = _ts_path(root)
    lines = path.read_bytes().split(b"\n")
    lines.insert(60, lines[58])  # Doncaster 2015-16 line 3.3.1 (file line 59) again as line 61
    path.write_bytes(b"\n".join(lines))
    return "s251_extract_doncaster_rotherham_england.csv", 61, "description_of_expenditure"


def _ts_undeclared_difference(root):
    path = _ts_path(root)
    lines = path.read_bytes().split(b"\n")
    lines[82] = lines[82].replace(b",11624873,", b",11624874,")  # Rotherham 2015-16 residential care, net
    path.write_bytes(b"\n".join(lines))
    return "s251_extract_doncaster_rotherham_england.csv", 95, "net_current_expenditure"  # its subtotal 3.1.11


def _ts_cut_mid_row(root):
    path = _ts_path(root)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    return "s251_extract_doncaster_rotherham_england.csv", 1027, "(row)"


def _declared_exception_wrong(root):
    path = root / "data" / "reference" / "s251_exceptions.csv"
    text = path.read_text(encoding="utf-8").replace(",60000000,", ",60000001,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), start=1) if ",60000001," in t)
    return "s251_exceptions.csv", line, "difference"


SPENDING_VARIANTS = {
    "outturn council row duplicated": _outturn_duplicate_row,
    "outturn file cut mid-row": _outturn_cut_mid_row,
    "outturn detail lines do not add up": _outturn_total_does_not_add_up,
    "time series row duplicated": _ts_duplicate_row,
    "time series total no longer adds up": _ts_undeclared_difference,
    "time series cut mid-row": _ts_cut_mid_row,
    "declared exception does not match": _declared_exception_wrong,
}


@pytest.mark.parametrize("name", list(SPENDING_VARIANTS))
def test_bad_spending_input_stops_make_data_cleanly(data_pristine, tmp_path, name):
    assert_data_rejects(data_pristine, tmp_path, name, SPENDING_VARIANTS[name])
