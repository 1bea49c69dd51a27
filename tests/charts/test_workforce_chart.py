"""The workforce chart: builds for a curated council, an uncurated one and a new one; its title is the
benchmark's numbers; its CSV holds every benchmark column; gaps stay gaps; flagged figures are hollow."""

from __future__ import annotations

import csv

import matplotlib.pyplot as plt
import numpy as np
import pytest

from intervention_history.charts import CHART_NAMES, build_chart, save_chart
from intervention_history.charts.base import MIN_FONT_PT
from intervention_history.charts.workforce import title_for, workforce_chart
from intervention_history.measures import benchmarks
from intervention_history.measures import workforce as wf
from intervention_history.measures.context import load_context
from intervention_history.params import Params
from intervention_history.publish.report import CHAPTER_TOPICS, CHAPTERS


@pytest.fixture(scope="module", params=["Doncaster", "Sheffield", "Cumberland"])
def built(request):
    ctx = load_context(Params.build(council=request.param))
    chart = build_chart("workforce", ctx)
    yield ctx, chart
    plt.close(chart.figure)


def _council_line(ax, colour="#801650"):
    """The council's line: the widest maroon line with data."""
    lines = [ln for ln in ax.get_lines() if ln.get_color() == colour and ln.get_linestyle() == "-"]
    return max(lines, key=lambda ln: ln.get_linewidth())


def test_registered():
    assert "workforce" in CHART_NAMES
    assert "6-workforce.ipynb" in CHAPTERS and CHAPTER_TOPICS["6-workforce.ipynb"] == "workforce"


def test_the_chart_builds_with_four_panels(built):
    ctx, chart = built
    assert not chart.empty and chart.name == "workforce"
    panels = [ax for ax in chart.figure.get_axes() if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left").split(":")[0] for ax in panels] == [m.label for m in wf.MEASURES.values()]
    assert chart.source.startswith("Source:")
    sizes = [t.get_fontsize() for t in chart.figure.findobj(plt.Text) if t.get_text().strip() and t.get_visible()]
    assert min(sizes) >= MIN_FONT_PT


def test_title_numbers_are_the_benchmarks(built):
    ctx, chart = built
    bench = wf.for_context(ctx)
    head = wf.headline(bench, wf.lead_measure(bench))
    m = head["measure"]
    assert chart.title == title_for(ctx.la_name, head)
    assert chart.title.startswith(f"In {head['year']}, ")
    for number in (head["value"], head["neighbours_median_council"], head["england"]):
        assert wf.fmt(m, number) in chart.title
    assert "neighbours' median council" in chart.title


def test_subtitle_states_the_day_and_the_rules(built):
    _, chart = built
    assert "30 September" in chart.subtitle
    assert benchmarks.MODEL_RULE[1:] in chart.subtitle
    assert "City of London and the Isles of Scilly" in chart.subtitle


def test_alt_text_gives_every_panels_latest_values(built):
    ctx, chart = built
    bench = wf.for_context(ctx)
    assert chart.alt_text.startswith(chart.title)
    for m in wf.MEASURES.values():
        head = wf.headline(bench, m.column)
        assert f"{m.label} ({m.unit}): {ctx.la_name} {wf.fmt(m.column, head['value'])} in {head['year']}" in (
            chart.alt_text
        )
        assert wf.rank_phrase(head) in chart.alt_text


def test_csv_holds_every_benchmark_column(built, tmp_path):
    _, chart = built
    paths = save_chart(chart, tmp_path)
    with open(paths["csv"], encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    header = set(rows[0])
    assert {"measure", "label", "unit", "year", "flag", *benchmarks.COLUMNS} <= header
    assert len(rows) == len(wf.MEASURES) * 9  # four measures, 2017 to 2025


def test_doncaster_shades_and_numbers_its_phases():
    ctx = load_context(Params.build())
    chart = build_chart("workforce", ctx)
    texts = [t.get_text() for t in chart.figure.texts]
    assert any(
        t.startswith("Shaded (a figure belongs to the phase that holds its 30 September): 1 intervention")
        for t in texts
    )
    assert "phase" in chart.data.columns
    assert set(chart.data.loc[chart.data["year"] == 2017, "phase"]) == {"intervention, independent trust"}
    assert "Shaded: intervention, independent trust" in chart.alt_text
    plt.close(chart.figure)


def test_sheffield_has_no_eras():
    ctx = load_context(Params.build(council="Sheffield"))
    chart = build_chart("workforce", ctx)
    assert "No curated eras for Sheffield" in chart.alt_text and "phase" not in chart.data.columns
    plt.close(chart.figure)


def test_cumberland_gaps_stay_gaps():
    ctx = load_context(Params.build(council="Cumberland"))
    chart = build_chart("workforce", ctx)
    first = chart.figure.get_axes()[0]
    line = _council_line(first)
    x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[x < 2023]).all() and not np.isnan(y[x >= 2023]).any()
    assert any(t.get_text() == "2017-2022: no return" for t in first.texts)
    assert "Gaps: agency social workers 2017-2022" in chart.alt_text
    plt.close(chart.figure)


def test_flagged_figures_are_hollow_and_a_council_without_neighbours_says_so():
    ctx = load_context(Params.build())
    bench = wf.for_context(ctx)
    row = (bench["measure"] == "caseload") & (bench["year"] == 2024)
    bench.loc[row, ["status", "flag"]] = ["u", "flagged"]
    lone = bench.assign(
        neighbours_missing=True, neighbours_median_council=np.nan, neighbours_min=np.nan, neighbours_max=np.nan
    )
    chart = workforce_chart(lone, "Doncaster")
    hollow = [ln for ax in chart.figure.get_axes() for ln in ax.get_lines() if ln.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and list(hollow[0].get_xdata()) == [2024]
    assert chart.title.endswith("; its statistical neighbours have no figure")
    assert "has no statistical neighbours" in chart.subtitle
    legend = [t.get_text() for leg in chart.figure.legends for t in leg.get_texts()]
    assert "low reliability (u) or small (low): kept, flagged" in legend
    assert not any("neighbours" in t for t in legend)
    plt.close(chart.figure)
