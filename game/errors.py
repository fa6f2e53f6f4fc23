"""The last line of defence: an unexpected error becomes a short message and a crash file, never a
traceback on the user's screen."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    severity: str
    message: str
    snippet: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"


class ContentError(Exception):
    """A file that cannot be used; `problems` says every reason, each with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class UsageError(Exception):
    """Bad arguments on the command line: the command exits 2 with this message."""


def report_crash(err: BaseException) -> int:
    text = "".join(traceback.format_exception(err))
    try:
        fd, path = tempfile.mkstemp(prefix="drawdown-crash-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        where = f"; details were written to {path}"
    except OSError:
        where = ""
    print(f"drawdown: internal error: {type(err).__name__}: {err}{where}", file=sys.stderr)
    print("Please report it with that file. Your saves were not changed.", file=sys.stderr)
    return 70
