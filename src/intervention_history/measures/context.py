"""Everything a chapter needs for one council and one set of parameters, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..curated.eras import era_spans
from ..curated.folders import find_council_folder
from ..curated.load import Dataset, load_dataset
from ..errors import ParameterError
from ..official import registry
from ..params import Params
from . import spending
from .children import load_children_looked_after
from .phases import phases


@dataclass
class CouncilContext:
    params: Params
    la_code: int
    la_name: str
    dataset: Dataset | None  # None: this council has spending data but no curated timeline
    s251_outturn: pd.DataFrame  # section 251 outturn, every council, 2008-09 to 2013-14
    s251_timeseries: pd.DataFrame  # section 251 time series, England, Doncaster, Rotherham, 2015-16 on

    @property
    def has_timeline(self) -> bool:
        return self.dataset is not None

    def table(self, name: str) -> pd.DataFrame | None:
        return getattr(self.dataset, name) if self.dataset is not None else None

    @property
    def council_spending(self) -> pd.DataFrame:
        return spending.council_spending(self.s251_outturn, self.la_code)

    @property
    def total_spending(self) -> pd.DataFrame:
        """Net spending on all categories by financial year, both sources, cash (category "grand total")."""
        series = self.spending_series()
        totals = series.groupby("financial_year", as_index=False)["cash"].sum(min_count=1)
        return totals.rename(columns={"cash": "net_current_expenditure"}).assign(category=spending.GRAND_TOTAL)

    @property
    def eras(self) -> pd.DataFrame:
        """Declared eras of outside control (empty without a curated timeline)."""
        if self.dataset is None:
            return era_spans(None, None, None)
        return era_spans(self.dataset.events, self.dataset.costs, self.dataset.council.get("eras"))

    @property
    def phases(self) -> pd.DataFrame:
        return phases(self.eras)

    @cached_property
    def children_looked_after(self) -> pd.DataFrame:
        """Children looked after at 31 March, every council and England (official/children_looked_after.py)."""
        return load_children_looked_after()

    @cached_property
    def verdicts(self) -> pd.DataFrame:
        """Ofsted's verdicts up to the as-of date, with curated ratings and other verdicts marked (measures/inspections.py)."""
        from .inspections import merged

        return merged(self.la_code, self.params.as_of, self.table("judgements"))

    def official(self, name: str) -> pd.DataFrame:
        """Any processed official table, every council and England, loaded once per context."""
        cache = self.__dict__.setdefault("_official", {})
        if name not in cache:
            cache[name] = registry.load(name)
        return cache[name]

    def council_rows(self, name: str) -> pd.DataFrame:
        """This council's rows of an official table keyed by `la_code` (empty if it has none)."""
        table = self.official(name)
        if "la_code" not in table:
            return table.iloc[0:0]
        return table[pd.to_numeric(table["la_code"], errors="coerce") == self.la_code]

    def holds(self, topic: str) -> bool:
        """Does the project hold anything on this topic for this council? (Chapters without data are left out.)"""
        if topic in ("timeline", "leaders"):
            return self.has_timeline
        if topic == "costs":
            return self.has_timeline and not self.dataset.costs.empty
        if topic == "spending":
            return not self.spending_series().dropna(subset=["cash"]).empty
        if topic == "verdicts":
            return (self.has_timeline and not self.dataset.judgements.empty) or (
                "ofsted_inspections" in registry.BY_NAME and not self.council_rows("ofsted_inspections").empty
            )
        if topic in registry.BY_NAME:
            return not self.council_rows(topic).empty
        raise ValueError(f"unknown topic {topic!r}")

    def years_held(self) -> tuple[int | None, int | None]:
        """The first and last year of official data held for this council (financial years by their
        first year, 31 March and 30 September counts by theirs), no later than the as-of year."""
        years = [int(fy[:4]) for fy in self.spending_series().dropna(subset=["cash"])["financial_year"]]
        for name in registry.BY_NAME:
            rows = self.council_rows(name)
            if "year" in rows:
                years += [int(y) for y in pd.to_numeric(rows["year"], errors="coerce").dropna()]
        years = [y for y in years if y <= self.params.as_of.year]
        return (min(years), max(years)) if years else (None, None)

    def spending_series(self, area: int | str | None = None) -> pd.DataFrame:
        """Net spending by category and year, both sources; area defaults to this council."""
        return spending.area_series(self.s251_outturn, self.s251_timeseries, self.la_code if area is None else area)


def load_context(params: Params) -> CouncilContext:
    """Resolve the council, load its data and check the parameters against it."""
    table = registry.load("s251_outturn")
    code, name = spending.find_council(table, params.council)
    folder = find_council_folder(code)
    dataset = load_dataset(folder) if folder is not None else None
    if dataset is not None:
        first = dataset.events["date_earliest"].min()
        if pd.Timestamp(params.as_of) < first:
            raise ParameterError(f"as_of {params.as_of} is before the first event ({first:%d %b %Y})")
    return CouncilContext(params, code, name, dataset, table, registry.load("s251_timeseries"))
