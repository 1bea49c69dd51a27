"""Statistical neighbours: neighbours pinned from the raw files, closeness spellings, bad input."""

from __future__ import annotations

import hashlib
from functools import partial

import pandas as pd
import pytest

from intervention_history.official import statistical_neighbours as sn

from . import broken
from .broken import assert_names, edit_line

F2021, F2025 = sn.MODELS["2021"].file, sn.MODELS["2025"].file
DONCASTER_2021_LINE, DONCASTER_2025_LINE = 58, 37


@pytest.fixture(scope="module")
def table():
    return sn.harmonise()[sn.NAME]


def neighbours(table, model, code):
    rows = table[(table.model == model) & (table.la_code == code)].sort_values("rank")
    return list(rows.neighbour_la_code), rows


def test_doncaster_in_both_models(table):
    # 2021 line 58: 371,Doncaster,371,9,Yorkshire and the Humber,372,Extremely Close,370,Very Close,...
    codes, rows = neighbours(table, "2021", 371)
    assert codes == [372, 370, 812, 359, 384, 357, 813, 807, 332, 894]
    assert list(rows["rank"]) == list(range(1, 11))
    assert set(rows.source_line) == {DONCASTER_2021_LINE}
    assert (rows.la_name.iloc[0], rows.new_la_code.iloc[0]) == ("Doncaster", "E08000017")
    assert list(rows.closeness) == ["Extremely close"] + ["Very close"] * 9
    assert list(rows.closeness_published) == ["Extremely Close"] + ["Very Close"] * 9
    assert list(rows.neighbour_la_name[:3]) == ["Rotherham", "Barnsley", "North East Lincolnshire"]
    # 2025 line 37: 371,Doncaster,9,...,372,Very close,370,Very close,384,...
    codes_2025, rows = neighbours(table, "2025", 371)
    assert codes_2025 == [372, 370, 384, 894, 357, 812, 335, 861, 354, 813]
    assert set(rows.source_line) == {DONCASTER_2025_LINE}
    assert len(set(codes) & set(codes_2025)) == 7  # the README: seven still among its ten


def test_rotherham_and_city_of_london(table):
    # 2021 line 59: 372,Rotherham,...,371,Extremely Close,359,Extremely Close,332,Very Close,...
    codes, rows = neighbours(table, "2021", 372)
    assert codes == [371, 359, 332, 357, 370, 894, 813, 807, 812, 384]
    assert list(rows.closeness[:3]) == ["Extremely close", "Extremely close", "Very close"]
    # 2025 line 105: 372,Rotherham,...,370,Very close,357,...,840,Very close
    assert neighbours(table, "2025", 372)[0] == [370, 357, 371, 384, 894, 332, 807, 394, 390, 840]
    # 2021 line 2 and 2025 line 27: every City of London neighbour is "Not close"
    for model, first in (("2021", [207, 213, 212]), ("2025", [202, 205, 207])):
        codes, rows = neighbours(table, model, 201)
        assert codes[:3] == first and set(rows.closeness) == {"Not close"}, model


def test_cumberland_has_neighbours_only_in_2025(table):
    # 2025 line 32: 942,Cumberland,5,North West,943,Very close,925,Very close,884,Very close,888,Close ,...
    assert neighbours(table, "2021", 942)[0] == []
    codes, rows = neighbours(table, "2025", 942)
    assert codes == [943, 925, 884, 888, 813, 384, 860, 929, 371, 370]
    assert list(rows.closeness_published[:4]) == ["Very close", "Very close", "Very close", "Close "]
    assert list(rows.closeness[:4]) == ["Very close", "Very close", "Very close", "Close"]
    assert rows.neighbour_la_name.iloc[2] == "Herefordshire, County of"  # the register's spelling
    # Cumbria (909), abolished in 2023, is only in the 2021 model (line 139)
    assert neighbours(table, "2021", 909)[0][:2] == [925, 926]
    assert neighbours(table, "2025", 909)[0] == []


def test_old_sns_are_kept_and_marked(table):
    # 2021 lines 155-159: "Old SNs:" then Dorset (Pre LG) 835, Poole 836, Bournemouth 837, Northamptonshire 928
    old = table[table.old_sns]
    assert set(old.model) == {"2021"} and sorted(old.la_code.unique()) == [835, 836, 837, 928]
    codes, rows = neighbours(table, "2021", 835)
    assert codes[:3] == [893, 878, 916] and set(rows.source_line) == {157}
    assert rows.la_name.iloc[0] == "Dorset"  # the register's name, not "Dorset (Pre LG)"
    assert neighbours(table, "2021", 838)[0][:3] == [878, 933, 893]  # the new Dorset, line 93


def test_shape_keys_and_dtypes(table):
    per_model = table.groupby("model").la_code.nunique().to_dict()
    assert per_model == {"2021": 156, "2025": 153}
    assert len(table) == 10 * (156 + 153)
    ranks = table.groupby(["model", "la_code"])["rank"].apply(list)
    assert all(r == list(range(1, 11)) for r in ranks)
    assert not table.duplicated(["model", "la_code", "neighbour_la_code"]).any()
    assert (table.la_code != table.neighbour_la_code).all()
    assert set(table.closeness) == set(sn.CLOSENESS)
    assert list(table.columns) == list(sn.TABLES[sn.NAME])
    for column, dtype in sn.TABLES[sn.NAME].items():
        assert str(table[column].dtype) == dtype, column
    assert table.equals(table.sort_values(["model", "la_code", "rank"]).reset_index(drop=True))
    published = table.groupby("closeness_published").size().to_dict()
    assert published["Close "] == 513 and published["Very Close"] == 931  # verbatim, spaces kept


def test_raw_files_match_their_sha256_manifest():
    entries = [line.split() for line in (sn.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert [name for _, name in entries] == sorted(m.file for m in sn.MODELS.values())
    for digest, name in entries:
        assert hashlib.sha256((sn.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


# ---------------------------------------------------------------- bad input


raw_copy = broken.raw_copy_fixture(sn)
harmonise_error = partial(broken.error_of, sn.harmonise)


def test_a_neighbour_not_in_the_register(raw_copy):
    path = raw_copy / F2021
    edit_line(path, DONCASTER_2021_LINE, b",812,Very Close", b",999,Very Close")
    assert_names(
        harmonise_error(raw_copy), path, DONCASTER_2021_LINE, "SN3", "neighbour 999 is not in the council register"
    )


def test_a_duplicated_council_row(raw_copy):
    path = raw_copy / F2025
    broken.repeat_line(path, DONCASTER_2025_LINE)
    error = harmonise_error(raw_copy)
    assert_names(error, path, DONCASTER_2025_LINE + 1, "old_la_code", r"council 371 appears again \(first on line 37\)")


def test_a_rank_gap(raw_copy):
    path = raw_copy / F2021
    edit_line(path, DONCASTER_2021_LINE, b",359,Very Close,", b",,,")
    assert_names(harmonise_error(raw_copy), path, DONCASTER_2021_LINE, "SN4", "no neighbour at rank 4 \\(a rank gap\\)")


def test_missing_ranks_at_the_end(raw_copy):
    path = raw_copy / F2025
    edit_line(path, DONCASTER_2025_LINE, b",813,Very close", b",,")
    assert_names(
        harmonise_error(raw_copy), path, DONCASTER_2025_LINE, "SN_10", "no neighbour at rank 10 \\(ranks 10-10"
    )


def test_a_missing_or_renamed_header(raw_copy):
    path = raw_copy / F2021
    edit_line(path, 1, b",SN7,", b",SN7x,")
    assert_names(harmonise_error(raw_copy), path, 1, "SN7", "expected column 18 to be 'SN7'")
    path = raw_copy / F2025
    edit_line(path, 1, b"old_la_code,", b"")
    assert_names(harmonise_error(raw_copy), path, 1, "old_la_code", "expected column 1 to be 'old_la_code'")


def test_an_unknown_closeness(raw_copy):
    path = raw_copy / F2025
    edit_line(path, DONCASTER_2025_LINE, b",335,Very close", b",335,Quite close")
    error = harmonise_error(raw_copy)
    assert_names(error, path, DONCASTER_2025_LINE, "SN_7P (rank 7)", "not a closeness")


def test_a_council_code_not_in_the_register_and_a_wrong_name(raw_copy):
    path = raw_copy / F2025
    edit_line(path, DONCASTER_2025_LINE, b"371,Doncaster", b"999,Doncaster")
    assert_names(
        harmonise_error(raw_copy),
        path,
        DONCASTER_2025_LINE,
        "old_la_code",
        "council 999 is not in the council register",
    )
    path = raw_copy / F2021
    edit_line(path, DONCASTER_2021_LINE, b"371,Doncaster,371", b"371,Rotherham,371")
    error = harmonise_error(raw_copy)
    assert_names(error, path, DONCASTER_2021_LINE, "LA Name", "the register names council 371 'Doncaster'")


def test_a_truncated_row_and_a_cut_short_file(raw_copy):
    path = raw_copy / F2021
    lines = broken.lines(path)
    lines[DONCASTER_2021_LINE - 1] = lines[DONCASTER_2021_LINE - 1].rsplit(b",", 3)[0]
    path.write_bytes(b"\n".join(lines))
    assert_names(harmonise_error(raw_copy), path, DONCASTER_2021_LINE, "SN10", "row ends after 23 fields")
    path = raw_copy / F2025
    data = path.read_bytes()
    path.write_bytes(b"\n".join(data.split(b"\n")[:100]))
    assert_names(harmonise_error(raw_copy), path, 101, "(file)", "99 councils but the model has 153: it was cut short")


@pytest.mark.parametrize("kind", broken.FILE_KINDS)
def test_empty_missing_and_wrongly_encoded_files(raw_copy, kind):
    broken.assert_file_named(sn.harmonise, raw_copy, raw_copy / F2021, kind, DONCASTER_2021_LINE)


def test_rebuild_is_byte_identical():
    first = sn.harmonise()[sn.NAME].to_csv(index=False, lineterminator="\n")
    assert sn.harmonise()[sn.NAME].to_csv(index=False, lineterminator="\n") == first
    assert isinstance(sn.harmonise()[sn.NAME], pd.DataFrame)
