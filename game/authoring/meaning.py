"""Meaning checks on a scenario and its theatre: references that must exist, dates that must fit."""

from __future__ import annotations

from pathlib import Path

from ..content import Problem
from ..model.content import World
from .locate import locate


def check_world(world: World, spath: Path, stext: str, tpath: Path, ttext: str) -> list[Problem]:
    sc, th = world.scenario, world.theatre
    problems: list[Problem] = []

    def at(path: Path, text: str, loc: tuple, severity: str, message: str) -> None:
        line, col = locate(text, loc)
        problems.append(Problem(str(path), line, col, severity, message))

    site_ids = {s.id for s in th.sites}
    contingents = {c.id for c in sc.contingents}
    routes = {r.id for r in th.routes}
    aircraft = {a.id for a in sc.assets.aircraft}
    events = {e.id for e in sc.events}

    for kind, items in (("site", th.sites), ("route", th.routes)):
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                at(tpath, ttext, (kind + "s", i, "id"), "error", f"duplicate {kind} id {item.id!r}")
            seen.add(item.id)
    for i, r in enumerate(th.routes):
        for end in ("a", "b"):
            if getattr(r, end) not in site_ids:
                at(
                    tpath,
                    ttext,
                    ("routes", i, end),
                    "error",
                    f"route {r.id!r} joins unknown site {getattr(r, end)!r}",
                )
    for i, s in enumerate(th.sites):
        for c in s.garrison:
            if c not in contingents:
                at(
                    tpath,
                    ttext,
                    ("sites", i, "garrison", c),
                    "error",
                    f"site {s.id!r}: unknown contingent {c!r}",
                )
    for label, items in (("contingent", sc.contingents), ("event", sc.events)):
        seen = set()
        for i, item in enumerate(items):
            if item.id in seen:
                at(
                    spath,
                    stext,
                    (label + "s", i, "id"),
                    "error",
                    f"duplicate {label} id {item.id!r}",
                )
            seen.add(item.id)
    for i, setup in enumerate(sc.sites):
        if setup.id not in site_ids:
            at(
                spath,
                stext,
                ("sites", i, "id"),
                "error",
                f"unknown site {setup.id!r} (not in theatre {th.id!r})",
            )
        for c in setup.garrison or {}:
            if c not in contingents:
                at(spath, stext, ("sites", i, "garrison", c), "error", f"unknown contingent {c!r}")
        if setup.target_date and not (sc.start <= setup.target_date <= sc.deadline):
            at(
                spath,
                stext,
                ("sites", i, "target_date"),
                "error",
                f"target date {setup.target_date} is outside the scenario ({sc.start} to {sc.deadline})",
            )
    regions = {s.region for s in th.sites}
    for gi, g in enumerate(sc.armed_groups):
        for region in g.pressure:
            if region not in regions:
                at(
                    spath,
                    stext,
                    ("armed_groups", gi, "pressure", region),
                    "error",
                    f"unknown region {region!r}",
                )

    def check_refs(loc: tuple, obj) -> None:
        data = obj.model_dump() if hasattr(obj, "model_dump") else {}
        for key, known, what in (
            ("site", site_ids, "site"),
            ("route", routes, "route"),
            ("contingent", contingents, "contingent"),
            ("aircraft", aircraft, "aircraft type"),
            ("event", events, "event"),
        ):
            value = data.get(key)
            if isinstance(value, str) and value not in known:
                at(spath, stext, loc + (key,), "error", f"unknown {what} {value!r}")
        region = data.get("region")
        if isinstance(region, str) and region not in regions:
            at(spath, stext, loc + ("region",), "error", f"unknown region {region!r}")
        for key in ("date",):
            value = getattr(obj, key, None)
            if (
                value is not None
                and hasattr(value, "year")
                and not (sc.start <= value <= sc.deadline)
            ):
                at(
                    spath,
                    stext,
                    loc + (key,),
                    "error",
                    f"date {value} is outside the scenario ({sc.start} to {sc.deadline})",
                )

    for i, e in enumerate(sc.events):
        check_refs(("events", i, "trigger"), e.trigger)
        if e.trigger.kind == "condition":
            for j, c in enumerate(e.trigger.all):
                if c.kind != "after":
                    check_refs(("events", i, "trigger", "all", j), c)
        for j, eff in enumerate(e.effects):
            check_refs(("events", i, "effects", j), eff)
        for ci, ch in enumerate(e.choices):
            for j, eff in enumerate(ch.effects):
                check_refs(("events", i, "choices", ci, "effects", j), eff)
    return sorted(problems)
