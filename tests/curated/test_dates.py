"""EDTF parsing: labels and precision, and the fast path agrees with the edtf library."""

from datetime import date

import pytest
from edtf import parse_edtf

from intervention_history.curated import dates


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "label"),
    [
        ("2009-04-04", date(2009, 4, 4), date(2009, 4, 4), "day", "4 Apr 2009"),
        ("2013-06", date(2013, 6, 1), date(2013, 6, 30), "month", "Jun 2013"),
        ("2010~", date(2010, 1, 1), date(2010, 12, 31), "year", "c. 2010"),
        ("2013-21", date(2013, 3, 1), date(2013, 5, 31), "season", "Spring 2013"),
        ("2013-05-06/2013-06-19", date(2013, 5, 6), date(2013, 6, 19), "interval", "6 May–19 Jun 2013"),
        ("2013-05/2013-06", date(2013, 5, 1), date(2013, 6, 30), "interval", "May–Jun 2013"),
        ("2004-10/2008-05", date(2004, 10, 1), date(2008, 5, 31), "interval", "Oct 2004–May 2008"),
        ("2009-XX", date(2009, 1, 1), date(2009, 12, 31), "year", "2009"),
    ],
)
def test_parse_gives_bounds_precision_and_label(text, earliest, latest, precision, label):
    parsed = dates.parse(text)
    assert (parsed.earliest, parsed.latest, parsed.precision, parsed.label) == (earliest, latest, precision, label)


@pytest.mark.parametrize(
    "text", ["2009-04-04", "2013-06", "2010", "2010~", "2009-03-12?", "2012-02-29", "2013-05%", "1999-12-31"]
)
def test_fast_path_matches_edtf_library(text):
    parsed = dates.parse(text)
    lib = parse_edtf(text)
    as_date = lambda st: date(st.tm_year, st.tm_mon, st.tm_mday)  # noqa: E731
    assert parsed.earliest == as_date(lib.lower_strict())
    assert parsed.latest == as_date(lib.upper_strict())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("04/04/2009", "YYYY-MM-DD"),
        ("2013-02-30", "not a real calendar date"),
        ("2013-13", "not a valid EDTF date"),
        ("2013-06-19/2013-05-06", "ends before it starts"),
        ("soon", "not a valid EDTF date"),
        (" 2013", "spaces"),
    ],
)
def test_bad_dates_say_why(text, reason):
    with pytest.raises(dates.EdtfError, match=reason):
        dates.parse(text)


def test_repeated_dates_come_from_the_cache():
    dates.parse.cache_clear()
    dates.parse("2014-10-01")
    dates.parse("2014-10-01")
    assert dates.parse.cache_info().hits == 1
