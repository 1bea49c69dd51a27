"""One register of English councils (`data/reference/councils.csv`): every council any official
table names, with its DfE and ONS codes, the DfE's name, other accepted names, the years it existed
and its predecessors and successors. Commands, readers, the API and the notebooks find councils here.

Rules, stated once:
- a name matches after `normalise` (case, "&", full stops, commas and "City of"/"County of" dropped);
  never by a guess: `find` suggests only real councils and `match` returns None;
- where one name was two councils (Dorset before and after 2019), the one that existed in the
  given year wins, and without a year the one that exists today;
- `too_small` councils (the City of London, the Isles of Scilly) are left out of every rank.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache

from .errors import InputError
from .paths import REFERENCE_DIR

REGISTER = REFERENCE_DIR / "councils.csv"
RANK_RULE = "ranks leave out the City of London and the Isles of Scilly, too small to compare"


@dataclass(frozen=True)
class Council:
    la_code: int
    new_la_code: str
    la_name: str
    other_names: tuple[str, ...]
    region: str
    first_year: int | None
    last_year: int | None
    predecessors: tuple[int, ...]
    successors: tuple[int, ...]
    too_small: bool
    former_new_la_codes: tuple[str, ...]

    def existed(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )

    @property
    def current(self) -> bool:
        return self.last_year is None


def normalise(name: str) -> str:
    text = str(name).lower().replace("&", " and ").replace(".", " ").replace(",", " ")
    text = re.sub(r"\b(city|county) of\b", " ", text)
    return " ".join(text.split())


def _codes(text: str) -> tuple[int, ...]:
    return tuple(int(c) for c in text.split(";") if c)


def _year(text: str) -> int | None:
    return int(text) if text else None


@cache
def register() -> tuple[Council, ...]:
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Council(
                la_code=int(row["la_code"]),
                new_la_code=row["new_la_code"],
                la_name=row["la_name"],
                other_names=tuple(n for n in row["other_names"].split(";") if n),
                region=row["region"],
                first_year=_year(row["first_year"]),
                last_year=_year(row["last_year"]),
                predecessors=_codes(row["predecessors"]),
                successors=_codes(row["successors"]),
                too_small=row["too_small"] == "true",
                former_new_la_codes=tuple(c for c in row["former_new_la_codes"].split(";") if c),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _by_name() -> dict[str, tuple[Council, ...]]:
    names: dict[str, list[Council]] = {}
    for council in register():
        for name in {normalise(n) for n in (council.la_name, *council.other_names)}:
            names.setdefault(name, []).append(council)
    return {k: tuple(v) for k, v in names.items()}


def by_code(la_code: int) -> Council:
    for council in register():
        if council.la_code == int(la_code):
            return council
    raise InputError(f"no council with DfE code {la_code} in the council register ({REGISTER.name})")


def _pick(hits: tuple[Council, ...], year: int | None) -> Council:
    if len(hits) == 1:
        return hits[0]
    if year is not None:
        alive = [c for c in hits if c.existed(year)]
    else:
        alive = [c for c in hits if c.current]
    return alive[0] if len(alive) == 1 else hits[-1]


def match(text: str | int, year: int | None = None) -> Council | None:
    """The council a name or code (DfE three-digit or ONS nine-character) denotes, or None."""
    key = str(text).strip()
    if re.fullmatch(r"\d{3}", key):
        return next((c for c in register() if c.la_code == int(key)), None)
    if re.fullmatch(r"[EeWwSsNn]\d{8}", key):
        key = key.upper()
        hits = tuple(c for c in register() if key == c.new_la_code or key in c.former_new_la_codes)
        return _pick(hits, year) if hits else None
    hits = _by_name().get(normalise(key))
    return _pick(hits, year) if hits else None


def suggestions(text: str, n: int = 3) -> list[Council]:
    key = normalise(text)
    names = _by_name()
    close = difflib.get_close_matches(key, list(names), n=n, cutoff=0.6)
    close += [name for name in names if key and len(key) >= 3 and name.startswith(key) and name not in close]
    seen: dict[int, Council] = {}
    for name in close:
        for council in names[name]:
            seen.setdefault(council.la_code, council)
    return list(seen.values())[:n]


def find(text: str | int, year: int | None = None) -> Council:
    """Like `match`, but an unknown council is an InputError that suggests real councils."""
    council = match(text, year)
    if council is not None:
        return council
    hint = ", ".join(f"{c.la_name} ({c.la_code})" for c in suggestions(str(text)))
    raise InputError(
        f"unknown council {str(text).strip()!r}"
        + (f"; did you mean: {hint}?" if hint else "; give an English council's name, DfE code or ONS code")
    )


def ranked(la_codes) -> list[int]:
    """The codes that take part in ranks (RANK_RULE)."""
    small = {c.la_code for c in register() if c.too_small}
    return [int(c) for c in la_codes if int(c) not in small]


def current() -> tuple[Council, ...]:
    return tuple(c for c in register() if c.current)
