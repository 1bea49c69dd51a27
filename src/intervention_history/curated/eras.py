"""Eras of a council's story, dated from its curated data, and which of them were outside control.

An era is declared in the council's `council.json` ("eras": label, kind, start, end, optional
phase), each bound a reference to a curated row such as `events/trust-launch/earliest`. Charts shade
eras; the phases they imply are measures (measures/phases.py), so a chart and its prose never disagree.

Outside control means someone other than the council ran the service or held statutory directions
over it: eras of kind `intervention` (government directions, commissioners) and `trust` (a trust ran
children's social care, whether independent or owned by the council). An `improvement partner`
worked with the council's own service and is not outside control.
"""

from __future__ import annotations

import pandas as pd

ERA_KINDS = ("intervention", "trust", "improvement partner")
OUTSIDE_CONTROL_KINDS = ("intervention", "trust")
ERA_COLUMNS = ["era", "kind", "start", "end", "years", "phase", "outside_control"]
_TABLES = {"events": ("event_id", "date"), "costs": ("cost_id", "period")}
_BOUNDS = ("earliest", "latest")


def year_span(start, end) -> int:
    return max(1, round((pd.Timestamp(end) - pd.Timestamp(start)).days / 365.25))


def parse_ref(ref: object) -> tuple[str, str, str] | None:
    """`events/trust-launch/earliest` -> ("events", "trust-launch", "earliest"); None if malformed."""
    parts = str(ref).split("/")
    if len(parts) != 3 or parts[0] not in _TABLES or parts[2] not in _BOUNDS or not parts[1]:
        return None
    return parts[0], parts[1], parts[2]


def definition_problems(definitions: object, tables: dict[str, pd.DataFrame]) -> list[str]:
    """What is wrong with council.json's "eras" (empty when it is fine or absent)."""
    if definitions is None:
        return []
    if not isinstance(definitions, list):
        return ['"eras" must be a list of {"label", "kind", "start", "end"} objects']
    problems = []
    for i, era in enumerate(definitions):
        if not isinstance(era, dict) or not isinstance(era.get("label"), str) or not era.get("label"):
            problems.append(f"era {i + 1} needs a label")
            continue
        if era.get("kind") not in ERA_KINDS:
            problems.append(f"era {era['label']!r}: kind must be one of {', '.join(ERA_KINDS)}")
        if "phase" in era and (not isinstance(era["phase"], str) or not era["phase"].strip()):
            problems.append(
                f"era {era['label']!r}: phase, when given, must be a short name such as 'independent trust'"
            )
        for bound in ("start", "end"):
            ref = parse_ref(era.get(bound))
            if ref is None:
                problems.append(
                    f"era {era['label']!r}: {bound} must read table/id/earliest|latest, e.g. events/trust-launch/earliest"
                )
                continue
            frame = tables.get(ref[0])
            id_column = _TABLES[ref[0]][0]
            if frame is None or ref[1] not in set(frame[id_column].astype(str)):
                problems.append(
                    f"era {era['label']!r}: {bound} refers to {ref[0]} row {ref[1]!r}, which does not exist"
                )
    return problems


def era_spans(events: pd.DataFrame | None, costs: pd.DataFrame | None, definitions: list | None) -> pd.DataFrame:
    """The declared eras with their dates (columns era, kind, start, end, years, phase, outside_control).

    phase is the era's short name in phase labels (its `phase` key, else its label in lower case);
    outside_control is true for kinds intervention and trust.
    """
    tables = {"events": events, "costs": costs}
    rows = []
    for era in definitions or []:
        bounds = []
        for bound in ("start", "end"):
            table, row_id, side = parse_ref(era[bound])
            frame = tables[table]
            id_column, date_column = _TABLES[table]
            if frame is None or not (frame[id_column] == row_id).any():
                break
            bounds.append(frame.loc[frame[id_column] == row_id, f"{date_column}_{side}"].iloc[0])
        if len(bounds) == 2:
            rows.append(
                {
                    "era": era["label"],
                    "kind": era["kind"],
                    "start": bounds[0],
                    "end": bounds[1],
                    "years": year_span(*bounds),
                    "phase": era.get("phase") or era["label"].lower(),
                    "outside_control": era["kind"] in OUTSIDE_CONTROL_KINDS,
                }
            )
    return pd.DataFrame(rows, columns=ERA_COLUMNS)
