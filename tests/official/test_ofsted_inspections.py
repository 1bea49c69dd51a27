"""Ofsted inspections: records pinned from the two ODS releases, the councils matched, revisions, bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from intervention_history import geography
from intervention_history.errors import DataError
from intervention_history.official import ofsted_inspections as oi
from intervention_history.official import registry
from intervention_history.official.ofsted_inspections import RELEASE_2023, RELEASE_2025
from intervention_history.paths import DATA_DIR, display_path

DONCASTER, ROTHERHAM, OLD_DORSET, NEW_DORSET, BCP = 371, 372, 835, 838, 839
NORTHAMPTONSHIRE, CUMBRIA, CUMBERLAND, BRISTOL, HULL, ST_HELENS, DURHAM = 928, 909, 942, 801, 810, 342, 840
RI = "Requires improvement to be good"
SHEET_2023 = f"{RELEASE_2023.file} [{RELEASE_2023.sheet}]"
SHEET_2025 = f"{RELEASE_2025.file} [{RELEASE_2025.sheet}]"


@pytest.fixture(scope="module")
def tables():
    return oi.harmonise()


@pytest.fixture(scope="module")
def table(tables):
    return tables[oi.NAME]


def inspection(table, code, framework, published):
    hit = table[(table.la_code == code) & (table.framework == framework) & (table.published == published)]
    assert len(hit) == 1, (code, framework, published)
    return hit.iloc[0]


def history(table, code):
    rows = table[table.la_code == code]
    return list(zip(rows.framework, rows.published, rows.judgement, strict=True))


def test_doncaster_as_the_readme_gives_it(table):
    # 2023 sheet row 40 (Doncaster); 2025 sheet rows 66-67 (E08000017)
    assert history(table, DONCASTER) == [
        ("SLAC safeguarding", "2011-05-12", RI),
        ("SLAC looked after", "2011-05-12", RI),
        ("CPI", "2012-11-16", "Inadequate"),
        ("SIF", "2015-11-27", "Inadequate"),
        ("SIF re-inspection", "2018-01-19", "Good"),
        ("ILACS standard", "2022-04-08", RI),
        ("ILACS standard", "2025-03-18", "Good"),
    ]
    r = inspection(table, DONCASTER, "ILACS standard", "2022-04-08")
    assert (r.inspection_start, r.grade, r.leadership_judgement, r.care_leavers_judgement) == (
        "2022-02-14",
        3,
        "Inadequate",
        "",
    )
    assert (r.new_la_code, r.la_name, r.release, r.release_line) == (
        "E08000017",
        "Doncaster",
        "2025-09-25",
        "ILACS_inspection_history!66",
    )
    r = inspection(table, DONCASTER, "ILACS standard", "2025-03-18")
    assert (r.inspection_start, r.grade, r.care_leavers_judgement) == ("2025-01-20", 2, RI)
    r = inspection(table, DONCASTER, "SIF", "2015-11-27")
    assert (r.grade, r.help_and_protection_judgement, r.adoption_judgement, r.lscb_judgement) == (
        4,
        "Inadequate",
        "Good",
        RI,
    )
    assert (r.inspection_start, r.release, r.release_line) == ("", "2023", "LA_inspections_2009-2023!40")
    # SLAC's "adequate", written by Ofsted on today's scale: its words, grade 3
    assert inspection(table, DONCASTER, "SLAC safeguarding", "2011-05-12").grade == 3


def test_rotherham(table):
    # 2023 row 109: SIF 19/11/2014 inadequate throughout but adoption; re-inspection 29/01/2018 good
    r = inspection(table, ROTHERHAM, "SIF", "2014-11-19")
    assert (r.grade, r.leadership_judgement, r.adoption_judgement, r.lscb_judgement) == (
        4,
        "Inadequate",
        RI,
        "Inadequate",
    )
    r = inspection(table, ROTHERHAM, "SIF re-inspection", "2018-01-29")
    assert (r.judgement, r.children_in_care_judgement, r.care_leavers_judgement, r.lscb_judgement) == (
        "Good",
        RI,
        "Outstanding",
        "",
    )
    # 2025 row 193: E08000018, inspected 27/06/2022, published 12/08/2022, short, good
    r = inspection(table, ROTHERHAM, "ILACS short", "2022-08-12")
    assert (r.inspection_start, r.grade, r.release_line) == ("2022-06-27", 2, "ILACS_inspection_history!193")
    assert inspection(table, ROTHERHAM, "CPI", "2012-08-10").judgement == RI


def test_abolished_councils_from_table_11(table):
    # 2023 row 163, Table 11 "Dorset": the old county (835), not the unitary of 2019 (838)
    assert history(table, OLD_DORSET) == [
        ("SLAC safeguarding", "2011-10-28", "Good"),
        ("SLAC looked after", "2011-10-28", "Good"),
        ("SIF", "2016-05-23", RI),
    ]
    assert inspection(table, OLD_DORSET, "SIF", "2016-05-23").lscb_judgement == "Inadequate"
    # the first table's Dorset (row 41) and the 2025 sheet's E06000059: the new council
    assert [p for _, p, _ in history(table, NEW_DORSET)] == ["2021-11-19", "2025-05-09"]
    r = inspection(table, NEW_DORSET, "ILACS short", "2025-05-09")
    assert (r.new_la_code, r.judgement, r.care_leavers_judgement) == ("E06000059", "Outstanding", "Good")
    # Table 11 row 165: Northamptonshire (928), with a TLAC; its ILACS of 2019 from the 2025 sheet (row 168)
    r = inspection(table, NORTHAMPTONSHIRE, "TLAC", "2013-08-23")
    assert (r.la_name, r.grade, r.release_line) == ("Northamptonshire", 4, "LA_inspections_2009-2023!165")
    r = inspection(table, NORTHAMPTONSHIRE, "ILACS standard", "2019-07-29")
    assert (r.inspection_start, r.judgement, r.leadership_judgement) == ("2019-06-17", "Inadequate", RI)
    assert inspection(table, 837, "ILACS standard", "2018-08-24").la_name == "Bournemouth"
    # each abolished council's inspections end before it was abolished (1 April 2019, 1 April 2021)
    assert (table.loc[table.la_code.isin([835, 836, 837]), "published"] < "2019-04-01").all()
    assert (table.loc[table.la_code == NORTHAMPTONSHIRE, "published"] < "2021-04-01").all()


def test_new_councils(table):
    # 2025 rows 23-24: Bournemouth, Christchurch & Poole, E06000058
    assert history(table, BCP) == [
        ("ILACS standard", "2022-02-11", "Inadequate"),
        ("ILACS standard", "2025-01-29", "Good"),
    ]
    r = inspection(table, BCP, "ILACS standard", "2022-02-11")
    assert (r.la_name, r.inspection_start, r.children_in_care_judgement) == (
        "Bournemouth, Christchurch and Poole",
        "2021-12-06",
        RI,
    )
    # Cumberland (row 58) from 2024; Cumbria's last ILACS (row 59, "No longer exists") stays Cumbria's
    r = inspection(table, CUMBERLAND, "ILACS standard", "2024-11-26")
    assert (r.new_la_code, r.help_and_protection_judgement, r.care_leavers_judgement) == ("E06000063", RI, "Good")
    r = inspection(table, CUMBRIA, "ILACS standard", "2022-11-15")
    assert (r.la_name, r.children_in_care_judgement, r.release_line) == (
        "Cumbria",
        "Good",
        "ILACS_inspection_history!59",
    )
    assert len(table[table.la_code.isin([940, 941])]) == 2  # North and West Northamptonshire, 25/11/2022


def test_ofsted_spellings_match_the_register(table):
    # 2023 rows 21 "Bristol", 69 "Kingston Upon Hull", 124 "St Helens", 43 "Durham"
    r = inspection(table, BRISTOL, "SIF", "2014-12-05")
    assert (r.la_name, r.care_leavers_judgement, r.release_line) == (
        "Bristol, City of",
        "Inadequate",
        "LA_inspections_2009-2023!21",
    )
    r = inspection(table, HULL, "ILACS standard", "2019-05-17")
    assert (r.la_name, r.inspection_start, r.judgement) == ("Kingston upon Hull, City of", "2019-01-14", "Inadequate")
    assert inspection(table, HULL, "SLAC looked after", "2011-08-12").release_line == "LA_inspections_2009-2023!69"
    r = inspection(table, ST_HELENS, "ILACS standard", "2023-09-04")
    assert (r.la_name, r.judgement, r.care_leavers_judgement) == ("St. Helens", "Good", "Outstanding")
    assert (
        inspection(table, ST_HELENS, "SLAC safeguarding", "2012-08-10").release_line == "LA_inspections_2009-2023!124"
    )
    # County Durham: three ILACS (2025 rows 72-74), the last outstanding
    assert [f for f, _, _ in history(table, DURHAM)][-3:] == ["ILACS standard", "ILACS standard", "ILACS short"]
    assert inspection(table, DURHAM, "SLAC safeguarding", "2012-01-25").grade == 1


def test_revisions_between_the_releases(tables):
    revisions = tables[oi.REVISIONS]
    assert list(revisions.columns) == list(oi.TABLES[oi.REVISIONS])
    got = list(
        revisions[["la_code", "column", "old_value", "new_value", "old_release_line", "new_release_line"]].itertuples(
            index=False, name=None
        )
    )
    assert got == [
        (
            315,
            "framework",
            "ILACS standard",
            "ILACS short",
            "LA_inspections_2009-2023!84",
            "ILACS_inspection_history!150",
        ),
        (892, "published", "2022-11-05", "2022-09-05", "LA_inspections_2009-2023!97", "ILACS_inspection_history!172"),
    ]
    # the later release wins: every ILACS in the table is the 2025 release's
    table = tables[oi.NAME]
    assert set(table.loc[table.framework.str.startswith("ILACS"), "release"]) == {"2025-09-25"}
    assert inspection(table, 892, "ILACS standard", "2022-09-05").release_line == "ILACS_inspection_history!172"


def test_shape_and_rules(table):
    assert list(table.columns) == list(oi.TABLES[oi.NAME])
    assert len(table) == 814  # 543 older inspections from 2023, 271 ILACS from 2025
    assert set(table.framework) == set(oi.FRAMEWORKS)
    assert not table.duplicated(["la_code", "framework", "published"]).any()
    assert (table.grade == table.judgement.map(oi.GRADES)).all()
    assert table.published.str.fullmatch(r"20(09|1\d|2[0-5])-\d\d-\d\d").all()
    ilacs = table.framework.str.startswith("ILACS")
    assert (table.inspection_start != "").eq(ilacs).all()
    later = ilacs & (table.inspection_start >= "2023-01-01")
    assert (table.care_leavers_judgement[ilacs] != "").eq(later[ilacs]).all()
    assert (table.loc[~table.framework.str.startswith("SIF"), "adoption_judgement"] == "").all()
    assert (table.loc[table.framework != "SIF", "lscb_judgement"] == "").all()
    # every council of today was inspected; every code and name is the register's
    assert {c.la_code for c in geography.current()} <= set(table.la_code)
    assert all(geography.by_code(c).la_name == n for c, n in zip(table.la_code, table.la_name, strict=True))
    # the Isles of Scilly's " -" for looked-after children in 2012 (row 65): no row
    assert len(table[(table.la_code == 420) & (table.framework == "SLAC looked after")]) == 0
    assert table.equals(table.sort_values(["la_code", "published"], kind="stable"))


def test_registry_builds_it_byte_identically(tmp_path):
    registry.build([oi], force=True, processed_dir=tmp_path / "a")
    registry.build([oi], force=True, processed_dir=tmp_path / "b")
    for name in oi.TABLES:
        first = registry.table_path(name, tmp_path / "a")
        assert first.read_bytes() == registry.table_path(name, tmp_path / "b").read_bytes()
        loaded = registry.read_table(first, oi.TABLES[name])
        assert str(loaded.la_code.dtype) == "Int64"


# ------------------------------------------------------------------------------------------ bad input


@pytest.fixture
def raw(tmp_path) -> Path:
    target = tmp_path / oi.NAME
    shutil.copytree(oi.RAW_DIR, target)
    return target


def edit_sheet(path: Path, sheet: str, old: str, new: str, after: str = "", copy_row: bool = False) -> None:
    """Rewrite one ODS: in `sheet`, the first `old` after `after` becomes `new` (or its row is copied)."""
    with zipfile.ZipFile(path) as book:
        entries = [(info, book.read(info.filename)) for info in book.infolist()]
    for i, (info, data) in enumerate(entries):
        if info.filename != "content.xml":
            continue
        xml = data.decode()
        start = xml.index(f'<table:table table:name="{sheet}"')
        end = xml.index("</table:table>", start)
        anchor = xml.index(after, start) if after else start
        at = xml.index(old, anchor)
        assert at < end, (sheet, old)
        if copy_row:
            begin, close = xml.rindex("<table:table-row", 0, at), xml.index("</table:table-row>", at) + 18
            xml = xml[:close] + xml[begin:close] + xml[close:]
        else:
            xml = xml[:at] + new + xml[at + len(old) :]
        entries[i] = (info, xml.encode())
    with zipfile.ZipFile(path, "w") as book:
        for info, data in entries:
            book.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, info.compress_type, compresslevel=1)


def problem_text(raw_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        oi.harmonise(raw_dir=raw_dir)
    return str(caught.value)


def assert_names(text: str, raw_dir: Path, file: str, line: int, column: str) -> None:
    where = display_path(raw_dir / file)
    assert re.search(rf"{re.escape(where)}:{line}: {re.escape(column)}: \S", text), text


def p(text: str) -> str:
    return f"<text:p>{text}</text:p>"


def test_the_edit_helper_keeps_a_readable_file(raw):
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, p("Doncaster"), p("Doncaster"))
    assert len(oi.harmonise(raw_dir=raw)[oi.NAME]) == 814


def test_missing_sheet(raw):
    edit_sheet(
        raw / RELEASE_2025.file,
        RELEASE_2025.sheet,
        'table:name="ILACS_inspection_history"',
        'table:name="ILACS history"',
    )
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2025, 0, "(sheet)")
    assert "sheet is missing" in text and "ILACS history" in text


def test_renamed_header_2023(raw):
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, p("CPI Overall Effectiveness (OE)"), p("CPI Overall (OE)"))
    assert_names(problem_text(raw), raw, SHEET_2023, 5, "CPI Overall Effectiveness (OE)")


def test_renamed_header_in_table_11(raw):
    # the second header (row 161) has its own ILACS headers; its first one is renamed
    old = p("ILACS framework inspection type")
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, old, p("ILACS type"), after="Table 11")
    assert_names(problem_text(raw), raw, SHEET_2023, 161, "ILACS framework inspection type")


def test_renamed_header_2025(raw):
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, p("Publication date"), p("Published"))
    assert_names(problem_text(raw), raw, SHEET_2025, 3, "Publication date")


def test_grade_not_one_of_ofsteds_words(raw):
    # Doncaster's CPI (row 40) in the old framework's own word
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, p("Inadequate"), p("Adequate"), after=p("Doncaster"))
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2023, 40, "CPI Overall Effectiveness (OE)")
    assert "not one of Ofsted's judgements" in text and "'Adequate'" in text


def test_grade_not_one_of_ofsteds_words_2025(raw):
    # Doncaster 2025 (row 67): overall effectiveness
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, p("Good"), p("Very good"), after="2025-03-18")
    assert_names(problem_text(raw), raw, SHEET_2025, 67, "Overall effectiveness")


def test_unparseable_date(raw):
    # Doncaster 2025 (row 67): the publication date as text that is no date
    old = 'office:value-type="date" office:date-value="2025-03-18T00:00:00" table:style-name="ce60"><text:p>18/03/2025'
    new = 'office:value-type="string" table:style-name="ce60"><text:p>31/02/2025'
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, old, new)
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2025, 67, "Publication date")
    assert "not a date" in text and "31/02/2025" in text


def test_date_in_the_future(raw):
    old = 'office:date-value="2015-11-27T00:00:00"'
    edit_sheet(
        raw / RELEASE_2023.file,
        RELEASE_2023.sheet,
        old,
        'office:date-value="2051-11-27T00:00:00"',
        after=p("Doncaster"),
    )
    text = problem_text(raw)
    assert_names(
        text, raw, SHEET_2023, 40, "Single Inspection of LA Children's Services (SIF) First SIF publication date"
    )


def test_unknown_council_name(raw):
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, p("Doncaster"), p("Doncastre"))
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2023, 40, "Local authority name")
    assert "matches no council" in text and "'Doncastre'" in text


def test_name_and_code_disagree_2025(raw):
    # row 66: E08000017 named Rotherham
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, p("Doncaster"), p("Rotherham"))
    assert_names(problem_text(raw), raw, SHEET_2025, 66, "Local authority name")


def test_abolished_council_called_current(raw):
    # row 22: Bournemouth's ILACS of 2018, "No longer exists"
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, p("No longer exists"), p("Current"))
    assert_names(problem_text(raw), raw, SHEET_2025, 22, "Local authority status")


def test_current_council_in_table_11(raw):
    # row 164: Table 11's "Poole" becomes Doncaster, which still exists
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, p("Poole"), p("Doncaster"), after="Table 11")
    assert_names(problem_text(raw), raw, SHEET_2023, 164, "Local authority name")


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_truncated_file(raw, cut):
    path = raw / RELEASE_2025.file
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * cut)])
    text = problem_text(raw)
    assert_names(text, raw, RELEASE_2025.file, 0, "(file)")
    assert "not a readable ODS spreadsheet" in text and "Traceback" not in text


def test_broken_xml_inside_the_file(raw):
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, "</table:table-row>", "</table:table-rox>")
    assert_names(problem_text(raw), raw, RELEASE_2025.file, 0, "(file)")


def test_empty_and_missing_file(raw):
    (raw / RELEASE_2023.file).write_bytes(b"")
    (raw / RELEASE_2025.file).unlink()
    text = problem_text(raw)
    assert_names(text, raw, RELEASE_2023.file, 1, "(file)")
    assert_names(text, raw, RELEASE_2025.file, 0, "(file)")


def test_duplicated_inspection_row_2025(raw):
    # Doncaster's row 67 copied: the copy is row 68
    edit_sheet(raw / RELEASE_2025.file, RELEASE_2025.sheet, "2025-03-18", "", copy_row=True)
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2025, 68, "Local authority area code")
    assert "duplicated inspection: also on row 67" in text


def test_duplicated_council_row_2023(raw):
    # Doncaster's row 40 copied: the copy is row 41
    edit_sheet(raw / RELEASE_2023.file, RELEASE_2023.sheet, p("Doncaster"), "", copy_row=True)
    text = problem_text(raw)
    assert_names(text, raw, SHEET_2023, 41, "Local authority name")
    assert "duplicated inspection: also on row 40" in text


def test_latest_sheet_disagrees_with_the_history(raw):
    # Inspections_as_at_31_March row 38: Doncaster's care leavers, against history row 67
    sheet = "Inspections_as_at_31_March"
    edit_sheet(raw / RELEASE_2025.file, sheet, p(RI), p("Good"), after="E08000017")
    text = problem_text(raw)
    assert_names(text, raw, f"{RELEASE_2025.file} [{sheet}]", 38, "The experiences and progress of care leavers")
    assert "ILACS_inspection_history!67 gives" in text


def test_in_year_sheet_disagrees_with_the_history(raw):
    # In-year_inspections row 27: Doncaster's standard inspection called short
    sheet = "In-year_inspections"
    edit_sheet(
        raw / RELEASE_2025.file, sheet, p("ILACS Standard Inspection"), p("ILACS Short Inspection"), after="2025-03-18"
    )
    assert_names(problem_text(raw), raw, f"{RELEASE_2025.file} [{sheet}]", 27, "Inspection/Visit type")


# ------------------------------------------------------------------ through the real `data` command


def run_data(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "INTERVENTION_HISTORY_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "intervention_history", "data"], capture_output=True, text=True, timeout=180, env=env
    )


def processed_files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data" / "processed").iterdir()) if p.is_file()}


def test_broken_file_through_the_cli(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("*.tmp"))
    built = run_data(root)
    assert built.returncode == 0, built.stderr[-2000:]
    before = processed_files(root)
    assert "ofsted_inspections.csv" in before
    path = root / "data" / "raw" / oi.NAME / RELEASE_2025.file
    path.write_bytes(path.read_bytes()[:40_000])
    result = run_data(root)
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    file = f"data/raw/{oi.NAME}/{RELEASE_2025.file}"
    assert re.search(rf"{re.escape(file)}:0: \(file\): not a readable ODS spreadsheet", result.stderr), result.stderr
    assert processed_files(root) == before
