"""How a day resolves, in a fixed order:

unanswered choices take their default → host decisions on requests → convoys and flights move
(incident rolls per stretch) → site security → scenario events → deadlines → the day's record.
"""

from __future__ import annotations

import datetime as dt

from ..model import log
from ..model.content import Route
from ..model.state import CLOSED, Cargo, Convoy, DayRecord, Request, trusted
from . import effects
from .context import Ctx
from .risk import flight_risk, stretch_odds
from .rng import chance, rng

DENIAL_REASONS = (
    "the ministry cites military operations in the area",
    "the request arrived without the required note verbale details",
    "the ministry says the timing is not suitable",
    "the request is under review by the defence staff",
)
CONDITIONS = ("later_start", "fewer_trucks", "no_sensitive")


def resolve_day(ctx: Ctx) -> None:
    effects.default_choices(ctx)
    host_decisions(ctx)
    move_convoys(ctx)
    fly(ctx)
    site_security(ctx)
    effects.run_events(ctx)
    deadlines(ctx)
    record(ctx)


# --------------------------------------------------------------------------- host


def _conditions(ctx: Ctx, kind: str) -> list[dict]:
    return [c for c in ctx.state.conditions if c["kind"] == kind]


def _ends(ctx: Ctx, req: Request) -> tuple[str, str]:
    return req.order["origin"], req.order["destination"]


def approval_chance(ctx: Ctx, req: Request) -> tuple[float, str]:
    """The host's chance of saying yes, or 0 with the standing condition that forbids it."""
    host = ctx.scenario.host
    regions = {ctx.region(s) for s in _ends(ctx, req) if s != "home"}
    if req.kind == "movement":
        for c in _conditions(ctx, "freeze_movement"):
            ends = regions
            if c.get("toward_only"):
                dest = req.order["destination"]
                ends = {ctx.region(dest)} if dest != "home" else set()
            hit = ends & set(c["regions"])
            if hit:
                return 0.0, c.get(
                    "description"
                ) or f"movement in {', '.join(sorted(hit))} is frozen"
    else:
        for c in _conditions(ctx, "deny_flights"):
            if not c["regions"] or regions & set(c["regions"]):
                return 0.0, c.get("description") or "flights there are refused"
    p = host.approve + host.per_relation * (ctx.state.relations - 50) + 0.08 * req.pressed
    for c in _conditions(ctx, "approval_penalty"):
        if c["applies_to"] in ("all", req.kind):
            p -= c["amount"]
    return max(0.0, min(1.0, p)), ""


def host_decisions(ctx: Ctx) -> None:
    st = ctx.state
    host = ctx.scenario.host
    for req in st.requests.values():
        if req.status not in ("pending", "delayed") or req.decide > st.day:
            continue
        p, forbidden = approval_chance(ctx, req)
        r = rng(ctx.seed, st.day, "host", req.id)
        u = r.random()
        if forbidden:
            req.status, req.reason = "denied", forbidden
            ctx.log(
                log.RequestDecision,
                f"Request {req.id} denied: {forbidden}",
                request=req.id,
                outcome="denied",
                reason=forbidden,
            )
            continue
        if u < p:
            depart = req.order.get("depart")
            # decided at the end of today: usable from tomorrow morning
            start = max(st.day + 1, ctx.day_of(dt.date.fromisoformat(depart)) if depart else 0)
            req.status = "approved"
            if r.random() < host.conditions_share:
                cond = CONDITIONS[r.randrange(len(CONDITIONS))]
                if cond == "later_start":
                    start += 2
                    req.conditions.append("not before " + str(ctx.date_of(start)))
                elif cond == "fewer_trucks" and req.kind == "movement" and req.order["trucks"] > 1:
                    req.max_trucks = max(1, req.order["trucks"] * 2 // 3)
                    req.conditions.append(f"at most {req.max_trucks} trucks")
                elif cond == "no_sensitive" and req.order.get("sensitive"):
                    req.no_sensitive = True
                    req.conditions.append("no sensitive equipment")
            req.valid_from = start
            req.valid_until = start + host.validity_days - 1
            extra = f" with conditions: {'; '.join(req.conditions)}" if req.conditions else ""
            ctx.log(
                log.RequestDecision,
                f"Request {req.id} approved{extra}; valid {ctx.date_of(req.valid_from)} to "
                f"{ctx.date_of(req.valid_until)}",
                request=req.id,
                outcome="approved",
                conditions=list(req.conditions),
                valid_from=req.valid_from,
                valid_until=req.valid_until,
            )
        elif r.random() < host.delay_share:
            wait = 2 + r.randrange(4)
            req.status = "delayed"
            req.decide = st.day + wait
            ctx.log(
                log.RequestDecision,
                f"Request {req.id} delayed: answer now due {ctx.date_of(req.decide + 1)}",
                request=req.id,
                outcome="delayed",
                answer_due=req.decide + 1,
            )
        else:
            req.status = "denied"
            req.reason = DENIAL_REASONS[r.randrange(len(DENIAL_REASONS))]
            ctx.log(
                log.RequestDecision,
                f"Request {req.id} denied: {req.reason}",
                request=req.id,
                outcome="denied",
                reason=req.reason,
            )


# --------------------------------------------------------------------------- convoys


def _unload(ctx: Ctx, cargo: Cargo, site_id: str) -> None:
    """Cargo arrives at a site, or leaves the country at a border crossing or by air home."""
    st = ctx.state
    led = st.ledger
    out = site_id == "home" or ctx.sites[site_id].road_exit
    if out:
        n = cargo.headcount
        led.withdrawn += n
        led.relieved += sum(v for c, v in cargo.people.items() if ctx.contingents[c].overdue)
        led.containers.repatriated += cargo.containers
        led.vehicles.repatriated += cargo.vehicles
        led.sensitive.repatriated += cargo.sensitive
        if site_id != "home":
            st.sites[site_id].trucks += cargo.trucks
            st.sites[site_id].eod_teams += cargo.eod_teams
        return
    site = st.sites[site_id]
    for c, n in cargo.people.items():
        site.people[c] = site.people.get(c, 0) + n
    site.people = dict(sorted(site.people.items()))
    site.containers += cargo.containers
    site.vehicles += cargo.vehicles
    site.sensitive += cargo.sensitive
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
        k, w = effects.kill(ctx, convoy.cargo.people, killed, wounded)
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
    )
    key = f"{convoy.id}:{route.id}:{index}"
    r = rng(ctx.seed, st.day, "incident", key)
    where = f"{stretch.name} ({ctx.name(route.a)}–{ctx.name(route.b)})"
    if r.random() < odds.ied:
        convoy.incidents += 1
        killed = 1 if r.random() < 0.2 else 0
        wounded = 1 + r.randrange(5)
        lost_vehicle = trucks_lost = 0
        before = (convoy.cargo.containers, convoy.cargo.sensitive)
        if convoy.cargo.vehicles:
            convoy.cargo.vehicles -= 1
            st.ledger.vehicles.lost += 1
            lost_vehicle = 1
        else:
            trucks_lost, _ = _lose_trucks(ctx, convoy, 1)
        hurt, harm = _casualties(ctx, convoy, killed, wounded)
        convoy.delay += 1
        ctx.log(
            log.ConvoyIncident,
            f"Convoy {convoy.id} hits an IED on {where}: {hurt}; one vehicle lost; a day's delay",
            convoy=convoy.id,
            request=convoy.request,
            incident="ied",
            route=route.id,
            stretch=index,
            **harm,
            vehicles_lost=lost_vehicle,
            trucks_lost=trucks_lost,
            containers_lost=before[0] - convoy.cargo.containers,
            sensitive_lost=before[1] - convoy.cargo.sensitive,
            delay=1,
        )
    if r.random() < odds.ambush:
        convoy.incidents += 1
        if convoy.escort == "heavy":
            killed, wounded, trucks, delay = 0, r.randrange(3), 0, 1
        elif convoy.escort == "light":
            killed, wounded, trucks, delay = (
                (1 if r.random() < 0.25 else 0),
                1 + r.randrange(4),
                r.randrange(2),
                1,
            )
        else:
            killed, wounded, trucks, delay = (
                r.randrange(4),
                2 + r.randrange(7),
                r.randrange(4),
                1 + r.randrange(2),
            )
        hurt, harm = _casualties(ctx, convoy, killed, wounded)
        before = (convoy.cargo.containers, convoy.cargo.sensitive)
        lost, loads = _lose_trucks(ctx, convoy, trucks)
        convoy.delay += delay
        taken = f"; {lost} truck(s) and {loads} load(s) taken" if lost else ""
        ctx.log(
            log.ConvoyIncident,
            f"Convoy {convoy.id} ambushed on {where}: {hurt}{taken}",
            convoy=convoy.id,
            request=convoy.request,
            incident="ambush",
            route=route.id,
            stretch=index,
            **harm,
            trucks_lost=lost,
            containers_lost=before[0] - convoy.cargo.containers,
            sensitive_lost=before[1] - convoy.cargo.sensitive,
            delay=delay,
        )
    if r.random() < odds.breakdown:
        convoy.delay += 1
        ctx.log(
            log.ConvoyIncident,
            f"Convoy {convoy.id}: breakdowns on {where}; a day's delay",
            convoy=convoy.id,
            request=convoy.request,
            incident="breakdown",
            route=route.id,
            stretch=index,
            delay=1,
        )


def move_convoys(ctx: Ctx) -> None:
    st = ctx.state
    arrived: list[Convoy] = []
    for convoy in st.convoys:
        route_id, stretch_now = convoy.stretches[min(convoy.rolled, len(convoy.stretches) - 1)]
        route_now = ctx.routes[route_id]
        if ctx.rainy(st.day) and chance(
            ctx.seed, st.day, "weather", convoy.id, route_now.rainy_risk
        ):
            convoy.delay += 1
            ctx.log(
                log.ConvoyIncident,
                f"Convoy {convoy.id}: rain makes the {ctx.name(route_now.a)}–{ctx.name(route_now.b)} road impassable; a day's delay",
                convoy=convoy.id,
                request=convoy.request,
                incident="weather",
                route=route_id,
                stretch=stretch_now,
                delay=1,
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
        _unload(ctx, convoy.cargo, convoy.destination)
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


def fly(ctx: Ctx) -> None:
    st = ctx.state
    for flight in list(st.flights):
        st.flights.remove(flight)
        p = flight_risk(ctx, flight.origin, flight.destination, flight.authorized)
        r = rng(ctx.seed, st.day, "flight", flight.id)
        if r.random() < p:
            wounded = r.randrange(3)
            group = flight.cargo.people
            _, w = effects.kill(ctx, group, 0, wounded)
            if r.random() < 0.5:
                ctx.log(
                    log.FlightIncident,
                    f"Flight {flight.id} fired on; {w} wounded; it turns back and unloads at {ctx.name(flight.origin)}",
                    flight=flight.id,
                    request=flight.request,
                    incident="ground_fire",
                    wounded=w,
                    turned_back=True,
                    unloaded_at=flight.origin,
                )
                if flight.origin == "home":
                    # they fly back out: they leave the ledger as they entered it
                    st.ledger.arrived -= flight.cargo.headcount
                    continue
                _unload(ctx, flight.cargo, flight.origin)
                continue
            ctx.log(
                log.FlightIncident,
                f"Flight {flight.id} hit by small-arms fire on landing; {w} wounded",
                flight=flight.id,
                request=flight.request,
                incident="ground_fire",
                wounded=w,
                unloaded_at=flight.destination,
            )
        _unload(ctx, flight.cargo, flight.destination)
        ctx.log(
            log.FlightLanded,
            f"Flight {flight.id} lands at {ctx.name(flight.destination)}: {flight.cargo.headcount} people, "
            f"{flight.cargo.containers + flight.cargo.sensitive} loads",
            flight=flight.id,
            request=flight.request,
            origin=flight.origin,
            destination=flight.destination,
            people=flight.cargo.headcount,
            containers=flight.cargo.containers,
            sensitive=flight.cargo.sensitive,
        )
    st.sorties_used = {}
    st.landings_used = {}


# --------------------------------------------------------------------------- sites


def site_security(ctx: Ctx) -> None:
    st = ctx.state
    led = st.ledger
    # One screening number per site per day, drawn for every site in the theatre's fixed order,
    # so an attack at one camp never shifts the dice of another; details come from the site's own.
    screen = rng(ctx.seed, st.day, "attack-screen").randoms(len(st.sites))
    held = held_ok = 0
    for u_attack, (sid, site) in zip(screen, st.sites.items(), strict=True):
        people = sum(site.people.values())  # site.headcount, inlined: 15 sites a day
        if not people and site.status != "abandoned":
            continue
        pressure = ctx.pressure(ctx.region(sid))
        if site.closable and site.status in ("open", "drawing_down"):
            held += 1
            if people >= site.min_garrison:
                held_ok += 1
        if people and site.status not in ("handed_over",):
            thin = site.min_garrison and people < site.min_garrison
            p = site.threat * (0.5 + pressure) * (2.0 if thin else 1.0)
            if site.qrf_until >= st.day:
                p *= 0.4
            if u_attack < min(0.9, p):
                r = rng(ctx.seed, st.day, "attack", sid)
                killed = 1 if r.random() < (0.25 if thin else 0.08) else 0
                wounded = r.randrange(4) + (2 if thin else 0)
                k, w = effects.kill(ctx, site.people, killed, wounded)
                hit = min(site.containers, r.randrange(3))
                site.containers -= hit
                led.containers.lost += hit
                harm = [f"{k} killed"] * bool(k) + [f"{w} wounded"] * bool(w)
                harm += [f"{hit} container{'s' * (hit != 1)} destroyed"] * bool(hit)
                ctx.log(
                    log.SiteAttack,
                    f"{ctx.name(sid)} comes under indirect fire: "
                    + (", ".join(harm) if harm else "no casualties, no damage"),
                    site=sid,
                    killed=k,
                    wounded=w,
                    containers=hit,
                )
        if site.status == "abandoned":
            r = rng(ctx.seed, st.day, "seize", sid)
            u = r.random()
            p_seize = min(0.95, 0.25 + pressure)
            if u < p_seize:
                site.status = "seized"
                lost = (site.containers, site.vehicles, site.sensitive)
                led.containers.lost += site.containers
                led.vehicles.lost += site.vehicles
                led.sensitive.lost += site.sensitive
                site.containers = site.vehicles = site.sensitive = 0
                ctx.log(
                    log.SiteSeized,
                    f"Armed groups occupy the empty camp at {ctx.name(sid)}; lost with it: "
                    f"{lost[0]} containers, {lost[1]} vehicles, {lost[2]} sensitive items",
                    site=sid,
                    containers=lost[0],
                    vehicles=lost[1],
                    sensitive=lost[2],
                )
            elif site.host_can_take_over and u < p_seize + 0.35:
                site.status = "handed_over"
                site.handed_on = st.date
                taken = (site.containers, site.vehicles, site.sensitive)
                led.containers.handed_over += site.containers
                led.vehicles.handed_over += site.vehicles
                led.sensitive.lost += site.sensitive
                site.containers = site.vehicles = site.sensitive = 0
                ctx.log(
                    log.SiteOccupiedInformally,
                    f"Host forces occupy the empty camp at {ctx.name(sid)} without a formal handover",
                    site=sid,
                    containers=taken[0],
                    vehicles=taken[1],
                    sensitive_lost=taken[2],
                )
    st.garrison_days += held
    st.garrison_days_ok += held_ok


# --------------------------------------------------------------------------- deadlines


def deadlines(ctx: Ctx) -> None:
    st = ctx.state
    for sid, site in st.sites.items():
        if site.qrf_until == st.day:
            st.qrf_free += 1
            ctx.log(
                log.QrfLeft,
                f"The quick-reaction force leaves {ctx.name(sid)} and is free again",
                site=sid,
            )
        if not site.closable:
            continue
        if site.closed_on is None and not site.people and not _has_inbound(ctx, sid):
            if site.status in ("open", "drawing_down"):
                site.status = "abandoned"
                ctx.log(
                    log.SiteAbandoned,
                    f"The last people leave {ctx.name(sid)} without a handover; the camp stands empty",
                    site=sid,
                )
            site.closed_on = st.date
        if site.target_date == st.date and site.status not in CLOSED:
            ctx.log(
                log.TargetMissed,
                f"{ctx.name(sid)} has passed its target closure date with {site.headcount} people still there",
                site=sid,
                people=site.headcount,
            )
    for req in st.requests.values():
        if req.status == "approved" and req.valid_until == st.day:
            req.status = "expired"
            ctx.log(
                log.AuthorizationExpired, f"Authorization {req.id} expires unused", request=req.id
            )


def _has_inbound(ctx: Ctx, sid: str) -> bool:
    return any(c.destination == sid for c in ctx.state.convoys)


def record(ctx: Ctx) -> None:
    st = ctx.state
    led = st.ledger
    st.history.append(
        trusted(
            DayRecord,
            {
                "day": st.day,
                "withdrawn": led.withdrawn,
                "remaining": people_remaining(ctx),
                "killed": led.killed,
                "containers_out": led.containers.repatriated,
                "relations": st.relations,
            },
        )
    )


def people_remaining(ctx: Ctx) -> int:
    st = ctx.state
    # headcount inlined: this runs every day over every site
    n = 0
    for s in st.sites.values():
        n += sum(s.people.values())
    for c in st.convoys:
        n += sum(c.cargo.people.values())
    for f in st.flights:
        n += sum(f.cargo.people.values())
    return n
