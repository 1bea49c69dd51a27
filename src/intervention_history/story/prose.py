"""What every chapter's prose is made of: Markdown that shows in JupyterLab, the report and nbval."""

from __future__ import annotations

from ..measures.context import CouncilContext
from ..text import md_esc as esc


class Prose:
    """Markdown that shows as Markdown in notebooks and as the same text to nbval."""

    def __init__(self, markdown: str):
        self.markdown = markdown.strip() + "\n"

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def no_timeline(ctx: CouncilContext, what: str) -> Prose:
    return Prose(
        f"There is no curated timeline for {esc(ctx.la_name)} yet, so this chapter has no {what} to show. "
        "The spending chapter works for every English council. To add a timeline, copy the layout of "
        "`data/curated/doncaster/` (see `data/curated/README.md`)."
    )


def heading(anchor: str, text: str) -> Prose:
    return Prose(f'<h2 id="{anchor}">{esc(text)}</h2>')
