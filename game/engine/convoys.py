"""Convoys on the road: daily progress, incident rolls per stretch, arrival.

Every roll is keyed to where and when it happens (route, stretch, day, and the move's ends), never
to a convoy's id or the order in which convoys were dispatched: trainees who send the same convoy on
the same day face the same dice.
"""

from __future__ import annotations

from ..model import log
from ..model.content import Route
from ..model.log import Exposure
from ..model.rules import Harm
from ..model.state import Cargo, Convoy
from . import changes, equipment
from .column import due_stretches, extra_day, protection, send_escort_back, take_overwatch
from .context import Ctx
from .risk import StretchOdds, ambush_harm, stretch_odds
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


def _casualties(
    ctx: Ctx, convoy: Convoy, killed: int, wounded: int
) -> tuple[str, dict[str, object]]:
    """Casualties fall on the convoy's people, or on contractor drivers if it carries none.
    Returns them in words and as log fields."""
    led = ctx.state.ledger
    if convoy.cargo.headcount:
        k, w = changes.kill(ctx, convoy.cargo.people, killed, wounded)
        who, whose = "peacekeepers", "peacekeepers"
    else:
        k = min(killed, convoy.cargo.trucks)
        w = min(wounded, convoy.cargo.trucks - k)
        led.contractors_killed += k
        led.contractors_wounded += w
        who, whose = "contractor drivers", "contractors"
    if not k and not w:
        return "no casualties", {"killed": 0, "wounded": 0}
    parts = [f"{k} killed"] if k else []
    parts += [f"{w} wounded"] if w else []
    return f"{' and '.join(parts)} ({who})", {"killed": k, "wounded": w, "casualties": whose}


def _odds(ctx: Ctx, convoy: Convoy, route: Route, index: int, covered: bool) -> StretchOdds:
    return stretch_odds(
        ctx,
        route,
        route.stretches[index],
        escort=convoy.escort,
        clearance=convoy.clearance,
        authorized=convoy.authorized,
        trucks=convoy.cargo.trucks,
        leaked=convoy.leaked,
        length=convoy.length or convoy.cargo.trucks + convoy.cargo.vehicles,
        overwatch=covered,
    )


def _where(ctx: Ctx, route: Route, index: int) -> str:
    return f"{route.stretches[index].name} ({ctx.name(route.a)}–{ctx.name(route.b)})"


def _armour(ctx: Ctx, convoy: Convoy, key: str, killed: int) -> tuple[int, int]:
    """IED deaths among people riding in own, mine-protected vehicles become wounded:
    (killed, saved). Its own dice, so armour never shifts the other rolls on the stretch."""
    if not killed or not convoy.cargo.headcount:
        return killed, 0
    p = protection(ctx, convoy.cargo.headcount, convoy.cargo.vehicles)
    if p <= 0:
        return killed, 0
    r = rng(ctx.seed, ctx.state.day, "armour", key)
    saved = sum(1 for _ in range(killed) if r.random() < p)
    return killed - saved, saved


def _exposure(ctx: Ctx, convoy: Convoy, covered: bool, why: Exposure) -> None:
    """A day longer on the same stretch (held by a delay, or slowed down): its ambush odds again,
    scaled by the exposure rule."""
    rid, index = convoy.stretches[max(0, min(convoy.rolled, len(convoy.stretches)) - 1)]
    route = ctx.routes[rid]
    odds = _odds(ctx, convoy, route, index, covered)
    r = rng(ctx.seed, ctx.state.day, "exposure", dice_key(convoy, rid, index))
    if r.random() < odds.ambush * ctx.rules.convoy.exposure_day:
        _ambush(ctx, convoy, r, route, index, why)


def _ambush(
    ctx: Ctx, convoy: Convoy, r: Rng, route: Route, index: int, exposure: Exposure | None = None
) -> None:
    convoy.incidents += 1
    killed, wounded, trucks, delay = draw_harm(r, ambush_harm(ctx, convoy.escort))
    hurt, hurt_fields = _casualties(ctx, convoy, killed, wounded)
    containers_before, sensitive_before = convoy.cargo.containers, convoy.cargo.sensitive
    lost, loads = _lose_trucks(ctx, convoy, trucks)
    convoy.delay += delay
    taken = f"; {lost} truck(s) and {loads} load(s) taken" if lost else ""
    why = f" ({exposure})" if exposure else ""
    ctx.log(
        log.ConvoyIncident,
        f"Convoy {convoy.id} ambushed on {_where(ctx, route, index)}{why}: {hurt}{taken}",
        convoy=convoy.id,
        request=convoy.request,
        incident="ambush",
        route=route.id,
        stretch=index,
        **hurt_fields,
        trucks_lost=lost,
        containers_lost=containers_before - convoy.cargo.containers,
        sensitive_lost=sensitive_before - convoy.cargo.sensitive,
        delay=delay,
        exposure=exposure,
    )


def _incident(ctx: Ctx, convoy: Convoy, route: Route, index: int, covered: bool = False) -> None:
    st = ctx.state
    odds = _odds(ctx, convoy, route, index, covered)
    key = dice_key(convoy, route.id, index)
    r = rng(ctx.seed, st.day, "incident", key)
    if r.random() < odds.ied:
        convoy.incidents += 1
        harm = ctx.rules.convoy.ied
        killed, wounded, trucks, delay = draw_harm(r, harm)
        killed, saved = _armour(ctx, convoy, key, killed)
        wounded += saved
        lost_vehicle = trucks_lost = 0
        containers_before, sensitive_before = convoy.cargo.containers, convoy.cargo.sensitive
        if convoy.cargo.vehicles and harm.vehicles:
            lost_vehicle = min(harm.vehicles, convoy.cargo.vehicles)
            convoy.cargo.vehicles -= lost_vehicle
            st.ledger.vehicles.lost += lost_vehicle
        else:
            trucks_lost, _ = _lose_trucks(ctx, convoy, max(trucks, harm.vehicles))
        hurt, hurt_fields = _casualties(ctx, convoy, killed, wounded)
        convoy.delay += delay
        armour = f" (armour saved {saved} li{'ves' if saved != 1 else 'fe'})" if saved else ""
        ctx.log(
            log.ConvoyIncident,
            f"Convoy {convoy.id} hits an IED on {_where(ctx, route, index)}: {hurt}{armour}; "
            f"one vehicle lost; {delay} day(s) delay",
            convoy=convoy.id,
            request=convoy.request,
            incident="ied",
            route=route.id,
            stretch=index,
            **hurt_fields,
            vehicles_lost=lost_vehicle,
            trucks_lost=trucks_lost,
            containers_lost=containers_before - convoy.cargo.containers,
            sensitive_lost=sensitive_before - convoy.cargo.sensitive,
            delay=delay,
            saved=saved,
        )
    if r.random() < odds.ambush:
        _ambush(ctx, convoy, r, route, index)
    if r.random() < odds.breakdown:
        convoy.delay += ctx.rules.convoy.breakdown_delay
        ctx.log(
            log.ConvoyIncident,
            f"Convoy {convoy.id}: breakdowns on {_where(ctx, route, index)}; a day's delay",
            convoy=convoy.id,
            request=convoy.request,
            incident="breakdown",
            route=route.id,
            stretch=index,
            delay=ctx.rules.convoy.breakdown_delay,
        )


def move_convoys(ctx: Ctx) -> None:
    st = ctx.state
    arrived: list[Convoy] = []
    for convoy in st.convoys:
        route_id, stretch_now = convoy.stretches[min(convoy.rolled, len(convoy.stretches) - 1)]
        route_now = ctx.routes[route_id]
        if ctx.rainy(st.day) and chance(
            ctx.seed, st.day, "weather", route_now.id, route_now.rainy_risk
        ):
            convoy.delay += ctx.rules.convoy.weather_delay
            ctx.log(
                log.ConvoyIncident,
                f"Convoy {convoy.id}: rain makes the {ctx.name(route_now.a)}–{ctx.name(route_now.b)} road impassable; a day's delay",
                convoy=convoy.id,
                request=convoy.request,
                incident="weather",
                route=route_id,
                stretch=stretch_now,
                delay=ctx.rules.convoy.weather_delay,
            )
        covered = convoy.overwatch and take_overwatch(ctx)
        if convoy.overwatch and not covered:
            ctx.log(
                log.OverwatchMissed,
                f"Convoy {convoy.id}: no helicopter free for overwatch today",
                convoy=convoy.id,
                request=convoy.request,
            )
        if convoy.delay > 0:
            convoy.delay -= 1
            _exposure(ctx, convoy, covered, "halted")
            continue
        convoy.progress += 1
        due = due_stretches(len(convoy.stretches), convoy.travel_days, convoy.progress)
        while convoy.rolled < min(due, len(convoy.stretches)):
            rid, index = convoy.stretches[convoy.rolled]
            _incident(ctx, convoy, ctx.routes[rid], index, covered)
            convoy.rolled += 1
        if extra_day(convoy.base_days, convoy.travel_days, convoy.progress):
            _exposure(ctx, convoy, covered, "slow going")
        if convoy.progress >= convoy.travel_days and convoy.delay == 0:
            arrived.append(convoy)
    back: list[Convoy] = []
    for convoy in arrived:
        st.convoys.remove(convoy)
        if convoy.returning and st.sites[convoy.destination].status == "seized":
            convoy.destination = convoy.origin  # the camp is lost: the escort turns round
        escort = send_escort_back(ctx, convoy)
        if escort is not None:
            back.append(escort)
        unload(ctx, convoy.cargo, convoy.destination)
        out = ctx.sites[convoy.destination].road_exit
        what = (
            "crosses the border out of the country"
            if out
            else f"reaches {ctx.name(convoy.destination)}"
        )
        # One estimate per convoy id (made at dispatch), so the search runs from the newest:
        # a convoy on the road was sent days ago, not months.
        est = next((e for e in reversed(st.estimates) if e.convoy == convoy.id), None)
        if est is not None:
            est.incidents = convoy.incidents
        ctx.log(
            log.ConvoyArrived,
            f"Convoy {convoy.id} {what} after {st.day - convoy.departed + 1} days: "
            f"{convoy.cargo.headcount} people, {convoy.cargo.containers} containers, "
            f"{convoy.cargo.vehicles} vehicles, {convoy.cargo.sensitive} sensitive",
            convoy=convoy.id,
            request=convoy.request,
            origin=convoy.origin,
            destination=convoy.destination,
            left_country=out,
            days=st.day - convoy.departed + 1,
            people=convoy.cargo.headcount,
            containers=convoy.cargo.containers,
            vehicles=convoy.cargo.vehicles,
            sensitive=convoy.cargo.sensitive,
        )
    st.convoys.extend(back)
