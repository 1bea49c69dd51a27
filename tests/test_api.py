"""The public API: the README's example runs (for a council with and without a curated timeline), the
tables hold what they say, every council in the register loads, and bad input is an InputError."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import intervention_history as ih
from intervention_history import api, geography
from intervention_history.errors import InputError
from intervention_history.measures import prices
from intervention_history.paths import NOTEBOOKS_DIR

README = Path(__file__).resolve().parents[1] / "README.md"
DOCUMENTED = {*api.CURATED, "spending", "england_spending", "spending_lines", "per_child"}
CORE = {"eras": [*api.KEYS, "era", "kind", "start", "end", "years"], "phases": [*api.KEYS, "phase", "start", "end"]}
CORE |= {t: [*api.KEYS, "year", "children_looked_after", "rate_per_10000"] for t in api.TABLES if "looked" in t}
SINCE_2019 = {839: "Bournemouth, Christchurch and Poole", 838: "Dorset", 940: "North Northamptonshire"}
SINCE_2019 |= {941: "West Northamptonshire", 942: "Cumberland", 943: "Westmorland and Furness"}


def readme_example(council: str = "Doncaster") -> dict:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1).replace('"Doncaster"', f'"{council}"')
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation
    plt.close("all")
    return namespace


@pytest.fixture(scope="module")
def doncaster():
    return ih.load("Doncaster", as_of="2025-06-30")


@pytest.fixture(scope="module")
def sheffield():
    return ih.load("Sheffield", as_of="2025-06-30")


def test_readme_api_example_runs(doncaster):
    namespace = readme_example()
    assert len(namespace["low"]) > 0 and (namespace["low"].confidence != "high").all()
    # outturn_1112.csv, Doncaster (371) line 5 "Fostering services": net current expenditure 9,088,715
    assert namespace["fostering"].net_current_expenditure.tolist() == [9_088_715]
    assert isinstance(namespace["fig"], plt.Figure)


def test_readme_api_example_runs_for_a_council_without_a_timeline():
    # Before: AttributeError, because Sheffield's empty events table had no columns.
    namespace = readme_example("Sheffield")
    assert namespace["low"].empty and "confidence" in namespace["low"]
    assert ih.load("Sheffield", "2025-06-30").events[lambda d: d.confidence != "high"].empty


def test_load_returns_documented_tables(doncaster):
    described = doncaster.describe().set_index("table")
    assert list(described.index) == list(api.TABLES)
    for name in described.index:
        frame = getattr(doncaster, name)
        assert len(frame) == described.at[name, "rows"]
        assert described.at[name, "columns"] == ", ".join(frame.columns)
    assert doncaster.la_code == 371 and doncaster.new_la_code == "E08000017" and doncaster.has_timeline
    assert len(doncaster.phases) >= 3 and doncaster.phases["phase"].notna().all()
    assert {"cash", "real"} <= set(doncaster.spending.columns)


def test_describe_is_generated_from_the_columns_and_the_dictionaries(doncaster):
    for name in api.TABLES:
        columns = doncaster.describe(name)
        assert columns["column"].tolist() == list(getattr(doncaster, name).columns), name
        # Tables whose columns other work is still adding to are checked on the columns documented today.
        documented = columns if name in DOCUMENTED else columns[columns["column"].isin(CORE.get(name, api.KEYS))]
        assert (documented["meaning"] != "").all(), documented[documented["meaning"] == ""]
    lines = doncaster.describe("spending_lines").set_index("column")
    assert lines.at["line_description", "meaning"] == "as the source gives it"  # data/processed/README.md
    assert lines.at["net_current_expenditure", "type"] == "£"
    events = doncaster.describe("events").set_index("column")
    assert "high: a source states it plainly" in events.at["confidence", "meaning"]  # data/curated/README.md
    assert events.at["date_earliest", "dtype"] == "datetime64[ns]"
    # Not fixed text: a column the data gain is described too.
    extra = api.describe_columns(doncaster.events.assign(rate_per_10000=1), api.SOURCES["children_looked_after"])
    assert "per 10,000" in extra.set_index("column").at["rate_per_10000", "meaning"]
    with pytest.raises(InputError, match="unknown table 'nope'; tables: events"):
        doncaster.describe("nope")


def test_empty_tables_keep_their_columns_and_dtypes(doncaster, sheffield):
    cumberland = ih.load("Cumberland", "2025-06-30")
    assert sheffield.events.empty and cumberland.spending.empty
    for name in api.TABLES:
        expected = getattr(doncaster, name).dtypes.astype(str).to_dict()
        for other in (sheffield, cumberland):
            assert getattr(other, name).dtypes.astype(str).to_dict() == expected, (other.la_name, name)


def test_council_without_timeline_has_empty_curated_tables(sheffield):
    assert not sheffield.has_timeline and sheffield.events.empty and sheffield.per_child.empty
    assert len(sheffield.spending_lines) > 0 and len(sheffield.children_looked_after) > 0


def test_every_table_has_the_same_keys(doncaster):
    for name, frame in doncaster.tables().items():
        assert list(frame.columns[:3]) == list(api.KEYS), name
        assert frame.dtypes.astype(str).iloc[:3].tolist() == ["Int64", "str", "str"], name
        assert "area" not in frame, name
        if name.startswith("england_"):
            assert frame["la_code"].isna().all() and (frame["la_name"] == "England").all()
            assert (frame["new_la_code"] == "").all()
        else:
            assert (frame["la_code"] == 371).all() and (frame["new_la_code"] == "E08000017").all(), name


@pytest.mark.parametrize(
    "text, code",
    [
        ("Cumberland", 942),  # was: "did you mean: Northumberland?"
        ("Hull", 810),  # was: "did you mean: Solihull?"
        ("Kingston upon Hull, City of", 810),
        ("E08000017", 371),
        ("BCP", 839),
        ("westmorland and furness", 943),
    ],
)
def test_councils_are_found_through_the_register(text, code):
    data = ih.load(text, "2025-06-30")
    assert data.la_code == code and data.la_name == geography.by_code(code).la_name


def test_every_council_in_the_register_loads():
    loaded = {}
    for council in geography.register():
        data = ih.load(council.la_code, "2025-06-30")
        assert data.la_code == council.la_code and data.la_name == council.la_name
        loaded[council.la_code] = data
    for code, name in SINCE_2019.items():
        assert loaded[code].la_name == name and len(loaded[code].children_looked_after) > 0, name
    # Bedfordshire, abolished in 2009: only its 2008-09 spending return, the rest empty tables.
    assert set(loaded[820].spending_lines.financial_year) == {"2008-09"} and loaded[820].per_child.empty


def test_table_for_every_council_with_keys_and_real_terms():
    names = ih.table_names()
    assert {"s251_outturn", "s251_timeseries", "children_looked_after", "population_0_17"} <= set(names)
    for name in names:
        frame = ih.table(name)
        assert list(frame.columns[:3]) == list(api.KEYS), name
        assert str(frame["la_code"].dtype) == "Int64", name
        england = frame[frame["la_code"].isna()]
        assert (england["la_name"] == "England").all() and (england["new_la_code"] == "").all(), name
    outturn = ih.table("s251_outturn")
    columns = list(outturn.columns)
    assert columns.index("net_current_expenditure_real") == columns.index("net_current_expenditure") + 1
    row = outturn[(outturn.la_code == 371) & (outturn.financial_year == "2011-12") & (outturn.line_number == 5)]
    factor = prices.real_factor(pd.Series(["2011-12"])).iloc[0]
    assert row.net_current_expenditure_real.iloc[0] == pytest.approx(9_088_715 * factor)
    cla = ih.table("children_looked_after")
    assert "net_current_expenditure_real" not in cla and set(SINCE_2019) <= set(cla.la_code.dropna().astype(int))
    assert (cla.loc[cla.la_code == 810, "la_name"] == "Kingston upon Hull, City of").all()
    population = ih.table("population_0_17")
    assert "new_la_code_that_year" in population and population.la_code.dtype == "Int64"
    with pytest.raises(InputError, match="unknown table 'nope'; tables: s251_outturn"):
        ih.table("nope")


def test_export_writes_every_table_and_a_readme(sheffield, tmp_path):
    paths = sheffield.export(tmp_path / "sheffield")
    folder = tmp_path / "sheffield"
    for name, frame in sheffield.tables().items():
        written = pd.read_csv(folder / f"{name}.csv")
        assert list(written.columns) == list(frame.columns) and len(written) == len(frame), name
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "## events.csv" in readme and "| confidence | " in readme and "| la_code | " in readme
    try:
        import openpyxl  # noqa: F401

        assert any(p.suffix == ".xlsx" for p in paths)
    except ImportError:
        assert "No Excel workbook: openpyxl is not installed" in readme
        with pytest.raises(InputError, match="openpyxl"):
            sheffield.export(tmp_path / "again", excel=True)
    with pytest.raises(InputError, match="cannot write"):
        sheffield.export("/proc/nope")


def test_councils_lists_the_register_and_sources():
    table = ih.councils().set_index("la_name")
    assert table.at["Doncaster", "curated_timeline"] and table.at["Rotherham", "spending_from_2015_16"]
    assert not table.at["Sheffield", "curated_timeline"]
    assert len(table) == len(geography.register()) >= 150
    assert not table.at["City of London", "ranked"] and table.at["Cumberland", "ranked"]
    assert "children_looked_after" in table.at["Cumberland", "tables"]


def test_bad_council_is_an_input_error():
    with pytest.raises(InputError, match="did you mean: Doncaster"):
        ih.load("Doncater")


@pytest.mark.parametrize(
    "as_of, message",
    [
        ("30/06/2025", "as_of must be a date written YYYY-MM-DD, not '30/06/2025'"),
        ("2025-02-30", "as_of 2025-02-30 does not exist: February 2025 has 28 days"),
        ("2025-13-01", "as_of 2025-13-01 does not exist: there is no month 13"),
    ],
)
def test_bad_date_is_an_input_error(as_of, message):
    # Before: a bare ValueError.
    with pytest.raises(InputError, match=re.escape(message)):
        ih.load("Doncaster", as_of)


def test_unknown_chart_lists_the_charts():
    # Before: KeyError.
    with pytest.raises(InputError, match=r"unknown chart 'nonexistent'; charts: .*spending_per_child"):
        ih.chart("nonexistent")


def test_explore_notebook_runs_for_councils_without_a_timeline(tmp_path):
    """0-explore.ipynb for Sheffield, compared with a council created in 2024 (nbval runs the default, Doncaster)."""
    out = tmp_path / "explore.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOKS_DIR / "0-explore.ipynb"), str(out)]
        + ["-p", "council", "Sheffield", "-p", "compare_with", "Cumberland", "--cwd", str(NOTEBOOKS_DIR)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "Sheffield (DfE 373, ONS E08000039): without a curated timeline" in text
    assert re.search(r"\d+ councils ranked on 31 March \d{4}; ranks leave out the City of London", text)
    assert "Sheffield: ranked " in text


@pytest.mark.parametrize("text", ["Rotherham", "rotherham", "372", "E08000018"])
def test_curated_folder_is_found_whatever_name_is_given(text):
    from intervention_history.curated.folders import find_council_folder
    from intervention_history.publish.report import resolve_council_cheaply

    assert find_council_folder(text).name == "rotherham"
    assert resolve_council_cheaply(text)[0] == "Rotherham"
    assert resolve_council_cheaply("Hull") == ("Kingston upon Hull, City of", None)


def test_official_tables_for_one_council_follow_the_key_convention_and_the_as_of_date():
    import intervention_history as ih

    sheffield = ih.load("Sheffield", "2025-06-30")
    for name in ("children_in_need", "workforce", "ofsted_inspections", "statistical_neighbours"):
        frame = getattr(sheffield, name)
        assert list(frame.columns[:3]) == ["la_code", "new_la_code", "la_name"], name
        assert set(frame["la_code"]) == {373} and set(frame["la_name"]) == {"Sheffield"}, name
    assert sorted(sheffield.children_in_need["year"]) == list(range(2013, 2026))
    # Doncaster in 2015: the 2012 child protection inspection is known, the SIF of 27 Nov 2015 not yet
    early = ih.load("Doncaster", "2015-01-01").ofsted_inspections
    assert early["published"].max() == "2012-11-16"
    assert list(ih.load("Bedfordshire").workforce.columns) == list(sheffield.workforce.columns)  # empty, same columns
