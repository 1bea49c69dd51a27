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
    if len(eras):
        paragraphs.append("Periods of outside control, dated from the data:")
        paragraphs.append(
            "\n".join(
                f"- **{esc(e.era)}**: {e.start:%B %Y} to {e.end:%B %Y}, about {e.years} year{'s' if e.years != 1 else ''}."
                for e in eras.itertuples()
            )
        )
    key = events[events["key"]]
    paragraphs.append(
        f"{len(key)} events are marked as key and labelled on the chart; all events are in `figures/timeline.csv`."
    )
    return Prose("\n\n".join(paragraphs))


def key_events_table(ctx: CouncilContext) -> pd.DataFrame | Prose:
    if not ctx.has_timeline:
        return Prose("No curated events for this council.")
    key = ctx.dataset.events[ctx.dataset.events["key"]].sort_values("date_earliest")
    return pd.DataFrame(
        {"date": key["date_label"], "event": key["title"], "confidence": key["confidence"]}
    ).reset_index(drop=True)
