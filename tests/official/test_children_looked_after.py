"""Children looked after: values pinned from the raw files, rates and their sources, revisions, bad input."""

from __future__ import annotations

import hashlib
import re
import shutil
import zipfile

import pandas as pd
import pytest

from intervention_history.errors import DataError
from intervention_history.measures import children
from intervention_history.official import children_looked_after as cla

TIDY_1822 = "2018-2022_cla_number_and_rate_per_10k_children.csv"
TIDY_1923 = "2019-2023_cla_number_and_rate_per_10k_children.csv"
TIDY_2024 = "2020-2024_cla_number_and_rate_per_10k_children.csv"
TIDY_2125 = "2021-2025_cla_number_and_rate_per_10k_children.csv"
SFR34, SFR41 = "2011-2015_SFR34_LA_tables.xlsx", "2012-2016_SFR41_LA_tables.xlsx"
ONS = "ons_mid-year_population_estimates_2012_to_2024.csv"
DONCASTER, ROTHERHAM, SHEFFIELD, HARTLEPOOL, TORBAY = 371, 372, 373, 805, 880
ISLES_OF_SCILLY, CUMBERLAND, CITY_OF_LONDON = 420, 942, 201


@pytest.fixture(scope="module")
def table():
    return children.load_children_looked_after()


@pytest.fixture(scope="module")
def revisions():
    return children.load_revisions()


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code.isna() if code is None else table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def values(r):
    return (r.children_looked_after, r.population_0_17, r.rate_per_10000, r.rate_source)


# ---------------------------------------------------------------- values pinned from the raw files


def test_doncaster_2010_count_population_and_computed_rate(table):
    # 2010_SFR27_March.csv line 68: LA,371,Doncaster,466,63300,...
    r = row(table, 2010, DONCASTER)
    assert values(r) == (466, 63_300, 74, "computed")  # 466 / 63,300 * 10,000 = 73.6
    assert (r.release, r.release_line, r.rate_release, r.rate_release_line) == ("2010_SFR27_March.csv", 68) * 2


def test_2011_published_rates_from_sfr34_laa1_counts_from_the_csv(table):
    # LAA1 of SFR34 row 55: 371, Doncaster, 450, 510, 500, 500, 480, , 69, 78, 77, 77, 74
    # 2011_SFR21_CLA.csv line 70: ...,371,Doncaster,450,...
    r = row(table, 2011, DONCASTER)
    assert values(r)[0] == 450 and pd.isna(r.population_0_17)
    assert (r.rate_per_10000, r.rate_source, r.rate_release, r.rate_release_line) == (69, "published", SFR34, 55)
    assert (r.release, r.release_line) == ("2011_SFR21_CLA.csv", 70)
    # row 63: 372, Rotherham, 390 (rounded; 391 in the CSV), ..., 69; row 16: 805, Hartlepool, 165, ..., 80
    assert (row(table, 2011, ROTHERHAM).children_looked_after, row(table, 2011, ROTHERHAM).rate_per_10000) == (391, 69)
    assert (row(table, 2011, HARTLEPOOL).children_looked_after, row(table, 2011, HARTLEPOOL).rate_per_10000) == (
        167,
        80,
    )
    assert row(table, 2011, None).rate_per_10000 == 58  # row 10: England ... 58


def test_2013_count_is_the_csvs_not_laa1s_rounded_one(table):
    # 2013_SFR36_CLA.csv line 70: 497; LAA1 (SFR41 row 55, column E): 500, rounded to the nearest 5
    r = row(table, 2013, DONCASTER)
    assert (r.children_looked_after, r.rate_per_10000, r.rate_release) == (497, 77, SFR41)


def test_2014_and_2016_published_rates_from_sfr41_laa1(table):
    # SFR41 LAA1 row 63: E08000018, 372, Rotherham, ..., 70 (2014), 72 (2015), 76 (2016)
    assert (row(table, 2014, ROTHERHAM).rate_per_10000, row(table, 2014, ROTHERHAM).rate_release_line) == (70, 63)
    assert row(table, 2016, ROTHERHAM).rate_per_10000 == 76
    assert row(table, 2016, ROTHERHAM).children_looked_after == 431  # 2016_SFR41_CLA.csv line 71
    # row 64: Sheffield 47 (2014), 46 (2016); row 184: Torbay 126, 111; row 16: Hartlepool 100, 105
    for code, rate_2014, rate_2016 in ((SHEFFIELD, 47, 46), (TORBAY, 126, 111), (HARTLEPOOL, 100, 105)):
        assert (row(table, 2014, code).rate_per_10000, row(table, 2016, code).rate_per_10000) == (rate_2014, rate_2016)
        assert {row(table, y, code).rate_source for y in (2014, 2016)} == {"published"}
    # Torbay 2014: 314 children in 2014_SFR36_CLA.csv line 133 (315 in LAA1)
    assert row(table, 2014, TORBAY).children_looked_after == 314
    assert row(table, 2016, None).rate_per_10000 == 60


def test_2017_rate_computed_from_the_ons_mid_2016_population(table):
    # 2017_SFR50_CLA.csv line 70: ...,371,Doncaster,510; population file line 1364: 2016,...,371,...,Doncaster,...,64440
    r = row(table, 2017, DONCASTER)
    assert values(r) == (510, 64_440, 79, "computed")  # 510 / 64,440 * 10,000 = 79.1
    assert (r.release, r.release_line, r.rate_release, r.rate_release_line) == ("2017_SFR50_CLA.csv", 70, ONS, 1364)
    # Rotherham line 71: 487 over 56,509 (line 1372) = 86.2; Sheffield line 72: 584 over 113,143 (line 1373) = 51.6
    assert values(row(table, 2017, ROTHERHAM)) == (487, 56_509, 86, "computed")
    assert values(row(table, 2017, SHEFFIELD)) == (584, 113_143, 52, "computed")
    # England line 2: 72,670 over 11,671,521 (line 1314) = 62.3
    assert values(row(table, 2017, None)) == (72_670, 11_671_521, 62, "computed")
    # Bournemouth: the ONS gives no mid-2016 estimate (`x`), so no rate
    r = row(table, 2017, 837)
    assert pd.notna(r.children_looked_after) and pd.isna(r.rate_per_10000) and r.rate_source == ""


def test_2018_from_the_2018_2022_release(table):
    # line 2178: 2018,...,371,Doncaster,...,65867,568,86
    r = row(table, 2018, DONCASTER)
    assert values(r) == (568, 65_867, 86, "published")
    assert (r.release, r.release_line) == (TIDY_1822, 2178)
    # line 2181: Rotherham 56947,620,109; line 2184: Sheffield 116703,628,54; line 2385: Torbay 25417,328,129
    assert values(row(table, 2018, ROTHERHAM)) == (620, 56_947, 109, "published")
    assert values(row(table, 2018, SHEFFIELD)) == (628, 116_703, 54, "published")
    assert values(row(table, 2018, TORBAY)) == (328, 25_417, 129, "published")
    # England (line 2019) agrees with the national time series: 75,360
    assert row(table, 2018, None).children_looked_after == 75_360


def test_2025_from_the_2021_2025_release(table):
    # line 171: 2025,...,371,Doncaster,...,Children looked after on 31 March each year,68271,504,74
    r = row(table, 2025, DONCASTER)
    assert values(r) == (504, 68_271, 74, "published")
    assert (r.release, r.release_line) == (TIDY_2125, 171)
    # line 174: Rotherham 59521,476,80; line 177: Sheffield 116279,624,54; line 93: Cumberland 52489,458,87
    assert values(row(table, 2025, ROTHERHAM)) == (476, 59_521, 80, "published")
    assert values(row(table, 2025, SHEFFIELD)) == (624, 116_279, 54, "published")
    assert values(row(table, 2025, CUMBERLAND)) == (458, 52_489, 87, "published")
    # line 3: England 12183016,81770,67
    assert values(row(table, 2025, None)) == (81_770, 12_183_016, 67, "published")
    # line 405: City of London 847,c,c: a row, suppressed count, no rate
    r = row(table, 2025, CITY_OF_LONDON)
    assert pd.isna(r.children_looked_after) and r.population_0_17 == 847 and r.rate_source == ""


def test_cumberland_starts_in_2024(table):
    # 2021-2025 file lines 1095, 1596, 2097: 942 in 2021-2023 is x,z,z (did not exist)
    assert list(children.council(table, CUMBERLAND).year) == [2024, 2025]


# ---------------------------------------------------------------- rules


def test_every_year_2010_to_2025_and_nothing_missing(table):
    assert cla.MISSING_YEARS == ()
    assert sorted(set(table.year)) == list(range(2010, 2026))
    for code in (DONCASTER, ROTHERHAM, SHEFFIELD):
        rows = children.council(table, code)
        assert list(rows.year) == list(range(2010, 2026))
        assert rows.rate_per_10000.notna().all()


def test_rate_source_logic(table):
    published = table.rate_source == "published"
    computed = table.rate_source == "computed"
    assert set(table.rate_source) == {"published", "computed", ""}
    assert set(table[computed].year) == {2010, 2017}
    assert set(table[published].year) == set(range(2011, 2017)) | set(range(2018, 2026))
    assert table[published | computed].rate_per_10000.notna().all()
    assert table[table.rate_source == ""].rate_per_10000.isna().all()
    assert (table[table.rate_source == ""].rate_release == "").all()
    # every computed rate is the count over the population in the same row, rounded half up
    c = table[computed]
    assert ((c.children_looked_after * 10_000 / c.population_0_17 - c.rate_per_10000).abs() <= 0.5).all()
    # published rates come from LAA1 in 2011-2016 and from the row's own release after
    assert set(table[table.year.between(2011, 2016)].rate_release) == {SFR34, SFR41}
    later = table[published & (table.year >= 2018)]
    assert (later.rate_release == later.release).all() and (later.rate_release_line == later.release_line).all()
    # every row with a count and a population has a rate
    both = table.children_looked_after.notna() & table.population_0_17.notna()
    assert table[both].rate_per_10000.notna().all()


def test_laa1_later_edition_wins_and_its_revisions_are_listed(table, revisions):
    # Rotherham 2015: SFR34 LAA1 row 63 column M: 73; SFR41 row 63 column M: 72
    r = row(table, 2015, ROTHERHAM)
    assert (r.rate_per_10000, r.rate_release) == (72, SFR41)
    rev = revisions[(revisions.year == 2015) & (revisions.la_code == ROTHERHAM)]
    assert rev[["column", "old_value", "old_release", "new_value", "new_release"]].values.tolist() == [
        ["rate_per_10000", 73, SFR34, 72, SFR41]
    ]
    laa1 = revisions[revisions.old_release == SFR34]
    assert set(laa1.column) == {"rate_per_10000"} and set(laa1.year) == {2012, 2013, 2014, 2015}
    assert len(laa1) == 48


def test_tidy_revisions_grow_with_each_release(table, revisions):
    # Doncaster 2021: 549 children in the 2018-2022 release (line 666), 548 in 2021-2025 (line 2175)
    don = revisions[(revisions.year == 2021) & (revisions.la_code == DONCASTER)]
    count = don[don.column == "children_looked_after"]
    assert count[["old_value", "old_release", "new_value", "new_release"]].values.tolist() == [
        [549, TIDY_1822, 548, TIDY_2125]
    ]
    # Doncaster 2023: 542 (2019-2023) and 540 (2020-2024) both give way to 540 in 2021-2025
    r = row(table, 2023, DONCASTER)
    assert (r.children_looked_after, r.release) == (540, TIDY_2125)
    # the year's winner is the latest release covering it
    assert set(table[table.year == 2019].release) == {TIDY_1923}
    assert set(table[table.year == 2020].release) == {TIDY_2024}
    assert set(table[table.year.between(2021, 2025)].release) == {TIDY_2125}
    assert (revisions.old_value.fillna(-1) != revisions.new_value.fillna(-1)).all()
    assert len(revisions) == 2041


def test_isles_of_scilly_not_applicable_in_the_latest_release(table, revisions):
    # 2021-2025 file line 2388: 2021,...,420,Isles of Scilly,...,306,z,z: no row from 2021 (0 before)
    assert list(children.council(table, ISLES_OF_SCILLY).year) == [2010, 2017, 2018, 2019, 2020]
    r = row(table, 2020, ISLES_OF_SCILLY)  # 2020-2024 line 2388: 308,c,c
    assert pd.isna(r.children_looked_after) and r.population_0_17 == 308 and r.rate_source == ""
    gone = revisions[(revisions.la_code == ISLES_OF_SCILLY) & (revisions.year == 2021)]
    assert gone.new_value.isna().all() and set(gone.new_release) == {TIDY_2125}


def test_one_row_per_council_and_england_per_year(table):
    assert not table.duplicated(["year", "la_code"]).any()
    assert (table[table.la_code.isna()].groupby("year").size() == 1).all()
    assert table.groupby("year").la_code.count().min() >= 150
    assert (table.groupby("la_code").la_name.nunique() == 1).all()


def test_england_agrees_with_the_national_time_series(table):
    series = pd.read_csv(cla.RAW_DIR / "1994-2024_cla_national_time_series.csv", encoding="utf-8-sig")
    series = (
        series[series.population_count == "Children looked after at 31 March"]
        .set_index("time_period")
        .number.astype(int)
    )
    eng = children.england(table).set_index("year").children_looked_after
    assert eng[2018] == series[2018]
    # other years differ only by rounding and later amendments (2010: 64,400 against 64,460)
    both = eng.reindex(series.index).dropna()
    assert ((both - series.reindex(both.index)).abs() / both).max() < 0.002


def test_raw_files_match_their_sha256_manifest():
    entries = [line.split() for line in (cla.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert len(entries) == 21
    for digest, name in entries:
        assert hashlib.sha256((cla.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_inputs_include_the_workbooks_and_the_population_file():
    names = [p.name for p in cla.inputs()]
    assert SFR34 in names and SFR41 in names and ONS in names and TIDY_1822 in names and TIDY_2125 in names


# ---------------------------------------------------------------- bad input


@pytest.fixture
def raw(tmp_path):
    copy = tmp_path / "raw"
    shutil.copytree(cla.RAW_DIR, copy)
    return copy


def fails(raw, pattern):
    with pytest.raises(DataError, match=pattern) as caught:
        cla.harmonise(raw)
    return str(caught.value)


def edit_sheet(path, sheet, edit):
    """Rewrite one worksheet's XML inside a copied workbook (edit: str -> str)."""
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    workbook = items["xl/workbook.xml"].decode()
    rid = re.search(rf'<sheet name="{sheet}" [^>]*r:id="(rId[0-9]+)"', workbook).group(1)
    rels = items["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels).group(1)
    name = "xl/" + target.removeprefix("/xl/")
    items[name] = edit(items[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item, data in items.items():
            z.writestr(item, data)


def set_cell(xml: str, ref: str, text: str) -> str:
    return re.sub(
        rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>', xml, count=1
    )


def test_bad_tidy_count_names_file_line_and_column(raw):
    path = raw / TIDY_2125
    path.write_bytes(path.read_bytes().replace(b"31 March each year,68271,504,74", b"31 March each year,68271,5O4,74"))
    fails(raw, rf"{TIDY_2125}:171: children_count: not a whole number \('5O4'\)")


def test_renamed_tidy_header_names_the_closest(raw):
    path = raw / TIDY_1822
    path.write_bytes(path.read_bytes().replace(b",population_count,", b",population_counts,", 1))
    fails(
        raw, rf"{TIDY_1822}:1: population_count: expected column missing from the header \(closest: population_counts\)"
    )


def test_duplicated_tidy_council_row(raw):
    path = raw / TIDY_2125
    lines = path.read_bytes().removesuffix(b"\n").split(b"\n")  # LF endings, unlike the older tidy files
    lines.append(lines[170])  # Doncaster 2025 (line 171) again, as the last line
    path.write_bytes(b"\n".join(lines) + b"\n")
    fails(raw, rf"{TIDY_2125}:{len(lines)}: old_la_code: council 371 appears again for 2025 \(first on line 171\)")


def test_tidy_file_in_the_wrong_encoding(raw):
    path = raw / TIDY_1822
    path.write_bytes(path.read_bytes().replace(b",371,Doncaster,", b",371,Donc\xe1ster,", 1))
    fails(raw, rf"{TIDY_1822}:161: \(file\): not UTF-8 text")  # line 161: Doncaster, 2022, ceasing


def test_bad_laa1_rate_names_workbook_sheet_row_and_column(raw):
    edit_sheet(raw / SFR41, "LAA1", lambda x: set_cell(x, "M63", "7O"))
    fails(raw, rf"{SFR41} sheet LAA1:63: M \(rates 2015\): not a whole number \('7O'\)")


def test_laa1_missing_sheet(raw):
    edit_sheet(raw / SFR34, "LAA1", lambda x: x)  # same sheet, renamed below
    path = raw / SFR34
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    items["xl/workbook.xml"] = items["xl/workbook.xml"].replace(b'<sheet name="LAA1" ', b'<sheet name="LAA 1" ')
    with zipfile.ZipFile(path, "w") as z:
        for item, data in items.items():
            z.writestr(item, data)
    fails(raw, rf"{SFR34}:0: \(sheet LAA1\): sheet missing; the workbook has INDEX, LAA 1")


def test_laa1_moved_header_row(raw):
    def swap(xml):
        row8 = re.search(r'<row r="8".*?</row>', xml).group(0)
        row9 = re.search(r'<row r="9".*?</row>', xml).group(0)
        as9 = re.sub(r'r="([A-Z]*)8"', r'r="\g<1>9"', row8)
        as8 = re.sub(r'r="([A-Z]*)9"', r'r="\g<1>8"', row9)
        return xml.replace(row8 + row9, as8 + as9)

    edit_sheet(raw / SFR34, "LAA1", swap)
    fails(
        raw,
        rf"{SFR34} sheet LAA1:8: C \(numbers 2011\): expected the years 2011 to 2015 .* on row 9: the header has moved",
    )


def test_laa1_duplicated_council_row(raw):
    # Rotherham's row 63 given Doncaster's code
    edit_sheet(raw / SFR34, "LAA1", lambda x: x.replace('<c r="A63" s="10"><v>372</v>', '<c r="A63" s="10"><v>371</v>'))
    fails(raw, rf"{SFR34} sheet LAA1:63: A \(3-digit code\): council 371 appears again \(first on row 55\)")


def test_laa1_not_a_workbook(raw):
    (raw / SFR41).write_bytes((raw / "2016_SFR41_CLA.csv").read_bytes())
    fails(raw, rf"{SFR41}:0: \(file\): not an Excel workbook")


def test_laa1_missing_and_empty(raw):
    (raw / SFR34).unlink()
    fails(raw, rf"{SFR34}:0: \(file\): raw file is missing")
    shutil.copy(cla.RAW_DIR / SFR34, raw / SFR34)
    (raw / SFR41).write_bytes(b"")
    fails(raw, rf"{SFR41}:1: \(file\): raw file is empty")


def test_laa1_cut_short(raw):
    def cut(xml):
        return re.sub(r'<row r="1[0-9][0-9]".*?</row>', "", xml, flags=re.S)

    edit_sheet(raw / SFR41, "LAA1", cut)
    fails(raw, rf"{SFR41} sheet LAA1:100: \(sheet\): no 'Source:' line below the table")


def test_bad_sfr_count_names_file_line_and_column(raw):
    path = raw / "2015_SFR34_CLA.csv"
    path.write_bytes(path.read_bytes().replace(b",371,Doncaster,480,", b",371,Doncaster,4 80,"))
    fails(raw, r"2015_SFR34_CLA.csv:70: CLA_Mar2015: not a whole number \('4 80'\)")


def test_laa1_count_far_from_the_csv_is_a_misread_sheet(raw):
    # SFR41 row 63 column G: Rotherham 2015, 405 (409 in 2015_SFR34_CLA.csv line 71)
    edit_sheet(raw / SFR41, "LAA1", lambda x: set_cell(x, "G63", "1200"))
    fails(raw, rf"{SFR41} sheet LAA1:63: G \(numbers 2015\): council 372: 1200 here but 409 in .*2015_SFR34_CLA.csv")


def test_laa1_council_row_missing(raw):
    edit_sheet(raw / SFR41, "LAA1", lambda x: re.sub(r'<row r="63".*?</row>', "", x))
    fails(raw, rf"{SFR41} sheet LAA1:187: \(sheet\): 151 councils and 1 England rows; the table has 152 and 1")
