"""Objectives and critical tasks that cannot tell one trainee from another, found before a session.

An objective no game could meet (a handover where the host's army never comes, a date before the
scenario starts) or one that a single fixed answer decides (a choice with one option, nothing
sensitive to secure) grades the exercise, not the trainee. Each is reported at its place in the
exercise file with the reason; the validator and the exercise loader refuse the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..engine import Game
from ..model.content import EffForceArrival, Event, World
from ..model.exercise import Exercise, Inject
from ..model.state import State

# Where in an exercise file a problem is: keys and list indexes from the top.
Loc = tuple[str | int, ...]


def army_sites(world: World, state: State, exercise: Exercise) -> set[str]:
    """Sites the host's army is expected at in time to receive them (by the deadline, give or take
    the days a handover allows), at the start or after any scenario or inject effect."""
    sides = {f.id: f.side for f in world.scenario.forces}
    last = (
        world.scenario.deadline - world.scenario.start
    ).days + world.rules.camps.handover_army_days
    out = {sid for sid, day in state.arrivals.get("army", {}).items() if day <= last}
    sources: list[Event | Inject] = [*world.scenario.events, *exercise.injects]
    for event in sources:
        effects = list(event.effects) + [e for c in event.choices for e in c.effects]
        for eff in effects:
            if not isinstance(eff, EffForceArrival):
                continue
            side = sides.get(eff.force, eff.force)
            if side == "army" and (eff.date is not None or eff.days is not None):
                out.add(eff.site)
    return out


class Feasibility:
    def __init__(self, world: World, exercise: Exercise) -> None:
        self.world = world
        self.exercise = exercise
        self.state = Game(world, exercise.seed).state
        self.army = army_sites(world, self.state, exercise)
        self.start = world.scenario.start
        self.found: list[tuple[Loc, str]] = []

    def name(self, sid: str) -> str:
        try:
            return self.world.site(sid).name
        except KeyError:
            return sid

    def site_problem(self, sid: str) -> str | None:
        """Why a measure about this site cannot judge anyone, or None."""
        site = self.state.sites.get(sid)
        if site is None:
            return None  # an unknown site is reported by the reference check
        if not site.closable:
            return f"{self.name(sid)} is not a mission site: no game could close or hand it over"
        if not site.held:
            status = site.status.replace("_", " ")
            return f"{self.name(sid)} is already {status} when the scenario starts: the answer is fixed"
        return None

    def handover_problem(self, sid: str) -> str | None:
        if sid in self.state.sites and sid not in self.army:
            return (
                f"no game could meet this: the host can never take over {self.name(sid)} "
                "(no army force is ever expected there)"
            )
        return None

    def early(self, date: dt.date) -> str | None:
        if date <= self.start:
            return (
                f"no game could meet this: {date} is not after the scenario's start ({self.start})"
            )
        return None

    def measures(self, group: str, items: list[Any]) -> Iterator[tuple[Loc, Any]]:
        """Each item's place and measure, once the site it names (if any) can judge anyone; a site
        that cannot is reported here, once."""
        for i, item in enumerate(items):
            loc: Loc = (group, i, "measure")
            site = getattr(item.measure, "site", None)
            why = self.site_problem(site) if site is not None else None
            if why:
                self.found.append((loc + ("site",), why))
                continue
            yield loc, item.measure

    def objectives(self) -> Iterator[tuple[Loc, str]]:
        events: list[Event | Inject] = [*self.world.scenario.events, *self.exercise.injects]
        choices = {e.id: [c.id for c in e.choices] for e in events}
        people = self.state.ledger.initial_people
        for loc, m in self.measures("objectives", self.exercise.objectives):
            if m.kind == "handover_not_seized":
                why = self.handover_problem(m.site)
                if why:
                    yield loc + ("site",), why
            elif m.kind == "destroyed_sensitive_before_leaving":
                s = self.state.sites.get(m.site)
                if s is not None and s.sensitive == 0:
                    yield (
                        loc + ("site",),
                        (
                            f"one fixed answer decides this: {self.name(m.site)} holds no sensitive "
                            "items, so it is met whatever the trainee does"
                        ),
                    )
            elif m.kind in ("engaged_host_before", "request_before"):
                why = self.early(m.date)
                if why:
                    yield loc + ("date",), why
            elif m.kind in ("chose", "decided"):
                options = choices.get(m.event)
                if options is not None and len(options) < 2:
                    yield (
                        loc + ("event",),
                        (
                            f"one fixed answer decides this: event {m.event!r} offers "
                            f"{len(options)} option(s); an objective needs a real choice"
                        ),
                    )
            elif m.kind == "min_withdrawn" and m.share == 0:
                yield loc + ("share",), "one fixed answer decides this: a share of 0 is always met"
            elif m.kind == "max_killed" and m.n >= people:
                yield (
                    loc + ("n",),
                    (f"one fixed answer decides this: {m.n} is at least everyone ({people})"),
                )

    def tasks(self) -> Iterator[tuple[Loc, str]]:
        length = (self.world.scenario.deadline - self.start).days
        takeable = {
            sid for sid, s in self.state.sites.items() if s.closable and s.held and sid in self.army
        }
        for loc, m in self.measures("tasks", self.exercise.tasks):
            if m.kind == "handover_present":
                if m.site is not None:
                    why = self.handover_problem(m.site)
                    if why:
                        yield loc + ("site",), why
                elif not takeable:
                    yield loc, "no game could meet this: the host can take over no site"
            elif m.kind == "request_lead_time" and m.days > length:
                yield (
                    loc + ("days",),
                    (
                        f"no game could meet this: {m.days} days is longer than the scenario "
                        f"({length} days)"
                    ),
                )
            elif m.kind == "engage_before":
                why = self.early(m.date)
                if why:
                    yield loc + ("date",), why


def unmeetable(world: World, exercise: Exercise) -> list[tuple[Loc, str]]:
    """Every objective and task that no game could meet or that one fixed answer decides."""
    check = Feasibility(world, exercise)
    out = [*check.objectives(), *check.tasks()]
    return check.found + out
