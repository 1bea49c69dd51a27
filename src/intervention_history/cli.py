"""Command line: python -m intervention_history {validate,data,report,compare,batch,notebooks} ..."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import InputError

DATE_OPTIONS = ("as_of", "window_start", "window_end")


def check_date(value: str, name: str) -> None:
    """Dates are checked before any work (params.parse_day: a date that cannot exist is told so)."""
    from .params import parse_day

    parse_day(value, name)


def check_out(out: str | None) -> None:
    """--out must be a folder we can create and write in; checked before any work."""
    if out is None:
        return
    path = Path(out)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"--out {out}: cannot write there ({exc.strerror or exc})") from None


def at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def split_councils(values: list[str]) -> list[str]:
    """Councils given as separate arguments or separated by commas ("Doncaster, North Lincolnshire").
    Pieces are joined back where together they name a council ("Kingston upon Hull, City of")."""
    from . import geography

    out = []
    for value in values:
        pieces = [p.strip() for p in value.split(",") if p.strip()]
        i = 0
        while i < len(pieces):
            end = next(
                (j for j in range(len(pieces), i + 1, -1) if geography.match(", ".join(pieces[i:j])) is not None),
                i + 1,
            )
            out.append(", ".join(pieces[i:end]))
            i = end
    return out


def _cross_check(dataset) -> None:
    """Curated Ofsted verdicts against Ofsted's own statistics (measures/inspections.py)."""
    from . import geography
    from .errors import DataError
    from .measures.inspections import cross_check
    from .official import registry

    registry.build([registry.BY_NAME["ofsted_inspections"]])
    council = geography.find(dataset.council["name"])
    problems = cross_check(dataset.directory, council.la_code, dataset.judgements)
    if problems:
        raise DataError(problems)


def _validate(args: argparse.Namespace) -> int:
    from .curated.folders import council_folders
    from .curated.load import load_dataset, summary_line

    folders = [Path(args.data_dir)] if args.data_dir else council_folders()
    if not folders:
        raise InputError("no council folders with a council.json under data/curated/")
    failures = []
    for folder in folders:
        try:
            dataset = load_dataset(folder)
            _cross_check(dataset)
            print(summary_line(dataset) + "; Ofsted verdicts match Ofsted's statistics")
        except InputError as exc:
            failures.append(str(exc))
    if failures:
        raise InputError("\n".join(failures))
    return 0


def _data(args: argparse.Namespace) -> int:
    from .official.registry import build_all

    for path in build_all(force=args.force):
        print(f"up to date: {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .publish import report

    return report.run_from_cli(args)


def _compare(args: argparse.Namespace) -> int:
    from .paths import REPORTS_DIR
    from .publish import compare, trail
    from .publish.build import RunFailed

    code = compare.run_from_cli(args)
    # The index lists comparisons too (index.list_comparisons): rewrite it after each comparison.
    if code == 0:
        try:
            trail.write_index(Path(args.out) if args.out else REPORTS_DIR)
        except (OSError, RunFailed) as exc:
            print(f"warning: the comparison is complete, but the index could not be updated: {exc}", file=sys.stderr)
    return code


def _batch(args: argparse.Namespace) -> int:
    from .publish import batch

    return batch.run_from_cli(args)


def _notebooks(args: argparse.Namespace) -> int:
    from .publish import notebooks

    notebooks.refresh(args.names or notebooks.all_notebooks())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m intervention_history", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="validate curated data (every council, or one folder)")
    validate.add_argument("--data-dir", help="one council folder, e.g. data/curated/doncaster")
    validate.set_defaults(func=_validate)

    data = sub.add_parser("data", help="build the tables in data/processed/ from the raw DfE files")
    data.add_argument("--force", action="store_true", help="rebuild even if inputs are unchanged")
    data.set_defaults(func=_data)

    report = sub.add_parser("report", help="run the notebooks and export the report")
    report.add_argument("--council", default="Doncaster", help="council name or DfE code")
    report.add_argument("--as-of", required=True, help="YYYY-MM-DD: the data's as-of date")
    report.add_argument("--window-start", default=None, help="YYYY-MM-DD (default: first event)")
    report.add_argument("--window-end", default=None, help="YYYY-MM-DD (default: as-of date)")
    report.add_argument("--out", default=None, help="output root (default: reports/)")
    report.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    report.add_argument(
        "--prices", choices=("real", "cash"), default="real", help="money in real terms (default) or cash"
    )
    report.add_argument(
        "--jobs", type=at_least_one, default=None, help="notebooks run at once, at least 1 (default: cores + 1)"
    )
    report.set_defaults(func=_report)

    compare = sub.add_parser("compare", help="compare two or more councils side by side")
    compare.add_argument(
        "--councils",
        nargs="+",
        default=["Doncaster", "Rotherham"],
        help="two or more council names or DfE or ONS codes, as separate arguments or separated by commas"
        ' ("Doncaster, North Lincolnshire")',
    )
    compare.add_argument("--as-of", required=True, help="YYYY-MM-DD: the data's as-of date")
    compare.add_argument("--window-start", default=None, help="YYYY-MM-DD: count years from this date")
    compare.add_argument("--window-end", default=None, help="YYYY-MM-DD: count years up to this date")
    compare.add_argument(
        "--out", default=None, help="output root (default: reports/); writes compare/<a>-vs-<b>/<as_of>/"
    )
    compare.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    compare.add_argument(
        "--with-neighbours",
        action="store_true",
        help="add the first council's ten statistical neighbours (the model for the as-of year)",
    )
    compare.add_argument(
        "--prices", choices=("real", "cash"), default="real", help="money in real terms (default) or cash"
    )
    compare.set_defaults(func=_compare)

    batch = sub.add_parser("batch", help="every named council's report at once, on Dask distributed")
    batch.add_argument(
        "--councils", nargs="+", required=True, help="all (every council today), or council names or DfE or ONS codes"
    )
    batch.add_argument("--as-of", required=True, help="YYYY-MM-DD: the data's as-of date")
    batch.add_argument("--scheduler", default=None, help="a Dask scheduler's address (default: a local cluster)")
    batch.add_argument("--workers", type=at_least_one, default=None, help="local cluster's workers (default: cores)")
    batch.add_argument(
        "--jobs", type=at_least_one, default=None, help="notebooks per report at once (default: cores / workers + 1)"
    )
    batch.add_argument("--out", default=None, help="output root shared by every worker (default: reports/)")
    batch.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    batch.set_defaults(func=_batch)

    refresh = sub.add_parser("notebooks", help="re-execute the committed notebooks in place with default parameters")
    refresh.add_argument("names", nargs="*", help="notebook file names (default: every notebook)")
    refresh.set_defaults(func=_notebooks)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        for name in DATE_OPTIONS:
            if getattr(args, name, None):
                check_date(getattr(args, name), name)
        check_out(getattr(args, "out", None))
        if getattr(args, "councils", None):
            args.councils = split_councils(args.councils)
        if getattr(args, "with_neighbours", False):
            from . import geography
            from .measures.benchmarks import neighbours_of

            named = {geography.find(c).la_code for c in args.councils}
            extra = [n for n in neighbours_of(args.councils[0], args.as_of) if geography.find(n).la_code not in named]
            args.councils = [*args.councils, *extra]
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
