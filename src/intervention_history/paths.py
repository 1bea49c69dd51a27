"""Where things live. Everything is found relative to the repository, never the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("INTERVENTION_HISTORY_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
CURATED_DIR = DATA_DIR / "curated"
REFERENCE_DIR = DATA_DIR / "reference"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
S251_RAW_DIR = RAW_DIR / "dfe-s251-outturn"
S251_MAPPING = REFERENCE_DIR / "s251_categories.csv"
S251_PROCESSED = PROCESSED_DIR / "s251_spending.csv"
S251_TS_RAW = RAW_DIR / "dfe-s251-la-timeseries" / "s251_extract_doncaster_rotherham_england.csv"
S251_TS_MAPPING = REFERENCE_DIR / "s251_timeseries_categories.csv"
S251_EXCEPTIONS = REFERENCE_DIR / "s251_exceptions.csv"
S251_TS_PROCESSED = PROCESSED_DIR / "s251_timeseries.csv"
S251_SCOPE = REFERENCE_DIR / "s251_scope.csv"
GDP_DEFLATOR = REFERENCE_DIR / "gdp_deflator.csv"
CLA_RAW_DIR = RAW_DIR / "dfe-children-looked-after"
CLA_PROCESSED = PROCESSED_DIR / "children_looked_after.csv"


def display_path(path: Path) -> str:
    """A path as a user would type it: relative to the project when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT.resolve()))
    except ValueError:
        return str(path)
