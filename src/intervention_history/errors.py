"""Errors that reach users. Each problem names the file, the line and the column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        shown = "" if self.value is None else f" ({_shorten(self.value)!r})"
        return f"{self.file}:{self.line}: {self.column}: {self.message}{shown}"


def _shorten(value: str, limit: int = 80) -> str:
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


class InputError(Exception):
    """Bad input from a user: reported without a traceback, exit code 2."""

    exit_code = 2


class DataError(InputError):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} found:"]
        lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class ParameterError(InputError):
    pass
