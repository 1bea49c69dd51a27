"""The trail that scheduled runs leave: reports/index.html and reports/<council>/latest.json.

Every successful build rewrites both from the report folders themselves (each folder's
manifest.json is the record of what was built, so a lost or stale trail is rebuilt by the next run).

A run for an as-of date later than the newest complete report does not build a new folder when
that report still stands: the same input checksums, the same parameters apart from as_of, and no
curated event whose earliest date falls after the newest report's as-of date and on or before the
requested one. It records the check in latest.json instead. Everything here avoids pandas, so the
check stays as cheap as the no-op rerun.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

from ..text import esc
from .build import MANIFEST, Lock, RunFailed

LATEST = "latest.json"
INDEX = "index.html"
TRAIL_LOCK = ".trail.lock"
REPORT_FILES = ("report.html", "report.pdf")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# ------------------------------------------------------------------ reading what was built


def _read_json(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def complete_reports(council_dir: Path) -> list[tuple[date, Path, dict]]:
    """The complete reports in a council folder, newest as-of date first: (as_of, folder, manifest).

    A folder counts when its name is a date and it holds manifest.json (written last, and the folder
    is swapped in whole), report.html and report.pdf.
    """
    found = []
    if not council_dir.is_dir():
        return found
    for folder in council_dir.iterdir():
        if not _DAY.fullmatch(folder.name) or not folder.is_dir():
            continue
        try:
            as_of = date.fromisoformat(folder.name)
        except ValueError:
            continue
        manifest = _read_json(folder / MANIFEST)
        if manifest is None or not all((folder / name).is_file() for name in REPORT_FILES):
            continue
        found.append((as_of, folder, manifest))
    return sorted(found, key=lambda item: item[0], reverse=True)


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


def _links(folder: str) -> dict[str, str]:
    return {
        "folder": f"{folder}/",
        "html": f"{folder}/report.html",
        "pdf": f"{folder}/report.pdf",
        "figures": f"{folder}/figures/",
        "manifest": f"{folder}/{MANIFEST}",
    }


def latest_record(reports: list[tuple[date, Path, dict]], previous: dict | None) -> dict:
    """latest.json: the newest report (paths relative to the council folder) and its checks."""
    as_of, folder, manifest = reports[0]
    record = {
        "council": (manifest.get("parameters") or {}).get("council"),
        "as_of": as_of.isoformat(),
        "generated": manifest.get("generated"),
        "fingerprint": manifest.get("fingerprint"),
        **_links(folder.name),
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
            record = latest_record(reports, _read_json(latest))
            if check is not None:
                record["checks"].append(check)
            write_atomic(latest, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
        write_atomic(out_root / INDEX, index_html(out_root))
        return latest if reports else None
    finally:
        lock.release()


# ------------------------------------------------------------------ reports/index.html


def _when(stamp) -> str:
    """An ISO timestamp as 'YYYY-MM-DD HH:MM UTC' (as written by the report run), else as given."""
    text = str(stamp or "")
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(?:\+00:00|Z)?", text)
    return f"{match[1]} {match[2]} UTC" if match else text


def index_html(out_root: Path) -> str:
    """Every council and as-of date under out_root, newest as-of date first, with links and times."""
    rows = []
    for council_dir in sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        reports = complete_reports(council_dir)
        if not reports:
            continue
        latest = _read_json(council_dir / LATEST) or {}
        for position, (as_of, folder, manifest) in enumerate(reports):
            council = (manifest.get("parameters") or {}).get("council") or council_dir.name
            base = f"{quote(council_dir.name)}/{quote(folder.name)}"
            links = _links(base)
            status = ""
            if position == 0:
                status = "latest"
                checks = latest.get("checks") if latest.get("as_of") == as_of.isoformat() else None
                if checks:
                    last = checks[-1]
                    status += (
                        f"; still current at {esc(_when(last.get('checked')))}"
                        f" (requested as of {esc(last.get('requested_as_of'))}; {len(checks)} check"
                        f"{'' if len(checks) == 1 else 's'})"
                    )
            rows.append(
                (
                    as_of,
                    str(council),
                    "<tr>"
                    f"<td>{esc(council)}</td>"
                    f"<td><time>{as_of.isoformat()}</time></td>"
                    f"<td>{esc(_when(manifest.get('generated')))}</td>"
                    f'<td><a href="{links["html"]}">HTML</a> · <a href="{links["pdf"]}">PDF</a></td>'
                    f'<td><a href="{links["figures"]}">figures</a> · <a href="{links["manifest"]}">manifest</a></td>'
                    f"<td>{status}</td>"
                    "</tr>",
                )
            )
    rows.sort(key=lambda row: row[1].lower())
    rows.sort(key=lambda row: row[0], reverse=True)
    body = (
        '<table><thead><tr><th scope="col">Council</th><th scope="col">As of</th>'
        '<th scope="col">Generated</th><th scope="col">Report</th><th scope="col">Data</th>'
        '<th scope="col">Status</th></tr></thead><tbody>' + "".join(row[2] for row in rows) + "</tbody></table>"
        if rows
        else "<p>No reports yet.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>Intervention history reports</title>\n"
        "<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}"
        "th,td{text-align:left;padding:.3rem .8rem;border-bottom:1px solid #ccc}</style>\n"
        "</head>\n<body>\n<main>\n<h1>Intervention history reports</h1>\n"
        f"<p>{len(rows)} report{'' if len(rows) == 1 else 's'}, newest as-of date first. Times are UTC.</p>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
