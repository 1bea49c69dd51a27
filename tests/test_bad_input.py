"""Broken curated tables and raw files, run through the real `report` command.

Each variant must: exit with code 2, name the file, the line and the column, show no traceback,
write nothing to reports/, and answer within the subprocess timeout (a hang fails the test).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from intervention_history.paths import DATA_DIR

from .curated.test_load import edit_cell


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of data/ with the processed table already built, copied again for each variant."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("*.tmp"))
    return root


@pytest.fixture
def project(pristine, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    return root


def run_report(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTERVENTION_HISTORY_ROOT": str(root)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "intervention_history",
            "report",
            "--as-of",
            "2025-06-30",
            "--out",
            str(root / "reports"),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        env=env,
    )


def council(root: Path) -> Path:
    return root / "data" / "curated" / "doncaster"


def raw(root: Path, year: str) -> Path:
    return root / "data" / "raw" / "s251_outturn" / f"outturn_{year}.csv"


def replace_bytes(path: Path, old: bytes, new: bytes, count: int = 1) -> None:
    data = path.read_bytes()
    assert old in data, old
    path.write_bytes(data.replace(old, new, count))


def cell(table: str, row_id: str, column: str, value: str) -> Callable[[Path], tuple[str, int, str]]:
    def mutate(root: Path):
        line = edit_cell(council(root), table, row_id, column, value)
        return f"{table}.csv", line, column

    return mutate


def rewrite_csv(table: str, change: Callable[[list[list[str]]], None], line: int, column: str):
    def mutate(root: Path):
        path = council(root) / f"{table}.csv"
        rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
        change(rows)
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        return f"{table}.csv", line, column

    return mutate


def raw_bytes(table: str, data: Callable[[bytes], bytes], line: int, column: str):
    def mutate(root: Path):
        path = council(root) / f"{table}.csv"
        path.write_bytes(data(path.read_bytes()))
        return f"{table}.csv", line, column

    return mutate


def bom(root):
    path = council(root) / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "events.csv", 1, "event_id"


def crlf(root):
    path = council(root) / "roles.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return "roles.csv", 1, "notes"


def nul_byte(root):
    path = council(root) / "costs.csv"
    replace_bytes(path, b"iMPOWER improvement-partner", b"iMPOWER\x00improvement-partner")
    return "costs.csv", 2, "item"


def windows_1252(root):
    path = council(root) / "sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))
    first = next(
        n for n, line in enumerate(text.splitlines(), start=1) if any(ord(c) > 127 and c in "’£–" for c in line)
    )
    return "sources.csv", first, None


def utf16(root):
    path = council(root) / "judgements.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return "judgements.csv", 1, None


def million_rows(root):
    path = council(root) / "events.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    row = "e,2009,t,s,incident,x,e,stated,low,false\n"
    with path.open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        f.write(row * 1_000_000)
    return "events.csv", 200_002, "(file)"


def missing_file(root):
    (council(root) / "costs.csv").unlink()
    return "costs.csv", 0, "(file)"


def header_only(root):
    path = council(root) / "judgements.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return "judgements.csv", 2, "judgement_id"


def unclosed_quote(root):
    path = council(root) / "roles.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append("\"Unfinished,director of children's services,Doncaster Council,2024,,false,wikipedia-mayor,\n")
    path.write_text("".join(lines), encoding="utf-8")
    return "roles.csv", None, "(row)"


def council_json_broken(root):
    (council(root) / "council.json").write_text('{"name": "Doncaster", "la_code": 371,,}\n')
    return "council.json", 1, "(file)"


def council_json_code(root):
    (council(root) / "council.json").write_text(json.dumps({"name": "Doncaster", "la_code": "three-seven-one"}))
    return "council.json", 1, "la_code"


def raw_column_renamed(root):
    replace_bytes(raw(root, "1314"), b"NetCurrentExpenditure", b"NetExpenditure")
    return "outturn_1314.csv", 1, "NetCurrentExpenditure"


def raw_empty(root):
    raw(root, "0910").write_bytes(b"")
    return "outturn_0910.csv", 1, "(file)"


def raw_missing(root):
    raw(root, "1112").unlink()
    return "outturn_1112.csv", 0, "(file)"


def raw_not_a_number(root):
    replace_bytes(
        raw(root, "0910"),
        b"201,City of London,2,Youth offender teams,0,",
        b"201,City of London,2,Youth offender teams,nil,",
    )
    return "outturn_0910.csv", 3, "own_provision"


def raw_unmapped_line(root):
    path = raw(root, "1213")
    path.write_bytes(path.read_bytes() + b"201,City of London,99,99 Mystery line,X,0,0,0,0,0,0,0,0,0,0\r\n")
    return "outturn_1213.csv", None, "line_number"


def raw_bad_encoding(root):
    replace_bytes(
        raw(root, "0809"), b"Secure accommodation (youth justice)", b"Secure accommodation (youth justic\xe9)"
    )
    return "outturn_0809.csv", 2, "(file)"


def raw_bad_code(root):
    replace_bytes(raw(root, "0910"), b"\r\n201,City of London,1,", b"\r\nCITY,City of London,1,")
    return "outturn_0910.csv", 2, "la_code"


def mapping_mismatch(root):
    path = root / "data" / "reference" / "s251_categories.csv"
    replace_bytes(path, b"2013-14,7,7 Fostering services,", b"2013-14,7,7 Fostering and adoption,")
    return "s251_categories.csv", None, "source_description"


def delete_column(table: str, column: str):
    def change(rows):
        index = rows[0].index(column)
        for row in rows:
            del row[index]

    return rewrite_csv(table, change, 1, column)


def add_column(table: str, column: str):
    def change(rows):
        rows[0].append(column)
        for row in rows[1:]:
            row.append("x")

    return rewrite_csv(table, change, 1, column)


def duplicate_header(rows):
    rows[0][-1] = rows[0][0]


def too_many_fields(rows):
    rows[3].append("extra")


def too_few_fields(rows):
    del rows[4][-3:]


VARIANTS = {
    "bad EDTF date": cell("events", "trust-launch", "date", "sometime in 2014"),
    "date written 04/04/2009": cell("events", "incident-edlington", "date", "04/04/2009"),
    "impossible date": cell("events", "trust-launch", "date", "2014-02-30"),
    "spaces around a date": cell("judgements", "sif-2015", "date", " 2015-11-27"),
    "bad season": cell("events", "trust-launch", "date", "2014-29"),
    "interval ends before it starts": cell("events", "trust-launch", "date", "2014-10-01/2014-01-01"),
    "role ends before it starts": cell("roles", "Chris Pratt", "end", "2001"),
    "unknown category": cell("events", "trust-launch", "category", "scandal"),
    "duplicate event id": cell("events", "trust-launch", "event_id", "incident-edlington"),
    "duplicate source id": cell("sources", "cc-2012-sandwell", "source_id", "bbc-2012-inadequate"),
    "unknown source id": cell("events", "trust-launch", "source_ids", "nowhere-2014"),
    "negative amount": cell("costs", "impower-contract", "amount_gbp", "-1800000"),
    "non-numeric amount": cell("costs", "impower-contract", "amount_gbp", "£1.8m"),
    "title too long": cell(
        "events", "trust-launch", "title", "A title that goes on and on far beyond what fits on a chart label"
    ),
    "formula in a cell": cell("events", "trust-launch", "summary", '=HYPERLINK("http://evil.example","click")'),
    "HTML or script in a title": cell("events", "trust-launch", "title", "<script>alert(1)</script>"),
    "control character": cell("events", "trust-launch", "summary", "bell \x07 ringing"),
    "missing required value": cell("events", "trust-launch", "summary", ""),
    "bad boolean": cell("events", "trust-launch", "key", "yes"),
    "bad confidence": cell("events", "trust-launch", "confidence", "certain"),
    "bad interim flag": cell("roles", "Paul Gray", "interim", "maybe"),
    "grade outside 1-4": cell("judgements", "sif-2018", "grade", "5"),
    "unknown role": cell("roles", "Paul Gray", "role", "overlord"),
    "unknown cost basis": cell("costs", "impower-contract", "basis", "bribe"),
    "unknown cost status": cell("costs", "impower-contract", "status", "rumoured"),
    "unknown source kind": cell("sources", "cc-2012-sandwell", "kind", "blog"),
    "address without scheme": cell("sources", "cc-2012-sandwell", "url", "www.communitycare.co.uk/2012/11/07/"),
    "id with spaces": cell("events", "trust-launch", "event_id", "Trust Launch"),
    "missing column": delete_column("events", "evidence"),
    "unknown column": add_column("costs", "currency"),
    "duplicate column name": rewrite_csv("roles", duplicate_header, 1, "(header)"),
    "row with too many fields": rewrite_csv("events", too_many_fields, 4, "key"),
    "row with too few fields": rewrite_csv("events", too_few_fields, 5, "evidence"),
    "empty file": raw_bytes("roles", lambda b: b"", 1, "(file)"),
    "header but no rows": header_only,
    "byte-order mark": bom,
    "CRLF line endings": crlf,
    "NUL byte": nul_byte,
    "Windows-1252 text": windows_1252,
    "UTF-16 text": utf16,
    "unclosed quote": unclosed_quote,
    "missing file": missing_file,
    "a million rows": million_rows,
    "council.json not JSON": council_json_broken,
    "council.json code not a number": council_json_code,
    "raw file with a column renamed": raw_column_renamed,
    "empty raw file": raw_empty,
    "missing raw file": raw_missing,
    "raw amount not a number": raw_not_a_number,
    "raw council code not a number": raw_bad_code,
    "raw line with no mapping": raw_unmapped_line,
    "raw file in the wrong encoding": raw_bad_encoding,
    "mapping disagrees with the raw file": mapping_mismatch,
}


def test_there_are_at_least_40_variants():
    assert len(VARIANTS) >= 40


@pytest.mark.parametrize("name", list(VARIANTS))
def test_broken_input_is_rejected_cleanly(project, name):
    file, line, column = VARIANTS[name](project)
    result = run_report(project)
    err = result.stderr
    assert result.returncode == 2, f"{name}: exit {result.returncode}\n{err[-2000:]}"
    assert "Traceback" not in err
    line_pattern = str(line) if line is not None else r"\d+"
    column_pattern = re.escape(column) if column is not None else r"[^:]+"
    assert re.search(rf"{re.escape(file)}:{line_pattern}: {column_pattern}: \S", err), f"{name}: {err[-1500:]}"
    reports = project / "reports"
    assert not reports.exists() or not any(p.is_file() for p in reports.rglob("*"))


# ------------------------------------------------------------ children looked after: raw files, via `data`
# The same checks through the real `data` command, which builds data/processed/children_looked_after.csv:
# exit code 2, file, line and column named, no traceback, and data/processed/ left byte for byte as it was.

CLA_TIDY_1923 = "2019-2023_cla_number_and_rate_per_10k_children.csv"
CLA_TIDY_2024 = "2020-2024_cla_number_and_rate_per_10k_children.csv"


def run_data(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTERVENTION_HISTORY_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "intervention_history", "data"], capture_output=True, text=True, timeout=90, env=env
    )


@pytest.fixture(scope="module")
def cla_pristine(pristine, tmp_path_factory) -> Path:
    """The pristine copy with data/processed/ built, so that "untouched" is checked against real files."""
    root = tmp_path_factory.mktemp("cla-pristine")
    shutil.copytree(pristine, root, dirs_exist_ok=True)
    result = run_data(root)
    assert result.returncode == 0, result.stderr
    assert (root / "data" / "processed" / "children_looked_after.csv").exists()
    return root


def cla_raw(root: Path, name: str) -> Path:
    return root / "data" / "raw" / "children_looked_after" / name


def cla_header_changed(root):
    replace_bytes(cla_raw(root, "2013_SFR36_CLA.csv"), b",CLA_Mar2013,", b",CLA_March2013,")
    return "2013_SFR36_CLA.csv", 1, "CLA_Mar2013"


def cla_tidy_header_changed(root):
    replace_bytes(cla_raw(root, CLA_TIDY_2024), b",rate_per_10000\r\n", b",rate_per_10k\r\n")
    return CLA_TIDY_2024, 1, "rate_per_10000"


def cla_not_a_number(root):
    # 2012_SFR20_CLA.csv line 70: E08000017,LA,371,Doncaster,510,...
    replace_bytes(cla_raw(root, "2012_SFR20_CLA.csv"), b",LA,371,Doncaster,510,", b",LA,371,Doncaster,five hundred,")
    return "2012_SFR20_CLA.csv", 70, "CLA_Mar2012"


def cla_spreadsheet_error(root):
    # 2020-2024 file line 171: Doncaster 2024, ...,66236,523,79
    replace_bytes(
        cla_raw(root, CLA_TIDY_2024), b"31 March each year,66236,523,79", b"31 March each year,66236,#VALUE!,79"
    )
    return CLA_TIDY_2024, 171, "number"


def cla_duplicate_council(root):
    # 2016_SFR41_CLA.csv: Doncaster (line 70) copied again after Rotherham (line 71), so onto line 72
    path = cla_raw(root, "2016_SFR41_CLA.csv")
    lines = path.read_bytes().split(b"\r\n")
    lines.insert(71, lines[69])
    path.write_bytes(b"\r\n".join(lines))
    return "2016_SFR41_CLA.csv", 72, "geog_c"


def cla_duplicate_tidy_row(root):
    path = cla_raw(root, CLA_TIDY_1923)
    lines = path.read_bytes().removesuffix(b"\r\n").split(b"\r\n")
    lines.append(lines[161])  # Doncaster 2023 (line 162) again, as the last line
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    return CLA_TIDY_1923, len(lines), "old_la_code"


def cla_missing_file(root):
    cla_raw(root, "2014_SFR36_CLA.csv").unlink()
    return "2014_SFR36_CLA.csv", 0, "(file)"


def cla_empty_file(root):
    cla_raw(root, "2011_SFR21_CLA.csv").write_bytes(b"")
    return "2011_SFR21_CLA.csv", 1, "(file)"


def cla_wrong_encoding(root):
    # Windows-1252 "á" where the release is UTF-8 (ASCII): 2011_SFR21_CLA.csv line 70
    replace_bytes(cla_raw(root, "2011_SFR21_CLA.csv"), b",LA,371,Doncaster,", b",LA,371,Donc\xe1ster,")
    return "2011_SFR21_CLA.csv", 70, "(file)"


def cla_cut_mid_row(root):
    path = cla_raw(root, CLA_TIDY_1923)
    data = path.read_bytes()
    cut = data.index(b"\r\n", len(data) // 2) + 2 + len(b"2021,Reporting year,")
    path.write_bytes(data[:cut])
    return CLA_TIDY_1923, data[:cut].count(b"\n") + 1, "(row)"


def cla_cut_at_a_line(root):
    path = cla_raw(root, CLA_TIDY_2024)
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(lines[:1000]) + b"\r\n")
    return CLA_TIDY_2024, 1001, "(file)"


def cla_unknown_level(root):
    # 2010_SFR27_March.csv line 68: LA,371,Doncaster,...
    replace_bytes(cla_raw(root, "2010_SFR27_March.csv"), b"\r\nLA,371,Doncaster,", b"\r\nLEA,371,Doncaster,")
    return "2010_SFR27_March.csv", 68, "geog_l"


CLA_VARIANTS = {
    "CLA header changed": cla_header_changed,
    "CLA tidy header changed": cla_tidy_header_changed,
    "CLA count not a number": cla_not_a_number,
    "CLA spreadsheet error in a count": cla_spreadsheet_error,
    "CLA council row duplicated": cla_duplicate_council,
    "CLA tidy council row duplicated": cla_duplicate_tidy_row,
    "CLA missing file": cla_missing_file,
    "CLA empty file": cla_empty_file,
    "CLA wrong encoding": cla_wrong_encoding,
    "CLA file cut mid-row": cla_cut_mid_row,
    "CLA file cut at a line end": cla_cut_at_a_line,
    "CLA unknown geographic level": cla_unknown_level,
}


def processed_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "processed").iterdir()) if p.is_file()}


def assert_data_rejects(pristine: Path, tmp_path: Path, name: str, variant) -> None:
    """`data` on a copy of ``pristine`` broken by ``variant``: exit 2, file:line: column named, no
    traceback, data/processed/ unchanged."""
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    before = processed_files(root)
    file, line, column = variant(root)
    result = run_data(root)
    err = result.stderr
    assert result.returncode == 2, f"{name}: exit {result.returncode}\n{err[-2000:]}"
    assert "Traceback" not in err
    assert re.search(rf"{re.escape(file)}:{line}: {re.escape(column)}: \S", err), f"{name}: {err[-1500:]}"
    assert processed_files(root) == before, f"{name}: data/processed/ changed"


@pytest.mark.parametrize("name", list(CLA_VARIANTS))
def test_broken_children_looked_after_file_is_rejected_cleanly(cla_pristine, tmp_path, name):
    assert_data_rejects(cla_pristine, tmp_path, name, CLA_VARIANTS[name])


# ------------------------------------------------------------ command-line options (#20), through the real CLI
# Each exits 2 with a clear message and no traceback, before any work.


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "intervention_history", *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "args, message",
    [
        # Before: a traceback from mkdir.
        (("report", "--as-of", "2025-06-30", "--out", "/proc/nope"), "--out /proc/nope: cannot write there"),
        (("compare", "--as-of", "2025-06-30", "--out", "/proc/nope/deeper"), "--out /proc/nope/deeper: cannot write"),
        # Before: accepted.
        (("report", "--as-of", "2025-06-30", "--jobs", "0"), "argument --jobs: must be at least 1, not 0"),
        (("report", "--as-of", "2025-06-30", "--jobs", "-2"), "must be at least 1"),
        # Before: "as_of must be a date written YYYY-MM-DD", which it was.
        (("report", "--as-of", "2025-02-30"), "as_of 2025-02-30 does not exist: February 2025 has 28 days"),
        (("report", "--as-of", "2025-06-30", "--window-end", "2024-04-31"), "window_end 2024-04-31 does not exist"),
        (("compare", "--as-of", "2025-02-29"), "as_of 2025-02-29 does not exist"),
        (("report", "--as-of", "30/06/2025"), "as_of must be a date written YYYY-MM-DD"),
    ],
)
def test_bad_option_exits_2_with_a_clear_message(tmp_path, args, message):
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def make_command(*args: str) -> list[str]:
    """The command a make target runs (make -n, treating the environment as built)."""
    printed = subprocess.run(
        ["make", "--no-print-directory", "-s", "-n", "-o", ".venv/.installed", *args],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout.strip()
    return shlex.split(printed)


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_passes_prices_and_window_to_report_and_compare():
    # Before: `make report PRICES=cash` was silently ignored.
    for target in ("report", "compare"):
        command = make_command(target, "PRICES=cash", "WINDOW_START=2010-01-01", "WINDOW_END=2020-12-31")
        assert command[command.index("--prices") + 1] == "cash", command
        assert command[command.index("--window-start") + 1] == "2010-01-01"
        assert command[command.index("--window-end") + 1] == "2020-12-31"
        plain = make_command(target)
        assert not {"--prices", "--window-start", "--window-end"} & set(plain), plain


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_compare_takes_names_with_spaces():
    # Before: COUNCILS="Doncaster Sheffield North Lincolnshire" failed on "North".
    from intervention_history.cli import build_parser, split_councils

    for councils, expected in [
        ("Doncaster, Sheffield, North Lincolnshire", ["Doncaster", "Sheffield", "North Lincolnshire"]),
        ("Kingston upon Hull, City of, 371", ["Kingston upon Hull, City of", "371"]),
        ("Doncaster Rotherham", ["Doncaster", "Rotherham"]),
    ]:
        command = make_command("compare", f"COUNCILS={councils}")
        args = build_parser().parse_args(command[command.index("compare") :])
        assert split_councils(args.councils) == expected
