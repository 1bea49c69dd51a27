"""Leadership: tenures of the people who led children's services, as charts and prose both read them.

A tenure whose end is not recorded is drawn to the latest day a source shows the person still in
post (`last_seen`), else as a one-year stub, and never past the next holder's start: never a guessed
end. The headline and its caveat are computed here from the roles table, so the chart title, the
prose and the tests all read the same numbers.
"""

from __future__ import annotations

import pandas as pd

from ..curated.eras import year_span
from ..text import words

DCS = "director of children's services"
STUB = pd.Timedelta(days=365)
# A stretch of at least this long with nobody recorded in a post is reported as a gap.
GAP = pd.Timedelta(days=92)


def tenure_table(roles: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per tenure with a drawable start and end; ends not recorded are marked as such.

    Columns added: start_x, end_x (drawn), end_shown (label), start_mid, seen_x (the latest day a
    source shows the person in post, NaT if none).
    """
    out = roles.copy()
    out["start_x"] = out["start_earliest"]
    out["end_x"] = out["end_latest"]
    out["end_shown"] = out["end_label"]
    seen = out["last_seen_latest"] if "last_seen_latest" in out else pd.Series(pd.NaT, index=out.index)
    out["seen_x"] = pd.to_datetime(seen)
    open_ended = out["end_status"] == "open"
    out.loc[open_ended, "end_x"] = as_of
    unknown = out["end_status"] == "unknown"
    for index in out.index[unknown]:
        same = out[(out["role"] == out.at[index, "role"]) & (out["start_x"] > out.at[index, "start_x"])]
        same = same[same["person"] != out.at[index, "person"]]
        last_seen = out.at[index, "seen_x"]
        # Until the day last seen in post, else a one-year stub, and not past the next holder's start,
        # unless a source shows the person still in post after it (the next start is then uncertain).
        reach = last_seen if pd.notna(last_seen) else out.at[index, "start_x"] + STUB
        cap = same["start_x"].min() if len(same) else pd.NaT
        if pd.notna(cap) and not (pd.notna(last_seen) and last_seen > cap):
            reach = min(cap, reach)
        out.at[index, "end_x"] = reach
        if pd.notna(last_seen):
            out.at[index, "end_shown"] = f"end not recorded (in post {last_seen:%b %Y})"
    out["end_x"] = out["end_x"].clip(upper=as_of)
    out["start_mid"] = out["start_earliest"] + (out["start_latest"] - out["start_earliest"]) / 2
    return out[out["start_x"] <= as_of]


def lane_gaps(tenures: pd.DataFrame, role: str = DCS, min_gap: pd.Timedelta = GAP) -> list[tuple]:
    """Spells between the first holder's start and the as-of cut where nobody is recorded in the post.

    tenures: tenure_table() output. A tenure covers start_x to end_x; a gap is reported only if it
    lasts at least min_gap, and only between two recorded tenures (not after the last one).
    """
    rows = tenures[tenures["role"] == role].sort_values("start_x")
    gaps = []
    covered = None
    for row in rows.itertuples():
        if covered is not None and row.start_x - covered >= min_gap:
            gaps.append((covered, row.start_x))
        covered = row.end_x if covered is None else max(covered, row.end_x)
    return gaps


def headline(roles: pd.DataFrame, as_of: pd.Timestamp, role: str = DCS) -> dict | None:
    """How many people took the post, how many as interims, over how many years, as one sentence.

    Keys: people, interim, years, first_start, last_start, title. None when nobody held the post.
    """
    tenures = tenure_table(roles, as_of)
    holders = tenures[tenures["role"] == role]
    if holders.empty:
        return None
    people = int(holders["person"].nunique())
    interim = int(holders.loc[holders["interim"], "person"].nunique())
    first, last = holders["start_x"].min(), holders["start_x"].max()
    years = year_span(first, last)
    noun = f"{role}s" if role != DCS else "directors of children's services"
    if people == 1:
        noun = role
    title = f"{people} {noun} took office in {years} years, {interim} of them interim"
    return {
        "people": people,
        "interim": interim,
        "years": years,
        "first_start": first,
        "last_start": last,
        "title": title,
    }


def caveat(roles: pd.DataFrame, as_of: pd.Timestamp, role: str = DCS) -> str:
    """What the roles table does not record, in words: gaps in the post and tenures without an end."""
    tenures = tenure_table(roles, as_of)
    parts = []
    gaps = lane_gaps(tenures, role)
    if gaps:
        spans = "; ".join(f"{a:%b %Y} to {b:%b %Y}" for a, b in gaps)
        parts.append(f"Our sources name no {role} for {spans}: the post was held, but we do not know by whom.")
    unknown = tenures[tenures["end_status"] == "unknown"].sort_values("start_x")
    if len(unknown):
        names = ", ".join(
            f"{r.person} ({r.role}"
            + (f", last seen in post {r.seen_x:%b %Y})" if pd.notna(r.seen_x) else ", start only)")
            for r in unknown.itertuples()
        )
        parts.append(
            f"Our sources do not record when {words(len(unknown))} tenure{'s' if len(unknown) != 1 else ''} ended: {names}."
        )
    return " ".join(parts)
