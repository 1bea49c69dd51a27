"""The corrected leadership tables (issue 21): who led, from which sources, and the headline they give.

Each pinned row names the source that supports it; the headline and its caveat are recomputed from
the roles table, never typed in.
"""

from __future__ import annotations

import pandas as pd
import pytest

from intervention_history.curated.load import load_dataset, split_ids
from intervention_history.measures import leadership
from intervention_history.paths import CURATED_DIR

AS_OF = pd.Timestamp("2025-06-30")
DCS = leadership.DCS


@pytest.fixture(scope="module")
def doncaster():
    return load_dataset(CURATED_DIR / "doncaster")


@pytest.fixture(scope="module")
def rotherham():
    return load_dataset(CURATED_DIR / "rotherham")


def role(data, person, post=DCS):
    rows = data.roles[(data.roles.person == person) & (data.roles.role == post)]
    assert len(rows) == 1, (person, post)
    return rows.iloc[0]


def url(data, source_id):
    return data.sources.set_index("source_id").at[source_id, "url"]


# ---------------------------------------------------------------- the rows issue 21 asked for


def test_damian_allen_fills_the_directors_lane_from_2015(doncaster):
    row = role(doncaster, "Damian Allen")
    assert row.start == "2015" and row.start_precision == "year"
    assert (row.end_earliest, row.end_latest) == (pd.Timestamp("2019-06-10"), pd.Timestamp("2019-07-01"))
    assert not row.interim
    # Named in a source the project already cited (CYP Now, March 2018: 'director of people').
    assert "cyp-2018-trust-funding" in split_ids(row.source_ids)
    assert "lgcplus.com" in url(doncaster, "lgc-2019-miller-successor")
    assert "9808353" in url(doncaster, "dfp-2019-allen-voted")
    assert "2015" in row.date_basis and "1 July 2019" in row.date_basis


def test_damian_allen_then_chief_executive(doncaster):
    row = role(doncaster, "Damian Allen", "chief executive")
    assert row.start == "2019-07-01" and row.interim
    assert row.end_status == "unknown"
    assert row.last_seen == "2023-05~"
    assert "moderngov" in url(doncaster, "moderngov-2023-annual-council")


def test_rob_vincent_is_named_in_an_already_cited_source(doncaster):
    row = role(doncaster, "Rob Vincent", "chief executive")
    assert row.source_ids == "bbc-2010-commissioners"
    assert row.start == "2010-06" and row.end == "2010-06/2011-11"
    assert "bbc.co.uk/news/10212948" in url(doncaster, "bbc-2010-commissioners")


def test_tim_leader_interim_before_jo_miller(doncaster):
    row = role(doncaster, "Tim Leader", "chief executive")
    assert row.interim and row.start == "2010-01"
    assert "1979984" in url(doncaster, "yp-2010-leader-quits")


def test_paul_moffat_is_drawn_to_march_2019_not_a_one_year_stub(doncaster):
    row = role(doncaster, "Paul Moffat", "trust chief executive")
    assert row.end_status == "unknown" and row.last_seen == "2019-03"
    assert "lgc-2019-almo" in split_ids(row.source_ids)
    tenure = leadership.tenure_table(doncaster.roles, AS_OF).set_index(["person", "role"])
    drawn = tenure.loc[("Paul Moffat", "trust chief executive")]
    assert drawn.end_x == pd.Timestamp("2019-03-31")
    assert drawn.end_x - drawn.start_x > pd.Timedelta(days=4 * 365)  # the old stub stopped in June 2015


def test_riana_nelsons_start_is_stated_and_its_basis_says_so(doncaster):
    row = role(doncaster, "Riana Nelson")
    assert row.start == "2022-04"
    assert "cyp-2025-practice" in split_ids(row.source_ids)
    assert "appointed in April 2022" in row.date_basis
    assert "first names her" in row.date_basis  # the local press only names her from 11-13 April 2022
    assert row.confidence == "medium"


def test_eleanor_brazil_last_seen_overseeing_the_move_to_the_trust(doncaster):
    row = role(doncaster, "Eleanor Brazil")
    assert row.interim and row.end_status == "unknown" and row.last_seen == "2014-10-24"
    assert "sloughobserver.co.uk" in url(doncaster, "slough-2014-brazil")


def test_directors_in_order_of_taking_office(doncaster):
    dcs = doncaster.roles[doncaster.roles.role == DCS].sort_values("start_earliest")
    assert dcs.person.tolist() == [
        "Paul Gray",
        "Nick Jarman",  # start known only to the year 2009, so its earliest day is 1 Jan 2009
        "Gareth Williams",
        "Chris Pratt",
        "Eleanor Brazil",
        "Damian Allen",
        "Riana Nelson",
    ]
    assert set(dcs[dcs.interim].person) == {"Paul Gray", "Gareth Williams", "Nick Jarman", "Eleanor Brazil"}


@pytest.mark.parametrize("council", ["doncaster", "rotherham"])
def test_every_role_says_how_its_dates_were_found(council, request):
    data = request.getfixturevalue(council)
    roles = data.roles
    assert roles.date_basis.str.len().gt(10).all()
    assert set(roles.confidence) <= {"high", "medium", "low"}
    known = set(data.sources.source_id)
    for ids in roles.source_ids:
        assert set(split_ids(ids)) <= known
    # last_seen is never before the start, nor after a recorded end.
    seen = roles[roles.last_seen_earliest.notna()]
    assert (seen.last_seen_latest >= seen.start_earliest).all()
    ended = seen[seen.end_latest.notna()]
    assert (ended.last_seen_earliest <= ended.end_latest).all()


def test_rotherham_acting_director_has_a_bounded_end(rotherham):
    row = role(rotherham, "Linda Harper")
    assert row.interim and row.end == "2015-12/2016-01-13"


# ---------------------------------------------------------------- the headline, recomputed


def test_doncaster_headline_is_computed_from_the_roles(doncaster):
    top = leadership.headline(doncaster.roles, AS_OF)
    dcs = doncaster.roles[doncaster.roles.role == DCS]
    assert top["people"] == dcs.person.nunique() == 7
    assert top["interim"] == dcs[dcs.interim].person.nunique() == 4
    assert (top["first_start"], top["last_start"]) == (pd.Timestamp("2008-04-01"), pd.Timestamp("2022-04-01"))
    assert top["years"] == 14
    assert top["title"] == "7 directors of children's services took office in 14 years, 4 of them interim"


def test_leadership_chart_title_matches_the_headline():
    from intervention_history import chapter as nb

    ctx = nb.setup("Doncaster", "2025-06-30")
    chart = nb.chart("leadership", ctx)
    assert chart.title == leadership.headline(ctx.dataset.roles, AS_OF)["title"]
    assert {"Damian Allen", "Rob Vincent", "Tim Leader"} <= set(chart.data.person)


def test_caveat_says_exactly_what_is_unknown(doncaster):
    text = leadership.caveat(doncaster.roles, AS_OF)
    assert "name no director of children's services for Jul 2019 to Apr 2022" in text
    assert "Paul Moffat (trust chief executive, last seen in post Mar 2019)" in text
    assert "Riana Nelson (director of children's services, last seen in post Mar 2025)" in text
    gaps = leadership.lane_gaps(leadership.tenure_table(doncaster.roles, AS_OF))
    assert gaps == [(pd.Timestamp("2019-07-01"), pd.Timestamp("2022-04-01"))]


def test_rotherham_headline_and_gap(rotherham):
    top = leadership.headline(rotherham.roles, AS_OF)
    assert top["people"] == 6 and top["interim"] == 1
    gaps = leadership.lane_gaps(leadership.tenure_table(rotherham.roles, AS_OF))
    assert gaps == [(pd.Timestamp("2014-09-19"), pd.Timestamp("2015-01-01"))]


def test_unknown_end_without_last_seen_is_a_stub_capped_by_the_next_holder():
    roles = pd.DataFrame(
        {
            "person": ["A", "B"],
            "role": [DCS, DCS],
            "start_earliest": pd.to_datetime(["2010-01-01", "2010-06-01"]),
            "start_latest": pd.to_datetime(["2010-01-31", "2010-06-30"]),
            "end_latest": [pd.NaT, pd.NaT],
            "end_label": ["end not recorded", "end not recorded"],
            "end_status": ["unknown", "unknown"],
            "last_seen_latest": [pd.NaT, pd.Timestamp("2012-03-31")],
            "interim": [True, False],
        }
    )
    out = leadership.tenure_table(roles, pd.Timestamp("2025-06-30")).set_index("person")
    assert out.at["A", "end_x"] == pd.Timestamp("2010-06-01")  # the next holder's start, not a year
    assert out.at["B", "end_x"] == pd.Timestamp("2012-03-31")  # last seen, not a one-year stub
    assert "in post Mar 2012" in out.at["B", "end_shown"]
