"""Command line: python -m intervention_history {validate,data,report,compare,notebooks} ..."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import InputError


def _validate(args: argparse.Namespace) -> int:
    from .curated.folders import council_folders
    from .curated.load import load_dataset, summary_line

    folders = [Path(args.data_dir)] if args.data_dir else council_folders()
    if not folders:
        raise InputError("no council folders with a council.json under data/curated/")
    failures = []
    for folder in folders:
        try:
            print(summary_line(load_dataset(folder)))
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
    from .publish import compare

    return compare.run_from_cli(args)


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
    report.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores + 1)")
    report.set_defaults(func=_report)

    compare = sub.add_parser("compare", help="compare two or more councils side by side")
    compare.add_argument(
        "--councils", nargs="+", default=["Doncaster", "Rotherham"], help="two or more council names or DfE codes"
    )
    compare.add_argument("--as-of", required=True, help="YYYY-MM-DD: the data's as-of date")
    compare.add_argument(
        "--out", default=None, help="output root (default: reports/); writes compare/<a>-vs-<b>/<as_of>/"
    )
    compare.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    compare.add_argument(
        "--prices", choices=("real", "cash"), default="real", help="money in real terms (default) or cash"
    )
    compare.set_defaults(func=_compare)

    refresh = sub.add_parser("notebooks", help="re-execute the committed notebooks in place with default parameters")
    refresh.add_argument("names", nargs="*", help="notebook file names (default: every notebook)")
    refresh.set_defaults(func=_notebooks)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
