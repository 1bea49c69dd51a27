"""Chapter 2: verdicts and leaders."""

from __future__ import annotations

import pandas as pd

from ..measures.context import CouncilContext
from ..measures.leadership import DCS, tenure_table
from ..text import md_esc as esc
from ..text import words
from .prose import Prose, no_timeline


def verdicts_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return no_timeline(ctx, "inspection verdicts")
    j = ctx.dataset.judgements.sort_values("date_earliest")
    graded = j[j["grade"].notna()]
    lowest = graded[graded["grade"] == 4]
    latest = graded.iloc[-1]
    frameworks = j["framework"].nunique()
    return Prose(
        f"Inspectors published {len(j)} verdicts on the service between {j.iloc[0].date_label} and {j.iloc[-1].date_label}, "
        f"under {frameworks} different frameworks. {len(lowest)} of the {len(graded)} graded verdicts fell in the lowest band "
        f"(inadequate, or 'failing' for the Audit Commission's judgement of the whole council). The most recent, "
        f"{esc(latest.date_label)}, was '{esc(latest.judgement)}'.\n\n"
        "The frameworks used different words, so the chart maps each onto one four-point scale (1 outstanding to 4 "
        "inadequate). The mapping is set out in the data and methods section; treat comparisons across frameworks as rough."
    )


def leadership_text(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return no_timeline(ctx, "leadership tenures")
    roles = tenure_table(ctx.dataset.roles, pd.Timestamp(ctx.params.as_of))
    dcs = roles[roles["role"] == DCS].sort_values("start_mid")
    interim = dcs[dcs["interim"]]
    people = dcs["person"].nunique()
    unknown = roles[roles["end_status"] == "unknown"]
    text = (
        f"{words(people).capitalize()} people took the post of director of children's services between "
        f"{dcs.iloc[0].start_label} and {dcs.iloc[-1].start_label}; {words(interim['person'].nunique())} of them as interims. "
        f"In the same years the council had {words(roles[roles['role'] == 'elected mayor']['person'].nunique())} elected mayors "
        f"and {words(roles[roles['role'] == 'chief executive'].shape[0])} chief executive appointments."
    )
    if len(unknown):
        names = ", ".join(esc(p) for p in unknown["person"])
        text += f"\n\nOur sources do not record when {len(unknown)} tenures ended ({names}); the chart marks them with a '?' rather than guess."
    return Prose(text)
