"""Children looked after: values pinned from the raw files, revisions, gaps and rates."""

from __future__ import annotations

import hashlib
import shutil

import pandas as pd
import pytest

from intervention_history import children_in_care as cla
from intervention_history.errors import DataError
from intervention_history.paths import CLA_RAW_DIR

TIDY_1923 = "2019-2023_cla_number_and_rate_per_10k_children.csv"
TIDY_2024 = "2020-2024_cla_number_and_rate_per_10k_children.csv"
DONCASTER, ROTHERHAM, SHEFFIELD, ISLES_OF_SCILLY = 371, 372, 373, 420


@pytest.fixture(scope="module")
def table():
    return cla.load_children_in_care()


@pytest.fixture(scope="module")
def revisions():
    return cla.load_revisions()


def row(table, year, code):
    hit = table[(table.year == year) & (table.la_code.isna() if code is None else table.la_code == code)]
    assert len(hit) == 1, (year, code)
    return hit.iloc[0]


def test_doncaster_2010_count_population_and_computed_rate(table):
    # 2010_SFR27_March.csv line 68: LA,371,Doncaster,466,63300,...
    r = row(table, 2010, DONCASTER)
    assert (r.children_looked_after, r.population_0_17) == (466, 63_300)
    assert r.rate_per_10000 == 74  # 466 / 63,300 * 10,000 = 73.6, rounded
    assert (r.rate_source, r.release, r.release_line) == ("computed", "2010_SFR27_March.csv", 68)


def test_doncaster_2013_and_2017_counts_without_rates(table):
    # 2013_SFR36_CLA.csv line 70: E08000017,LA,371,Doncaster,497,...
    r = row(table, 2013, DONCASTER)
    assert r.children_looked_after == 497
    assert pd.isna(r.population_0_17) and pd.isna(r.rate_per_10000) and r.rate_source == ""
    # 2017_SFR50_CLA.csv line 70: 46,E08000017,LA,371,Doncaster,510,...
    assert row(table, 2017, DONCASTER).children_looked_after == 510


def test_rotherham_2016_and_2024(table):
    # 2016_SFR41_CLA.csv line 71: E08000018,LA,372,Rotherham,431,...
    assert row(table, 2016, ROTHERHAM).children_looked_after == 431
    # 2020-2024_cla_number_and_rate_per_10k_children.csv line 174:
    # 2024,...,Local authority,...,372,Rotherham,E08000018,Children looked after at 31 March each year,58096,502,86
    r = row(table, 2024, ROTHERHAM)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (502, 58_096, 86)
    assert (r.rate_source, r.release, r.release_line) == ("published", TIDY_2024, 174)


def test_sheffield_2010_and_2019(table):
    # 2010_SFR27_March.csv line 70: LA,373,Sheffield,578,106200,...
    r = row(table, 2010, SHEFFIELD)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (578, 106_200, 54)
    # 2019-2023_cla_number_and_rate_per_10k_children.csv line 2184: 2019,...,373,Sheffield,...,112897,631,56
    r = row(table, 2019, SHEFFIELD)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (631, 112_897, 56)
    assert r.release == TIDY_1923


def test_england(table):
    # 2010_SFR27_March.csv line 2: National,921,England,64400,11012300,...
    r = row(table, 2010, None)
    assert (r.la_name, r.children_looked_after, r.population_0_17, r.rate_per_10000) == (
        "England",
        64_400,
        11_012_300,
        58,
    )
    # 2017_SFR50_CLA.csv line 2: 1,E92000001,NATIONAL,999,ENGLAND,72670,...
    assert row(table, 2017, None).children_looked_after == 72_670
    # 2020-2024 file line 3: 2024,Reporting year,National,E92000001,England,...,11998646,83630,70
    r = row(table, 2024, None)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (83_630, 11_998_646, 70)


def test_doncaster_2023_revised_figure(table, revisions):
    # 2019-2023 file line 162: 2023,...,371,Doncaster,...,65119,542,83
    # 2020-2024 file line 672: 2023,...,371,Doncaster,...,64989,540,83  (the later release wins)
    r = row(table, 2023, DONCASTER)
    assert (r.children_looked_after, r.population_0_17, r.rate_per_10000) == (540, 64_989, 83)
    assert (r.release, r.release_line) == (TIDY_2024, 672)
    don = revisions[(revisions.year == 2023) & (revisions.la_code == DONCASTER)].set_index("column")
    assert list(don.index) == ["children_looked_after", "population_0_17"]  # the rate did not change
    assert (don.loc["children_looked_after", "old_value"], don.loc["children_looked_after", "new_value"]) == (542, 540)
    assert (don.loc["population_0_17", "old_value"], don.loc["population_0_17", "new_value"]) == (65_119, 64_989)
    assert set(don.old_release) == {TIDY_1923} and set(don.new_release) == {TIDY_2024}


def test_revisions_are_only_real_changes_in_the_overlap(table, revisions):
    assert set(revisions.year) <= {2020, 2021, 2022, 2023}
    assert (revisions.old_value != revisions.new_value).all()
    assert len(revisions) == 319
    # England 2023: 2019-2023 file line 3 (83840) against 2020-2024 file line 504 (83760)
    eng = revisions[(revisions.year == 2023) & revisions.la_code.isna()].set_index("column")
    assert (eng.loc["children_looked_after", "old_value"], eng.loc["children_looked_after", "new_value"]) == (
        83_840,
        83_760,
    )
    # every overlapping year comes from the later release
    assert set(table[table.year.between(2020, 2024)].release) == {TIDY_2024}
    assert set(table[table.year == 2019].release) == {TIDY_1923}


def test_2018_is_absent_and_nothing_is_filled_in(table):
    assert 2018 not in set(table.year)
    assert cla.MISSING_YEARS == (2018,)
    assert sorted(set(table.year)) == [*range(2010, 2018), *range(2019, 2025)]
    don = cla.council(table, DONCASTER)
    assert list(don.year) == [*range(2010, 2018), *range(2019, 2025)]
    # populations and rates only where a source gives them: 2010 and 2019 on
    assert table[table.year.between(2011, 2017)][["population_0_17", "rate_per_10000"]].isna().all().all()
    assert table[table.year.between(2011, 2017)].rate_source.eq("").all()


def test_one_row_per_council_and_england_per_year(table):
    assert not table.duplicated(["year", "la_code"]).any()
    assert (table[table.la_code.isna()].groupby("year").size() == 1).all()
    assert table.groupby("year").la_code.count().min() >= 150
    assert (table.groupby("la_code").la_name.nunique() == 1).all()


def test_rate_source_logic(table):
    published = table.rate_source == "published"
    computed = table.rate_source == "computed"
    assert set(table.rate_source) == {"published", "computed", ""}
    assert set(table[computed].year) == {2010}
    assert set(table[published].year) == set(range(2019, 2025))
    assert table[published | computed].rate_per_10000.notna().all()
    assert table[table.rate_source == ""].rate_per_10000.isna().all()
    # every computed rate is the count over the population in the same row, rounded
    c = table[computed]
    assert ((c.children_looked_after * 10_000 / c.population_0_17 - c.rate_per_10000).abs() <= 0.5).all()


def test_suppressed_and_not_applicable_cells(table):
    # 2020-2024 file line 2388: 2020,...,420,Isles of Scilly,...,308,c,c -> a row, no count, no rate
    r = row(table, 2020, ISLES_OF_SCILLY)
    assert pd.isna(r.children_looked_after) and pd.isna(r.rate_per_10000) and r.rate_source == ""
    assert r.population_0_17 == 308
    # 2019-2023 file line 2388: 2019,...,837,Bournemouth,...,x,248,x -> a count, no population or rate
    r = row(table, 2019, 837)
    assert r.children_looked_after == 248 and pd.isna(r.population_0_17) and r.rate_source == ""
    # 2020-2024 file line 723: 2023,...,928,Northamptonshire,...,x,z,z -> no row (council abolished)
    assert table[(table.la_code == 928) & (table.year >= 2022)].empty
    # the Isles of Scilly has no row in 2011-2016 and an empty geog_l in 2017 (line 165)
    assert list(cla.council(table, ISLES_OF_SCILLY).year) == [2010, 2017, 2019, 2020, 2021, 2022, 2023, 2024]


def test_england_agrees_with_the_national_time_series(table):
    series = pd.read_csv(CLA_RAW_DIR / "1994-2024_cla_national_time_series.csv", encoding="utf-8-sig")
    series = (
        series[series.population_count == "Children looked after at 31 March"]
        .set_index("time_period")
        .number.astype(int)
    )
    eng = cla.england(table).set_index("year").children_looked_after
    assert (eng[2019:] == series[2019:2024]).all()
    # earlier years differ only by rounding and later amendments (2010: 64,400 against 64,460)
    assert ((eng - series.reindex(eng.index)).abs() / eng).max() < 0.002


def test_raw_files_match_their_sha256_manifest():
    entries = [line.split() for line in (CLA_RAW_DIR / "SHA256SUMS").read_text().splitlines() if line.strip()]
    assert len(entries) == 17
    for digest, name in entries:
        assert hashlib.sha256((CLA_RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_build_is_byte_identical_and_incremental(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    cla.build_processed(first, force=True)
    cla.build_processed(second, force=True)
    assert first.read_bytes() == second.read_bytes()
    assert cla.revisions_path(first).read_bytes() == cla.revisions_path(second).read_bytes()
    before = first.stat().st_mtime_ns
    cla.build_processed(first)  # inputs unchanged: nothing is written
    assert first.stat().st_mtime_ns == before


def test_bad_raw_file_leaves_outputs_untouched(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(CLA_RAW_DIR, raw)
    output = tmp_path / "out.csv"
    cla.build_processed(output, raw_dir=raw)
    kept = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    path = raw / "2015_SFR34_CLA.csv"
    path.write_bytes(path.read_bytes().replace(b",371,Doncaster,480,", b",371,Doncaster,4 80,"))
    with pytest.raises(DataError, match=r"2015_SFR34_CLA.csv:70: CLA_Mar2015: not a whole number \('4 80'\)"):
        cla.build_processed(output, raw_dir=raw)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == kept


# ---------------------------------------------------------------- chapter 5: measures, chart, prose


def test_phase_of_year_uses_31_march():
    phases = pd.DataFrame(
        {
            "phase": ["before the intervention", "intervention", "back with the council"],
            "start": [pd.NaT, pd.Timestamp("2014-10-10"), pd.Timestamp("2019-03-31")],
            "end": [pd.Timestamp("2014-10-10"), pd.Timestamp("2019-03-31"), pd.NaT],
        }
    )
    assert cla.phase_of_year(2014, phases) == "before the intervention"
    assert cla.phase_of_year(2015, phases) == "intervention"
    assert cla.phase_of_year(2019, phases) == "back with the council"  # 31 March 2019 is the end day


def test_phase_changes_for_doncaster(table):
    from intervention_history import notebook as nb

    ctx = nb.setup("Doncaster", "2025-06-30")
    changes = cla.phase_changes(cla.council(table, DONCASTER), ctx.phases).set_index("phase")
    assert changes.loc["before the intervention", "years"] == ()
    trust = changes.loc["trust"]
    assert (trust.first_year, trust.last_year) == (2015, 2022)
    assert 2018 not in trust.years
    assert trust.first_count == row(table, 2015, DONCASTER).children_looked_after
    assert trust.last_count == row(table, 2022, DONCASTER).children_looked_after
    assert trust.count_change_pct == pytest.approx((trust.last_count / trust.first_count - 1) * 100)
    assert pd.isna(trust.rate_change)  # 2015 has no rate: no rate change across the phase
    back = changes.loc["back with the council"]
    assert back.rate_change == row(table, 2024, DONCASTER).rate_per_10000 - row(table, 2023, DONCASTER).rate_per_10000


@pytest.fixture(scope="module")
def chapter5():
    from intervention_history import notebook as nb

    return {
        c: (ctx := nb.setup(c, "2025-06-30"), nb.chart("children_in_care", ctx)) for c in ("Doncaster", "Rotherham")
    }


@pytest.mark.parametrize("council, code", [("Doncaster", DONCASTER), ("Rotherham", ROTHERHAM)])
def test_chart_title_is_computed_from_the_table(chapter5, table, council, code):
    _, chart = chapter5[council]
    first, last = row(table, 2010, code), row(table, 2024, code)
    eng = row(table, 2024, None)
    pct = (last.children_looked_after / first.children_looked_after - 1) * 100
    assert f"{council} looked after {last.children_looked_after:,.0f} children at 31 March 2024" in chart.title
    assert f"up {pct:.0f}% on 2010" in chart.title
    side = "above" if last.rate_per_10000 > eng.rate_per_10000 else "below"
    assert (
        f"rate of {last.rate_per_10000:.0f} per 10,000 children was {side} England's {eng.rate_per_10000:.0f}"
        in chart.title
    )
    assert chart.title in chart.alt_text
    assert "Shaded: periods of outside control." in chart.subtitle


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham"])
def test_chart_data_has_no_2018_and_rates_only_where_published(chapter5, table, council):
    _, chart = chapter5[council]
    data = chart.data
    assert set(data["area"]) == {council, "England"}
    assert 2018 not in set(data["year"])
    assert len(data) == 2 * 14
    with_rate = data[data["rate_per_10000"].notna()]
    assert set(with_rate["year"]) == {2010, 2019, 2020, 2021, 2022, 2023, 2024}
    assert set(with_rate.loc[with_rate.year == 2010, "rate_source"]) == {"computed"}
    assert set(with_rate.loc[with_rate.year > 2010, "rate_source"]) == {"published"}
    assert (data.loc[data["rate_per_10000"].isna(), "rate_source"].fillna("") == "").all()
    assert {"children_looked_after", "rate_per_10000", "rate_source", "release"} <= set(data.columns)


def test_lines_break_at_missing_years(chapter5):
    _, chart = chapter5["Doncaster"]
    count_ax, rate_ax = [ax for ax in chart.figure.get_axes() if ax.get_ylabel()]
    counts = count_ax.get_lines()[0].get_ydata()
    council_rates = rate_ax.get_lines()[0].get_ydata()
    years = list(range(2010, 2025))
    assert pd.isna(counts[years.index(2018)])
    assert [y for y, v in zip(years, council_rates, strict=True) if pd.notna(v)] == [2010, *range(2019, 2025)]


def test_council_without_eras_gets_the_chart_and_says_so():
    from intervention_history import notebook as nb

    ctx = nb.setup("Sheffield", "2025-06-30")
    chart = nb.chart("children_in_care", ctx)
    assert not chart.empty
    assert "No curated eras for Sheffield" in chart.subtitle
    assert "Sheffield looked after 646 children at 31 March 2024" in chart.title
    from intervention_history import story

    text = str(story.children_in_care_text(ctx))
    assert "no curated timeline for Sheffield" in text


@pytest.mark.parametrize("council", ["Doncaster", "Rotherham"])
def test_prose_numbers_come_from_the_table(chapter5, table, council):
    from intervention_history import story

    ctx, _ = chapter5[council]
    text = str(story.children_in_care_text(ctx))
    code = ctx.la_code
    last = row(table, 2024, code)
    assert f"At 31 March 2024 {council} looked after {last.children_looked_after:,.0f} children" in text
    assert "per 10,000" in text and "2011 to 2017" in text and "31 March 2018" in text
    for phase in cla.phase_changes(cla.council(table, code), ctx.phases).itertuples():
        assert f"**{phase.phase}**" in text
        if phase.years and len(phase.years) > 1:
            assert f"{phase.first_count:,.0f} to {phase.last_count:,.0f} children" in text
