"""The public API: the README's example runs, and the tables hold what they say."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pytest

import intervention_history as ih
from intervention_history.errors import InputError

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_api_example_runs():
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    assert len(namespace["low"]) > 0 and (namespace["low"].confidence != "high").all()
    # outturn_1112.csv, Doncaster (371) line 5 "Fostering services": net current expenditure 9,088,715
    assert namespace["fostering"].net_current_expenditure.tolist() == [9_088_715]
    assert isinstance(namespace["fig"], plt.Figure)
    plt.close("all")


def test_load_returns_documented_tables():
    data = ih.load("Doncaster", as_of="2025-06-30")
    described = data.describe().set_index("table")
    for name in described.index:
        assert len(getattr(data, name)) == described.at[name, "rows"]
    assert data.la_code == 371 and data.has_timeline
    assert set(data.phases.phase) == {"before the intervention", "intervention", "trust", "back with the council"}
    assert {"cash", "real"} <= set(data.spending.columns)


def test_as_of_drops_later_curated_rows():
    early = ih.load("Doncaster", as_of="2012-12-31")
    assert (early.events.date_earliest <= "2012-12-31").all()
    assert len(early.events) < len(ih.load("Doncaster", as_of="2025-06-30").events)


def test_council_without_timeline_has_empty_curated_tables():
    data = ih.load("Sheffield", as_of="2025-06-30")
    assert not data.has_timeline and data.events.empty and data.per_child.empty
    assert len(data.spending_lines) > 0 and len(data.children_looked_after) > 0


def test_councils_lists_sources():
    table = ih.councils().set_index("la_name")
    assert table.at["Doncaster", "curated_timeline"] and table.at["Rotherham", "spending_from_2015_16"]
    assert not table.at["Sheffield", "curated_timeline"]
    assert len(table) >= 150


def test_bad_council_is_an_input_error():
    with pytest.raises(InputError, match="did you mean: Doncaster"):
        ih.load("Doncater")
