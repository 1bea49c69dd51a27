"""Ofsted's verdicts merged with curated judgements, the national context and the cross-check,
pinned from Ofsted's own statistics (data/raw/ofsted_inspections/) for several councils."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from intervention_history.curated.folders import find_council_folder
from intervention_history.curated.load import load_dataset
from intervention_history.measures import inspections
from intervention_history.paths import PROJECT_ROOT

AS_OF = date(2025, 6, 30)
DONCASTER, ROTHERHAM, BARNSLEY, BIRMINGHAM, CUMBERLAND = 371, 372, 370, 330, 942


@pytest.fixture(scope="module")
def doncaster():
    return load_dataset(find_council_folder(DONCASTER))


def test_merged_keeps_ratings_and_other_inspectorates_but_never_counts_them(doncaster):
    table = inspections.merged(DONCASTER, AS_OF, doncaster.judgements)
    counted = table[table["counted"]]
    assert set(counted["source"]) == {"Ofsted's statistics"} and set(counted["body"]) == {"Ofsted"}
    # Ofsted's inadequate verdicts on Doncaster: the 2012 child protection inspection and the 2015 SIF
    assert list(counted.loc[counted["grade"] == 4, "date"].dt.strftime("%Y-%m-%d")) == ["2012-11-16", "2015-11-27"]
    kept = table[~table["counted"]]
    assert {"annual rating", "corporate inspection"} <= set(kept["kind"])
    assert "Audit Commission" in set(kept["body"]) and (kept["grade"] == 4).sum() == 4  # 3 annual ratings + 1 AC


def test_sub_judgements_are_shown(doncaster):
    table = inspections.merged(DONCASTER, AS_OF, doncaster.judgements)
    ilacs_2022 = table[table["date"] == pd.Timestamp("2022-04-08")].iloc[0]
    assert ilacs_2022["grade"] == 3 and "leadership inadequate" in ilacs_2022["sub_judgements"]


def test_nothing_published_after_the_as_of_date(doncaster):
    early = inspections.merged(DONCASTER, date(2015, 11, 26), doncaster.judgements)
    assert early["date"].max() < pd.Timestamp("2015-11-27")
    assert pd.Timestamp("2012-11-16") in set(early["date"])


def test_councils_without_curated_history_have_ofsted_verdicts():
    barnsley = inspections.merged(BARNSLEY, AS_OF, None)
    assert len(barnsley) >= 5 and barnsley["counted"].all()
    cumberland = inspections.council_official(CUMBERLAND, AS_OF)
    assert set(cumberland["la_code"]) == {CUMBERLAND} and cumberland["published"].min().year >= 2023


def test_standing_and_spells_follow_the_stated_rules():
    spells = inspections.spells(AS_OF)
    mine = spells[spells["la_code"] == DONCASTER]
    # inadequate from 16 Nov 2012 (CPI, again in the 2015 SIF) to good on 19 Jan 2018
    assert len(mine) == 1
    assert (mine.iloc[0]["start"], mine.iloc[0]["end"]) == (pd.Timestamp("2012-11-16"), pd.Timestamp("2018-01-19"))
    assert not mine.iloc[0]["open"] and round(mine.iloc[0]["years"], 1) == 5.2
    rotherham = spells[spells["la_code"] == ROTHERHAM]
    assert list(rotherham["start"].dt.strftime("%Y-%m-%d")) == ["2014-11-19"]


def test_count_of_councils_in_the_lowest_band():
    counts = inspections.inadequate_over_time(AS_OF).set_index("date")
    on = counts[counts.index <= pd.Timestamp("2012-11-16")].iloc[-1]
    steps = inspections.standings(AS_OF)
    now = inspections.standing_on(pd.Timestamp("2012-11-16"), steps)
    assert on["inadequate"] == (now["grade"] == 4).sum() and on["rated"] == len(now)
    latest = counts.iloc[-1]
    assert latest["rated"] == 153  # every council that exists today, each inspected


def test_latest_grade_against_region_and_england():
    shares = inspections.latest_by_area(DONCASTER, AS_OF)
    england = shares[shares["area"] == "England"]
    assert england["councils"].sum() == england["of"].iloc[0] == 153
    assert set(shares["area"]) == {"England", "Yorkshire and The Humber"}


def test_cross_check_passes_for_the_curated_councils():
    for code in (DONCASTER, ROTHERHAM):
        dataset = load_dataset(find_council_folder(code))
        assert inspections.cross_check(dataset.directory, code, dataset.judgements) == []


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("cp-2012,2012-11-16,Ofsted,inspection", "cp-2012,2012-10-16,Ofsted,inspection", "date"),
        ("council,inadequate,4,bbc-2012", "council,inadequate,3,bbc-2012", "grade"),
    ],
)
def test_cross_check_fails_for_a_wrong_date_or_grade(tmp_path, old, new, column):
    folder = tmp_path / "doncaster"
    shutil.copytree(find_council_folder(DONCASTER), folder)
    path = folder / "judgements.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "intervention_history", "validate", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "judgements.csv:8:" in result.stderr and f": {column}:" in result.stderr
    # declared with a reason, the same row passes
    (folder / "discrepancies.csv").write_text("judgement_id,reason\ncp-2012,test: a declared difference\n")
    again = subprocess.run(
        [sys.executable, "-m", "intervention_history", "validate", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert again.returncode == 0, again.stderr
