"""Synthetic timelines for stress tests and benchmarks (never used for the report)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import numpy as np

from ..curated.load import TABLE_COLUMNS, load_dataset
from ..curated.vocabulary import EVENT_CATEGORIES
from ..paths import CURATED_DIR

_FORMS = ("day", "day", "day", "month", "month", "year", "approx", "interval")


def _edtf(rng: np.random.Generator, day: np.datetime64) -> str:
    form = _FORMS[rng.integers(len(_FORMS))]
    text = str(day)
    if form == "day":
        return text
    if form == "month":
        return text[:7]
    if form == "year":
        return text[:4]
    if form == "approx":
        return text[:7] + "~"
    end = day + np.timedelta64(int(rng.integers(20, 400)), "D")
    return f"{text[:7]}/{str(end)[:7]}"


def write_council(directory: Path, events: int, seed: int = 2009) -> Path:
    """A council folder: the real sources, judgements, roles and costs plus n synthetic events."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("sources.csv", "judgements.csv", "roles.csv", "costs.csv"):
        shutil.copyfile(CURATED_DIR / "doncaster" / name, directory / name)
    (directory / "council.json").write_text(json.dumps({"name": "Synthetic", "la_code": 371}) + "\n")
    with (CURATED_DIR / "doncaster" / "sources.csv").open(encoding="utf-8") as f:
        source_ids = [row["source_id"] for row in csv.DictReader(f)]
    start = np.datetime64("2004-01-01")
    days = rng.integers(0, 365 * 21, size=events)
    with (directory / "events.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(TABLE_COLUMNS["events"])
        for i in range(events):
            category = EVENT_CATEGORIES[i % len(EVENT_CATEGORIES)]
            writer.writerow(
                [
                    f"synthetic-{i:06d}",
                    _edtf(rng, start + np.timedelta64(int(days[i]), "D")),
                    f"Synthetic event {i}",
                    "A generated event for testing scale.",
                    category,
                    source_ids[i % len(source_ids)],
                    "generated",
                    "stated",
                    "low",
                    "true" if i % 200 == 0 else "false",
                ]
            )
    return directory


def synthetic_events(events: int, directory: Path, seed: int = 2009):
    """n synthetic events, loaded and validated like real ones."""
    return load_dataset(write_council(directory, events, seed)).events
