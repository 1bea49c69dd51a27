"""Children looked after: the measures, chart and prose of chapter 5."""

from __future__ import annotations

import pandas as pd
import pytest

from intervention_history.measures import children
from intervention_history.measures.phases import CENSUS_31_MARCH, phase_of

DONCASTER, ROTHERHAM, SHEFFIELD = 371, 372, 373


@pytest.fixture(scope="module")
def table():
    return children.load_children_looked_after()


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code.isna() if code is None else table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


# ---------------------------------------------------------------- chapter 5: measures, chart, prose


def test_phase_of_year_uses_31_march():
    phases = pd.DataFrame(
        {
            "phase": ["before the intervention", "intervention", "back with the council"],
            "start": [pd.NaT, pd.Timestamp("2014-10-10"), pd.Timestamp("2019-03-31")],
            "end": [pd.Timestamp("2014-10-10"), pd.Timestamp("2019-03-31"), pd.NaT],
        }
    )
    assert phase_of(2014, CENSUS_31_MARCH, phases) == "before the intervention"
    assert phase_of(2015, CENSUS_31_MARCH, phases) == "intervention"
    assert phase_of(2019, CENSUS_31_MARCH, phases) == "back with the council"  # 31 March 2019 is the end day


def test_phase_changes_for_doncaster(table):
    from intervention_history import chapter as nb

    ctx = nb.setup("Doncaster", "2025-06-30")
    changes = children.phase_changes(children.council(table, DONCASTER), ctx.phases).set_index("phase")
    assert changes.loc["before the intervention", "years"] == ()
    trust = changes.loc["trust"]
    assert (trust.first_year, trust.last_year) == (2015, 2022)
    assert 2018 not in trust.years
    assert trust.first_count == row(table, 2015, DONCASTER).children_looked_after
    assert trust.last_count == row(table, 2022, DONCASTER).children_looked_after
    assert trust.count_change_pct == pytest.approx((trust.last_count / trust.first_count - 1) * 100)
    assert pd.isna(trust.rate_change)  # 2015 has no rate: no rate change across the phase
    back = changes.loc["back with the council"]
    assert back.rate_change == row(table, 2024, DONCASTER).rate_per_10000 - row(table, 2023, DONCASTER).rate_per_10000


@pytest.fixture(scope="module")
def chapter5():
    from intervention_history import chapter as nb

    return {
        c: (ctx := nb.setup(c, "2025-06-30"), nb.chart("children_in_care", ctx)) for c in ("Doncaster", "Rotherham")
    }


@pytest.mark.parametrize("council, code", [("Doncaster", DONCASTER), ("Rotherham", ROTHERHAM)])
def test_chart_title_is_computed_from_the_table(chapter5, table, council, code):
    _, chart = chapter5[council]
    first, last = row(table, 2010, code), row(table, 2024, code)
    eng = row(table, 2024, None)
    pct = (last.children_looked_after / first.children_looked_after - 1) * 100
    assert f"{council} looked after {last.children_looked_after:,.0f} children at 31 March 2024" in chart.title
    assert f"up {pct:.0f}% on 2010" in chart.title
    side = "above" if last.rate_per_10000 > eng.rate_per_10000 else "below"
    assert (
        f"rate of {last.rate_per_10000:.0f} per 10,000 children was {side} England's {eng.rate_per_10000:.0f}"
        in chart.title
    )
    assert chart.title in chart.alt_text
    assert "Shaded: periods of outside control." in chart.subtitle


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham"])
def test_chart_data_has_no_2018_and_rates_only_where_published(chapter5, table, council):
    _, chart = chapter5[council]
    data = chart.data
    assert set(data["area"]) == {council, "England"}
    assert 2018 not in set(data["year"])
    assert len(data) == 2 * 14
    with_rate = data[data["rate_per_10000"].notna()]
    assert set(with_rate["year"]) == {2010, 2019, 2020, 2021, 2022, 2023, 2024}
    assert set(with_rate.loc[with_rate.year == 2010, "rate_source"]) == {"computed"}
    assert set(with_rate.loc[with_rate.year > 2010, "rate_source"]) == {"published"}
    assert (data.loc[data["rate_per_10000"].isna(), "rate_source"].fillna("") == "").all()
    assert {"children_looked_after", "rate_per_10000", "rate_source", "release"} <= set(data.columns)


def test_lines_break_at_missing_years(chapter5):
    _, chart = chapter5["Doncaster"]
    count_ax, rate_ax = [ax for ax in chart.figure.get_axes() if ax.get_ylabel()]
    counts = count_ax.get_lines()[0].get_ydata()
    council_rates = rate_ax.get_lines()[0].get_ydata()
    years = list(range(2010, 2025))
    assert pd.isna(counts[years.index(2018)])
    assert [y for y, v in zip(years, council_rates, strict=True) if pd.notna(v)] == [2010, *range(2019, 2025)]


def test_council_without_eras_gets_the_chart_and_says_so():
    from intervention_history import chapter as nb

    ctx = nb.setup("Sheffield", "2025-06-30")
    chart = nb.chart("children_in_care", ctx)
    assert not chart.empty
    assert "No curated eras for Sheffield" in chart.subtitle
    assert "Sheffield looked after 646 children at 31 March 2024" in chart.title
    from intervention_history import story

    text = str(story.children_in_care_text(ctx))
    assert "no curated timeline for Sheffield" in text


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham"])
def test_prose_numbers_come_from_the_table(chapter5, table, council):
    from intervention_history import story

    ctx, _ = chapter5[council]
    text = str(story.children_in_care_text(ctx))
    code = ctx.la_code
    last = row(table, 2024, code)
    assert f"At 31 March 2024 {council} looked after {last.children_looked_after:,.0f} children" in text
    assert "per 10,000" in text and "2011 to 2017" in text and "31 March 2018" in text
    for phase in children.phase_changes(children.council(table, code), ctx.phases).itertuples():
        assert f"**{phase.phase}**" in text
        if phase.years and len(phase.years) > 1:
            assert f"{phase.first_count:,.0f} to {phase.last_count:,.0f} children" in text
