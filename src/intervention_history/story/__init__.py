"""The prose of each chapter, written from the data so that when the data change, the words change.

One module per chapter; every function returns a `Prose` object: Markdown for JupyterLab and the
report, the same text as plain text for nbval. Text taken from the data is escaped before it enters
the Markdown. Prose reads measures, never a chart's internals.
"""

from __future__ import annotations

from .children import children_in_care_text, children_in_need_text, returns_text
from .costs import costs_text, trust_money_table
from .prose import Prose, heading
from .spending import spending_changes, spending_text
from .timeline import key_events_table, timeline_intro
from .verdicts import leadership_text, national_text, verdicts_text
from .workforce import workforce_text

__all__ = [
    "Prose",
    "children_in_care_text",
    "children_in_need_text",
    "costs_text",
    "heading",
    "key_events_table",
    "leadership_text",
    "national_text",
    "returns_text",
    "spending_changes",
    "spending_text",
    "timeline_intro",
    "trust_money_table",
    "verdicts_text",
    "workforce_text",
]
