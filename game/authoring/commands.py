"""The authoring subcommands: `drawdown validate`, `drawdown schema` and `drawdown new`."""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every file named (folders: their .toml files); exit 1 on any error, 2 on bad paths."""
    # imported when this subcommand runs, so the other commands start without it
    from .validate import expand, render_json, render_text, validate_paths

    files, missing = expand(list(args.paths))
    problems = validate_paths(files)
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
