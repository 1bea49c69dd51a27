"""Every chart renders, states its finding, handles empty input, scales, and is reproducible."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from intervention_history.charts import (
    PALETTE,
    all_charts,
    contrast_ratio,
    leadership_chart,
    save_chart,
    timeline_chart,
)
from intervention_history.charts.base import MIN_FONT_PT, digest
from intervention_history.curated.synthetic import synthetic_events
from intervention_history.measures.context import load_context
from intervention_history.params import Params

# One chart at least per chapter: every chapter of the report draws.
CHART_NAMES = {"timeline", "verdicts", "leadership", "costs", "spending_by_category", "children_in_need", "workforce"}


@pytest.fixture(scope="module")
def doncaster():
    return load_context(Params.build())


@pytest.fixture(scope="module")
def charts(doncaster):
    built = all_charts(doncaster)
    yield built
    for chart in built.values():
        plt.close(chart.figure)


def test_all_charts_render_for_doncaster(charts):
    assert set(CHART_NAMES) <= set(charts)  # every chapter's charts, in the package's report order
    for chart in charts.values():
        assert chart.figure.get_axes()
        assert len(chart.data) > 0


def test_titles_state_findings_computed_from_data(charts):
    assert charts["timeline"].title == "Doncaster's children's services spent 12 years under government intervention"
    assert charts["leadership"].title.startswith("7 directors of children's services took office in 14 years")
    assert charts["costs"].title.startswith("The iMPOWER contract cost £75k a month, 1.2% of Doncaster's 2013-14")
    # Like for like (all seven categories) and in 2023-24 prices: 51,837,246 x 96.1117 / 74.5804 = £66.80m
    # in 2015-16 against 92,078,728 in 2023-24: £25.3m more, £19.7m of it on children looked after
    # (32,051,300 in 2015-16 prices-adjusted against 51,732,352).
    assert charts["spending_by_category"].title == (
        "Like for like, Doncaster spent £25.3m more on children's services in 2023-24 than in 2015-16, in real terms,"
        " £19.7m of it on children looked after"
    )
    assert charts["spending_change"].title.startswith(
        "Like for like, Doncaster's spending rose 22% in real terms from the average of 2008-09 and 2009-10 to"
        " 2013-14, ranked 38 of 146 councils"
    )
    assert (
        charts["spending_per_child"].title == "In 2023-24 Doncaster spent £1,436 per child, 24% above England (£1,157);"
        " in 2013-14 (computed) it was above its neighbours' median council (£1,063)"
    )


def test_findings_never_state_the_same_figure_twice(charts):
    figures = [
        f for chart in charts.values() if not chart.empty for f in re.findall(r"£[\d,.]+[mk]?|\d[\d.]*%", chart.title)
    ]
    assert figures and len(figures) == len(set(figures)), figures


def test_alt_text_states_the_finding(charts):
    for chart in charts.values():
        assert chart.alt_text.startswith(chart.title)
        assert len(chart.alt_text) > len(chart.title) + 40


def test_every_chart_has_subtitle_and_source(charts):
    for chart in charts.values():
        assert chart.subtitle and chart.source.startswith("Source:")


def test_text_is_at_least_10pt(charts):
    for name, chart in charts.items():
        sizes = [t.get_fontsize() for t in chart.figure.findobj(plt.Text) if t.get_text().strip() and t.get_visible()]
        assert sizes and min(sizes) >= MIN_FONT_PT, name


def test_palette_has_3_to_1_contrast_on_white():
    assert all(contrast_ratio(colour) >= 3.0 for colour in PALETTE)


def test_titles_follow_the_data(doncaster):
    roles = doncaster.dataset.roles
    fewer = roles[roles["person"] != "Nick Jarman"]
    chart = leadership_chart(fewer, doncaster.params, "Doncaster")
    assert chart.title.startswith("6 directors of children's services")
    plt.close(chart.figure)


def test_verdicts_count_only_ofsted_inspections_and_show_sub_judgements(charts):
    chart = charts["verdicts"]
    assert chart.title == (
        "Ofsted rated Doncaster's children's services inadequate twice (2012, 2015); its latest verdict, in March 2025,"
        " was 'good'"
    )
    data = chart.data
    # the annual ratings and the Audit Commission's 'failing' are drawn but not counted
    assert not data.loc[data["kind"].isin(["annual rating", "corporate inspection"]), "counted"].any()
    assert (
        data.loc[data["date"] == pd.Timestamp("2022-04-08"), "sub_judgements"]
        .str.contains("leadership inadequate")
        .all()
    )


def test_window_with_no_events_gives_a_clear_chart(doncaster):
    params = Params.build(as_of="2025-06-30", window_start="1990-01-01", window_end="1995-12-31")
    ctx = dataclasses.replace(doncaster, params=params)
    built = all_charts(ctx)
    for name in ("timeline", "verdicts", "leadership"):
        assert "No " in built[name].alt_text and "in this window" in built[name].alt_text, name
    for chart in built.values():
        plt.close(chart.figure)


def test_council_without_a_timeline_says_so():
    ctx = load_context(Params.build(council="Sheffield"))
    assert not ctx.has_timeline
    built = all_charts(ctx)
    for name in ("timeline", "leadership", "costs"):
        assert "no curated" in built[name].alt_text.lower(), name
    # Ofsted's verdicts exist for every council, curated or not
    assert built["verdicts"].title.startswith("Ofsted has never rated Sheffield's children's services inadequate")
    assert set(built["verdicts"].data["source"]) == {"Ofsted's statistics"}
    assert built["spending_by_category"].title.startswith("Children looked after was Sheffield's largest")
    for chart in built.values():
        plt.close(chart.figure)


def test_timeline_renders_5000_events_and_labels_only_some(tmp_path, doncaster):
    events = synthetic_events(5000, tmp_path / "synthetic")
    chart = timeline_chart(events, Params.build(), "Synthetic")
    assert len(chart.data) == 5000
    assert f"of {int(events['key'].sum())} key events labelled" in chart.subtitle
    save_chart(chart, tmp_path / "out")
    assert (tmp_path / "out" / "timeline.png").stat().st_size > 50_000
    plt.close(chart.figure)


def test_output_is_byte_identical_when_rendered_twice(tmp_path, doncaster):
    first = {n: digest(save_chart(c, tmp_path / "a")) for n, c in all_charts(doncaster).items()}
    second = {n: digest(save_chart(c, tmp_path / "b")) for n, c in all_charts(doncaster).items()}
    assert first == second
    svg = (tmp_path / "a" / "timeline.svg").read_text()
    assert "<dc:date>" not in svg
    plt.close("all")


def test_exported_csv_neutralises_formula_cells(tmp_path, doncaster):
    roles = doncaster.dataset.roles.copy()
    roles.loc[0, "person"] = '=HYPERLINK("http://x")'
    chart = leadership_chart(roles, doncaster.params, "Doncaster")
    paths = save_chart(chart, tmp_path)
    assert "'=HYPERLINK" in paths["csv"].read_text()
    plt.close(chart.figure)


def test_params_reject_bad_windows():
    from intervention_history.errors import ParameterError

    with pytest.raises(ParameterError, match="before window_start"):
        Params.build(window_start="2015-01-01", window_end="2010-01-01")
    with pytest.raises(ParameterError, match="in the future"):
        Params.build(as_of="2999-01-01", today=date(2026, 1, 1))
