"""Everything a chapter needs for one council and one set of parameters, loaded once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import spending
from .councils import find_council_folder
from .dataset import Dataset, load_dataset
from .errors import ParameterError
from .params import Params


@dataclass
class CouncilContext:
    params: Params
    la_code: int
    la_name: str
    dataset: Dataset | None  # None: this council has spending data but no curated timeline
    spending_table: pd.DataFrame

    @property
    def has_timeline(self) -> bool:
        return self.dataset is not None

    def table(self, name: str) -> pd.DataFrame | None:
        return getattr(self.dataset, name) if self.dataset is not None else None

    @property
    def council_spending(self) -> pd.DataFrame:
        return spending.council_spending(self.spending_table, self.la_code)


def load_context(params: Params) -> CouncilContext:
    """Resolve the council, load its data and check the parameters against it."""
    table = spending.load_spending()
    code, name = spending.find_council(table, params.council)
    folder = find_council_folder(code)
    dataset = load_dataset(folder) if folder is not None else None
    if dataset is not None:
        first = dataset.events["date_earliest"].min()
        if pd.Timestamp(params.as_of) < first:
            raise ParameterError(f"as_of {params.as_of} is before the first event ({first:%d %b %Y})")
    return CouncilContext(params, code, name, dataset, table)
