"""One definition of eras and phases (issue 21): every chapter's phases agree with council.json's eras.

The eras are read here straight from council.json and the curated rows they point at, without
measures/phases.py, and every reference day a chapter uses is checked against them.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from intervention_history.curated.eras import parse_ref
from intervention_history.measures import children, spending
from intervention_history.measures.phases import (
    CENSUS_31_MARCH,
    FINANCIAL_YEAR_MIDPOINT,
    phase_of,
    phases,
    reference_day,
)
from intervention_history.paths import CURATED_DIR

COUNCILS = ("Doncaster", "Rotherham")


@pytest.fixture(scope="module")
def contexts():
    from intervention_history import chapter as nb

    return {c: nb.setup(c, "2025-06-30") for c in COUNCILS}


def declared_eras(council: str) -> list[dict]:
    """council.json's eras with their bounds looked up in the curated CSVs, independently of the package."""
    folder = CURATED_DIR / council.lower()
    definitions = json.loads((folder / "council.json").read_text(encoding="utf-8"))["eras"]
    from intervention_history.curated.load import load_dataset

    data = load_dataset(folder)
    tables = {"events": (data.events, "event_id", "date"), "costs": (data.costs, "cost_id", "period")}
    out = []
    for era in definitions:
        bounds = []
        for side in ("start", "end"):
            table, row_id, which = parse_ref(era[side])
            frame, id_column, date_column = tables[table]
            bounds.append(frame.loc[frame[id_column] == row_id, f"{date_column}_{which}"].iloc[0])
        out.append({**era, "start_day": bounds[0], "end_day": bounds[1]})
    return out


def in_force(eras: list[dict], day: pd.Timestamp, kind: str) -> list[str]:
    return [e["label"] for e in eras if e["kind"] == kind and e["start_day"] <= day < e["end_day"]]


def check_day(council: str, eras: list[dict], table: pd.DataFrame, day: pd.Timestamp) -> None:
    hits = table[(table.start.isna() | (table.start <= day)) & (table.end.isna() | (day < table.end))]
    assert len(hits) == 1, (council, day)
    row = hits.iloc[0]
    assert bool(row.intervention) == bool(in_force(eras, day, "intervention")), (council, day, row.phase)
    trusts = in_force(eras, day, "trust")
    assert (row.trust if isinstance(row.trust, str) else None) == (trusts[0] if trusts else None), (council, day)


@pytest.mark.parametrize("council", COUNCILS)
def test_phases_are_derived_from_council_json(contexts, council):
    ctx = contexts[council]
    pd.testing.assert_frame_equal(ctx.phases, phases(ctx.eras))
    table = ctx.phases
    # Consecutive, no gap and no overlap, open at both ends.
    assert pd.isna(table.start.iloc[0]) and pd.isna(table.end.iloc[-1])
    assert (table.end.iloc[:-1].to_numpy() == table.start.iloc[1:].to_numpy()).all()
    assert table.phase.is_unique


@pytest.mark.parametrize("council", COUNCILS)
def test_every_day_agrees_with_the_declared_eras(contexts, council):
    eras = declared_eras(council)
    table = contexts[council].phases
    for day in pd.date_range("2004-01-01", "2025-12-31", freq="MS"):
        check_day(council, eras, table, day)


@pytest.mark.parametrize("council", COUNCILS)
def test_intervention_phases_cover_exactly_the_intervention_eras(contexts, council):
    eras = declared_eras(council)
    table = contexts[council].phases
    under = table[table.intervention.astype(bool)]
    spells = sorted((e["start_day"], e["end_day"]) for e in eras if e["kind"] == "intervention")
    assert under.start.min() == spells[0][0]
    assert under.end.max() == max(end for _, end in spells)
    # The intervention phases are contiguous: nothing in between is outside the intervention.
    assert (under.end.iloc[:-1].to_numpy() == under.start.iloc[1:].to_numpy()).all()


def test_doncaster_intervention_matches_the_timeline_and_the_trust_is_split(contexts):
    table = contexts["Doncaster"].phases.set_index("phase")
    under = table[table.intervention.astype(bool)]
    assert (under.start.min(), under.end.max()) == (pd.Timestamp("2009-03-12"), pd.Timestamp("2021-01-31"))
    independent = table.loc["intervention, independent trust"]
    assert (independent.start, independent.end) == (pd.Timestamp("2014-10-01"), pd.Timestamp("2019-04-01"))
    owned = table[table.trust == "Trust owned by the council"]
    assert (owned.start.min(), owned.end.max()) == (pd.Timestamp("2019-04-01"), pd.Timestamp("2022-09-01"))
    assert list(table.index) == [
        "before the intervention",
        "intervention, council-run",
        "intervention, independent trust",
        "intervention, council-owned trust",
        "council-owned trust, after the intervention",
        "back with the council",
    ]


def test_rotherham_phases_merge_its_overlapping_interventions(contexts):
    table = contexts["Rotherham"].phases
    assert table.phase.tolist() == ["before the intervention", "intervention", "back with the council"]
    row = table.set_index("phase").loc["intervention"]
    assert (row.start, row.end) == (pd.Timestamp("2014-10-10"), pd.Timestamp("2019-03-31"))


@pytest.mark.parametrize("council", COUNCILS)
def test_chapter_4_spending_phases_agree_with_the_eras(contexts, council):
    ctx = contexts[council]
    eras = declared_eras(council)
    table = spending.phase_changes(ctx.spending_series(), ctx.phases)
    assert table.phase.tolist() == ctx.phases.phase.tolist()
    for row in table.itertuples():
        for year in row.years:
            day = reference_day(year, FINANCIAL_YEAR_MIDPOINT)
            check_day(council, eras, ctx.phases, day)
            assert phase_of(year, FINANCIAL_YEAR_MIDPOINT, ctx.phases) == row.phase


@pytest.mark.parametrize("council", COUNCILS)
def test_chapter_5_children_phases_agree_with_the_eras(contexts, council):
    ctx = contexts[council]
    eras = declared_eras(council)
    rows = children.council(ctx.children_looked_after, ctx.la_code)
    table = children.phase_changes(rows, ctx.phases)
    assert table.phase.tolist() == ctx.phases.phase.tolist()
    for row in table.itertuples():
        for year in row.years:
            check_day(council, eras, ctx.phases, reference_day(year, CENSUS_31_MARCH))
            assert phase_of(year, CENSUS_31_MARCH, ctx.phases) == row.phase


def test_doncaster_years_fall_where_the_eras_put_them(contexts):
    table = contexts["Doncaster"].phases
    assert phase_of("2008-09", FINANCIAL_YEAR_MIDPOINT, table) == "before the intervention"
    assert phase_of("2013-14", FINANCIAL_YEAR_MIDPOINT, table) == "intervention, council-run"
    assert phase_of("2018-19", FINANCIAL_YEAR_MIDPOINT, table) == "intervention, independent trust"
    assert phase_of("2020-21", FINANCIAL_YEAR_MIDPOINT, table) == "intervention, council-owned trust"
    assert phase_of("2021-22", FINANCIAL_YEAR_MIDPOINT, table) == "council-owned trust, after the intervention"
    assert phase_of(2021, CENSUS_31_MARCH, table) == "council-owned trust, after the intervention"
    assert phase_of(2023, CENSUS_31_MARCH, table) == "back with the council"


def test_outside_control_leaves_out_the_improvement_partner(contexts):
    from intervention_history import story

    eras = contexts["Doncaster"].eras.set_index("era")
    assert not eras.at["iMPOWER contract", "outside_control"]
    assert eras.loc[
        ["Government intervention", "Independent trust", "Trust owned by the council"], "outside_control"
    ].all()
    text = str(story.timeline_intro(contexts["Doncaster"]))
    outside, _, rest = text.partition("Not outside control")
    assert "iMPOWER contract" not in outside and "iMPOWER contract" in rest
    assert "**Independent trust**: October 2014 to March 2019" in outside
    assert "**Trust owned by the council**: April 2019 to August 2022" in outside
    assert "**Government intervention**: March 2009 to January 2021" in outside
