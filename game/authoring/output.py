"""What `drawdown validate` checks and prints, without the checking itself: the files named (folders
give their .toml files) and the problems as text or JSON. Kept apart from game.authoring.validate so
that a run whose answer is cached (game/world_cache.py) starts without the models."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import files as safe
from ..errors import Problem


def display_path(name: str) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(name)
    except ValueError:
        return name
    return name if rel.startswith("..") else rel


def expand(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files to check (folders give their *.toml files) and the arguments that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for name in paths:
        p = Path(name)
        if safe.is_dir(p):
            found = sorted(p.glob("**/*.toml"))
            if not found:
                missing.append(f"{name}: no .toml files in this folder")
            files += found
        elif safe.exists(p) or os.path.lexists(p):
            files.append(p)  # the reader says what is wrong with it (a pipe, a dangling link)
        else:
            missing.append(f"{name}: no such file")
    return files, missing


def render_text(problem: Problem, width: int = 120) -> str:
    """`PATH:LINE:COL: severity: message`, then the line with a caret under the column."""
    head = str(problem)
    line = problem.snippet
    if not line:
        return head
    col = max(1, problem.col)
    if len(line) > width:  # show a window around the column
        lo = max(0, min(col - 1 - width // 2, len(line) - width))
        shown = line[lo : lo + width]
        prefix = "…" if lo > 0 else ""
        suffix = "…" if lo + width < len(line) else ""
        line = prefix + shown + suffix
        col = col - lo + len(prefix)
    pad = "".join("\t" if c == "\t" else " " for c in line[: col - 1])
    num = str(problem.line)
    gutter = " " * len(num)
    return f"{head}\n  {num} | {line}\n  {gutter} | {pad}^"


def render_json(problems: list[Problem]) -> str:
    return json.dumps(
        [
            {
                "path": p.path,
                "line": p.line,
                "col": p.col,
                "severity": p.severity,
                "message": p.message,
            }
            for p in problems
        ],
        indent=2,
        ensure_ascii=False,
    )
