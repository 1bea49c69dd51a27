"""Rebuild councils.csv from copies of the official files (a maintainer's tool; the package never runs it).

    python data/reference/make_councils.py SOURCE_DIR [OUTPUT]

SOURCE_DIR holds the published files in folders as they were collected (dfe-children-looked-after/,
dfe-children-in-need/, dfe-social-work-workforce/, dfe-s251-outturn/, dfe-s251-la-timeseries/,
dfe-statistical-neighbours/, ons-population-0-17/, ofsted-la-inspections/). Every three-digit code
these files give a council becomes a row. The name, ONS code and region are those of the latest year
a DfE tidy file gives; every other spelling seen becomes an other name. What the files cannot say
(reorganisations, short forms, the two councils too small to compare) is written below as data and
checked against the files. Output is sorted by code, so a rebuild is byte-identical.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
from python_calamine import CalamineWorkbook

OUTPUT = Path(__file__).with_name("councils.csv")
COLUMNS = (
    "la_code",
    "new_la_code",
    "la_name",
    "other_names",
    "region",
    "first_year",
    "last_year",
    "predecessors",
    "successors",
    "too_small",
    "former_new_la_codes",
)
TIDY = (
    "dfe-children-looked-after/2018-2022_cla_number_and_rate_per_10k_children.csv",
    "dfe-children-looked-after/2019-2023_cla_number_and_rate_per_10k_children.csv",
    "dfe-children-looked-after/2020-2024_cla_number_and_rate_per_10k_children.csv",
    "dfe-children-looked-after/2021-2025_cla_number_and_rate_per_10k_children.csv",
    "dfe-children-in-need/b1_children_in_need_2013_to_2025.csv",
    "dfe-children-in-need/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "dfe-children-in-need/c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv",
    "dfe-children-in-need/d3_cpps_subsequent_plan_2013_to_2025.csv",
    "dfe-children-in-need/d5_cpps_at31march_by_duration_2013_to_2025.csv",
    "dfe-social-work-workforce/csww_indicators_2017_to_2025.csv",
    "ons-population-0-17/ons_mid-year_population_estimates_2012_to_2024.csv",
    "dfe-s251-la-timeseries/s251_extract_doncaster_rotherham_england.csv",
)
SFR = tuple(
    f"dfe-children-looked-after/{name}"
    for name in (
        "2010_SFR27_March.csv",
        "2011_SFR21_CLA.csv",
        "2012_SFR20_CLA.csv",
        "2013_SFR36_CLA.csv",
        "2014_SFR36_CLA.csv",
        "2015_SFR34_CLA.csv",
        "2016_SFR41_CLA.csv",
        "2017_SFR50_CLA.csv",
    )
)
OUTTURN = tuple(f"dfe-s251-outturn/outturn_{y}.csv" for y in ("0809", "0910", "1011", "1112", "1213", "1314"))
NEIGHBOURS = {
    "dfe-statistical-neighbours/New_Statistical_Neighbour_Groupings_April_2021.csv": ("LA num", "LA Name"),
    "dfe-statistical-neighbours/sn_model_2025_wide.csv": ("old_la_code", "la_name"),
}
OFSTED_2023 = "ofsted-la-inspections/Childrens_social_care_in_England_2023_underlying_data.ods"
OFSTED_2025 = "ofsted-la-inspections/LA_Inspection_Outcomes_as_at_31_March_2025.ods"

# Reorganisations: (last 31 March of the old councils, old codes, new codes). Checked below against
# the children looked after files (`z` = not applicable) and the outturn files.
REORGANISATIONS = (
    (2009, ("820",), ("822", "823")),  # Bedfordshire -> Bedford, Central Bedfordshire
    (2009, ("875",), ("895", "896")),  # Cheshire -> Cheshire East, Cheshire West and Chester
    (2019, ("835",), ("838", "839")),  # Dorset county: Christchurch went to BCP, the rest to the new Dorset
    (2019, ("836", "837"), ("839",)),  # Poole, Bournemouth -> Bournemouth, Christchurch and Poole
    (2021, ("928",), ("940", "941")),  # Northamptonshire -> North and West Northamptonshire
    (2023, ("909",), ("942", "943")),  # Cumbria -> Cumberland, Westmorland and Furness
)
# Councils abolished in 2009, before the DfE's tidy files: region from the 2009-10 successors.
REGIONS = {"820": "East of England", "875": "North West"}
TOO_SMALL = ("201", "420")  # City of London, Isles of Scilly
# Short forms people and other publishers use; each must name one council only.
SHORT_FORMS = {
    "342": ("St Helens", "St. Helens"),
    "391": ("Newcastle",),
    "800": ("Bath", "BANES"),
    "801": ("Bristol", "City of Bristol"),
    "807": ("Redcar",),
    "808": ("Stockton",),
    "810": ("Hull", "Kingston upon Hull", "Hull City"),
    "811": ("East Riding",),
    "822": ("Bedford Borough",),
    "839": ("BCP",),
    "840": ("Durham",),
    "846": ("Brighton",),
    "861": ("Stoke",),
    "868": ("Windsor",),
    "882": ("Southend",),
    "884": ("Herefordshire",),
    "889": ("Blackburn",),
    "894": ("Telford",),
}
LONDON = {"Inner London": "London", "Outer London": "London", "London (Inner)": "London", "London (Outer)": "London"}
REGION_SPELLING = {"Yorkshire and the Humber": "Yorkshire and The Humber"}


def key(name: str) -> str:
    return " ".join(name.split()).casefold()


def clean(name: str) -> str:
    return re.sub(r"\s*\(Pre LG\)$", "", " ".join(name.split()))


def collect(source: Path) -> tuple[pd.DataFrame, dict[str, set[str]]]:
    """Every council row the files give (when, code, name, ons, region, tidy) and Ofsted's spellings by ONS code.

    `when` orders the rows in time: the 31 March year, or the year plus a half for the workforce file
    (30 September).
    """
    rows = []
    for name in TIDY:
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        frame = frame[frame["geographic_level"] == "Local authority"]
        later = 0.5 if "csww" in name else 0
        for r in frame[["time_period", "old_la_code", "la_name", "new_la_code", "region_name"]].itertuples(index=False):
            when = int(r.time_period[:4]) + later
            rows.append((when, r.old_la_code, r.la_name, r.new_la_code, r.region_name, True))
    for name in SFR:
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False)
        year = int(Path(name).name[:4])
        for r in frame.itertuples(index=False):
            code = r.geog_c.strip()
            if r.geog_l.strip() in ("LA", "") and code.isdigit() and len(code) == 3:
                rows.append((year, code, r.geog_n, getattr(r, "New_geog_code", "").strip(), "", False))
    for name in OUTTURN:
        data = (source / name).read_bytes()
        text = data.decode("utf-8") if name.endswith(("0809.csv", "0910.csv")) else data.decode("cp1252")
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        year = 2000 + int(Path(name).stem[-2:])  # outturn_0809: the year to 31 March 2009
        for r in reader:
            rows.append((year, r[0].strip(), r[1], "", "", False))
    for name, (code_column, name_column) in NEIGHBOURS.items():
        frame = pd.read_csv(source / name, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for code, la_name in zip(frame[code_column], frame[name_column], strict=True):
            if code.strip().isdigit():
                rows.append((None, code.strip(), la_name, "", "", False))  # a model, not a year's figures
    table = pd.DataFrame(rows, columns=["when", "code", "name", "ons", "region", "tidy"])
    table = table[table["code"].str.fullmatch(r"\d{3}")]
    ofsted = defaultdict(set)
    book = CalamineWorkbook.from_path(source / OFSTED_2025)
    for sheet_name in ("Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history"):
        for row in book.get_sheet_by_name(sheet_name).to_python()[3:]:
            ofsted[row[1]].add(row[2])
    sheet = CalamineWorkbook.from_path(source / OFSTED_2023).get_sheet_by_name("LA_inspections_2009-2023")
    ofsted[""] = {row[1] for row in sheet.to_python() if row[0] == "Ofsted Local Authority Webpage"}
    return table, ofsted


def build(source: Path) -> pd.DataFrame:
    table, ofsted = collect(source)
    records = {}
    for code, rows in table.groupby("code"):
        tidy = rows[rows["tidy"]]
        dated = tidy if len(tidy) else rows[rows["when"].notna()]
        latest = dated[dated["when"] == dated["when"].max()]
        with_ons = tidy[tidy["ons"] != ""]
        new_code = with_ons.loc[with_ons["when"] == with_ons["when"].max(), "ons"]
        new_code = new_code.mode().iloc[0] if len(new_code) else ""
        region = latest["region"].replace(LONDON).replace(REGION_SPELLING)
        records[code] = {
            "la_code": code,
            "new_la_code": new_code,
            "la_name": clean(latest["name"].mode().iloc[0]),
            "names": {clean(n) for n in rows["name"]},
            "region": region.mode().iloc[0] if region.ne("").any() else REGIONS[code],
            "first_year": "",
            "last_year": "",
            "predecessors": set(),
            "successors": set(),
            "too_small": "true" if code in TOO_SMALL else "false",
            "former_new_la_codes": ";".join(sorted(set(rows["ons"]) - {"", new_code})),
        }
    by_ons = {}
    for code, record in records.items():
        for ons in [record["new_la_code"], *record["former_new_la_codes"].split(";")]:
            if ons:
                by_ons[ons] = code
    for ons, names in ofsted.items():
        if ons:
            records[by_ons[ons]]["names"] |= names
    known = {key(n) for record in records.values() for n in record["names"]}
    missing = sorted(n for n in ofsted[""] if key(n) not in known)
    if missing:  # the 2023 sheet has no codes: each of its spellings must be one seen with a code
        raise SystemExit(f"Ofsted 2023 spellings not in any file with codes: {missing}")
    for last, old, new in REORGANISATIONS:
        for code in old:
            records[code]["last_year"] = str(last)
            records[code]["successors"] |= set(new)
        for code in new:
            records[code]["first_year"] = str(last + 1)
            records[code]["predecessors"] |= set(old)
    for code, names in SHORT_FORMS.items():
        records[code]["names"] |= set(names)
    check_existence(table, records)
    rows = []
    for code in sorted(records):
        record = records[code]
        other = {}
        for n in sorted(record["names"], key=lambda n: (key(n), n)):
            if key(n) != key(record["la_name"]):
                other.setdefault(key(n), n)
        record["other_names"] = ";".join(other.values())
        record["predecessors"] = ";".join(sorted(record["predecessors"]))
        record["successors"] = ";".join(sorted(record["successors"]))
        rows.append({c: record[c] for c in COLUMNS})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    check_unambiguous(frame)
    return frame


def check_existence(table: pd.DataFrame, records: dict) -> None:
    """No council has a row in a one-year file (SFR, outturn) for a year outside first_year..last_year."""
    for r in table[~table["tidy"] & table["when"].notna()].itertuples(index=False):
        first, last = records[r.code]["first_year"], records[r.code]["last_year"]
        if (first and r.when < int(first)) or (last and r.when > int(last)):
            raise SystemExit(f"{r.code} {r.name} appears in {r.when}, outside {first}-{last}")


def check_unambiguous(frame: pd.DataFrame) -> None:
    """A name may be shared only by two councils that never existed at the same time (Dorset 835, 838)."""
    owners = defaultdict(set)
    for r in frame.itertuples(index=False):
        for n in [r.la_name, *filter(None, r.other_names.split(";"))]:
            owners[key(n)].add(r.la_code)
    for name, codes in owners.items():
        if len(codes) > 1:
            spans = sorted((int(f or 0), int(t or 9999)) for f, t in frame.loc[frame["la_code"].isin(codes), ["first_year", "last_year"]].values)
            if any(a[1] >= b[0] for a, b in zip(spans, spans[1:])):
                raise SystemExit(f"{name!r} names {sorted(codes)}, which existed at the same time")


if __name__ == "__main__":
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUTPUT
    build(Path(sys.argv[1])).to_csv(out, index=False, lineterminator="\n")
    print(f"wrote {out}")
