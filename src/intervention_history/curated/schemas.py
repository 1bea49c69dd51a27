"""The pandera schemas of the curated tables (imported only when data are validated)."""

from __future__ import annotations

import pandera.pandas as pa

from ..curated.vocabulary import (
    BOOLEANS,
    CONFIDENCE,
    COST_BASES,
    COST_STATUSES,
    COST_UNITS,
    EVENT_CATEGORIES,
    ID_PATTERN,
    INSPECTORATES,
    JUDGEMENT_KINDS,
    MAX_TITLE_LENGTH,
    ROLES,
    SOURCE_KINDS,
    SUBJECTS,
)


def _matches(pattern: str, name: str) -> pa.Check:
    return pa.Check(lambda s: s.str.fullmatch(pattern), name=name)


def _text_checks() -> list[pa.Check]:
    return [
        pa.Check(lambda s: ~s.str.match(r"^[=+\-@]"), name="no_formula", element_wise=False),
        pa.Check(lambda s: ~s.str.contains(r"<\s*/?\s*[a-zA-Z!]", regex=True), name="no_markup"),
        pa.Check(lambda s: ~s.str.contains(r"[\x00-\x08\x0b-\x1f\x7f]", regex=True), name="no_control_chars"),
    ]


def _text(nullable: bool = False, extra: list[pa.Check] | None = None, unique: bool = False) -> pa.Column:
    return pa.Column(object, checks=_text_checks() + (extra or []), nullable=nullable, unique=unique)


def _choice(values) -> pa.Column:
    return pa.Column(object, checks=[pa.Check.isin(list(values))], nullable=False)


def _id(unique: bool = True) -> pa.Column:
    return pa.Column(object, checks=[_matches(ID_PATTERN, "is_id")], nullable=False, unique=unique)


_NUMBER = r"^-?\d+(\.\d+)?$"


def _number(nullable: bool, extra: list[pa.Check]) -> pa.Column:
    return pa.Column(
        object,
        checks=[_matches(_NUMBER, "is_number")] + extra,
        nullable=nullable,
    )


def _title() -> pa.Column:
    return _text(extra=[pa.Check.str_length(max_value=MAX_TITLE_LENGTH)])


SCHEMAS = {
    "sources": pa.DataFrameSchema(
        {
            "source_id": _id(),
            "title": _text(),
            "publisher": _text(),
            "url": pa.Column(object, checks=[_matches(r"^https?://[^\s<>\"]+$", "is_url")]),
            "published": pa.Column(object, nullable=False),
            "kind": _choice(SOURCE_KINDS),
            "notes": _text(nullable=True),
        }
    ),
    "events": pa.DataFrameSchema(
        {
            "event_id": _id(),
            "date": pa.Column(object, nullable=False),
            "title": _title(),
            "summary": _text(),
            "category": _choice(EVENT_CATEGORIES),
            "source_ids": pa.Column(object, nullable=False),
            "evidence": _text(),
            "date_basis": _text(),
            "confidence": _choice(CONFIDENCE),
            "key": _choice(BOOLEANS),
        }
    ),
    "judgements": pa.DataFrameSchema(
        {
            "judgement_id": _id(),
            "date": pa.Column(object, nullable=False),
            "body": _choice(INSPECTORATES),
            "kind": _choice(JUDGEMENT_KINDS),
            "framework": _text(),
            "subject": _choice(SUBJECTS),
            "judgement": _text(),
            "grade": pa.Column(object, checks=[_matches(r"^[1-4]$", "grade_1_to_4")], nullable=True),
            "source_ids": pa.Column(object, nullable=False),
            "notes": _text(nullable=True),
        }
    ),
    "roles": pa.DataFrameSchema(
        {
            "person": _text(),
            "role": _choice(ROLES),
            "organisation": _text(),
            "start": pa.Column(object, nullable=False),
            "end": pa.Column(object, nullable=True),
            "last_seen": pa.Column(object, nullable=True),
            "interim": _choice(BOOLEANS),
            "source_ids": pa.Column(object, nullable=False),
            "date_basis": _text(),
            "confidence": _choice(CONFIDENCE),
            "notes": _text(nullable=True),
        }
    ),
    "costs": pa.DataFrameSchema(
        {
            "cost_id": _id(),
            "item": _text(),
            "payer": _text(),
            "payee": _text(nullable=True),
            "amount_gbp": _number(
                nullable=True,
                extra=[pa.Check(lambda s: ~s.str.startswith("-"), name="not_negative")],
            ),
            "unit": _choice(COST_UNITS),
            "basis": _choice(COST_BASES),
            "period": pa.Column(object, nullable=False),
            "status": _choice(COST_STATUSES),
            "source_ids": pa.Column(object, nullable=False),
            "notes": _text(nullable=True),
        }
    ),
}
