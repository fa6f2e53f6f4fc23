"""`drawdown validate`: check content files of every kind and report every problem at once."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import files as safe
from ..content import CONTENT_DIR, MAX_BYTES, build, parse_toml
from ..errors import ContentError, Problem
from ..model.checked import model_of
from ..model.content import Scenario, Theatre
from ..model.exercise import Exercise
from ..model.orders import OrdersFile
from ..model.rules import rules_table
from .locate import describe_error, locate, source_line, suggest
from .meaning import Report, _Scenario, check_scenario, check_theatre, tables
from .output import display_path, expand, render_json, render_text  # noqa: F401 - used here and by callers

KINDS = ("scenario", "theatre", "orders", "exercise")


def exercise_model() -> type[Any] | None:
    """The exercise model."""
    return Exercise


def detect_kind(path: Path, data: dict[str, Any]) -> str:
    """Which kind of file this is, from its folder and its top-level keys."""
    if "rules" in path.parts[:-1] and "scenario" not in data and "id" not in data:
        return "rules"
    if "theatres" in path.parts[:-1] or "routes" in data:
        return "theatre"
    sites = data.get("sites")
    if isinstance(sites, list) and any(
        isinstance(s, dict) and ("lat" in s or "lon" in s) for s in sites
    ):
        return "theatre"
    if "orders" in data or (not data and "orders" in path.stem):
        return "orders"  # an empty orders file is valid: no orders
    if "scenario" in data and ("injects" in data or "objectives" in data):
        return "exercise"
    if "exercises" in path.parts[:-1]:
        return "exercise"
    return "scenario"


def schema_problems(
    checked_as: type[Any], path: Path, data: dict[str, Any], text: str
) -> list[Problem]:
    """Every schema error of a parsed file, located and described by walking the model (a plain
    class's pydantic mirror: game/model/checked.py)."""
    model = model_of(checked_as)
    try:
        model.model_validate(data, strict=True)
    except ValidationError as err:
        out = []
        for e in err.errors():
            loc = tuple(e["loc"])
            line, col = locate(text, loc, e, model=model)
            message = describe_error(e, loc, model)
            out.append(Problem(str(path), line, col, "error", message, source_line(text, line)))
        return sorted(set(out))
    return []


_schema = schema_problems


_PARSED: dict[tuple[str, int, int], tuple[dict[str, Any] | None, str, list[Problem]]] = {}


def _load(path: Path) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse a file once per run: a theatre is read for every scenario that uses it."""
    try:
        st = os.stat(path)
        key: tuple[str, int, int] | None = (str(safe.resolved(path)), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError):
        key = None
    if key is not None and key in _PARSED:
        data, text, problems = _PARSED[key]
        return data, text, [dataclasses.replace(p, path=str(path)) for p in problems]
    try:
        data, text = parse_toml(path)
        result: tuple[dict[str, Any] | None, str, list[Problem]] = (data, text, [])
    except ContentError as err:
        result = (None, "", err.problems)
    if key is not None:
        if len(_PARSED) > 256:
            _PARSED.clear()
        _PARSED[key] = result
    return result


def theatre_file(ref: str, scenario_path: Path) -> Path:
    if ref.endswith(".toml") or "/" in ref:
        return safe.resolved(scenario_path.parent / ref)
    return CONTENT_DIR / "theatres" / f"{ref}.toml"


def bundled_ids(folder: str) -> list[str]:
    return sorted(p.stem for p in (CONTENT_DIR / folder).glob("*.toml"))


def _missing(report: Report, key: str, ref: str, what: str, folder: str, target: Path) -> None:
    if ref.endswith(".toml") or "/" in ref:
        report.error((key,), f"{what} file {ref!r} not found")
        return
    known = bundled_ids(folder)
    hint = suggest(ref, known) or f" (known: {', '.join(known) or 'none'})"
    report.error((key,), f"no bundled {what} {ref!r}{hint}")


def validate_scenario(path: Path, data: dict[str, Any], text: str) -> list[Problem]:
    problems = _schema(Scenario, path, data, text)
    report = Report(path, text)
    theatre: dict[str, Any] | None = None
    treport: Report | None = None
    ref = data.get("theatre")
    if isinstance(ref, str) and ref:
        tpath = theatre_file(ref, path)
        if not safe.is_file(tpath):
            _missing(report, "theatre", ref, "theatre", "theatres", tpath)
        else:
            tdata, ttext, tproblems = _load(tpath)
            problems += tproblems
            if tdata is not None:
                problems += _schema(Theatre, tpath, tdata, ttext)
                treport = Report(tpath, ttext)
                _meaning(problems, check_theatre, tdata, treport)
                theatre = tdata
    _meaning(problems, check_scenario, data, theatre, report, treport)
    problems += report.problems + (treport.problems if treport else [])
    return problems


def _meaning(problems: list[Problem], check: Callable[..., object], *args: object) -> None:
    """Run a meaning check. They read the data as the schema types it, so when the schema has
    already found errors (an id given as a list, say), a check tripping over them adds nothing:
    the schema's messages say what to fix."""
    try:
        check(*args)
    except Exception:
        if not any(p.severity == "error" for p in problems):
            raise


def validate_theatre(path: Path, data: dict[str, Any], text: str) -> list[Problem]:
    problems = _schema(Theatre, path, data, text)
    report = Report(path, text)
    _meaning(problems, check_theatre, data, report)
    return problems + report.problems


def validate_orders(path: Path, data: dict[str, Any], text: str) -> list[Problem]:
    problems = _schema(OrdersFile, path, data, text)
    report = Report(path, text)
    refs: set[str] = set()
    requests = 0
    listed = data.get("orders")
    orders = listed if isinstance(listed, list) else []
    for i, order in enumerate(orders):
        if not isinstance(order, dict):
            continue
        if order.get("kind") in ("request_movement", "move_unauthorized", "request_flight"):
            requests += 1
            refs.add(order["ref"] if isinstance(order.get("ref"), str) else f"R{requests}")
        req = order.get("request")
        if order.get("kind") in ("dispatch", "cancel", "engage") and isinstance(req, str):
            if req not in refs:
                report.warning(
                    ("orders", i, "request"),
                    f"request {req!r} is not made by an earlier order in this file{suggest(req, refs)}",
                )
    return problems + report.problems


def validate_exercise(path: Path, data: dict[str, Any], text: str) -> list[Problem]:
    model = exercise_model()
    report = Report(path, text)
    if model is None:
        report.error((), "exercise support not available (no game/model/exercise.py yet)")
        return report.problems
    problems = _schema(model, path, data, text)
    ref = data.get("scenario")
    if isinstance(ref, str) and ref:
        if ref.endswith(".toml") or "/" in ref:
            target = safe.resolved(path.parent / ref)
        else:
            target = CONTENT_DIR / "scenarios" / f"{ref}.toml"
        if not safe.is_file(target):
            _missing(report, "scenario", ref, "scenario", "scenarios", target)
        else:
            sdata, _, sproblems = _load(target)
            if sproblems or sdata is None:
                report.error(("scenario",), f"scenario {ref!r} cannot be read: validate it first")
            else:
                tref = sdata.get("theatre")
                tdata = None
                if isinstance(tref, str) and safe.is_file(theatre_file(tref, target)):
                    tdata, _, _ = _load(theatre_file(tref, target))
                _meaning(problems, check_exercise, data, sdata, tdata, report)
    if not problems and not report.problems and isinstance(ref, str) and ref:
        problems = unmeetable_problems(path, data, text, target)
    return problems + report.problems


def unmeetable_problems(
    path: Path, data: dict[str, Any], text: str, scenario: Path
) -> list[Problem]:
    """An exercise that names only known things may still grade nothing: an objective or task no
    game could meet, or that one fixed answer decides (game/training/feasible.py)."""
    # imported when an exercise is checked: feasibility plays the engine, and loading worlds
    # brings exercises in, which `drawdown validate` on a scenario does not need
    from ..training.feasible import unmeetable
    from ..worlds import load_world

    try:
        exercise = build(Exercise, path, data, text)
        world = load_world(scenario)
    except ContentError as err:
        return list(err.problems)
    out = []
    for loc, message in unmeetable(world, exercise):
        line, col = locate(text, loc)
        out.append(Problem(str(path), line, col, "error", message))
    return out


def check_exercise(
    ex: dict[str, Any], sc: dict[str, Any], th: dict[str, Any] | None, report: Report
) -> None:
    """The injects and objectives of an exercise against its scenario's names and dates."""
    checker = _Scenario(sc, th, report)
    events = {
        e: {c.get("id") for _, c in tables(ev, "choices")} for e, ev in checker.events.items()
    }
    for i, inject in tables(ex, "injects"):
        if isinstance(inject.get("id"), str):
            events[inject["id"]] = {c.get("id") for _, c in tables(inject, "choices")}
            if inject["id"] in checker.events:
                report.error(
                    ("injects", i, "id"), f"inject id {inject['id']!r} is already a scenario event"
                )
        checker.in_scenario(("injects", i, "date"), inject.get("date"))
        for j, eff in tables(inject, "effects"):
            checker.check_effect(("injects", i, "effects", j), eff)
        for ci, choice in tables(inject, "choices"):
            for j, eff in tables(choice, "effects"):
                checker.check_effect(("injects", i, "choices", ci, "effects", j), eff)
    for i, task in tables(ex, "tasks"):
        measure = task.get("measure")
        if isinstance(measure, dict):
            loc = ("tasks", i, "measure")
            checker.ref(loc + ("site",), "site", measure.get("site"), checker.sites)
            checker.in_scenario(loc + ("date",), measure.get("date"))
    for i, objective in tables(ex, "objectives"):
        measure = objective.get("measure")
        if not isinstance(measure, dict):
            continue
        loc = ("objectives", i, "measure")
        checker.ref(loc + ("site",), "site", measure.get("site"), checker.sites)
        checker.in_scenario(loc + ("date",), measure.get("date"))
        event = measure.get("event")
        if checker.ref(loc + ("event",), "event", event, set(events)) and event in events:
            picked = measure.get("choice")
            known = {c for c in events[event] if isinstance(c, str)}
            if isinstance(picked, str) and picked not in known:
                report.error(
                    loc + ("choice",),
                    f"event {event!r} has no choice {picked!r}{suggest(picked, known)}",
                )


def validate_rules(path: Path, data: dict[str, Any], text: str) -> list[Problem]:
    return _schema(rules_table(), path, data, text)


def validate_file(path: Path, kind: str | None = None) -> list[Problem]:
    """Every problem in one file (and in the theatre it uses), sorted by place."""
    data, text, problems = _load(path)
    if data is None:
        return problems
    kind = kind or detect_kind(path, data)
    check = {
        "scenario": validate_scenario,
        "theatre": validate_theatre,
        "orders": validate_orders,
        "exercise": validate_exercise,
        "rules": validate_rules,
    }[kind]
    try:
        problems = check(path, data, text)
    except Exception as err:  # noqa: BLE001 - report, never a traceback
        line, col = locate(text, ())
        problems = [
            Problem(str(path), line, col, "error", f"internal error while checking: {err!r}")
        ]
    return problems


def validate_paths(files: list[Path]) -> list[Problem]:
    """Every problem in these files, each reported once, in file order then line order."""
    out: dict[tuple[str, int, int, str, str], Problem] = {}
    order = {display_path(str(f)): k for k, f in enumerate(files)}
    for f in files:
        for p in validate_file(f):
            p = dataclasses.replace(with_snippet(p), path=display_path(p.path))
            out.setdefault((p.path, p.line, p.col, p.severity, p.message), p)
    return sorted(
        out.values(), key=lambda p: (order.get(p.path, len(order)), p.path, p.line, p.col, p)
    )


def with_snippet(problem: Problem) -> Problem:
    """Fill in a problem's source line from its file, if it has none (e.g. from the loader)."""
    if problem.snippet or problem.line < 1:
        return problem
    try:
        text = safe.read_text(problem.path, MAX_BYTES)
    except safe.FileProblem:
        return problem
    return dataclasses.replace(problem, snippet=source_line(text, problem.line))
