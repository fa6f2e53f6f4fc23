"""The authoring subcommands: `drawdown validate`, `drawdown schema` and `drawdown new`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file named (folders: their .toml files); exit 1 on any error, 2 on bad paths."""
    # imported when this subcommand runs, so the other commands start without it
    from .output import expand, render_json, render_text

    files, missing = expand(list(args.paths))
    problems = problems_of_run(files)
    if getattr(args, "format", "text") == "json":
        print(render_json(problems))
    else:
        for p in problems:
            print(render_text(p))
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        checked = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        if problems:
            print(f"{checked}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        elif files:
            print(f"{checked}: no problems", file=sys.stderr)
    for m in missing:
        print(f"drawdown validate: {m}", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    return EXIT_PROBLEMS if any(p.severity == "error" for p in problems) else EXIT_OK


def problems_of_run(paths: list[Path]) -> list[Problem]:
    """Every problem in these files, or none at once when the same files, unchanged and with the
    same code, were found clean before (game/world_cache.py). Only clean runs are kept: a run
    with problems prints them from a fresh check, source lines and all."""
    # imported when this subcommand runs, so the other commands start without it
    from .. import files, world_cache

    key = json.dumps([str(files.resolved(p)) for p in paths])
    if world_cache.read_entry("validate", key) == "clean":
        return []
    # imported when there is checking to do: it needs every model (bench/validate.py)
    from .validate import validate_paths

    with world_cache.recording() as deps:
        problems = validate_paths(paths)
    if not problems:
        world_cache.write_entry("validate", key, deps, "clean")
    return problems


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a file kind on stdout."""
    # imported when this subcommand runs, so the other commands start without it
    from .schema import SchemaUnavailable, schema_json

    try:
        print(schema_json(getattr(args, "kind", None) or "scenario"))
    except SchemaUnavailable as err:
        print(f"drawdown schema: {err}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    """Print the rules in force (the standard table, or a scenario's), with sources."""
    # imported when this subcommand runs, so the other commands start without it
    from ..content import standard_rules
    from ..errors import ContentError
    from ..model.rules import resolve
    from ..worlds import load_world
    from .rules_doc import tables

    try:
        if args.scenario:
            world = load_world(args.scenario)
            print(f"# Rules in force in {world.scenario.id}\n")
            print(tables(world.rules, world.rule_sources, origin=True), end="")
        else:
            table, _ = standard_rules()
            rules, sources = resolve(table)
            print("# The standard rules\n")
            print(tables(rules, sources), end="")
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new, valid, commented scenario to start from."""
    # imported when this subcommand runs, so the other commands start without it
    from .scaffold import ScaffoldError, scaffold_path, write_scaffold

    try:
        path = scaffold_path(args.name)
        write_scaffold(path, force=bool(getattr(args, "force", False)))
    except ScaffoldError as err:
        print(f"drawdown new: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"wrote {path}")
    print(f"next: drawdown validate {path}")
    print(f"      drawdown sim {path} --policy cautious --runs 50")
    print(f"      drawdown play {path}")
    return EXIT_OK
