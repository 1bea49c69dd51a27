"""Ofsted's verdicts on councils' children's services, from Ofsted's own statistics
(official/ofsted_inspections.py), merged with a council's curated judgements, and the national
context: how many councils stood in the lowest band at each date, and how long they stayed there.

Rules, stated once:
- **As of**: nothing published after the report's as-of date is used.
- **Counted as an Ofsted verdict**: only a graded Ofsted inspection of children's services. A curated
  annual rating (2008-2010 annual performance assessments), another inspectorate's verdict (the Audit
  Commission's corporate governance inspection of the whole council) or an ungraded visit stays in
  the merged table, marked as what it is (`counted` False), and is never counted.
- **Standing** (STANDING_RULE): a council's standing on a date is the worst grade published on the
  latest day it was inspected up to that date (SLAC published a safeguarding and a looked-after
  judgement on one day). A council counts from its first inspection until it ceased to exist.
- **Lowest band spell** (SPELL_RULE): from an inadequate verdict to the publication of the next
  verdict better than inadequate; a spell still open at the as-of date is marked open.
- **Cross-check**: a curated graded Ofsted inspection from 2009 on, dated before the official record
  ends, must match one official row: its publication date inside the curated date's range and the same
  grade, unless declared in the council's `discrepancies.csv` (judgement_id, reason).
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

import pandas as pd

from .. import geography
from ..errors import Problem
from ..official import registry
from ..paths import display_path

GRADE_WORDS = {1: "outstanding", 2: "good", 3: "requires improvement", 4: "inadequate"}
SUB_JUDGEMENTS = {
    "help_and_protection_judgement": "help and protection",
    "children_in_care_judgement": "children in care",
    "care_leavers_judgement": "care leavers",
    "adoption_judgement": "adoption",
    "leadership_judgement": "leadership",
    "lscb_judgement": "the safeguarding children board",
}
STANDING_RULE = (
    "a council's standing on a date is the worst grade Ofsted published on the latest day it inspected the council's "
    "children's services up to that date"
)
SPELL_RULE = "a spell in the lowest band runs from an inadequate verdict to the next verdict better than inadequate"
FIRST_OFSTED_YEAR = 2009
DISCREPANCIES = "discrepancies.csv"
DISCREPANCY_COLUMNS = ("judgement_id", "reason")


def official(as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every council's inspections published up to as_of, with `published` as a Timestamp."""
    table = registry.load("ofsted_inspections") if table is None else table
    out = table.assign(published=pd.to_datetime(table["published"]))
    return out[out["published"] <= pd.Timestamp(as_of)].reset_index(drop=True)


def sub_judgement_text(row) -> str:
    """'leadership inadequate; care leavers requires improvement': the sub-judgements below good."""
    parts = []
    for column, label in SUB_JUDGEMENTS.items():
        words = str(getattr(row, column, "") or "")
        if words and words.lower() not in ("good", "outstanding"):
            parts.append(f"{label} {words.lower().replace(' to be good', '')}")
    return "; ".join(parts)


def council_official(la_code: int, as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    rows = official(as_of, table)
    return rows[rows["la_code"] == int(la_code)].sort_values(["published", "framework"]).reset_index(drop=True)


def merged(
    la_code: int, as_of: date, judgements: pd.DataFrame | None, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One table of verdicts: Ofsted's official rows (counted), and curated rows that are not Ofsted
    inspections, or are Ofsted inspections before FIRST_OFSTED_YEAR (not in Ofsted's statistics), kept
    and marked as what they are. Columns: date, date_label, source, body, kind, framework, judgement,
    grade, sub_judgements, counted."""
    rows = []
    for r in council_official(la_code, as_of, table).itertuples():
        rows.append(
            {
                "date": r.published,
                "date_label": f"{r.published:%d %b %Y}",
                "source": "Ofsted's statistics",
                "body": "Ofsted",
                "kind": "inspection",
                "framework": r.framework,
                "judgement": r.judgement,
                "grade": r.grade,
                "sub_judgements": sub_judgement_text(r),
                "counted": True,
            }
        )
    if judgements is not None and len(judgements):
        shown = judgements[judgements["date_earliest"] <= pd.Timestamp(as_of)]
        for r in shown.itertuples():
            if is_ofsted_inspection(r) and r.date_earliest.year >= FIRST_OFSTED_YEAR and pd.notna(r.grade):
                continue  # Ofsted's own record has it (the cross-check makes sure)
            rows.append(
                {
                    "date": r.date_earliest + (r.date_latest - r.date_earliest) / 2,
                    "date_label": r.date_label,
                    "source": "curated",
                    "body": r.body,
                    "kind": r.kind,
                    "framework": r.framework,
                    "judgement": r.judgement,
                    "grade": r.grade,
                    "sub_judgements": "",
                    "counted": False,
                }
            )
    columns = [
        "date",
        "date_label",
        "source",
        "body",
        "kind",
        "framework",
        "judgement",
        "grade",
        "sub_judgements",
        "counted",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["grade"] = pd.array(out["grade"], dtype="Int64")
    out["counted"] = out["counted"].astype(bool)
    return out.sort_values(["date", "framework"]).reset_index(drop=True)


def is_ofsted_inspection(row) -> bool:
    return getattr(row, "body", "") == "Ofsted" and getattr(row, "kind", "") == "inspection"


# ------------------------------------------------------------------ national context


def standings(as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each council's standing from each inspection day: la_code, from, grade (STANDING_RULE)."""
    rows = official(as_of, table)
    rows = rows[rows["grade"].notna()]
    days = rows.groupby(["la_code", "published"], as_index=False)["grade"].max()
    return days.rename(columns={"published": "from"}).sort_values(["la_code", "from"]).reset_index(drop=True)


@cache
def _ceased_on() -> dict[int, pd.Timestamp]:
    return {c.la_code: pd.Timestamp(c.last_year, 3, 31) for c in geography.register() if c.last_year}


def _ceased(la_code: int) -> pd.Timestamp | None:
    return _ceased_on().get(int(la_code))


def standing_on(day: pd.Timestamp, steps: pd.DataFrame) -> pd.DataFrame:
    """Every council's standing on one day (councils not yet inspected, or ceased, left out)."""
    known = steps[steps["from"] <= day].groupby("la_code").tail(1)
    alive = [c for c in known["la_code"] if (_ceased(c) is None or day <= _ceased(c))]
    return known[known["la_code"].isin(alive)]


def inadequate_over_time(as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many councils stood in the lowest band, and how many had a standing, from each change to the next."""
    steps = standings(as_of, table)
    days = sorted(
        set(steps["from"])
        | {pd.Timestamp(c.last_year, 3, 31) + pd.Timedelta(days=1) for c in geography.register() if c.last_year}
    )
    days = [d for d in days if d <= pd.Timestamp(as_of)]
    out = []
    for day in days:
        now = standing_on(day, steps)
        out.append({"date": day, "inadequate": int((now["grade"] == 4).sum()), "rated": len(now)})
    frame = pd.DataFrame(out, columns=["date", "inadequate", "rated"])
    return frame[frame[["inadequate", "rated"]].ne(frame[["inadequate", "rated"]].shift()).any(axis=1)].reset_index(
        drop=True
    )


def spells(as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every council's spells in the lowest band (SPELL_RULE): la_code, start, end, years, open (still
    inadequate at as_of), ceased (the council was abolished while inadequate)."""
    steps = standings(as_of, table)
    out = []
    for code, rows in steps.groupby("la_code"):
        start = None
        for day, grade in zip(rows["from"], rows["grade"], strict=True):
            if grade == 4 and start is None:
                start = day
            elif grade < 4 and start is not None:
                out.append({"la_code": code, "start": start, "end": day, "open": False, "ceased": False})
                start = None
        if start is not None:
            ceased = _ceased(code) is not None and _ceased(code) < pd.Timestamp(as_of)
            end = _ceased(code) if ceased else pd.Timestamp(as_of)
            out.append({"la_code": code, "start": start, "end": end, "open": not ceased, "ceased": ceased})
    frame = pd.DataFrame(out, columns=["la_code", "start", "end", "open", "ceased"])
    frame["ceased"] = frame["ceased"].fillna(False).astype(bool)
    frame["years"] = (frame["end"] - frame["start"]).dt.days / 365.25
    return frame


def latest_by_area(la_code: int, as_of: date, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Shares of councils at each grade on the as-of date: the council's region and England."""
    now = standing_on(pd.Timestamp(as_of), standings(as_of, table))
    region = geography.by_code(la_code).region
    in_region = now[[geography.by_code(c).region == region for c in now["la_code"]]]
    rows = []
    for area, part in (("England", now), (region, in_region)):
        for grade, word in GRADE_WORDS.items():
            rows.append(
                {
                    "area": area,
                    "grade": grade,
                    "judgement": word,
                    "councils": int((part["grade"] == grade).sum()),
                    "of": len(part),
                }
            )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ cross-check


def read_discrepancies(folder: Path) -> dict[str, str]:
    path = folder / DISCREPANCIES
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["judgement_id"]: row["reason"] for row in csv.DictReader(handle)}


def cross_check(
    folder: Path, la_code: int, judgements: pd.DataFrame, table: pd.DataFrame | None = None
) -> list[Problem]:
    """Problems for curated Ofsted inspections from 2009 on that match no official row (see the rule)."""
    table = registry.load("ofsted_inspections") if table is None else table
    mine = table[table["la_code"] == int(la_code)].assign(published=lambda d: pd.to_datetime(d["published"]))
    declared = read_discrepancies(folder)
    covered_to = pd.to_datetime(table["published"]).max()  # the latest release's last publication
    path = display_path(folder / "judgements.csv")
    problems = []
    lines = judgements.index if judgements.index.name == "line" else range(2, len(judgements) + 2)
    for line, r in zip(lines, judgements.itertuples(), strict=True):
        if not is_ofsted_inspection(r) or pd.isna(r.grade) or r.date_latest.year < FIRST_OFSTED_YEAR:
            continue
        if r.date_earliest > covered_to:
            continue  # published after the official record ends: nothing to check against yet
        if r.judgement_id in declared:
            continue
        inside = mine[(mine["published"] >= r.date_earliest) & (mine["published"] <= r.date_latest)]
        if inside.empty:
            problems.append(
                Problem(
                    path,
                    line,
                    "date",
                    f"no Ofsted inspection of {geography.by_code(la_code).la_name} was published in this range; declare it in {DISCREPANCIES} with a reason if the curated row is right",
                    str(r.date),
                )
            )
        elif int(r.grade) not in set(inside["grade"].dropna().astype(int)):
            got = ", ".join(sorted({f"{g} ({GRADE_WORDS[int(g)]})" for g in inside["grade"].dropna()}))
            problems.append(
                Problem(
                    path,
                    line,
                    "grade",
                    f"Ofsted's statistics give grade {got} for the inspection published in this range",
                    str(r.grade),
                )
            )
    for judgement_id in declared:
        if judgement_id not in set(judgements["judgement_id"]):
            problems.append(
                Problem(
                    display_path(folder / DISCREPANCIES),
                    0,
                    "judgement_id",
                    "declares a judgement that is not in judgements.csv",
                    judgement_id,
                )
            )
    return problems
