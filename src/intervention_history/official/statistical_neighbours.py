"""Statistical neighbours: the ten councils most like each English council, DfE models of 2021 and 2025.

Publisher: Department for Education, statistical neighbour models: the groupings published April 2021
(`New_Statistical_Neighbour_Groupings_April_2021.csv`) and the 2025 model (`sn_model_2025_wide.csv`),
copied byte for byte to data/raw/statistical_neighbours/ from the public repository
dfe-analytical-services/CSC_outcomes_and_enablers, `data-raw/`, commit 2f5d11a (27 April 2026).
Open Government Licence v3.0.

Coverage: 2021 model, 152 councils as they stood in 2021 plus 4 listed under the file's "Old SNs:"
heading (old Dorset 835, Poole 836, Bournemouth 837, Northamptonshire 928; ``old_sns`` True); 2025
model, 153 councils (after the 2023 reorganisation: Cumberland 942 and Westmorland and Furness 943
have neighbours only in 2025). One row per model, council and rank 1-10.

Rules:
- Councils and neighbours are named by the register (geography): ``la_name`` and
  ``neighbour_la_name`` are its DfE spellings, ``new_la_code`` its ONS code; the file's name must
  match the register's for that code (after geography.normalise, " (Pre LG)" dropped).
- ``closeness_published`` is the cell verbatim (trailing spaces and capitals kept); ``closeness`` is
  one spelling (``CLOSENESS``: "Extremely close" ... "Not close").
- Every council has ten neighbours, ranks 1 to 10 without a gap, no neighbour twice, never itself;
  every neighbour is a council of the same model. A neighbour code not in the register, a council
  twice, a rank gap, a changed header or a short row stops the build (file, line, column).
- Which model applies to which year is not decided here: see measures.benchmarks.model_for.
- Nothing is published twice, so there is no revisions table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import geography, paths
from ..errors import DataError, Problem
from .raw import Gather, Rows, bad_width, collector, open_csv

NAME = "statistical_neighbours"
RAW_DIR = paths.RAW_DIR / NAME
RANKS = tuple(range(1, 11))
CLOSENESS = ("Extremely close", "Very close", "Close", "Somewhat close", "Not close")
_CLOSENESS = {c.lower(): c for c in CLOSENESS}
OLD_SNS_LABEL = "Old SNs:"
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Model:
    """One model's wide file: its header as published and where each field is."""

    model: str
    file: str
    header: tuple[str, ...]  # exactly as published, in order (names may repeat)
    code: int  # column index of the council's DfE code
    name: int  # column index of the council's name
    same_code: int | None  # a second column that must repeat the code (2021: `LA number`)
    first_neighbour: int  # index of rank 1's code; closeness follows each code
    councils: int  # councils as published: fewer means the file was cut short


MODELS = {
    "2021": Model(
        model="2021",
        file="New_Statistical_Neighbour_Groupings_April_2021.csv",
        header=(
            "LA num",
            "LA Name",
            "LA number",
            "GOInd",
            "GOReg",
            *(c for r in RANKS for c in (f"SN{r}", "SNP")),
            "",  # a trailing comma on every line
        ),
        code=0,
        name=1,
        same_code=2,
        first_neighbour=5,
        councils=156,
    ),
    "2025": Model(
        model="2025",
        file="sn_model_2025_wide.csv",
        header=(
            "old_la_code",
            "la_name",
            "region_ind",
            "region_name",
            *(c for r in RANKS for c in (f"SN_{r}", f"SN_{r}P")),
        ),
        code=0,
        name=1,
        same_code=None,
        first_neighbour=4,
        councils=153,
    ),
}

OUTPUT_COLUMNS = {
    "model": "str",
    "la_code": "Int64",
    "new_la_code": "str",
    "la_name": "str",
    "old_sns": "bool",
    "rank": "int64",
    "neighbour_la_code": "Int64",
    "neighbour_la_name": "str",
    "closeness": "str",
    "closeness_published": "str",
    "source_line": "int64",
}
TABLES = {NAME: dict(OUTPUT_COLUMNS)}


def inputs(raw_dir: Path = RAW_DIR) -> list[Path]:
    return [raw_dir / model.file for model in MODELS.values()] + [geography.REGISTER]


def _is_code(text: str) -> bool:
    return len(text) == 3 and text.isascii() and text.isdigit()


def _register_name_matches(published: str, council: geography.Council) -> bool:
    name = published.removesuffix("(Pre LG)").strip()
    return geography.normalise(name) in {geography.normalise(n) for n in (council.la_name, *council.other_names)}


def read_model(model: Model, raw_dir: Path = RAW_DIR) -> pd.DataFrame:
    """One model's rows (columns as TABLES), checked; blank lines and the "Old SNs:" heading skipped."""
    name, reader, header = open_csv(raw_dir / model.file)
    problems: list[Problem] = []
    problem = collector(name, problems, MAX_PROBLEMS)
    if len(header) < len(model.header):
        missing = model.header[len(header)] or "(trailing empty column)"
        problem(1, missing, f"header ends after {len(header)} columns; expected {len(model.header)}")
    for i, (found, expected) in enumerate(zip(header, model.header, strict=False)):
        if found.strip() != expected:
            problem(1, expected or f"column {i + 1}", f"expected column {i + 1} to be {expected!r}", found)
    if len(header) > len(model.header):
        problem(1, "(header)", f"{len(header)} columns; expected {len(model.header)}")
    if problems:
        raise DataError(problems)

    register = {c.la_code: c for c in geography.register()}
    records, seen, old_sns = [], {}, False
    rows = Rows(reader, problem)
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if row[0].strip() == "" and len(row) > 1 and row[1].strip() == OLD_SNS_LABEL:
            old_sns = True
            continue
        if bad_width(problem, line, row, header, "(trailing empty column)"):
            continue
        cells = [cell.strip() for cell in row]
        code_column = header[model.code]
        code = cells[model.code]
        if not _is_code(code):
            problem(line, code_column, "not a 3-digit local authority code", code)
            continue
        council = register.get(int(code))
        if council is None:
            problem(line, code_column, f"council {code} is not in the council register", code)
            continue
        if model.same_code is not None and cells[model.same_code] != code:
            problem(line, header[model.same_code], f"expected the code again ({code})", cells[model.same_code])
        if not _register_name_matches(cells[model.name], council):
            problem(
                line,
                header[model.name],
                f"the register names council {code} {council.la_name!r}",
                cells[model.name],
            )
        if header[-1] == "" and cells[-1]:
            problem(line, "(trailing empty column)", "expected an empty field", cells[-1])
        if code in seen:
            problem(line, code_column, f"council {code} appears again (first on line {seen[code]})", code)
            continue
        seen[code] = line
        pairs = [(cells[at], row[at + 1], at) for at in range(model.first_neighbour, model.first_neighbour + 20, 2)]
        empty = [
            rank
            for rank, (n_code, published, _) in zip(RANKS, pairs, strict=True)
            if not n_code and not published.strip()
        ]
        if empty:
            gap = empty[0]
            after = "a rank gap" if len(empty) < 11 - gap else f"ranks {gap}-10 are empty"
            problem(line, header[pairs[gap - 1][2]], f"no neighbour at rank {gap} ({after})")
            continue
        neighbours = []
        for rank, (n_code, published, at) in zip(RANKS, pairs, strict=True):
            n_column, c_column = header[at], f"{header[at + 1]} (rank {rank})"
            if not _is_code(n_code):
                problem(line, n_column, "not a 3-digit local authority code", n_code)
                continue
            if int(n_code) not in register:
                problem(line, n_column, f"neighbour {n_code} is not in the council register", n_code)
                continue
            if n_code == code:
                problem(line, n_column, "a council is not its own neighbour", n_code)
                continue
            if n_code in neighbours:
                problem(line, n_column, f"neighbour {n_code} appears twice", n_code)
                continue
            closeness = _CLOSENESS.get(" ".join(published.split()).lower())
            if closeness is None:
                problem(line, c_column, f"not a closeness ({', '.join(CLOSENESS)})", published)
                continue
            neighbours.append(n_code)
            records.append(
                {
                    "model": model.model,
                    "la_code": int(code),
                    "new_la_code": council.new_la_code,
                    "la_name": council.la_name,
                    "old_sns": old_sns,
                    "rank": rank,
                    "neighbour_la_code": int(n_code),
                    "neighbour_la_name": register[int(n_code)].la_name,
                    "closeness": closeness,
                    "closeness_published": published,
                    "source_line": line,
                }
            )
    if not problems and len(seen) < model.councils:
        problem(rows.line + 1, "(file)", f"{len(seen)} councils but the model has {model.councils}: it was cut short")
    frame = pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))
    if not problems:
        members = set(frame["la_code"])
        for r in frame[~frame["neighbour_la_code"].isin(members)].itertuples():
            at = model.first_neighbour + 2 * (r.rank - 1)
            problem(
                r.source_line,
                header[at],
                f"neighbour {r.neighbour_la_code:03d} is not a council of the {model.model} model",
            )
    if problems:
        raise DataError(problems)
    return frame


def harmonise(raw_dir: Path = RAW_DIR) -> dict[str, pd.DataFrame]:
    """Both models, one row per model, council and rank, sorted by model, code and rank."""
    gather = Gather()
    frames = [gather(read_model, model, raw_dir) for model in MODELS.values()]
    gather.check()
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["model", "la_code", "rank"], kind="stable").reset_index(drop=True)
    for column, dtype in OUTPUT_COLUMNS.items():
        table[column] = table[column].astype(dtype)
    return {NAME: table[list(OUTPUT_COLUMNS)]}
