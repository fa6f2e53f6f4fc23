"""The engine's working context: the world (read-only content), its indexes, the seed and the state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from ..model.content import Aircraft, Contingent, Event, Route, Site, World
from ..model.log import AnyLogData, LogData
from ..model.state import LogEntry, Request, State
from .open_requests import OpenRequests
from .paths import fastest_path, route_index


class Ctx:
    """Content indexes built once per game, the seed, and the mutable state."""

    def __init__(self, world: World, seed: int, state: State) -> None:
        self.world = world
        self.scenario = world.scenario
        self.theatre = world.theatre
        self.rules = world.rules
        self._rainy_months = frozenset(world.rules.season.rainy_months)
        # Pure functions of the world asked hundreds of times a game, kept as first worked out:
        # whether a day is rainy (`rainy`) and a column length's odds factor (risk.length_factor).
        self._rainy_days: dict[int, bool] = {}
        self.length_factors: dict[int, float] = {}
        self.seed = seed
        self.state = state
        self.open = OpenRequests()
        self.sites: dict[str, Site] = {s.id: s for s in world.theatre.sites}
        self.site_region: dict[str, str] = {s.id: s.region for s in world.theatre.sites}
        # Where equipment leaves the country (equipment.is_exit): airports, road exits and hubs.
        self.exit_sites: frozenset[str] = frozenset(
            s.id for s in world.theatre.sites if s.air_exit or s.road_exit or s.kind == "hub"
        )
        self.routes: dict[str, Route] = route_index(world.theatre)
        self.contingents: dict[str, Contingent] = {c.id: c for c in world.scenario.contingents}
        self.aircraft: dict[str, Aircraft] = {a.id: a for a in world.scenario.assets.aircraft}
        self.events: dict[str, Event] = {e.id: e for e in world.scenario.events}
        # Sites that stay open after the others close, with the people each keeps (content.py).
        self.staying: dict[str, int] = {s.id: s.keeps for s in world.scenario.sites if s.stays_open}
        self._paths: dict[tuple[str, str], list[Route] | None] = {}
        # The intelligence bias of each path or air link (risk.py): fixed per game.
        self.biases: dict[str, float] = {}
        # Supplies: where they come from (hubs, HQ) and the rest, in theatre order; and which
        # source reaches each site, by (roads blocked, sources seized) (supplies.py).
        kinds = world.rules.supply.source_kinds
        self.supply_sources = tuple(s.id for s in world.theatre.sites if s.kind in kinds)
        self.supply_others = tuple(s.id for s in world.theatre.sites if s.kind not in kinds)
        self.supply_reach: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, str]] = {}
        # Events by how they trigger, keeping content order: date events are looked up by date.
        self.dated: dict[dt.date, list[tuple[int, Event]]] = {}
        self.undated: list[tuple[int, Event]] = []
        for i, e in enumerate(world.scenario.events):
            if e.held:
                continue
            if e.trigger.kind == "date":
                self.dated.setdefault(e.trigger.date, []).append((i, e))
            else:
                self.undated.append((i, e))

    def over(self, state: State) -> Ctx:
        """The same world and seed over another state (a scratch copy's context, scratch.py):
        the indexes are built again from the world (the same values), the caches of what follows
        from the world alone shared (paths, supply reach, intelligence biases, rainy days, length
        factors), the cache of open requests its own.

        Built rather than `copy.copy`-ed, which a class compiled by mypyc does not allow
        (docs/performance.md, "Engine")."""
        other = Ctx(self.world, self.seed, state)
        other._paths = self._paths
        other.biases = self.biases
        other._rainy_days = self._rainy_days
        other.length_factors = self.length_factors
        other.supply_reach = self.supply_reach
        return other

    def path(self, origin: str, destination: str) -> list[Route] | None:
        """The fastest road path (cached: the map does not change during a game)."""
        key = (origin, destination)
        if key not in self._paths:
            self._paths[key] = fastest_path(self.theatre, origin, destination)
        return self._paths[key]

    def open_requests(self) -> Sequence[Request]:
        """The requests not used or cancelled, in filing order (open_requests.py)."""
        return self.open.of(self.state.requests)

    # ---------------------------------------------------------------- time

    def date_of(self, day: int) -> dt.date:
        return self.scenario.start + dt.timedelta(days=day)

    def day_of(self, date: dt.date) -> int:
        return (date - self.scenario.start).days

    @property
    def last_day(self) -> int:
        return self.day_of(self.scenario.deadline)

    # ---------------------------------------------------------------- log

    def log(self, model: type[LogData], text: str, **data: Any) -> LogEntry:
        """Log what happened today: `text` for people, `data` the fields of `model` (typed)."""
        # Built without validation: the engine makes these itself, and this is the hot path.
        typed = cast(AnyLogData, model(**data))  # `model` is one of the union's members
        entry = LogEntry(day=self.state.day, kind=model.KIND, text=text, data=typed)
        self.state.log.append(entry)
        return entry

    # ---------------------------------------------------------------- lookups

    def name(self, site_id: str) -> str:
        if site_id == "home":
            return "home"
        site = self.sites.get(site_id)
        return site.name if site else site_id

    def region(self, site_id: str) -> str:
        return self.site_region.get(site_id, "")

    def pressure(self, region: str) -> float:
        p = self.state.pressure.get(region, 0.0)
        return 0.0 if p < 0.0 else 1.0 if p > 1.0 else p

    def route_pressure(self, route: Route) -> float:
        return max(self.pressure(self.region(route.a)), self.pressure(self.region(route.b)))

    def rainy(self, day: int) -> bool:
        rainy = self._rainy_days.get(day)
        if rainy is None:
            rainy = self._rainy_days[day] = self.date_of(day).month in self._rainy_months
        return rainy

    def new_id(self, prefix: str) -> str:
        n = self.state.next_id
        self.state.next_id += 1
        return f"{prefix}{n}"
