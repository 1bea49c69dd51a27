"""Chapter 5 measures: looked-after rates, children in need series, the rule that questions a return, prose."""

from __future__ import annotations

import pandas as pd
import pytest

from intervention_history.measures import children
from intervention_history.measures import protection as cin
from intervention_history.measures.phases import CENSUS_31_MARCH, phase_of

DONCASTER, ROTHERHAM, SHEFFIELD, CUMBERLAND, HAMPSHIRE, CITY_OF_LONDON = 371, 372, 373, 942, 850, 201


@pytest.fixture(scope="module")
def table():
    return children.load_children_looked_after()


@pytest.fixture(scope="module")
def need():
    return cin.load_children_in_need()


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code.isna() if code is None else table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def series(need, code, key):
    return cin.series(cin.area_rows(need, code), key)


# ---------------------------------------------------------------- children looked after


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


@pytest.mark.parametrize(
    "code, rate, england, first, peak, peak_year",
    [
        # 2021-2025 file lines 171, 174, 177, 93 (2025) and 3 (England 67); 2010 file lines 68, 69, 70
        (DONCASTER, 74, 67, 74, 92, 2022),
        (ROTHERHAM, 80, 67, 73, 113, 2019),
        (SHEFFIELD, 54, 67, 54, 60, 2021),
    ],
)
def test_rate_headline(table, code, rate, england, first, peak, peak_year):
    top = children.rate_headline(children.council(table, code), children.england(table))
    assert (top["year"], top["rate"], top["source"], top["england"]) == (2025, rate, "published", england)
    assert (top["first_year"], top["first_rate"], top["first_source"]) == (2010, first, "computed")
    assert (top["peak"], top["peak_year"]) == (peak, peak_year)
    assert top["change"] == rate - first


def test_rate_headline_for_a_new_council(table):
    # Cumberland (942) starts in 2024: 93 (line 672 area of the 2021-2025 file), 87 in 2025 (line 93)
    top = children.rate_headline(children.council(table, CUMBERLAND), children.england(table))
    assert (top["first_year"], top["first_rate"], top["year"], top["rate"]) == (2024, 93, 2025, 87)
    assert set(children.no_rate_years(children.council(table, CUMBERLAND))) == set(range(2010, 2024))


def test_rate_series_has_every_year_and_no_filling(table):
    s = children.rate_series(children.council(table, DONCASTER))
    assert list(s.year) == list(range(2010, 2026))
    assert s.rate_per_10000.notna().all()
    assert list(s.loc[s.rate_source == "computed", "year"]) == [2010, 2017]
    london = children.rate_series(children.council(table, CITY_OF_LONDON))
    assert pd.isna(london.set_index("year").loc[2025, "rate_per_10000"])  # suppressed count (c)
    assert children.no_rate_years(children.council(table, CITY_OF_LONDON)) == {2025: "count suppressed"}


def test_phase_changes_for_doncaster(table):
    from intervention_history import chapter as nb

    ctx = nb.setup("Doncaster", "2025-06-30")
    changes = children.phase_changes(children.council(table, DONCASTER), ctx.phases).set_index("phase")
    assert changes.loc["before the intervention", "years"] == ()
    for phase in changes.itertuples():
        if len(phase.years) >= 2:
            first, last = row(table, phase.first_year, DONCASTER), row(table, phase.last_year, DONCASTER)
            assert (phase.first_rate, phase.last_rate) == (first.rate_per_10000, last.rate_per_10000)
            assert phase.rate_change == last.rate_per_10000 - first.rate_per_10000
    computed = {y for years in changes.computed_years for y in years}
    assert computed == {2010, 2017}


# ---------------------------------------------------------------- children in need


def test_series_keep_status_and_never_fill(need):
    # Doncaster 2022: second or subsequent plans `u` (d3 file), no number
    s = series(need, DONCASTER, "subsequent_plans").set_index("year")
    assert s.loc[2022, "status"] == "u" and pd.isna(s.loc[2022, "value"])
    assert s.loc[2021, "value"] == 23.4 and s.loc[2023, "value"] == 21.3
    assert cin.gaps(s.reset_index()) == {"low reliability": [2022]}
    # Hampshire 2024: every measure `u`
    for m in cin.MEASURES:
        assert series(need, HAMPSHIRE, m.key).set_index("year").loc[2024, "status"] == "u"
    # Cumberland exists from 2024: earlier years have no row ('-'), not zeros
    s = series(need, CUMBERLAND, "children_in_need")
    assert set(s.loc[s.year < 2024, "status"]) == {"-"} and s.loc[s.year < 2024, "value"].isna().all()
    # City of London: suppressed plans (c)
    assert "suppressed" in cin.gaps(series(need, CITY_OF_LONDON, "protection_plans"))


def test_latest_and_rates_from_the_table(need):
    # Doncaster 2025 child protection plans per 10,000: computed from d5 and the mid-2024 population
    top = cin.latest(series(need, DONCASTER, "protection_plans"), series(need, None, "protection_plans"))
    r = need[(need.year == 2025) & (need.la_code == "371")].iloc[0]
    e = need[(need.year == 2025) & (need.la_code == "")].iloc[0]
    assert (top["year"], top["value"], top["england"]) == (
        2025,
        r.child_protection_plans_rate,
        e.child_protection_plans_rate,
    )
    assert round(top["value"]) == 58 and round(top["england"]) == 41
    assert top["first_year"] == 2013 and top["first"] == 90.9


def test_one_year_jump_flags_doncasters_rereferrals(need):
    don, eng = series(need, DONCASTER, "rereferrals"), series(need, None, "rereferrals")
    # c1 file: Doncaster's re-referral percentage 25.4 (2021), 7.0 (2022), 25.2 (2023)
    jumps = cin.one_year_jumps(don, eng, "rereferrals")
    assert [(j.year, j.before, j.value, j.after) for j in jumps] == [(2022, 25.4, 7.0, 25.2)]
    j = jumps[0]
    assert j.move == pytest.approx(18.2)
    assert j.move > cin.SPIKE_OWN_MULTIPLE * j.typical and j.move > cin.SPIKE_ENGLAND_MULTIPLE * j.england_largest
    # 2014 (23.7, 37.3, 27.7) is out and back too, but not far enough beyond its own series
    assert 2014 not in {j.year for j in jumps}


@pytest.mark.parametrize("code", [ROTHERHAM, SHEFFIELD, HAMPSHIRE])
def test_councils_without_such_a_jump_are_not_flagged(need, code):
    for m in cin.MEASURES:
        assert cin.one_year_jumps(series(need, code, m.key), series(need, None, m.key), m) == []


def test_the_rule_is_rare_across_all_councils(need):
    eng = cin.area_rows(need)
    flagged = [
        (code, j.measure, j.year)
        for code in sorted(set(need.la_code) - {""})
        for m in cin.MEASURES
        for j in cin.one_year_jumps(cin.series(cin.area_rows(need, code), m), cin.series(eng, m), m)
    ]
    assert len(flagged) == 15
    assert ("371", "rereferrals", 2022) in flagged


def test_phase_values(need):
    from intervention_history import chapter as nb

    ctx = nb.setup("Doncaster", "2025-06-30")
    s = series(need, DONCASTER, "rereferrals")
    table = cin.phase_values(s, ctx.phases).set_index("phase")
    back = table.loc["back with the council"]
    assert (back.first_year, back.last_year, back["first"], back["last"]) == (2023, 2025, 25.2, 29.4)
    assert back.change == pytest.approx(4.2)


# ---------------------------------------------------------------- prose: numbers from measures


@pytest.fixture(scope="module")
def contexts():
    from intervention_history import chapter as nb

    return {c: nb.setup(c, "2025-06-30") for c in ("Doncaster", "Sheffield", "Cumberland")}


@pytest.mark.parametrize("council", ["Doncaster", "Sheffield", "Cumberland"])
def test_looked_after_prose_numbers_come_from_the_table(contexts, table, council):
    from intervention_history.story import children as story

    ctx = contexts[council]
    text = str(story.children_in_care_text(ctx))
    top = children.rate_headline(children.council(table, ctx.la_code), children.england(table))
    assert f"At 31 March 2025 {council} looked after {top['rate']:.0f} children in every 10,000" in text
    assert f"England's {top['england']:.0f}" in text
    assert "no data" not in text and "counts only" not in text
    if council == "Doncaster":
        assert "2010 and 2017 are computed here" in text
        for phase in children.phase_changes(children.council(table, ctx.la_code), ctx.phases).itertuples():
            assert f"**{phase.phase}**" in text
    else:  # no phases and no placeholder sentence for a council without a curated history
        assert "By phase" not in text and "no curated" not in text


def test_children_in_need_prose_flags_the_return(contexts, need):
    from intervention_history.story import children as story

    text = str(story.children_in_need_text(contexts["Doncaster"]))
    assert "A question about the return" in text
    assert "Re-referrals within 12 months: 25.4% in 2021, 7.0% in 2022, 25.2% in 2023" in text
    assert "Second or subsequent plans: no figure for 2022 (low reliability)" in text
    sheffield = str(story.children_in_need_text(contexts["Sheffield"]))
    assert "No figure of Sheffield's meets the rule" in sheffield
    top = cin.latest(series(need, SHEFFIELD, "children_in_need"), series(need, None, "children_in_need"))
    assert f"{top['value']:.0f} per 10,000 in 2025" in sheffield
