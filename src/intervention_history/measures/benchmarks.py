"""One benchmarking step for any official table: a council against its statistical neighbours, its
region, England and every council, period by period.

Rules, stated once:
- **Which neighbours** (``model_for``): the DfE's 2021 model for periods up to 2024, its 2025 model
  from 2025 (``MODEL_2025_FROM``). A council missing from the preferred model uses the other one: a
  council created after 2021 (Cumberland 942, Westmorland and Furness 943) uses the 2025 model for
  every period, a council abolished before 2025 (Cumbria 909, Northamptonshire 928) the 2021 model.
  A council in neither model has no neighbours. A financial year `2024-25` counts as the year it
  ends (2025).
- **Median council**: the median of councils' values (never an England figure). Neighbours' and the
  region's median council use every neighbour or council of the region (the council included) with
  a value that period; a missing value is never zero.
- **England** is the table's own England row (``la_name`` "England"); with none, ``england_value`` is
  empty. It is never computed from councils.
- **Ranks**: 1 = the highest value; tied councils share the best rank of their tie (1, 2, 2, 4) and
  ``rank_ties`` says how many share it. Only councils with a value that period are ranked, leaving
  out those geography.RANK_RULE leaves out (the City of London 201 and the Isles of Scilly 420).
- **Missing neighbours**: ``neighbours_missing`` is True where no neighbour has a figure in the table
  that period (e.g. a table of a few councils), so a chart can say so instead of drawing nothing.
"""

from __future__ import annotations

import pandas as pd

from .. import geography
from ..official import registry

MODELS = ("2021", "2025")
MODEL_2025_FROM = 2025
ENGLAND = "England"
RANK_ORDER = "1 = the highest value; ties share the best rank"
MODEL_RULE = (
    "neighbours: the DfE's 2021 statistical neighbour model up to 2024, its 2025 model from 2025; "
    "a council in only one model (created after 2021, or abolished before 2025) uses that one"
)
COLUMNS = (
    "la_code",
    "la_name",
    "in_table",
    "value",
    "status",
    "neighbour_model",
    "neighbours",
    "neighbours_with_value",
    "neighbours_missing",
    "neighbours_median_council",
    "neighbours_min",
    "neighbours_max",
    "region",
    "region_councils_with_value",
    "region_median_council",
    "england_value",
    "england_status",
    "median_council",
    "rank",
    "rank_ties",
    "councils_ranked",
)


def period_year(period) -> int:
    """The year a period's neighbour model is chosen by: 2024 -> 2024, `2024-25` -> 2025 (its end)."""
    text = str(period).strip()
    if len(text) == 7 and text[4] == "-":
        return int(text[:4]) + 1
    return int(text)


def model_for(period, la_code: int, neighbours: pd.DataFrame) -> str | None:
    """The neighbour model for a council and period (see the module's rule); None when in neither."""
    preferred = "2025" if period_year(period) >= MODEL_2025_FROM else "2021"
    held = set(neighbours.loc[neighbours["la_code"] == int(la_code), "model"])
    if preferred in held:
        return preferred
    return next((m for m in MODELS if m in held), None)


def neighbour_codes(la_code: int, model: str | None, neighbours: pd.DataFrame) -> list[int]:
    """The council's neighbours in that model, rank 1 first ([] without a model)."""
    if model is None:
        return []
    rows = neighbours[(neighbours["model"] == model) & (neighbours["la_code"] == int(la_code))]
    return [int(c) for c in rows.sort_values("rank")["neighbour_la_code"]]


def _code(value) -> int | None:
    if value is None or pd.isna(value) or str(value).strip() == "":
        return None
    return int(value)


def _median(values: pd.Series):
    return float(values.median()) if len(values) else None


def benchmark(
    table: pd.DataFrame,
    value: str,
    council_code: int,
    period: str = "year",
    status: str | None = None,
    neighbours: pd.DataFrame | None = None,
    model_rule=model_for,
) -> pd.DataFrame:
    """One row per period of ``table`` for council ``council_code`` (columns: ``period``, COLUMNS):
    its value and status, whether it has a row (``in_table``), its neighbours' median council, min,
    max and count with a value, its region's median council, England's row, the median council of
    the councils ranked, and its rank among councils (see the module's rules).

    ``table`` is long: one row per (``period``, council) with ``la_code`` (int or 3-digit text;
    empty for England), ``la_name`` and ``value``; ``status`` defaults to ``<value>_status`` when the
    table has it. ``neighbours`` defaults to the processed statistical_neighbours table;
    ``model_rule(period, la_code, neighbours)`` picks the model (default ``model_for``).
    """
    if neighbours is None:
        neighbours = registry.load("statistical_neighbours")
    status = status or (f"{value}_status" if f"{value}_status" in table.columns else None)
    frame = pd.DataFrame(
        {
            "period": table[period],
            "la_code": [_code(c) for c in table["la_code"]],
            "england": table["la_name"] == ENGLAND,
            "value": pd.to_numeric(table[value]).astype("float64"),
            "status": table[status].fillna("").astype(str) if status else "",
        }
    )
    councils = frame[~frame["england"]]
    if councils["la_code"].isna().any():
        raise ValueError(f"rows other than {ENGLAND!r} without an la_code")
    if councils.duplicated(["period", "la_code"]).any() or frame[frame["england"]].duplicated("period").any():
        raise ValueError(f"{period} and la_code do not identify one row (pick one measure first)")
    council = geography.by_code(int(council_code))
    region_codes = {c.la_code for c in geography.register() if c.region == council.region}
    rank_codes = set(geography.ranked({int(c) for c in councils["la_code"]}))
    rows = []
    for when in sorted(frame["period"].unique(), key=period_year):
        in_period = councils[councils["period"] == when].set_index("la_code")
        own = in_period.loc[council.la_code] if council.la_code in in_period.index else None
        england = frame[frame["england"] & (frame["period"] == when)]
        model = model_rule(when, council.la_code, neighbours)
        codes = neighbour_codes(council.la_code, model, neighbours)
        near = in_period["value"].reindex(codes).dropna()
        region = in_period.loc[in_period.index.isin(region_codes), "value"].dropna()
        ranked = in_period.loc[in_period.index.isin(rank_codes), "value"].dropna()
        own_value = None if own is None or pd.isna(own["value"]) else float(own["value"])
        rank = ties = None
        if own_value is not None and council.la_code in rank_codes:
            rank = int((ranked > own_value).sum()) + 1
            ties = int((ranked == own_value).sum())
        rows.append(
            {
                period: when,
                "la_code": council.la_code,
                "la_name": council.la_name,
                "in_table": own is not None,
                "value": own_value,
                "status": "" if own is None else own["status"],
                "neighbour_model": model or "",
                "neighbours": len(codes),
                "neighbours_with_value": len(near),
                "neighbours_missing": len(near) == 0,
                "neighbours_median_council": _median(near),
                "neighbours_min": float(near.min()) if len(near) else None,
                "neighbours_max": float(near.max()) if len(near) else None,
                "region": council.region,
                "region_councils_with_value": len(region),
                "region_median_council": _median(region),
                "england_value": float(england["value"].iloc[0]) if len(england) else None,
                "england_status": england["status"].iloc[0] if len(england) else "",
                "median_council": _median(ranked),
                "rank": rank,
                "rank_ties": ties,
                "councils_ranked": len(ranked),
            }
        )
    result = pd.DataFrame(rows, columns=[period, *COLUMNS])
    for column in ("rank", "rank_ties"):
        result[column] = result[column].astype("Int64")
    for column in (
        "value",
        "neighbours_median_council",
        "neighbours_min",
        "neighbours_max",
        "region_median_council",
        "england_value",
        "median_council",
    ):
        result[column] = result[column].astype("float64")
    return result


def band(table: pd.DataFrame, value: str, council_code: int, period: str = "year") -> tuple[pd.Series, pd.Series]:
    """The council's statistical neighbours' range (min, max) by period, for a chart's band."""
    rows = benchmark(table, value, council_code, period=period).set_index(period)
    return rows["neighbours_min"], rows["neighbours_max"]


def neighbours_of(council: str | int, as_of) -> list[str]:
    """The DfE names of a council's statistical neighbours for the as-of date's year (model_for), rank order."""
    found = geography.find(council)
    table = registry.load("statistical_neighbours")
    model = model_for(pd.Timestamp(as_of).year, found.la_code, table)
    return [geography.by_code(c).la_name for c in neighbour_codes(found.la_code, model, table)]
