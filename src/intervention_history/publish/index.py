"""reports/index.html and index.csv: every council's latest report with a few headline measures
(the latest children looked after rate and Ofsted judgement), a static table sorted by each column,
read from the processed CSVs directly (no pandas: the scheduled no-op check stays light)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

from .. import geography
from ..paths import PROCESSED_DIR, REPORTS_DIR
from ..text import esc
from .build import COMPARE_DIR, DAY, LATEST, MANIFEST, complete_reports, read_json, report_links

INDEX = "index.html"
INDEX_CSV = "index.csv"


NOT_HELD = "not yet held"
OFSTED = "ofsted_inspections"
GRADE_WORDS = {"1": "Outstanding", "2": "Good", "3": "Requires improvement to be good", "4": "Inadequate"}
_TABLES: dict[str, tuple[tuple, list[str], dict[str, list[dict]]]] = {}


def _code(value) -> str:
    text = str(value or "").strip()
    return text[:-2] if text.endswith(".0") else text


def processed_rows(name: str, processed_dir: Path | None = None) -> tuple[list[str], dict[str, list[dict]]] | None:
    """(columns, rows by la_code as text) of data/processed/<name>.csv, or None when the project does
    not hold it. Read once per process while the file is unchanged."""
    path = (processed_dir or PROCESSED_DIR) / f"{name}.csv"
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if name not in _TABLES or _TABLES[name][0] != key:
        by_code: dict[str, list[dict]] = {}
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            for row in reader:
                by_code.setdefault(_code(row.get("la_code")), []).append(row)
        _TABLES[name] = (key, list(reader.fieldnames or []), by_code)
    return _TABLES[name][1], _TABLES[name][2]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def latest_children_looked_after(la_code: int | None, as_of: date) -> dict:
    """The latest 31 March count and rate per 10,000 on or before as_of, from children_looked_after.csv."""
    table = processed_rows("children_looked_after")
    rows = table[1].get(str(la_code), []) if table and la_code is not None else []
    last_year = as_of.year if (as_of.month, as_of.day) >= (3, 31) else as_of.year - 1
    best = None
    for row in rows:
        if not (row.get("rate_per_10000") or "").strip():
            continue
        year = int(_number(row.get("year")) or 0)
        if year <= last_year and (best is None or year > best[0]):
            best = (year, row)
    if best is None:
        return {"cla_year": "", "children_looked_after": "", "cla_rate_per_10000": ""}
    year, row = best
    return {
        "cla_year": str(year),
        "children_looked_after": _code(row.get("children_looked_after")),
        "cla_rate_per_10000": _code(row.get("rate_per_10000")),
    }


def latest_ofsted(la_code: int | None, as_of: date) -> dict:
    """The latest judged Ofsted inspection published on or before as_of (two on one day: the lower
    grade), from ofsted_inspections.csv: `published`, `grade` (1-4), Ofsted's words in `judgement`."""
    table = processed_rows(OFSTED)
    empty = {"ofsted_grade": "", "ofsted_grade_number": "", "ofsted_date": "", "ofsted_framework": ""}
    if table is None or not {"la_code", "published", "grade"} <= set(table[0]):
        return {**empty, "ofsted_held": False}
    best = None
    for row in table[1].get(str(la_code), []) if la_code is not None else []:
        day = str(row.get("published") or "")[:10]
        rank = _number(row.get("grade"))
        if rank is None or not DAY.fullmatch(day) or day > as_of.isoformat():
            continue
        if best is None or (day, rank) > best[:2]:
            best = (day, rank, row)
    if best is None:
        return {**empty, "ofsted_held": True}
    day, rank, row = best
    words = str(row.get("judgement") or "").strip() or GRADE_WORDS.get(f"{rank:.0f}", "")
    return {
        "ofsted_grade": words,
        "ofsted_grade_number": f"{rank:.0f}",
        "ofsted_date": day,
        "ofsted_framework": str(row.get("framework") or ""),
        "ofsted_held": True,
    }


# ------------------------------------------------------------------ reports/index.html and index.csv


def _when(stamp) -> str:
    """An ISO timestamp as 'YYYY-MM-DD HH:MM UTC' (as written by the report run), else as given."""
    text = str(stamp or "")
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(?:\+00:00|Z)?", text)
    return f"{match[1]} {match[2]} UTC" if match else text


def _council_dirs(out_root: Path) -> list[Path]:
    return sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith("."))


def national_rows(out_root: Path) -> list[dict]:
    """One row per council: its latest complete report and that council's headline measures."""
    rows = []
    for council_dir in _council_dirs(out_root):
        reports = complete_reports(council_dir)
        if not reports:
            continue
        as_of, folder, manifest = reports[0]
        name = str((manifest.get("parameters") or {}).get("council") or council_dir.name)
        known = geography.match(name, as_of.year)
        code = known.la_code if known else None
        latest = read_json(council_dir / LATEST) or {}
        checks = latest.get("checks") if latest.get("as_of") == as_of.isoformat() else None
        last_check = checks[-1] if isinstance(checks, list) and checks and isinstance(checks[-1], dict) else {}
        links = report_links(f"{quote(council_dir.name)}/{quote(folder.name)}")
        rows.append(
            {
                "council": name,
                "la_code": "" if code is None else str(code),
                "region": known.region if known else "",
                "as_of": as_of.isoformat(),
                "generated": str(manifest.get("generated") or ""),
                "last_checked": str(last_check.get("checked") or ""),
                **latest_children_looked_after(code, as_of),
                **latest_ofsted(code, as_of),
                "report_html": links["html"],
                "report_pdf": links["pdf"],
                "manifest": links["manifest"],
            }
        )
    return rows


CSV_COLUMNS = (
    "council",
    "la_code",
    "region",
    "as_of",
    "generated",
    "last_checked",
    "cla_year",
    "children_looked_after",
    "cla_rate_per_10000",
    "ofsted_grade",
    "ofsted_grade_number",
    "ofsted_date",
    "ofsted_framework",
    "report_html",
    "report_pdf",
    "manifest",
)


def _cell(value) -> str:
    """Text as a spreadsheet shows it, never as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and _number(text) is None else text


def index_csv(rows: list[dict]) -> str:
    """index.csv: the national table, one row per council, paths relative to the reports folder;
    ofsted_* are empty while the project does not hold ofsted_inspections."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in sorted(rows, key=lambda r: r["council"].lower()):
        writer.writerow([_cell(row.get(column, "")) for column in CSV_COLUMNS])
    return buffer.getvalue()


# (key, column heading, sort value or None, sorted high to low by default)
COLUMNS = (
    ("council", "Council", lambda r: r["council"].lower(), False),
    ("region", "Region", lambda r: r["region"].lower() or None, False),
    ("as-of", "Latest report (as of)", lambda r: r["as_of"], True),
    ("cla-rate", "Children looked after per 10,000", lambda r: _number(r["cla_rate_per_10000"]), True),
    ("ofsted", "Latest Ofsted grade", lambda r: _number(r["ofsted_grade_number"]), True),
)
SORTS = tuple((key, reverse) for key, *_ in COLUMNS for reverse in (False, True))


def sorted_page(key: str, reverse: bool) -> str:
    """The file name of the index sorted by a column: index.html is by council, A to Z."""
    if (key, reverse) == ("council", False):
        return INDEX
    return f"index-by-{key}{'-reversed' if reverse else ''}.html"


def sort_rows(rows: list[dict], key: str, reverse: bool) -> list[dict]:
    """Rows in a column's order (reversed if asked), ties by council; rows without a value last."""
    value = next(c[2] for c in COLUMNS if c[0] == key)
    by_name = sorted(rows, key=lambda r: r["council"].lower())
    held = [r for r in by_name if value(r) is not None]
    return sorted(held, key=value, reverse=descending(key, reverse)) + [r for r in by_name if value(r) is None]


def descending(key: str, reverse: bool) -> bool:
    return next(c[3] for c in COLUMNS if c[0] == key) != reverse


def national_table(rows: list[dict], key: str, reverse: bool) -> str:
    ofsted_held = any(r["ofsted_held"] for r in rows)
    heads = []
    for column, label, *_ in COLUMNS:
        if column == key:
            order = "descending" if descending(key, reverse) else "ascending"
            arrow = "▼" if order == "descending" else "▲"
            heads.append(
                f'<th scope="col" aria-sort="{order}"><a href="{sorted_page(column, not reverse)}">{label}</a>'
                f' <span aria-hidden="true">{arrow}</span></th>'
            )
        else:
            heads.append(f'<th scope="col"><a href="{sorted_page(column, False)}">{label}</a></th>')
    heads.append('<th scope="col">Report</th>')
    body = []
    for row in sort_rows(rows, key, reverse):
        if row["cla_rate_per_10000"]:
            cla = f'{esc(row["cla_rate_per_10000"])} <span class="note">(31 March {esc(row["cla_year"])})</span>'
        else:
            cla = '<span class="note">none held</span>'
        if not ofsted_held:
            grade = f'<span class="note">{NOT_HELD}</span>'
        elif row["ofsted_grade"]:
            grade = (
                f'{esc(row["ofsted_grade"])} <span class="note">({esc(row["ofsted_framework"])},'
                f" published {esc(row['ofsted_date'])})</span>"
            )
        else:
            grade = '<span class="note">none held</span>'
        body.append(
            "<tr>"
            f'<th scope="row">{esc(row["council"])}</th>'
            f"<td>{esc(row['region'])}</td>"
            f"<td><time>{esc(row['as_of'])}</time></td>"
            f'<td class="num">{cla}</td>'
            f"<td>{grade}</td>"
            f'<td><a href="{row["report_html"]}">HTML</a> · <a href="{row["report_pdf"]}">PDF</a></td>'
            "</tr>"
        )
    return (
        '<table id="councils"><thead><tr>'
        + "".join(heads)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def report_rows(out_root: Path) -> list[str]:
    """Every council and as-of date, newest as-of date first, with links, times and checks."""
    rows = []
    for council_dir in _council_dirs(out_root):
        reports = complete_reports(council_dir)
        if not reports:
            continue
        latest = read_json(council_dir / LATEST) or {}
        for position, (as_of, folder, manifest) in enumerate(reports):
            council = (manifest.get("parameters") or {}).get("council") or council_dir.name
            base = f"{quote(council_dir.name)}/{quote(folder.name)}"
            links = report_links(base)
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
    return [row[2] for row in rows]


def index_html(out_root: Path, national: list[dict] | None = None, key: str = "council", reverse: bool = False) -> str:
    """The national table (sorted by `key`), then every report under out_root, newest as-of date first."""
    national = national_rows(out_root) if national is None else national
    rows = report_rows(out_root)
    if national:
        held = any(r["ofsted_held"] for r in national)
        label = next(c[1] for c in COLUMNS if c[0] == key)
        councils = (
            f"<h2>Every council's latest report</h2>\n<p>{len(national)} council{'' if len(national) == 1 else 's'},"
            f" sorted by {label.lower()}{' (reversed)' if reverse else ''}; choose a column heading to sort by it"
            " (again to reverse). The same table as CSV: "
            f'<a href="{INDEX_CSV}">{INDEX_CSV}</a>. Children looked after per 10,000 children under 18 at 31 March'
            " of the latest year on or before the report's as-of date (DfE)"
            + (
                "; the latest graded Ofsted inspection on or before it."
                if held
                else f"; Ofsted grades: {NOT_HELD} (the project does not hold Ofsted's inspection outcomes yet)."
            )
            + "</p>\n"
            + national_table(national, key, reverse)
            + "\n"
        )
    else:
        councils = ""
    body = (
        '<table><thead><tr><th scope="col">Council</th><th scope="col">As of</th>'
        '<th scope="col">Generated</th><th scope="col">Report</th><th scope="col">Data</th>'
        '<th scope="col">Status</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>"
        if rows
        else "<p>No reports yet.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        "<title>Intervention history reports</title>\n"
        "<style>body{font-family:sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}"
        "th,td{text-align:left;padding:.3rem .8rem;border-bottom:1px solid #ccc}td.num{text-align:right}"
        ".note{color:#555;font-size:.9em}</style>\n"
        "</head>\n<body>\n<main>\n<h1>Intervention history reports</h1>\n"
        f"{councils}"
        f"{comparisons_html(out_root)}"
        "<h2>Every report</h2>\n"
        f"<p>{len(rows)} report{'' if len(rows) == 1 else 's'}, newest as-of date first. Times are UTC.</p>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def list_comparisons(out_root: Path | None = None) -> list[dict]:
    """Every complete comparison under out_root/compare/ (manifest, report.html and report.pdf), newest
    as-of date first: councils, as_of, generated, and the folder and files relative to out_root. No pandas,
    for the reports index."""
    root = Path(out_root) if out_root else REPORTS_DIR
    found = []
    for manifest_path in sorted((root / COMPARE_DIR).glob(f"*/*/{MANIFEST}")):
        folder = manifest_path.parent
        if not all((folder / n).is_file() for n in ("report.html", "report.pdf")):
            continue
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        parameters = manifest.get("parameters", {})
        relative = folder.relative_to(root).as_posix()
        found.append(
            {
                "councils": list(parameters.get("councils", [])),
                "as_of": parameters.get("as_of", folder.name),
                "prices": parameters.get("prices", "real"),
                "generated": manifest.get("generated", ""),
                "folder": relative,
                "html": f"{relative}/report.html",
                "pdf": f"{relative}/report.pdf",
                "manifest": f"{relative}/{MANIFEST}",
            }
        )
    return sorted(found, key=lambda c: (c["as_of"], c["folder"]), reverse=True)


def comparisons_html(out_root: Path) -> str:
    """The comparisons section of the index: every complete comparison, newest first."""
    found = list_comparisons(out_root)
    if not found:
        return "<h2>Comparisons</h2>\n<p>No comparisons yet.</p>\n"
    items = "".join(
        f'<li><a href="{esc(c["html"])}">{esc(" and ".join(c["councils"]))}</a>, data as of {esc(c["as_of"])}'
        f' ({esc(c["prices"])}; <a href="{esc(c["pdf"])}">PDF</a>)</li>'
        for c in found
    )
    return f"<h2>Comparisons</h2>\n<p>{len(found)} comparison{'' if len(found) == 1 else 's'}, newest first.</p>\n<ul>{items}</ul>\n"
