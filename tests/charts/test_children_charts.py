"""Chapter 5 charts: rates, computed points drawn apart, gaps as gaps, low reliability and flagged returns."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from intervention_history.charts.base import DARK_BLUE, MAROON, MIN_FONT_PT, save_chart
from intervention_history.charts.children_in_care import children_in_care_chart, children_in_care_for
from intervention_history.charts.children_in_need import children_in_need_chart, children_in_need_for
from intervention_history.measures import children as cla
from intervention_history.measures import protection as cin


@pytest.fixture(scope="module")
def contexts():
    from intervention_history import chapter as nb

    return {c: nb.setup(c, "2025-06-30") for c in ("Doncaster", "Rotherham", "Sheffield", "Cumberland")}


@pytest.fixture(scope="module")
def built(contexts):
    out = {c: (children_in_care_for(ctx), children_in_need_for(ctx)) for c, ctx in contexts.items()}
    yield out
    for pair in out.values():
        for chart in pair:
            plt.close(chart.figure)


def fonts_ok(chart):
    return all(t.get_fontsize() >= MIN_FONT_PT for t in chart.figure.findobj(plt.Text) if t.get_text().strip())


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham"])
def test_looked_after_chart_has_a_rate_every_year_with_2017_computed(built, contexts, council):
    chart, _ = built[council]
    data = chart.data
    mine = data[data.area == council].set_index("year")
    assert list(mine.index) == list(range(2010, 2026))
    assert mine.rate_per_10000.notna().all()
    assert mine.loc[2017, "rate_source"] == "computed" and mine.loc[2010, "rate_source"] == "computed"
    assert set(mine.loc[[*range(2011, 2017), *range(2018, 2026)], "rate_source"]) == {"published"}
    assert "no data" not in chart.subtitle and "counts only" not in chart.subtitle
    assert "computed here" in chart.subtitle and "(computed)" in chart.alt_text
    labels = [t.get_text() for t in chart.figure.axes[-1].get_legend().get_texts()]
    assert "computed here, not published" in labels
    top = cla.rate_headline(
        cla.council(contexts[council].children_looked_after, contexts[council].la_code),
        cla.england(contexts[council].children_looked_after),
    )
    assert chart.title.startswith(f"{council} looked after {top['rate']:.0f} children in every 10,000 at 31 March 2025")
    assert "Shaded: periods of outside control." in chart.subtitle
    assert fonts_ok(chart)


def test_computed_points_are_hollow_and_joined_dotted(built):
    chart, _ = built["Doncaster"]
    ax = chart.figure.axes[-1]
    hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert hollow and all(line.get_linestyle() == "None" for line in hollow)
    data_lines = [line for line in ax.get_lines() if line.get_color() in (MAROON, DARK_BLUE)]
    dotted = [line for line in data_lines if line.get_linestyle() == ":" and len(line.get_xdata())]
    assert len(dotted) == 2 * 3  # council and England: 2010-2011, 2016-2017, 2017-2018


def test_council_without_eras_or_early_years(built):
    chart, need_chart = built["Sheffield"]
    assert "No curated eras for Sheffield" in chart.subtitle and "No curated eras for Sheffield" in need_chart.subtitle
    chart, need_chart = built["Cumberland"]
    assert not chart.empty and not need_chart.empty
    assert "No row for Cumberland in 2010 to 2023" in chart.subtitle
    mine = chart.data[chart.data.area == "Cumberland"]
    assert list(mine.year) == [2024, 2025]


def test_children_in_need_chart_data_and_flags(built):
    _, chart = built["Doncaster"]
    data = chart.data
    assert set(data.measure) == {m.key for m in cin.MEASURES}
    assert set(data.year) == set(range(2013, 2026))
    flagged = data[data.flag != ""]
    assert flagged[["measure", "year", "value"]].values.tolist() == [["rereferrals", 2022, 7.0]]
    shaky = data[(data.area == "Doncaster") & (data.status == "u")]
    assert shaky[["measure", "year"]].values.tolist() == [["subsequent_plans", 2022]]
    assert shaky.value.isna().all()
    assert "check with the council's return" in chart.title
    assert "low reliability" in chart.subtitle and "question about the return" in chart.subtitle
    assert fonts_ok(chart)


def test_children_in_need_lines_break_at_gaps(built):
    _, chart = built["Doncaster"]
    panel = [ax for ax in chart.figure.axes if ax.get_title(loc="left").startswith("Second or subsequent")][0]
    council = [line for line in panel.get_lines() if line.get_color() == MAROON and len(line.get_xdata()) == 13][0]
    y = pd.Series(council.get_ydata(), index=range(2013, 2026))
    assert pd.isna(y[2022]) and pd.notna(y[2021]) and pd.notna(y[2023])


def test_optional_bands_are_drawn(contexts):
    ctx = contexts["Doncaster"]
    years = range(2010, 2026)
    low, high = pd.Series(50.0, index=years), pd.Series(90.0, index=years)
    chart = children_in_care_for(ctx, band_low=low, band_high=high)
    labels = [t.get_text() for t in chart.figure.axes[-1].get_legend().get_texts()]
    assert "statistical neighbours (range)" in labels
    plt.close(chart.figure)
    bands = {"rereferrals": (pd.Series(15.0, index=range(2013, 2026)), pd.Series(30.0, index=range(2013, 2026)))}
    chart = children_in_need_for(ctx, bands=bands)
    assert any(ax.collections for ax in chart.figure.axes)
    plt.close(chart.figure)


def test_charts_save_deterministically(built, tmp_path):
    for chart in built["Doncaster"]:
        first = save_chart(chart, tmp_path / "a")
        second = save_chart(chart, tmp_path / "b")
        for ext in ("png", "svg", "csv"):
            assert first[ext].read_bytes() == second[ext].read_bytes()


def test_empty_when_no_figures(contexts):
    ctx = contexts["Doncaster"]
    empty = ctx.children_looked_after.iloc[0:0]
    chart = children_in_care_chart(empty, empty, "Nowhere", ctx.params)
    assert chart.empty
    rows = cin.load_children_in_need().iloc[0:0]
    chart = children_in_need_chart(rows, rows, "Nowhere", ctx.params)
    assert chart.empty


def test_looked_after_title_says_where_the_council_stands_among_its_neighbours():
    from intervention_history.charts import build_chart
    from intervention_history.measures import benchmarks
    from intervention_history.measures.context import load_context
    from intervention_history.params import Params

    for council, code in (("Doncaster", 371), ("Cumberland", 942)):
        ctx = load_context(Params.build(council, "2025-06-30"))
        bench = benchmarks.benchmark(ctx.children_looked_after, "rate_per_10000", code).set_index("year")
        median = bench.at[2025, "neighbours_median_council"]
        chart = build_chart("children_in_care", ctx)
        assert f"its neighbours' median council, {median:.0f})" in chart.title
        assert chart.data is not None
