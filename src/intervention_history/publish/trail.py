"""The trail that scheduled runs leave: reports/index.html and reports/<council>/latest.json.

Every successful build rewrites both from the report folders themselves (each folder's
manifest.json is the record of what was built, so a lost or stale trail is rebuilt by the next run).

A run for an as-of date later than the newest complete report does not build a new folder when
that report still stands: the same input checksums, the same parameters apart from as_of, and no
curated event whose earliest date falls after the newest report's as-of date and on or before the
requested one. It records the check in latest.json instead. Everything here avoids pandas, so the
check stays as cheap as the no-op rerun.

The index is national: a table of every council's latest report with headline measures read from
data/processed/ (children looked after per 10,000; the latest Ofsted grade once the project holds
ofsted_inspections), the same rows in reports/index.csv, and copies of the page sorted by each
column (index-by-<column>[-reversed].html: a static table sorted without a script), then every
report and its checks.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import time
from datetime import date
from pathlib import Path

from .build import LATEST, Lock, RunFailed, complete_reports, read_json, report_links
from .index import INDEX, INDEX_CSV, SORTS, index_csv, index_html, national_rows, sorted_page

TRAIL_LOCK = ".trail.lock"


# ------------------------------------------------------------------ reading what was built


# ------------------------------------------------------------------ is the newest report still current?


def events_between(curated: Path, after: date, until: date) -> list[str]:
    """Ids of the curated events whose earliest date is after `after` and on or before `until`.

    Dates are EDTF; dates.parse gives the earliest day of every form the loader accepts (a year, a
    month, a season, an approximate or uncertain date, an interval). A date it cannot read raises
    EdtfError: the caller then builds, and the build's validation reports the problem.
    """
    from ..curated.dates import parse

    path = curated / "events.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [
            row.get("event_id") or "?"
            for row in csv.DictReader(f)
            if after < parse((row.get("date") or "").strip()).earliest <= until
        ]


def still_current(
    council_dir: Path, curated: Path | None, checksums: dict[str, str], params: dict, as_of: date
) -> tuple[Path, dict] | None:
    """(folder, manifest) of the newest report if it still stands for `as_of`, else None (build).

    Only for an as-of date later than the newest complete report's; the same as_of is the
    fingerprint's no-op, and an earlier one (a backfill) is always built.
    """
    if curated is None:
        return None
    reports = complete_reports(council_dir)
    if not reports:
        return None
    latest_as_of, folder, manifest = reports[0]
    if as_of <= latest_as_of:
        return None
    built_params = manifest.get("parameters") or {}
    if built_params.get("as_of") != latest_as_of.isoformat():
        return None

    def apart_from_as_of(p: dict) -> dict:
        return {k: v for k, v in p.items() if k != "as_of"}

    if manifest.get("inputs_sha256") != checksums or apart_from_as_of(built_params) != apart_from_as_of(params):
        return None
    try:
        if events_between(curated, latest_as_of, as_of):
            return None
    except (OSError, ValueError, csv.Error):  # EdtfError is a ValueError
        return None
    return folder, manifest


# ------------------------------------------------------------------ writing the trail


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then os.replace."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def latest_record(reports: list[tuple[date, Path, dict]], previous: dict | None) -> dict:
    """latest.json: the newest report (paths relative to the council folder) and its checks."""
    as_of, folder, manifest = reports[0]
    record = {
        "council": (manifest.get("parameters") or {}).get("council"),
        "as_of": as_of.isoformat(),
        "generated": manifest.get("generated"),
        "fingerprint": manifest.get("fingerprint"),
        **report_links(folder.name),
        "checks": [],
    }
    # Checks belong to one build of one report: keep them only while that build is the newest.
    if previous and (previous.get("as_of"), previous.get("generated")) == (record["as_of"], record["generated"]):
        checks = previous.get("checks")
        record["checks"] = list(checks) if isinstance(checks, list) else []
    return record


def _acquire(lock: Lock, seconds: float = 30) -> None:
    """Take the trail lock, waiting for another run's short update to finish."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            lock.acquire()
            return
        except RunFailed:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def update(out_root: Path, council_dir: Path, check: dict | None = None) -> Path | None:
    """Rewrite <council>/latest.json (adding `check` if given) and the index; return latest.json's path."""
    lock = Lock(out_root / TRAIL_LOCK)
    _acquire(lock)
    try:
        reports = complete_reports(council_dir)
        latest = council_dir / LATEST
        if reports:
            record = latest_record(reports, read_json(latest))
            if check is not None:
                record["checks"].append(check)
            write_atomic(latest, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
        _write_index(out_root)
        return latest if reports else None
    finally:
        lock.release()


def write_index(out_root: Path) -> Path:
    """Rewrite the index pages and index.csv from the report folders (a batch does this once at the end)."""
    lock = Lock(out_root / TRAIL_LOCK)
    _acquire(lock)
    try:
        _write_index(out_root)
    finally:
        lock.release()
    return out_root / INDEX


def _write_index(out_root: Path) -> None:
    rows = national_rows(out_root)
    write_atomic(out_root / INDEX_CSV, index_csv(rows))
    for key, reverse in SORTS:
        write_atomic(out_root / sorted_page(key, reverse), index_html(out_root, rows, key, reverse))


# ------------------------------------------------------------------ headline measures (csv only, no pandas)
