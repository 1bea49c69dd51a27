"""Chapter 1: the timeline."""

from __future__ import annotations

import pandas as pd

from ..measures.context import CouncilContext
from ..text import md_esc as esc
from .prose import Prose, no_timeline


def timeline_intro(ctx: CouncilContext) -> Prose:
    if not ctx.has_timeline:
        return no_timeline(ctx, "events")
    data = ctx.dataset
    events = data.events
    start, end = ctx.params.window(events["date_earliest"].min().date())
    deaths = events[events["event_id"] == "deaths-2004-2008"]
    eras = ctx.eras
    paragraphs = [
        f"This chapter puts {len(events)} curated events in order, from {start:%B %Y} to {end:%B %Y}, "
        f"drawn from {len(data.sources)} public sources. Every event cites at least one source and says "
        "how its date was established; dates known only roughly are drawn as ranges, never as a made-up day."
    ]
    if len(deaths):
        row = deaths.iloc[0]
        paragraphs.append(
            f"The story starts with the deaths of children known to the council's social services ({esc(row.date_label)}): {esc(row.summary)}"
        )
    outside = eras[eras["outside_control"].astype(bool)] if len(eras) else eras
    if len(outside):
        paragraphs.append(
            "Periods of outside control, when someone other than the council ran the service or held "
            "statutory directions over it, dated from the data (they overlap: the trusts ran the service "
            "while the government's directions were still in force):"
        )
        paragraphs.append("\n".join(_era_line(e) for e in outside.itertuples()))
    partners = eras[eras["kind"] == "improvement partner"] if len(eras) else eras
    if len(partners):
        paragraphs.append(
            "Not outside control: an improvement partner worked with the council's own service, which the "
            "council still ran:"
        )
        paragraphs.append("\n".join(_era_line(e) for e in partners.itertuples()))
    key = events[events["key"]]
    paragraphs.append(
        f"{len(key)} events are marked as key and labelled on the chart; all events are in `figures/timeline.csv`."
    )
    return Prose("\n\n".join(paragraphs))


def _era_line(e) -> str:
    # An era bounded by the first day of what came next (a trust handed over on 1 April) ran to the day before.
    last = e.end - pd.Timedelta(days=1) if e.end.day == 1 else e.end
    return f"- **{esc(e.era)}**: {e.start:%B %Y} to {last:%B %Y}, about {e.years} year{'s' if e.years != 1 else ''}."


def key_events_table(ctx: CouncilContext) -> pd.DataFrame | Prose:
    if not ctx.has_timeline:
        return Prose("No curated events for this council.")
    key = ctx.dataset.events[ctx.dataset.events["key"]].sort_values("date_earliest")
    return pd.DataFrame(
        {"date": key["date_label"], "event": key["title"], "confidence": key["confidence"]}
    ).reset_index(drop=True)
