"""Fixed wording for the report's data and methods section (no numbers from the data here)."""

METHODS_MD = """
**What this is.** A curated, sourced timeline of one council's children's services, with the
Department for Education's section 251 spending returns for every English council, turned into
charts by the `intervention_history` Python package and five parameterised chapter notebooks.

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

**Spending.** The section 251 outturn files (every council, 2008-09 to 2013-14) and the DfE time
series (England, Doncaster and Rotherham, 2015-16 on) are mapped to one set of categories by published
tables; subtotals and memorandum lines are never summed twice, and the build checks every total
against its parts. 2014-15 is in neither source and is left as a gap. Totals compare like with like:
only the categories the return covers in every year compared (Sure Start and services for young people
enter it in 2010-11). Money is in real terms at 2023-24 prices (HM Treasury GDP deflator), with cash in
the chart data; spending per child is the DfE's published figure, from 2015-16 only.

**Limitations.** The timeline covers one council. Press reports may be incomplete or wrong on
detail; confidence is recorded for each event. Leadership after 2019 is incomplete. Spending for
every English council is available only for 2008-09 to 2013-14, so comparisons with all councils stop there.
"""
