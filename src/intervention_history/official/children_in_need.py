"""Children in need and child protection, England and every English council, 31 March 2013 to 2025.

Publisher: Department for Education, "Characteristics of children in need" (the children in need
census), underlying data at local authority level, reporting years ending 31 March 2013 to 2025. Five
tidy CSVs copied byte for byte to data/raw/children_in_need/ from the public repository
dfe-analytical-services/CSC_outcomes_and_enablers, `data-raw/` (b1, c1, d3 and d5 at commit 2f5d11a,
27 April 2026; c4 at commit 158bdad, 27 March 2026). Open Government Licence v3.0.

One row per council and England per year (1,989 rows: 151 to 153 councils a year as councils were
reorganised). What each file gives (``SOURCES``): b1 children in need at 31 March (`At31_episodes`);
c1 referrals, re-referrals within 12 months and their percentage; c4 section 47 enquiries and initial
child protection conferences; d3 child protection plans started, second or subsequent plans and their
percentage; d5 child protection plans at 31 March.

Rules:
- Every value keeps its status beside it (``<value>_status``): empty for a number, else the DfE's
  symbol as published: `c` suppressed (small numbers), `x` not available, `u` low reliability (the
  council's return had known problems), `z` not applicable (e.g. a percentage of no plans). None of
  them is ever zero. A `u` keeps its number if one is published (none is in these files: every `u`
  cell is the bare symbol) and its flag, and so does any rate computed from it.
- Implausible returns (Doncaster's re-referral percentage: 25.4 in 2021, 7.0 in 2022, 25.2 in 2023)
  are not flagged by the files and are not changed here.
- National counts are rounded by the DfE to the nearest 10; council counts are not.
- Rates per 10,000 children aged 0-17: these files publish none, so every rate is computed (``*_rate_source``
  `computed`) from the count and the ONS population of the mid-year before (population_0_17.mid_year_for:
  31 March 2020 <-> mid-2019), rounded half up to one decimal place as the DfE's children in need
  release publishes its rates. A computed rate is never called published. ``*_rate_status`` is the
  count's status, or the population's (`x`: Bournemouth, Poole and the old Dorset, 2013 to 2019)
  when the count is sound. Re-referrals and second or subsequent plans are given as the published percentages,
  not as rates.
- Provenance per source file: ``<tag>_line`` is the line of ``SOURCES[tag].file`` each value group
  comes from, ``population_line`` the line of the population file.
- Revisions: no figure is published in two of these files (each file has its own measures), so
  nothing is revised and there is no revisions table. The files agree on every council's name; the
  older c4 copy gives Gateshead (390) and Northumberland (929) their pre-2013 ONS codes (E08000020,
  E06000048) for 2013-2019, and ``new_la_code`` is the newer files' (E08000037, E06000057).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import DataError, Problem
from ..paths import display_path
from . import population_0_17
from .population_0_17 import TidyFile, rate_per_10000, read_tidy, with_population
from .raw import Gather

NAME = "children_in_need"
RAW_DIR = paths.RAW_DIR / NAME
POPULATION_DIR = population_0_17.RAW_DIR
YEARS = tuple(range(2013, 2026))
SYMBOLS = frozenset({"c", "x", "u", "z"})
RATE_DECIMALS = 1


def _source(file: str, category: str, published: str, **values: tuple[str, str]) -> TidyFile:
    return TidyFile(file, YEARS, 2132, ("category", category), values, SYMBOLS, published)


SOURCES = {
    "b1": _source(
        "b1_children_in_need_2013_to_2025.csv",
        "Children in Need",
        "2026-04-27",
        At31_episodes=("children_in_need", "count"),
    ),
    "c1": _source(
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "Referrals and Re-referrals",
        "2026-04-27",
        referral_count=("referrals", "count"),
        rereferral_count=("rereferrals", "count"),
        rereferral_percent=("rereferral_percent", "percent"),
    ),
    "c4": _source(
        "c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
        "Section 47s and Initial Child Protection Conferences",
        "2026-03-27",
        Section47=("section_47_enquiries", "count"),
        ICPC=("initial_child_protection_conferences", "count"),
    ),
    "d3": _source(
        "d3_cpps_subsequent_plan_2013_to_2025.csv",
        "Child Protection Plans which are a second or subsequent plan",
        "2026-04-27",
        CPP_start=("child_protection_plans_started", "count"),
        CPP_subsequent=("subsequent_plans", "count"),
        CPP_subsequent_percent=("subsequent_plan_percent", "percent"),
    ),
    "d5": _source(
        "d5_cpps_at31march_by_duration_2013_to_2025.csv",
        "Child Protection Plans by length of time",
        "2026-04-27",
        CPP_At31=("child_protection_plans", "count"),
    ),
}
# the order of the values in the table
VALUES = (
    "children_in_need",
    "referrals",
    "rereferrals",
    "rereferral_percent",
    "section_47_enquiries",
    "initial_child_protection_conferences",
    "child_protection_plans",
    "child_protection_plans_started",
    "subsequent_plans",
    "subsequent_plan_percent",
)
RATED = (
    "children_in_need",
    "referrals",
    "section_47_enquiries",
    "initial_child_protection_conferences",
    "child_protection_plans",
    "child_protection_plans_started",
)
KEYS = ("year", "la_code", "new_la_code", "la_name")
LINES = tuple(f"{tag}_line" for tag in SOURCES)
OUTPUT_COLUMNS = (
    *KEYS,
    *(c for value in VALUES for c in (value, f"{value}_status")),
    "population_mid_year",
    "population_0_17",
    "population_0_17_status",
    *(c for value in RATED for c in (f"{value}_rate", f"{value}_rate_status", f"{value}_rate_source")),
    *LINES,
    "population_line",
)
_KINDS = {name: kind for tidy in SOURCES.values() for name, kind in tidy.values.values()}


def _dtype(column: str) -> str:
    if column in ("year", "population_mid_year", *LINES):
        return "int64"
    if column in _KINDS:
        return "Int64" if _KINDS[column] == "count" else "float64"
    if column in ("population_0_17", "population_line"):
        return "Int64"
    if column.endswith("_rate"):
        return "float64"
    return "str"


TABLES = {NAME: {c: _dtype(c) for c in OUTPUT_COLUMNS}}


def inputs(raw_dir: Path = RAW_DIR, population_dir: Path = POPULATION_DIR) -> list[Path]:
    return [*(raw_dir / tidy.file for tidy in SOURCES.values()), *population_0_17.inputs(population_dir)]


def _where(code: str) -> str:
    return "England" if not code else f"council {code}"


def _join_sources(frames: dict[str, pd.DataFrame], raw_dir: Path) -> pd.DataFrame:
    """The five files side by side on (year, la_code); every key must be in every file."""
    newest = max(tidy.published for tidy in SOURCES.values())
    base_tag = next(tag for tag, tidy in SOURCES.items() if tidy.published == newest)
    base_name = display_path(raw_dir / SOURCES[base_tag].file)
    base = frames[base_tag].set_index(["year", "la_code"])
    table = base[["new_la_code", "la_name"]].copy()
    problems = []
    for tag, tidy in SOURCES.items():
        name = display_path(raw_dir / tidy.file)
        frame = frames[tag].set_index(["year", "la_code"])
        for year, code in base.index.difference(frame.index):
            line = int(base.loc[(year, code), "line"])
            problems.append(Problem(base_name, line, "old_la_code", f"{_where(code)} for {year} is not in {name}"))
        for year, code in frame.index.difference(base.index):
            line = int(frame.loc[(year, code), "line"])
            problems.append(Problem(name, line, "old_la_code", f"{_where(code)} for {year} is not in {base_name}"))
        both = base.merge(frame, left_index=True, right_index=True, suffixes=("", "_other"))
        for (year, code), row in both[both["la_name"] != both["la_name_other"]].iterrows():
            problems.append(
                Problem(
                    name,
                    int(row["line_other"]),
                    "la_name",
                    f"{base_name} names {_where(code)} for {year} {row['la_name']!r}",
                    row["la_name_other"],
                )
            )
        if tidy.published == newest:  # an older copy may carry older ONS codes; the newest copies must agree
            for (year, code), row in both[both["new_la_code"] != both["new_la_code_other"]].iterrows():
                problems.append(
                    Problem(
                        name,
                        int(row["line_other"]),
                        "new_la_code",
                        f"{base_name} gives {_where(code)} for {year} {row['new_la_code']!r}",
                        row["new_la_code_other"],
                    )
                )
        values = [c for n, _ in tidy.values.values() for c in (n, f"{n}_status")]
        table = table.join(frame[values]).join(frame["line"].rename(f"{tag}_line"))
    if problems:
        raise DataError(problems)
    return table.reset_index()


def _population_problems(table: pd.DataFrame, population: pd.DataFrame, raw_dir: Path, pop_dir: Path):
    b1 = display_path(raw_dir / SOURCES["b1"].file)
    pop = display_path(pop_dir / population_0_17.POPULATION.file)
    names = population.set_index("release_line")["la_name"]
    problems = []
    for row in table.itertuples(index=False):
        if pd.isna(row.population_line):
            problems.append(
                Problem(
                    b1,
                    int(row.b1_line),
                    "old_la_code",
                    f"no mid-{row.population_mid_year} population for {_where(row.la_code)} in {pop}",
                    row.la_code,
                )
            )
        elif names[int(row.population_line)] != row.la_name:
            problems.append(
                Problem(
                    pop,
                    int(row.population_line),
                    "la_name",
                    f"children in need {row.year} names {_where(row.la_code)} {row.la_name!r}",
                    names[int(row.population_line)],
                )
            )
    return problems


def harmonise(raw_dir: Path = RAW_DIR, population_dir: Path = POPULATION_DIR) -> dict[str, pd.DataFrame]:
    """One row per year for England and each council, with statuses, population and computed rates."""
    gather = Gather()
    frames = {tag: gather(read_tidy, tidy, raw_dir) for tag, tidy in SOURCES.items()}
    population = gather(population_0_17.harmonise, population_dir)
    gather.check()
    population = population[population_0_17.NAME]
    table = with_population(_join_sources(frames, raw_dir), population)
    problems = _population_problems(table, population, raw_dir, population_dir)
    if problems:
        raise DataError(problems)
    for value in RATED:
        rate = [
            rate_per_10000(count, pop, RATE_DECIMALS)
            for count, pop in zip(table[value], table["population_0_17"], strict=True)
        ]
        table[f"{value}_rate"] = pd.array(rate, dtype="float64")
        status = table[f"{value}_status"]
        table[f"{value}_rate_status"] = status.where(status != "", table["population_0_17_status"])
        table[f"{value}_rate_source"] = ["computed" if pd.notna(r) else "" for r in table[f"{value}_rate"]]
    table = table.sort_values(["year", "la_code"], kind="stable").reset_index(drop=True)
    for column, dtype in TABLES[NAME].items():
        table[column] = table[column].astype(dtype)
    return {NAME: table[list(OUTPUT_COLUMNS)]}
