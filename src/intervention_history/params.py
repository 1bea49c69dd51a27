"""Report parameters, checked before anything runs."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .errors import ParameterError

DEFAULT_COUNCIL = "Doncaster"
DEFAULT_AS_OF = "2025-06-30"
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.'&()-]{0,79}$")


def parse_day(value: str | date, name: str) -> date:
    """A date written YYYY-MM-DD; one written that way that cannot exist (2025-02-30) is told so."""
    if isinstance(value, date):
        return value
    found = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", str(value).strip())
    if found:
        year, month, day = (int(g) for g in found.groups())
        if not 1 <= month <= 12:
            raise ParameterError(f"{name} {value} does not exist: there is no month {month}")
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ParameterError(f"{name} {value} does not exist: {calendar.month_name[month]} {year} has {last} days")
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ParameterError(f"{name} must be a date written YYYY-MM-DD, not {value!r}") from None


def check_council_text(council: str) -> str:
    text = str(council).strip()
    if not _SAFE.fullmatch(text) or ".." in text:
        raise ParameterError(f"council must be a council name or DfE code, not {council!r}")
    return text


@dataclass(frozen=True)
class Params:
    council: str = DEFAULT_COUNCIL
    as_of: date = date.fromisoformat(DEFAULT_AS_OF)
    window_start: date | None = None
    window_end: date | None = None
    prices: str = "real"  # "real" (GDP deflator, see prices.py) or "cash"

    @classmethod
    def build(
        cls, council=DEFAULT_COUNCIL, as_of=DEFAULT_AS_OF, window_start=None, window_end=None, today=None, prices="real"
    ):
        council = check_council_text(council)
        as_of_day = parse_day(as_of, "as_of")
        today = today or date.today()
        if as_of_day > today:
            raise ParameterError(f"as_of {as_of_day} is in the future (today is {today})")
        start = parse_day(window_start, "window_start") if window_start else None
        end = parse_day(window_end, "window_end") if window_end else None
        if start and end and end < start:
            raise ParameterError(f"window_end {end} is before window_start {start}")
        if end and end > as_of_day:
            raise ParameterError(f"window_end {end} is after as_of {as_of_day}")
        if prices not in ("real", "cash"):
            raise ParameterError(f"prices must be 'real' or 'cash', not {prices!r}")
        return cls(council, as_of_day, start, end, prices)

    def window(self, first_event: date | None = None) -> tuple[date, date]:
        """The window to draw: defaults to first event (or 2004-01-01) up to as_of."""
        start = self.window_start or first_event or date(2004, 1, 1)
        return start, self.window_end or self.as_of
