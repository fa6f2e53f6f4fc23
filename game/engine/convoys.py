"""Convoys on the road: daily progress, incident rolls per stretch, arrival.

Every roll is keyed to where and when it happens (route, stretch, day, and the move's ends), never
to a convoy's id or the order in which convoys were dispatched: trainees who send the same convoy on
the same day face the same dice.
"""

from __future__ import annotations

from ..model.content import Route
from ..model.rules import Harm
from ..model.state import Cargo, Convoy
from . import effects, equipment
from .context import Ctx
from .risk import ambush_harm, stretch_odds
from .rng import Rng, chance, rng


def dice_key(convoy: Convoy, route_id: str, index: int) -> str:
    return f"{route_id}:{index}:{convoy.origin}>{convoy.destination}"


def draw_harm(r: Rng, harm: Harm) -> tuple[int, int, int, int]:
    """(killed, wounded, trucks, delay) of one incident, drawn from its rule."""
    killed = 0
    if harm.killed_max and r.random() < harm.killed_chance:
        killed = 1 + r.randrange(harm.killed_max)
    wounded = harm.wounded_min + r.randrange(max(1, harm.wounded_max - harm.wounded_min + 1))
    trucks = r.randrange(harm.trucks_max + 1)
    delay = harm.delay_min + r.randrange(max(1, harm.delay_max - harm.delay_min + 1))
    return killed, wounded, trucks, delay


def unload(ctx: Ctx, cargo: Cargo, site_id: str) -> None:
    """Cargo arrives at a site, or leaves the country at a border crossing or by air home."""
    st = ctx.state
    led = st.ledger
    out = site_id == "home" or ctx.sites[site_id].road_exit
    containers, sensitive = cargo.containers, cargo.sensitive
    if site_id != "home" and equipment.is_exit(ctx, site_id):
        # containers and sensitive items wait at an exit for export (engine/equipment.py)
        equipment.enqueue(ctx, site_id, containers, sensitive)
        containers = sensitive = 0
    if out:
        n = cargo.headcount
        led.withdrawn += n
        led.relieved += sum(v for c, v in cargo.people.items() if ctx.contingents[c].overdue)
        led.containers.repatriated += containers
        led.vehicles.repatriated += cargo.vehicles
        led.sensitive.repatriated += sensitive
        if site_id != "home":
            st.sites[site_id].trucks += cargo.trucks
            st.sites[site_id].eod_teams += cargo.eod_teams
        return
    site = st.sites[site_id]
    for c, n in cargo.people.items():
        site.people[c] = site.people.get(c, 0) + n
    site.people = dict(sorted(site.people.items()))
    site.containers += containers
    site.vehicles += cargo.vehicles
    site.sensitive += sensitive
    site.trucks += cargo.trucks
    site.eod_teams += cargo.eod_teams
    if site.status == "seized":
        # What arrives at a seized camp is lost with it.
        led.containers.lost += site.containers
        led.vehicles.lost += site.vehicles
        led.sensitive.lost += site.sensitive
        site.containers = site.vehicles = site.sensitive = 0


def _lose_trucks(ctx: Ctx, convoy: Convoy, n: int) -> tuple[int, int]:
    """Trucks destroyed or taken: their loads are lost. Returns (trucks, loads) lost."""
    cargo = convoy.cargo
    n = min(n, cargo.trucks)
    cap = ctx.scenario.assets.truck_capacity
    loads = min(n * cap, cargo.containers + cargo.sensitive)
    from_sensitive = max(0, loads - cargo.containers)
    from_containers = loads - from_sensitive
    cargo.trucks -= n
    cargo.containers -= from_containers
    cargo.sensitive -= from_sensitive
    ctx.state.ledger.containers.lost += from_containers
    ctx.state.ledger.sensitive.lost += from_sensitive
    return n, loads


def _casualties(ctx: Ctx, convoy: Convoy, killed: int, wounded: int) -> str:
    """Casualties fall on the convoy's people, or on contractor drivers if it carries none."""
    led = ctx.state.ledger
    if convoy.cargo.headcount:
        k, w = effects.kill(ctx, convoy.cargo.people, killed, wounded)
        who = "peacekeepers"
    else:
        k = min(killed, convoy.cargo.trucks)
        w = min(wounded, convoy.cargo.trucks - k)
        led.contractors_killed += k
        led.contractors_wounded += w
        who = "contractor drivers"
    if not k and not w:
        return "no casualties"
    parts = [f"{k} killed"] if k else []
    parts += [f"{w} wounded"] if w else []
    return f"{' and '.join(parts)} ({who})"


def _incident(ctx: Ctx, convoy: Convoy, route: Route, index: int) -> None:
    st = ctx.state
    stretch = route.stretches[index]
    odds = stretch_odds(
        ctx,
        route,
        stretch,
        escort=convoy.escort,
        clearance=convoy.clearance,
        authorized=convoy.authorized,
        trucks=convoy.cargo.trucks,
        leaked=convoy.leaked,
    )
    r = rng(ctx.seed, st.day, "incident", dice_key(convoy, route.id, index))
    where = f"{stretch.name} ({ctx.name(route.a)}–{ctx.name(route.b)})"
    if r.random() < odds.ied:
        convoy.incidents += 1
        harm = ctx.rules.convoy.ied
        killed, wounded, trucks, delay = draw_harm(r, harm)
        lost_vehicle = trucks_lost = 0
        if convoy.cargo.vehicles and harm.vehicles:
            lost_vehicle = min(harm.vehicles, convoy.cargo.vehicles)
            convoy.cargo.vehicles -= lost_vehicle
            st.ledger.vehicles.lost += lost_vehicle
        else:
            trucks_lost, _ = _lose_trucks(ctx, convoy, max(trucks, harm.vehicles))
        hurt = _casualties(ctx, convoy, killed, wounded)
        convoy.delay += delay
        ctx.log(
            "incident",
            f"Convoy {convoy.id} hits an IED on {where}: {hurt}; one vehicle lost; "
            f"{delay} day(s) delay",
            convoy=convoy.id,
            incident="ied",
            vehicle=lost_vehicle,
            trucks_lost=trucks_lost,
        )
    if r.random() < odds.ambush:
        convoy.incidents += 1
        killed, wounded, trucks, delay = draw_harm(r, ambush_harm(ctx, convoy.escort))
        hurt = _casualties(ctx, convoy, killed, wounded)
        lost, loads = _lose_trucks(ctx, convoy, trucks)
        convoy.delay += delay
        taken = f"; {lost} truck(s) and {loads} load(s) taken" if lost else ""
        ctx.log(
            "incident",
            f"Convoy {convoy.id} ambushed on {where}: {hurt}{taken}",
            convoy=convoy.id,
            incident="ambush",
            trucks_lost=lost,
        )
    if r.random() < odds.breakdown:
        convoy.delay += ctx.rules.convoy.breakdown_delay
        ctx.log(
            "incident",
            f"Convoy {convoy.id}: breakdowns on {where}; a day's delay",
            convoy=convoy.id,
            incident="breakdown",
        )


def move_convoys(ctx: Ctx) -> None:
    st = ctx.state
    arrived: list[Convoy] = []
    for convoy in st.convoys:
        route_now = ctx.routes[convoy.stretches[min(convoy.rolled, len(convoy.stretches) - 1)][0]]
        if ctx.rainy(st.day) and chance(
            ctx.seed, st.day, "weather", route_now.id, route_now.rainy_risk
        ):
            convoy.delay += ctx.rules.convoy.weather_delay
            ctx.log(
                "incident",
                f"Convoy {convoy.id}: rain makes the {ctx.name(route_now.a)}–{ctx.name(route_now.b)} road impassable; a day's delay",
                convoy=convoy.id,
                incident="weather",
            )
        if convoy.delay > 0:
            convoy.delay -= 1
            continue
        convoy.progress += 1
        due = -(-len(convoy.stretches) * convoy.progress // convoy.travel_days)
        while convoy.rolled < min(due, len(convoy.stretches)):
            rid, index = convoy.stretches[convoy.rolled]
            _incident(ctx, convoy, ctx.routes[rid], index)
            convoy.rolled += 1
        if convoy.progress >= convoy.travel_days and convoy.delay == 0:
            arrived.append(convoy)
    for convoy in arrived:
        st.convoys.remove(convoy)
        unload(ctx, convoy.cargo, convoy.destination)
        out = ctx.sites[convoy.destination].road_exit
        what = (
            "crosses the border out of the country"
            if out
            else f"reaches {ctx.name(convoy.destination)}"
        )
        est = next((e for e in st.estimates if e.convoy == convoy.id), None)
        if est is not None:
            est.incidents = convoy.incidents
        ctx.log(
            "move",
            f"Convoy {convoy.id} {what} after {st.day - convoy.departed + 1} days: "
            f"{convoy.cargo.headcount} people, {convoy.cargo.containers} containers, "
            f"{convoy.cargo.vehicles} vehicles, {convoy.cargo.sensitive} sensitive",
            convoy=convoy.id,
            arrived=convoy.destination,
        )
