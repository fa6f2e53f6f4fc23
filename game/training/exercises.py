"""Exercises: load an exercise file, check it against its scenario, and build the world it plays.

An exercise plays its scenario with the session's options folded in: injects become extra events
(held ones fire only on a `release` order), the host's approval chance and every threat are scaled.
The world's content hash covers the scenario, the theatre and the exercise file, so a save made in an
exercise refuses to load if any of them changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import files
from ..content import (
    CONTENT_DIR,
    build,
    content_hash,
    load_scenario_world,
    make_world,
    parse_toml,
    read_text,
)
from ..errors import ContentError, Problem
from ..model.content import Effect, Event, OnDate, Scenario, Theatre, World

if TYPE_CHECKING:
    from ..model.exercise import Exercise, Inject
    from .feasible import Loc  # imported when needed: feasible runs the engine

EXERCISES_DIR = CONTENT_DIR / "exercises"


def looks_like_exercise(path: Path) -> bool:
    """An exercise names a scenario; a scenario names a theatre. Unreadable files are not exercises
    (the scenario loader then reports what is wrong with them)."""
    try:
        if files.resolved(path).parent == files.resolved(EXERCISES_DIR):
            return True
        text = read_text(path)
        keys = top_level_keys(text)
        if "scenario" in keys or "theatre" in keys:
            return "scenario" in keys and "theatre" not in keys
        data, _ = parse_toml(path)  # keys written in some other way: parse it all
    except ContentError:
        return False
    return "scenario" in data and "theatre" not in data


KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def top_level_keys(text: str) -> set[str]:
    """The plain keys set before the first table header: enough to tell an exercise (it names a
    scenario) from a scenario (it names a theatre) without parsing a whole scenario file."""
    keys = set()
    for line in text.splitlines():
        if line.startswith("["):
            break
        key, eq, _ = line.partition("=")
        key = key.rstrip()
        if eq and key and set(key) <= KEY_CHARS:
            keys.add(key)
    return keys


def bundled_exercise(ref: str) -> Path | None:
    path = EXERCISES_DIR / f"{ref}.toml"
    return path if files.is_file(path) else None


def load_exercise(path: Path) -> tuple[Exercise, str]:
    # imported when an exercise is read: a plain scenario's first screen paints without the
    # exercise models (start-up, bench/tui.py)
    from ..model.exercise import Exercise

    data, text = parse_toml(path)
    return build(Exercise, path, data, text), text


def exercise_for(ref: str | Path | None) -> tuple[Exercise, Path] | None:
    """The exercise a play/run reference names (an id or a path), or None for a plain scenario."""
    if ref is None:
        return None
    ref_s = str(ref)
    path: Path | None
    if ref_s.endswith(".toml") or "/" in ref_s or files.is_file(ref_s):
        path = Path(ref_s)
        if not files.is_file(path) or not looks_like_exercise(path):
            return None
    else:
        if files.is_file(CONTENT_DIR / "scenarios" / f"{ref_s}.toml"):
            return None
        path = bundled_exercise(ref_s)
        if path is None:
            return None
    exercise, _ = load_exercise(path)
    return exercise, path


def default_seed(ref: str | Path | None, fallback: int) -> int:
    """The exercise's seed if `ref` names an exercise, else `fallback`."""
    found = exercise_for(ref)
    return found[0].seed if found else fallback


def catalogue() -> list[tuple[Exercise, Path]]:
    """The bundled exercises that load, sorted by id."""
    out = []
    for path in sorted(EXERCISES_DIR.glob("*.toml")):
        try:
            out.append((load_exercise(path)[0], path))
        except ContentError:
            continue
    return sorted(out, key=lambda pair: pair[0].id)


# --------------------------------------------------------------------------- the world


def scenario_path(exercise: Exercise, path: Path) -> Path:
    return scenario_file(exercise.scenario, path)


def scenario_file(ref: str, path: Path) -> Path:
    """The scenario an exercise's `scenario = REF` names: a bundled id, or a path beside it."""
    if ref.endswith(".toml") or "/" in ref:
        return files.resolved(path.parent / ref)
    return CONTENT_DIR / "scenarios" / f"{ref}.toml"


def load_exercise_world(path: Path) -> World:
    """The world an exercise file plays; every problem reported as PATH:LINE: message."""
    # imported when an exercise is read: a plain scenario's first screen paints without the
    # locator (start-up, bench/tui.py)
    from ..authoring.locate import locate

    exercise, text = load_exercise(path)

    def problem(loc: Loc, message: str) -> Problem:
        line, col = locate(text, loc)
        return Problem(str(path), line, col, "error", message)

    spath = scenario_path(exercise, path)
    if not files.is_file(spath):
        raise ContentError([problem(("scenario",), f"scenario {exercise.scenario!r} not found")])
    if looks_like_exercise(spath):
        raise ContentError(
            [problem(("scenario",), "an exercise must name a scenario, not another exercise")]
        )
    base = load_scenario_world(spath)
    problems = check_exercise(exercise, base, problem)
    if problems:
        raise ContentError(problems)
    return apply_exercise(base, exercise, content_hash(base.content_hash, text))


def check_exercise(
    exercise: Exercise, world: World, problem: Callable[[Loc, str], Problem]
) -> list[Problem]:
    """References that must exist and dates that must fall inside the scenario."""
    sc, th = world.scenario, world.theatre
    sites = {s.id for s in th.sites}
    refs = {
        "site": sites,
        "route": {r.id for r in th.routes},
        "contingent": {c.id for c in sc.contingents},
        "aircraft": {a.id for a in sc.assets.aircraft},
    }
    choices = {e.id: {c.id for c in e.choices} for e in sc.events}
    choices.update({i.id: {c.id for c in i.choices} for i in exercise.injects})
    out: list[Problem] = []

    def in_range(loc: Loc, date: dt.date) -> None:
        if not sc.start <= date <= sc.deadline:
            out.append(
                problem(loc, f"{date} is outside the scenario ({sc.start} to {sc.deadline})")
            )

    def check_effects(loc: Loc, effects: Sequence[Effect]) -> None:
        for k, eff in enumerate(effects):
            for field, known in refs.items():
                value = getattr(eff, field, None)
                if value is not None and value not in known:
                    out.append(problem(loc + (k, field), f"unknown {field} {value!r}"))

    for i, inject in enumerate(exercise.injects):
        if any(e.id == inject.id for e in sc.events):
            out.append(
                problem(("injects", i, "id"), f"the scenario already has an event {inject.id!r}")
            )
        if inject.date is not None:
            in_range(("injects", i, "date"), inject.date)
        check_effects(("injects", i, "effects"), inject.effects)
        for j, choice in enumerate(inject.choices):
            check_effects(("injects", i, "choices", j, "effects"), choice.effects)
    for i, objective in enumerate(exercise.objectives):
        m = objective.measure
        loc = ("objectives", i, "measure")
        site = getattr(m, "site", None)
        if site is not None and site not in sites:
            out.append(problem(loc + ("site",), f"unknown site {site!r}"))
        date = getattr(m, "date", None)
        if date is not None:
            in_range(loc + ("date",), date)
        if m.kind == "chose":
            if m.event not in choices:
                out.append(problem(loc + ("event",), f"unknown event {m.event!r}"))
            elif m.choice not in choices[m.event]:
                options = ", ".join(sorted(choices[m.event])) or "none"
                out.append(
                    problem(loc + ("choice",), f"{m.choice!r} is not a choice (options: {options})")
                )
    for i, task in enumerate(exercise.tasks):
        site = getattr(task.measure, "site", None)
        if site is not None and site not in sites:
            out.append(problem(("tasks", i, "measure", "site"), f"unknown site {site!r}"))
        date = getattr(task.measure, "date", None)
        if date is not None:
            in_range(("tasks", i, "measure", "date"), date)
    if not out:
        # imported when an exercise is loaded: feasibility checks play the engine
        from .feasible import unmeetable

        out += [problem(loc, message) for loc, message in unmeetable(world, exercise)]
    return out


def inject_event(inject: Inject, start: dt.date) -> Event:
    return Event(
        id=inject.id,
        title=inject.title,
        text=inject.text,
        # A held inject never fires by its trigger (the engine skips held events).
        trigger=OnDate(kind="date", date=inject.date or start),
        effects=inject.effects,
        choices=inject.choices,
        default=inject.default,
        hint=inject.hint,
        held=inject.held,
    )


def _scaled(value: float, factor: float) -> float:
    return round(min(1.0, max(0.0, value * factor)), 4)


def apply_exercise(base: World, exercise: Exercise, digest: str) -> World:
    """The scenario's world with the exercise's injects and difficulty modifiers folded in."""
    opts = exercise.options
    sc: dict[str, Any] = base.scenario.model_dump()
    th: dict[str, Any] = base.theatre.model_dump()
    sc["events"] = list(base.scenario.events) + [
        inject_event(i, base.scenario.start) for i in exercise.injects
    ]
    sc["host"]["approve"] = round(
        min(1.0, max(0.0, sc["host"]["approve"] + opts.approval_delta)), 4
    )
    if opts.threat_multiplier != 1.0:
        f = opts.threat_multiplier
        for site in th["sites"]:
            site["threat"] = _scaled(site["threat"], f)
        for setup in sc["sites"]:
            if setup["threat"] is not None:
                setup["threat"] = _scaled(setup["threat"], f)
        for route in th["routes"]:
            for stretch in route["stretches"]:
                stretch["ied"] = _scaled(stretch["ied"], f)
                stretch["ambush"] = _scaled(stretch["ambush"], f)
    from ..model.checked import check  # pydantic: an exercise's world is checked as a file

    world = make_world(check(Scenario, sc, strict=True), check(Theatre, th, strict=True))
    return world.model_copy(update={"content_hash": digest})
