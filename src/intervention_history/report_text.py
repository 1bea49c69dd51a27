"""Fixed wording for the report's data and methods section (no numbers from the data here)."""

METHODS_MD = """
**What this is.** A curated, sourced timeline of one council's children's services, with the
Department for Education's section 251 spending returns for every English council, turned into
charts by the `intervention_history` Python package and four parameterised notebooks.

**Timeline.** Every event, verdict, tenure and cost was curated by hand from public sources (listed
below) and cites at least one of them. Dates use the Extended Date/Time Format: a date known only to
the month, year or an interval is stored and drawn as such (ranges and hollow markers, "c." labels),
never as an invented day. Where an article gave a relative date ("yesterday", "last year"), the date
was resolved against the article's own, often uncertain, publication date, and the derivation is
recorded with the row.

**Verdicts.** Inspection frameworks changed repeatedly. Each verdict keeps the inspectorate's own
wording; a harmonised grade maps it onto one four-point scale (1 outstanding to 4 inadequate).
Comparisons across frameworks are approximate.

**Costs.** Amounts are as reported in the press and council papers. Undisclosed amounts are left
empty and shown as undisclosed, never as zero. Monthly costs assume a contract's value was spread
evenly over its period.

**Spending.** The section 251 outturn files differ every year in layout, encoding and line
numbering. Each line of each year is mapped to a stable category by a published table; subtotals and
memorandum lines are never summed twice, and for every council the categories add up to the
published grand total. Figures are cash (not adjusted for inflation) and not per child.

**Limitations.** The timeline covers one council. Press reports may be incomplete or wrong on
detail; confidence is recorded for each event. Leadership after 2019 is incomplete. Spending data
stop in 2013-14, so the trust years are covered only by reported budgets and overspends.
"""
