"""Evacuation plans: the convoys and flights that would empty a site, split by what carries them
(trucks and own vehicles in bounded columns, seats and aircraft sorties), each with the escort its
troops allow and the nearest exit. Pure: it reads the game and asks the engine's quote, so the
planner dialog and the bots share it and neither recomputes a rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine import Game
from ..model.quote import Quote

# Planning heuristics, not rules (the engine judges every order the plan proposes):
COLUMN = 60  # the longest column (trucks + own vehicles) a plan proposes; longer ones are split
ESCORTS = ("heavy", "light", "none")  # tried in this order: the strongest the troops allow
FLIGHT_DAYS = 7  # flights are planned over at most this many days from today


@dataclass(frozen=True)
class Leg:
    """One proposed request and the engine's quote of it."""

    order: dict[str, Any]
    quote: Quote


@dataclass(frozen=True)
class Plan:
    site: str
    legs: list[Leg]
    left: dict[str, int] = field(default_factory=dict)  # what no leg of the plan carries


@dataclass(frozen=True)
class Totals:
    """The combined stakes of several quotes: sums of the expected losses and costs, the longest
    time on the way, and how many the engine would take."""

    legs: int
    ok: int
    killed: float
    wounded: float
    loads_at_risk: float
    days: float
    relations: float


def exit_for(game: Game, origin: str) -> str | None:
    """The nearest way out of the country by road from `origin` (an air exit, else a border
    crossing), by the routes' days; None if there is none."""
    theatre = game.world.theatre
    for exits in (
        [s.id for s in theatre.sites if s.air_exit],
        [s.id for s in theatre.sites if s.road_exit],
    ):
        reachable = []
        for sid in exits:
            path = game.path(origin, sid) if sid != origin else None
            if path:
                reachable.append((sum(game.routes[r].days for r in path), sid))
        if reachable:
            return min(reachable)[1]
    return None


def air_exit_for(game: Game, origin: str) -> str | None:
    """Where a flight from `origin` goes out: home if it is an air exit, else the first air exit
    with an airfield (scenario order)."""
    if game.sites[origin].air_exit:
        return "home"
    return next(
        (
            sid
            for sid, s in game.sites.items()
            if s.air_exit and s.airfield != "none" and sid in game.state.sites
        ),
        None,
    )


def plan_evacuation(game: Game, site_id: str, escort: str = "light") -> Plan:
    """The requests that would take everything out of a site (at most `escort` each): convoys to
    the nearest exit, then flights for the people and sensitive items no column carries."""
    site = game.state.sites[site_id]
    left = {
        "people": site.headcount,
        "troops": game.troops(site.people),
        "containers": max(0, site.containers - site.committed),
        "sensitive": site.sensitive,
        "vehicles": site.vehicles,
        "trucks": site.trucks,
    }
    orders: list[dict[str, Any]] = []
    destination = exit_for(game, site_id)
    while destination is not None:
        order = _column(game, site_id, destination, left, escort)
        if order is None:
            break
        orders.append(order)
    orders.extend(_flights(game, site_id, left))
    rest = {k: n for k, n in left.items() if n and k not in ("troops", "trucks")}
    return Plan(site_id, [Leg(order, game.quote(order)) for order in orders], rest)


def _column(
    game: Game, origin: str, destination: str, left: dict[str, int], escort: str
) -> dict[str, Any] | None:
    """The next convoy: a bounded column, loaded and seated; takes what it carries from `left`."""
    trucks = min(left["trucks"], max(COLUMN - left["vehicles"], COLUMN // 2))
    vehicles = min(left["vehicles"], COLUMN - trucks)
    if trucks + vehicles == 0:
        return None
    load = game.truck_load(trucks)
    containers = min(left["containers"], load)
    sensitive = min(left["sensitive"], load - containers)
    people = min(left["people"], game.seats(vehicles, trucks))
    troops = min(people, left["troops"])  # the engine seats troops first
    allowed = ESCORTS[ESCORTS.index(escort) :]
    chosen = next((e for e in allowed if troops >= game.escort_troops(e)), "none")
    for name, n in (
        ("people", people),
        ("troops", troops),
        ("containers", containers),
        ("sensitive", sensitive),
        ("vehicles", vehicles),
        ("trucks", trucks),
    ):
        left[name] -= n
    return {
        "kind": "request_movement",
        "origin": origin,
        "destination": destination,
        "people": people,
        "containers": containers,
        "vehicles": vehicles,
        "sensitive": sensitive,
        "trucks": trucks,
        "escort": chosen,
    }


def _flights(game: Game, origin: str, left: dict[str, int]) -> list[dict[str, Any]]:
    """Flights for whoever and whatever sensitive is left, largest aircraft first, within each
    day's sorties and the airfields' movements (later flights ask to depart on later days)."""
    airfield = game.sites[origin].airfield
    destination = air_exit_for(game, origin)
    if airfield == "none" or destination is None:
        return []
    fleet = sorted(
        (
            a
            for a in game.scenario.assets.aircraft
            if a.pax and (a.kind == "helicopter" or airfield == "runway")
        ),
        key=lambda a: (-a.pax, a.id),
    )
    out: list[dict[str, Any]] = []
    st = game.state
    for offset in range(FLIGHT_DAYS):
        today = offset == 0
        movements = game.sites[origin].airfield_capacity - (
            st.landings_used.get(origin, 0) if today else 0
        )
        if destination != "home":
            movements = min(
                movements,
                game.sites[destination].airfield_capacity
                - (st.landings_used.get(destination, 0) if today else 0),
            )
        for a in fleet:
            if not (left["people"] or left["sensitive"]) or movements < 1:
                break
            free = st.sorties.get(a.id, 0) - (st.sorties_used.get(a.id, 0) if today else 0)
            need = max(-(-left["people"] // a.pax), -(-left["sensitive"] // max(1, a.cargo)))
            sorties = min(free, need, movements)
            if sorties < 1:
                continue
            people = min(left["people"], sorties * a.pax)
            sensitive = min(left["sensitive"], sorties * a.cargo)
            left["people"] -= people
            left["sensitive"] -= sensitive
            movements -= sorties
            order = {
                "kind": "request_flight",
                "origin": origin,
                "destination": destination,
                "aircraft": a.id,
                "sorties": sorties,
                "people": people,
                "sensitive": sensitive,
            }
            if offset:
                order["depart"] = game.date_of(st.day + offset).isoformat()
            out.append(order)
    return out


def totals(quotes: list[Quote]) -> Totals:
    """What the quotes add up to (expected values add; the plan lasts as long as its longest leg)."""
    return Totals(
        legs=len(quotes),
        ok=sum(q.ok for q in quotes),
        killed=sum(q.expected_killed for q in quotes),
        wounded=sum(q.expected_wounded for q in quotes),
        loads_at_risk=sum(q.expected_loads_lost for q in quotes),
        days=max((q.expected_days or q.travel_days for q in quotes), default=0.0),
        relations=sum(q.relations for q in quotes),
    )
