"""Every stored snapshot belongs to a test. syrupy fails a run that leaves a snapshot unused, but
only a run in one process: under pytest-xdist (the suite's default, see pyproject.toml) no process
sees the whole run, so this test keeps that check."""

from __future__ import annotations

import ast
from pathlib import Path

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "__snapshots__"


def named_tests(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    return {n.name for n in ast.walk(tree) if isinstance(n, kinds) and n.name.startswith("test_")}


def test_every_stored_snapshot_is_a_tests_own():
    stored = sorted(SNAPSHOTS.glob("*/*.svg"))
    assert stored, f"no snapshots found in {SNAPSHOTS}"
    for svg in stored:
        module = HERE / f"{svg.parent.name}.py"
        assert module.is_file(), f"{svg}: no test module {module.name}"
        name = svg.stem.split("[")[0]  # a parametrized test's snapshots are name[case]
        assert name in named_tests(module), (
            f"{svg}: no test {name} in {module.name} (remove it with --snapshot-update -n 0)"
        )
