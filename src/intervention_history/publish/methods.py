"""Fixed wording for the report's data and methods section (no numbers from the data here).

Each paragraph belongs to a topic; a report carries only the paragraphs of the topics it holds.
"""

METHODS: tuple[tuple[str, str], ...] = (
    (
        "timeline",
        """**What this is.** A curated, sourced timeline of one council's children's services, with the
Department for Education's and Ofsted's official statistics for every English council, turned into
charts by the `intervention_history` Python package and parameterised chapter notebooks.""",
    ),
    (
        "official",
        """**What this is.** A benchmarking report on one council's children's services from official
statistics that cover every English council (the Department for Education, Ofsted and the Office for
National Statistics), turned into charts by the `intervention_history` Python package and
parameterised chapter notebooks.""",
    ),
    (
        "timeline",
        """**Timeline.** Every event, verdict, tenure and cost was curated by hand from public sources (listed
below) and cites at least one of them. Dates use the Extended Date/Time Format: a date known only to
the month, year or an interval is stored and drawn as such (ranges and hollow markers, "c." labels),
never as an invented day. Where an article gave a relative date ("yesterday", "last year"), the date
was resolved against the article's own, often uncertain, publication date, and the derivation is
recorded with the row.""",
    ),
    (
        "verdicts",
        """**Verdicts.** Inspection frameworks changed repeatedly. Each verdict keeps the inspectorate's own
wording; a harmonised grade maps it onto one four-point scale (1 outstanding to 4 inadequate).
Comparisons across frameworks are approximate.""",
    ),
    (
        "costs",
        """**Costs.** Amounts are as reported in the press and council papers. Undisclosed amounts are left
empty and shown as undisclosed, never as zero. Monthly costs assume a contract's value was spread
evenly over its period.""",
    ),
    (
        "spending",
        """**Spending.** The section 251 outturn files (every council, 2008-09 to 2013-14) and the DfE's
time series (published for every council from 2015-16; this project holds England, Doncaster and
Rotherham of it) are mapped to one set of categories by published tables; subtotals and memorandum
lines are never summed twice, and the build checks every total against its parts. The DfE published
outturn for 2014-15 too, but this project does not hold it yet: that year is left as a gap. Totals
compare like with like: only the categories the return covers in every year compared (Sure Start and
services for young people enter it in 2010-11). Money is in real terms at 2023-24 prices (HM
Treasury GDP deflator), with cash in the chart data; spending per child is the DfE's published
figure, from 2015-16 only.""",
    ),
    (
        "children_looked_after",
        """**Children.** Counts at 31 March from the DfE's children looked after and children in need
releases; rates per 10,000 children aged 0 to 17 as the DfE published them, and where it published
none, computed from the ONS mid-year estimate of the year before and marked computed. Suppressed and
low-reliability figures keep their status and are never read as zero.""",
    ),
    (
        "workforce",
        """**Workforce.** The DfE's children's social work workforce census, at 30 September each year from
2017: agency, turnover and vacancy rates and caseloads as published. Figures the DfE marks as low
reliability or suppressed are shown as gaps with their reason, never as zero. Where two councils send
one return (Kingston upon Thames and Richmond upon Thames; North and West Northamptonshire), both
carry the pair's rates.""",
    ),
    (
        "neighbours",
        """**Benchmarks.** Each council is set against its ten statistical neighbours (the DfE's 2021
model up to 2024, its 2025 model from 2025; a council in only one model uses that one), its region,
England's own published figure and the median council. Ranks leave out the City of London and the
Isles of Scilly, too small to compare.""",
    ),
    (
        "timeline",
        """**Limitations.** The timeline covers one council. Press reports may be incomplete or wrong on
detail; confidence is recorded for each event.""",
    ),
)


def methods_md(topics) -> str:
    """The paragraphs for the topics a report holds ("official" stands for a report with no timeline)."""
    return "\n\n".join(text for topic, text in METHODS if topic in set(topics)) + "\n"
