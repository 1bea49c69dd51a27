"""Uncertain dates in the Library of Congress Extended Date/Time Format (EDTF).

Every date becomes an earliest and a latest day, a precision and a human label, so charts can
draw a range or a hollow marker instead of inventing a day.

The `edtf` library is the parser. Plain ISO forms (2009, 2009-04, 2009-04-04, with an optional
~ ? or % and as either end of an interval) are by far the most common; edtf takes about 5 ms for
each, so those go through a strict fast path whose results tests compare with edtf's.
"""

from __future__ import annotations

import calendar
import contextlib
import io
import re
import time
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from edtf import parse_edtf

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
PRECISIONS = ("day", "month", "season", "year", "interval")
OPEN = ".."

_SIMPLE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?")


@dataclass(frozen=True)
class EdtfDate:
    text: str
    earliest: date
    latest: date
    precision: str
    label: str
    uncertain: bool


class EdtfError(ValueError):
    pass


@dataclass(frozen=True)
class _Point:
    earliest: date
    latest: date
    precision: str  # day, month, season or year
    uncertain: bool
    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None


def _simple_point(text: str) -> _Point | None:
    m = _SIMPLE.fullmatch(text)
    if not m:
        return None
    y = int(m["y"])
    mo = int(m["m"]) if m["m"] else None
    d = int(m["d"]) if m["d"] else None
    if mo is not None and not 1 <= mo <= 12:
        return None  # seasons (21-24) and errors go to edtf
    try:
        if d is not None:
            day = date(y, mo, d)
            return _Point(day, day, "day", bool(m["q"]), y, mo, d)
        if mo is not None:
            last = calendar.monthrange(y, mo)[1]
            return _Point(date(y, mo, 1), date(y, mo, last), "month", bool(m["q"]), y, mo)
        return _Point(date(y, 1, 1), date(y, 12, 31), "year", bool(m["q"]), y)
    except ValueError as exc:
        raise EdtfError(f"not a real calendar date: {exc}") from None


def _struct_to_date(st: time.struct_time) -> date:
    return date(st.tm_year, st.tm_mon, st.tm_mday)


def _library_point(obj) -> _Point:
    """Turn one edtf Date, Season or UncertainOrApproximate into a _Point."""
    uncertain = type(obj).__name__ == "UncertainOrApproximate"
    inner = getattr(obj, "date", obj) if uncertain else obj
    earliest = _struct_to_date(obj.lower_strict())
    latest = _struct_to_date(obj.upper_strict())
    if type(inner).__name__ == "Season":
        season = int(inner.season)
        return _Point(earliest, latest, "season", uncertain, earliest.year, season=season)
    precision = getattr(inner, "precision", None) if type(inner).__name__ == "Date" else None
    if precision not in ("day", "month", "year"):
        precision = _precision_of_span(earliest, latest)
    return _Point(
        earliest,
        latest,
        precision,
        uncertain,
        earliest.year,
        earliest.month if precision in ("day", "month") else None,
        earliest.day if precision == "day" else None,
    )


def _precision_of_span(earliest: date, latest: date) -> str:
    if earliest == latest:
        return "day"
    if (earliest.year, earliest.month) == (latest.year, latest.month) and earliest.day == 1:
        return "month"
    if earliest.year == latest.year and (earliest.month, earliest.day) == (1, 1):
        return "year"
    raise EdtfError("this EDTF form spans more than a year; write it as an interval a/b")


def _point_label(p: _Point, with_year: bool = True) -> str:
    if p.precision == "day":
        core = f"{p.day} {MONTHS[p.month - 1]}" + (f" {p.year}" if with_year else "")
    elif p.precision == "month":
        core = MONTHS[p.month - 1] + (f" {p.year}" if with_year else "")
    elif p.precision == "season":
        core = SEASONS.get(p.season, "Season") + (f" {p.year}" if with_year else "")
    else:
        core = str(p.year)
    return f"c. {core}" if p.uncertain else core


def _parse_point(text: str) -> _Point:
    simple = _simple_point(text)
    if simple is not None:
        return simple
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # edtf prints parser traces
            obj = parse_edtf(text)
    except Exception:  # the library raises several types for bad input
        raise EdtfError(_hint(text)) from None
    if type(obj).__name__ in ("OneOfASet", "MultipleDates", "Interval", "Level1Interval", "Level2Interval"):
        raise EdtfError("use a single date or one interval a/b")
    try:
        return _library_point(obj)
    except EdtfError:
        raise
    except (TypeError, ValueError, AttributeError):
        raise EdtfError("this EDTF form is not supported here") from None


def _hint(text: str) -> str:
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
        return "not an EDTF date; write day dates as YYYY-MM-DD, e.g. 2009-04-04"
    return "not a valid EDTF date (e.g. 2009-04-04, 2013-06, 2010~, 2013-05-06/2013-06-19)"


@lru_cache(maxsize=65536)
def parse(text: str) -> EdtfDate:
    """Parse an EDTF string; raise EdtfError with a short reason if it is not valid."""
    if not isinstance(text, str) or not text.strip():
        raise EdtfError("a date is required")
    if text != text.strip():
        raise EdtfError("remove the spaces around the date")
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
        raise EdtfError(_hint(text))
    if "/" in text:
        left, _, right = text.partition("/")
        if OPEN in (left, right) or not left or not right:
            raise EdtfError("an interval needs both ends here; use the end column for open tenures")
        a, b = _parse_point(left), _parse_point(right)
        if b.latest < a.earliest:
            raise EdtfError("the interval ends before it starts")
        return EdtfDate(text, a.earliest, b.latest, "interval", _interval_label(a, b), a.uncertain or b.uncertain)
    p = _parse_point(text)
    return EdtfDate(text, p.earliest, p.latest, p.precision, _point_label(p), p.uncertain)


def _interval_label(a: _Point, b: _Point) -> str:
    same_year = a.year == b.year and not a.uncertain
    left = _point_label(a, with_year=not same_year or a.precision == "year")
    return f"{left}–{_point_label(b)}"
