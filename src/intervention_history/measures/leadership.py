"""Leadership: tenures of the people who led children's services, as charts and prose both read them."""

from __future__ import annotations

import pandas as pd

DCS = "director of children's services"


def tenure_table(roles: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """One row per tenure with a drawable start and end; ends not recorded are marked as such."""
    out = roles.copy()
    out["start_x"] = out["start_earliest"]
    out["end_x"] = out["end_latest"]
    out["end_shown"] = out["end_label"]
    open_ended = out["end_status"] == "open"
    out.loc[open_ended, "end_x"] = as_of
    unknown = out["end_status"] == "unknown"
    for index in out.index[unknown]:
        same = out[(out["role"] == out.at[index, "role"]) & (out["start_x"] > out.at[index, "start_x"])]
        # Until the next holder of the same post starts, else a short stub: never a guessed end.
        stub = out.at[index, "start_x"] + pd.Timedelta(days=365)
        out.at[index, "end_x"] = min(same["start_x"].min(), stub) if len(same) else stub
    out["end_x"] = out["end_x"].clip(upper=as_of)
    out["start_mid"] = out["start_earliest"] + (out["start_latest"] - out["start_earliest"]) / 2
    return out[out["start_x"] <= as_of]
