"""The host government: its answers to requests, its memory (grievances), its meetings, its army's
operations calendar and checkpoints, and the concessions it can be offered.

The host wants camps received intact and equipped, no UN aircraft over its own offensive, and to be
asked, not told. What it holds against the mission (unauthorized moves, destruction it objected to,
pressing, broken promises) is kept by cause in ``State.grievances``; it fades slowly, lowers the
chance of approval and caps how far meetings can raise relations.

Over 500 lines on purpose: the host's whole behaviour — answers, grievances, meetings,
operations, concessions and checkpoints — reads and changes the same memory (`State.grievances`,
concessions) and is calibrated together (`docs/rules.md`, the host section).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import log
from ..model import orders as o
from ..model.content import ApprovalPenalty, DenyFlights, FreezeMovement, Operation, Route
from ..model.state import CLOSED, Concession, Convoy, Request
from . import changes
from .changes import grievance, grieve
from .context import Ctx
from .convoys import unload
from .rng import rng
from .supplies import dice_place, place

DENIAL_REASONS = (
    "the ministry cites military operations in the area",
    "the request arrived without the required note verbale details",
    "the ministry says the timing is not suitable",
    "the request is under review by the defence staff",
)
CONDITIONS = ("later_start", "fewer_trucks", "no_sensitive")


def dice_key(req: Request, where: str | None = None) -> str:
    """A decision's dice belong to what was asked and when, never to the request's name or number,
    so two trainees asking the same thing on the same day get the same answer. `where` replaces a
    destination that is not a place (a convoy to resupply)."""
    dest = where or req.order.destination
    return f"{req.kind}:{req.order.origin}>{dest}:{req.requested}"


def _ends(ctx: Ctx, req: Request) -> tuple[str, str]:
    return req.order.origin, req.order.destination


def approval_chance(ctx: Ctx, req: Request) -> tuple[float, str]:
    """The host's chance of saying yes, or 0 with the standing condition that forbids it."""
    p, forbidden, _ = approval_parts(ctx, req)
    return p, forbidden


def approval_parts(ctx: Ctx, req: Request) -> tuple[float, str, dict[str, float]]:
    """The chance of approval, what forbids it (if anything), and what moved it, by cause."""
    p, forbidden = _base_approval(ctx, req)
    parts: dict[str, float] = {}
    if forbidden:
        return p, forbidden, parts
    forbidden = _operations(ctx, req, parts)
    if forbidden:
        return 0.0, forbidden, parts
    g = grievance(ctx)
    if g:
        parts["grievances"] = -round(ctx.rules.host.grievance_approval * g, 4)
    for c in active_concessions(ctx):
        bonus = _concession_bonus(ctx, c, req)
        if bonus:
            key = f"{c.offer}:{c.site}"
            parts[key] = round(parts.get(key, 0.0) + bonus, 4)
    p += sum(parts.values())
    return max(0.0, min(1.0, p)), "", parts


def _base_approval(ctx: Ctx, req: Request) -> tuple[float, str]:
    host = ctx.scenario.host
    regions = {ctx.region(s) for s in _ends(ctx, req) if s != "home"}
    if req.kind == "movement":
        for c in ctx.state.conditions:
            if not isinstance(c, FreezeMovement):
                continue
            ends = regions
            if c.toward_only:
                dest = req.order.destination
                ends = {ctx.region(dest)} if dest != "home" else set()
            hit = ends & set(c.regions)
            if hit:
                return 0.0, c.description or f"movement in {', '.join(sorted(hit))} is frozen"
    else:
        resupply = o.purpose_of(req.order) == "resupply"
        if resupply:  # a convoy to resupply stands for where it is
            regions = {ctx.region(place(ctx, s)) for s in _ends(ctx, req) if s != "home"}
        for c in ctx.state.conditions:
            if not isinstance(c, DenyFlights):
                continue
            if not c.regions or regions & set(c.regions):
                if resupply:  # the water resupply let through the ban of 27 Oct 2023 [A37][A44]
                    return ctx.rules.supply.ban_exception, ""
                return 0.0, c.description or "flights there are refused"
    p = (
        host.approve
        + host.per_relation * (ctx.state.relations - ctx.rules.host.approval_pivot)
        + ctx.rules.host.press_approval * req.pressed
    )
    if o.purpose_of(req.order) == "resupply":
        p += ctx.rules.supply.air_approval
    for c in ctx.state.conditions:
        if isinstance(c, ApprovalPenalty) and c.applies_to in ("all", req.kind):
            p -= c.amount
    return max(0.0, min(1.0, p)), ""


def host_decisions(ctx: Ctx) -> None:
    st = ctx.state
    host = ctx.scenario.host
    for req in ctx.open_requests():
        if req.status not in ("pending", "delayed") or req.decide > st.day:
            continue
        p, forbidden = approval_chance(ctx, req)
        r = rng(ctx.seed, st.day, "host", dice_key(req, dice_place(ctx, req.kind, req.order)))
        u = r.random()
        if forbidden:
            changes.deny_request(ctx, req, forbidden)
            continue
        if u < p:
            depart = req.order.depart
            # decided at the end of today: usable from tomorrow morning
            start = max(st.day + 1, ctx.day_of(depart) if depart else 0)
            req.status = "approved"
            if r.random() < host.conditions_share:
                cond = CONDITIONS[r.randrange(len(CONDITIONS))]
                if cond == "later_start":
                    start += ctx.rules.host.later_start_days
                    req.conditions.append("not before " + str(ctx.date_of(start)))
                elif (
                    cond == "fewer_trucks"
                    and isinstance(req.order, o.RequestMovement)
                    and req.order.trucks > 1
                ):
                    share = ctx.rules.host.fewer_trucks_share
                    req.max_trucks = max(1, int(req.order.trucks * share))
                    req.conditions.append(f"at most {req.max_trucks} trucks")
                elif cond == "no_sensitive" and req.order.sensitive:
                    req.no_sensitive = True
                    req.conditions.append("no sensitive equipment")
            req.valid_from = start
            req.valid_until = start + host.validity_days - 1
            if isinstance(req.order, o.RequestMovement) and req.order.overwatch:
                decide_overwatch(ctx, req)
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
            rules = ctx.rules.host
            wait = rules.delay_min + r.randrange(max(1, rules.delay_max - rules.delay_min + 1))
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
            changes.deny_request(ctx, req, DENIAL_REASONS[r.randrange(len(DENIAL_REASONS))])


# --------------------------------------------------------------------------- grievances


def forgive(ctx: Ctx, amount: float) -> float:
    """Grievance reduced by `amount` points, spread over the causes in proportion; returns the
    reduction made."""
    total = grievance(ctx)
    if total <= 0 or amount <= 0:
        return 0.0
    _scale_grievances(ctx, max(0.0, 1.0 - amount / total))
    return total - grievance(ctx)


def _scale_grievances(ctx: Ctx, keep: float) -> None:
    """Every grievance times `keep`; what falls below display precision is forgotten."""
    ctx.state.grievances = {
        k: round(v * keep, 3)
        for k, v in ctx.state.grievances.items()
        if v * keep >= 0.05  # not a rule: below display precision
    }


def unauthorized_move(ctx: Ctx, flight: bool) -> None:
    """The cost of a convoy or flight moved without asking: relations at once, and a grievance."""
    factor = ctx.rules.flight.unauthorized_relations if flight else 1.0
    what = "a flight without clearance" if flight else "an unauthorized move"
    changes.change_relations(ctx, -factor * ctx.scenario.host.unauthorized_cost, what)
    grieve(ctx, "unauthorized", factor * ctx.rules.host.grievance_unauthorized, what)


def host_day(ctx: Ctx) -> None:
    """The start of the host's day: grievances fade, old meetings are forgotten, operations start
    and end, concessions run out."""
    st = ctx.state
    rules = ctx.rules.host
    if st.grievances:
        _scale_grievances(ctx, 1.0 - rules.grievance_decay)
    if st.meetings and st.meetings[0] <= st.day - rules.engage_window:
        st.meetings = [d for d in st.meetings if d > st.day - rules.engage_window]
    for op in ctx.scenario.host.operations:
        if op.start == st.date:
            ctx.log(
                log.HostOperation,
                f"The army's operation begins: {op.name}"
                + (f" ({op.description})" if op.description else ""),
                operation=op.id,
                phase="begins",
            )
        elif op.end is not None and op.end == st.date - dt.timedelta(days=1):
            ctx.log(
                log.HostOperation,
                f"The army's operation ends: {op.name}",
                operation=op.id,
                phase="ends",
            )
    for c in st.concessions:
        if c.status != "active":
            continue
        site = st.sites[c.site]
        if c.offer == "leave_equipment":
            if site.status in CLOSED:
                c.status = "kept"
        elif st.day > c.until or site.status == "handed_over":
            c.status = "kept"
            ctx.log(
                log.ConcessionEnded,
                f"The promise to the host ends: {_offer_words(c.offer)} at {ctx.name(c.site)}",
                offer=c.offer,
                site=c.site,
                status="kept",
            )


# --------------------------------------------------------------------------- meetings


def recent_meetings(ctx: Ctx) -> int:
    window = ctx.rules.host.engage_window
    return sum(1 for d in ctx.state.meetings if d > ctx.state.day - window)


def relations_ceiling(ctx: Ctx) -> float:
    """How high meetings alone can take relations while the host remembers what it does."""
    rules = ctx.rules.host
    return max(0.0, rules.engage_limit - rules.grievance_ceiling * grievance(ctx))


def meeting_gain(ctx: Ctx) -> float:
    """What a meeting to improve relations gains today: less as relations rise, less again for
    every recent meeting, and never above the ceiling the host's grievances leave."""
    host = ctx.scenario.host
    rel = ctx.state.relations
    gain = host.engage_gain * (1.0 - rel / ctx.rules.host.engage_ceiling)
    gain /= 1 + recent_meetings(ctx)
    return max(0.0, min(gain, relations_ceiling(ctx) - rel))


def meet(ctx: Ctx) -> float:
    """Hold a meeting to improve relations; returns the gain."""
    gain = meeting_gain(ctx)
    ctx.state.meetings.append(ctx.state.day)
    ctx.state.last_engage = ctx.state.day
    changes.change_relations(ctx, gain, "an engagement with the ministry")
    return gain


def press(ctx: Ctx, req: Request) -> None:
    """Press a pending request: it is answered sooner and more likely yes, and each push costs more
    relations and more grievance than the last."""
    st = ctx.state
    st.meetings.append(st.day)
    st.last_engage = st.day
    req.pressed += 1
    req.decide = max(st.day, req.decide - 1)
    changes.change_relations(
        ctx, -ctx.rules.host.press_relations * req.pressed, f"pressing request {req.id}"
    )
    grieve(
        ctx, "pressing", ctx.rules.host.grievance_press * req.pressed, f"being pressed on {req.id}"
    )


# --------------------------------------------------------------------------- operations


def operations_today(ctx: Ctx, day: int | None = None) -> list[Operation]:
    date = ctx.date_of(ctx.state.day if day is None else day)
    return [
        op
        for op in ctx.scenario.host.operations
        if op.start <= date and (op.end is None or date <= op.end)
    ]


def _covers(op: Operation, regions: set[str]) -> set[str]:
    return regions if not op.regions else regions & set(op.regions)


def _operations(ctx: Ctx, req: Request, parts: dict[str, float]) -> str:
    """Apply the army's operations to a request: a refusal's reason, or penalties into `parts`."""
    ops = operations_today(ctx, req.decide)
    if not ops:
        return ""
    origin, dest = _ends(ctx, req)
    regions = {ctx.region(s) for s in (origin, dest) if s != "home"}
    toward = {ctx.region(dest)} if dest != "home" else set()
    for op in ops:
        if req.kind == "movement":
            hit = _covers(op, toward if op.movement == "toward_refused" else regions)
            if op.movement != "as_usual" and hit:
                return (
                    op.description
                    or f"the army's {op.name} closes the roads in {', '.join(sorted(hit))}"
                )
            if op.movement_penalty and _covers(op, regions):
                parts[f"operation:{op.id}"] = -op.movement_penalty
        else:
            hit = _covers(op, regions)
            if not hit:
                continue
            purpose = o.purpose_of(req.order) or ""
            aircraft = (
                ctx.aircraft.get(req.order.aircraft)
                if isinstance(req.order, o.RequestFlight)
                else None
            )
            helicopter = aircraft is not None and aircraft.kind == "helicopter"
            barred = op.flights == "refused" or (
                op.flights == "helicopters_only" and not helicopter
            )
            if barred and purpose not in op.flights_except:
                allowed = " and ".join(op.flights_except)
                only = "helicopters" if op.flights == "helicopters_only" else ""
                cleared = " and ".join(
                    x for x in (only, f"{allowed} flights" if allowed else "") if x
                )
                return (op.description or f"no flights during the army's {op.name}") + (
                    f" (only {cleared} are cleared)" if cleared else ""
                )
            if op.flight_penalty:
                parts[f"operation:{op.id}"] = -op.flight_penalty
    return ""


# --------------------------------------------------------------------------- concessions


def _offer_words(offer: str) -> str:
    return {
        "leave_equipment": "equipment left for the army",
        "hold_camp": "the camp held until the army arrives",
        "share_schedule": "the convoy schedule shared",
    }[offer]


def active_concessions(ctx: Ctx) -> list[Concession]:
    return [c for c in ctx.state.concessions if c.status == "active"]


def _concession_bonus(ctx: Ctx, c: Concession, req: Request) -> float:
    rules = ctx.rules.host
    if c.offer == "hold_camp":
        return rules.hold_approval if req.decide <= c.until else 0.0
    if req.order.origin != c.site:
        return 0.0
    if c.offer == "leave_equipment":
        return rules.leave_approval
    if c.offer == "share_schedule" and req.kind == "movement" and req.decide <= c.until:
        return rules.schedule_approval
    return 0.0


def committed(ctx: Ctx, site_id: str) -> int:
    """Containers at a site promised to the host: they cannot be moved out or destroyed."""
    site = ctx.state.sites.get(site_id)
    return 0 if site is None else min(site.committed, site.containers)


def schedule_leaked(ctx: Ctx, site_id: str) -> bool:
    """A convoy leaving this site today leaves on a schedule the host was given (and that leaks)."""
    day = ctx.state.day
    return any(
        c.offer == "share_schedule" and c.site == site_id and c.day <= day <= c.until
        for c in active_concessions(ctx)
    )


def concession_problem(ctx: Ctx, order: o.Concede) -> str:
    """Why the concession cannot be offered now ('' if it can)."""
    st = ctx.state
    site = st.sites.get(order.site)
    if site is None or order.site not in ctx.sites:
        return f"there is no site {order.site!r}"
    name = ctx.name(order.site)
    if not site.closable:
        return f"{name} is not a mission site"
    if not site.held:
        return f"{name} is already {site.status.replace('_', ' ')}"
    if any(c.offer == order.offer and c.site == order.site for c in active_concessions(ctx)):
        return f"{_offer_words(order.offer)} at {name} is already promised"
    rules = ctx.rules.host
    if order.offer == "leave_equipment":
        if not site.host_can_take_over:
            return f"the host has no forces near {name} to receive the equipment"
        n = rules.leave_min_containers if order.containers is None else order.containers
        if n < rules.leave_min_containers:
            return f"the host expects at least {rules.leave_min_containers} containers"
        free = site.containers - committed(ctx, order.site)
        if n > free:
            return f"only {free} containers at {name} are not already promised"
    elif order.offer == "hold_camp":
        if not site.headcount:
            return f"nobody is left at {name} to hold it"
        if order.until is not None and ctx.day_of(order.until) <= st.day:
            return "the date to hold the camp until must be after today"
        if order.until is not None and ctx.day_of(order.until) > ctx.last_day:
            return f"{order.until} is after the deadline"
    elif order.offer == "share_schedule" and order.containers is not None:
        return "a shared schedule commits no containers"
    return ""


def concession_terms(ctx: Ctx, order: o.Concede) -> dict[str, Any]:
    """What a concession buys and what it costs, as the engine will apply it."""
    rules = ctx.rules.host
    st = ctx.state
    until = ctx.last_day
    terms: dict[str, Any] = {"containers": 0, "forgiven": 0.0, "approval_bonus": 0.0}
    if order.offer == "leave_equipment":
        terms["containers"] = (
            rules.leave_min_containers if order.containers is None else order.containers
        )
        terms["forgiven"] = min(grievance(ctx), rules.leave_grievance)
        terms["approval_bonus"] = rules.leave_approval
    elif order.offer == "hold_camp":
        until = st.day + rules.hold_days - 1 if order.until is None else ctx.day_of(order.until) - 1
        until = min(until, ctx.last_day)
        terms["forgiven"] = min(grievance(ctx), rules.hold_grievance)
        terms["approval_bonus"] = rules.hold_approval
        terms["broken_grievance"] = rules.grievance_broken
    else:
        until = min(ctx.last_day, st.day + rules.schedule_days - 1)
        terms["approval_bonus"] = rules.schedule_approval
        terms["ambush_factor"] = rules.schedule_ambush
    terms["until"] = until
    return terms


def concede(ctx: Ctx, order: o.Concede) -> str:
    """Make a checked concession; returns what the player is told."""
    st = ctx.state
    terms = concession_terms(ctx, order)
    site = st.sites[order.site]
    name = ctx.name(order.site)
    c = Concession(offer=order.offer, site=order.site, day=st.day, until=terms["until"])
    if order.offer == "leave_equipment":
        c.containers = terms["containers"]
        site.committed = committed(ctx, order.site) + c.containers
        what = f"{c.containers} containers and generators at {name} will stay for the army"
    elif order.offer == "hold_camp":
        c.containers = min(site.headcount, max(1, site.min_garrison))
        what = f"{name} will be held by at least {c.containers} until {ctx.date_of(c.until + 1)}"
    else:
        what = f"the convoy schedule of {name} is shared until {ctx.date_of(c.until)}"
    st.concessions.append(c)
    forgiven = forgive(ctx, terms["forgiven"])
    extra = f"; grievance −{forgiven:.1f}" if forgiven >= 0.05 else ""  # not a rule: display
    return f"Concession to the host: {what} (approvals +{terms['approval_bonus']:.0%}{extra})"


def left_site(ctx: Ctx, site_id: str) -> None:
    """People have left a site: a promise to hold it may now be broken."""
    st = ctx.state
    site = st.sites[site_id]
    for c in st.concessions:
        if (
            c.status == "active"
            and c.offer == "hold_camp"
            and c.site == site_id
            and st.day <= c.until
            and site.status != "handed_over"
            and site.headcount < c.containers
        ):
            c.status = "broken"
            ctx.log(
                log.ConcessionEnded,
                f"The promise to hold {ctx.name(site_id)} until {ctx.date_of(c.until + 1)} is broken",
                offer=c.offer,
                site=site_id,
                status="broken",
            )
            grieve(
                ctx,
                "broken_promise",
                ctx.rules.host.grievance_broken,
                f"leaving {ctx.name(site_id)} before the army arrives",
            )


# --------------------------------------------------------------------------- checkpoints


def presence(ctx: Ctx, region: str, day: int | None = None) -> float:
    """The host army's presence in a region today: its standing posture plus its operations."""
    p = ctx.scenario.host.army.get(region, ctx.rules.host.army_presence)
    for op in operations_today(ctx, day):
        if not op.regions or region in op.regions:
            p += op.presence
    return min(1.0, p)


def checkpoint_odds(ctx: Ctx, route: Route, day: int | None = None) -> float:
    """Daily chance an unauthorized convoy on this road is stopped by the army."""
    return ctx.rules.host.checkpoint_chance * max(
        presence(ctx, ctx.region(route.a), day), presence(ctx, ctx.region(route.b), day)
    )


def checkpoint_estimate(ctx: Ctx, routes: list[Route]) -> float:
    """Chance an unauthorized convoy on these roads is stopped at least once (one roll per day on
    the road, as `checkpoints` rolls them)."""
    rainy = ctx.rainy(ctx.state.day)
    through = 1.0
    day = ctx.state.day
    for r in routes:
        days = r.days + (r.rainy_extra_days if rainy else 0)
        for _ in range(max(1, days)):
            through *= 1.0 - checkpoint_odds(ctx, r, day)
            day += 1
    return 1.0 - through


def checkpoints(ctx: Ctx) -> None:
    """The army's checkpoints: every unauthorized convoy moving today may be stopped where it is,
    held some days or turned back. Dice keyed by road, stretch, the move's ends and the day."""
    st = ctx.state
    rules = ctx.rules.host
    for convoy in list(st.convoys):
        if convoy.authorized or convoy.delay > 0 or not convoy.stretches:
            continue
        rid, index = convoy.stretches[min(convoy.rolled, len(convoy.stretches) - 1)]
        route = ctx.routes[rid]
        r = rng(
            ctx.seed, st.day, "checkpoint", f"{rid}:{index}:{convoy.origin}>{convoy.destination}"
        )
        if r.random() >= checkpoint_odds(ctx, route):
            continue
        convoy.stopped += 1
        where = f"the {ctx.name(route.a)}–{ctx.name(route.b)} road"
        back_to = st.sites.get(convoy.origin)
        if (
            r.random() < rules.checkpoint_turn_back
            and back_to is not None
            and back_to.status not in ("seized", "handed_over")
        ):
            _turn_back(ctx, convoy)
            ctx.log(
                log.CheckpointStop,
                f"Convoy {convoy.id} stopped at an army checkpoint on {where} and turned back "
                f"to {ctx.name(convoy.destination)}",
                convoy=convoy.id,
                outcome="turned_back",
                route=rid,
                stretch=index,
                back_to=convoy.destination,
            )
            continue
        days = rules.checkpoint_hold_min + r.randrange(
            max(1, rules.checkpoint_hold_max - rules.checkpoint_hold_min + 1)
        )
        convoy.delay += days
        ctx.log(
            log.CheckpointStop,
            f"Convoy {convoy.id} stopped at an army checkpoint on {where}: held {days} day(s)",
            convoy=convoy.id,
            outcome="held",
            route=rid,
            stretch=index,
            days=days,
        )


def _turn_back(ctx: Ctx, convoy: Convoy) -> None:
    """The convoy goes back the way it came; its cargo returns to where it left."""
    st = ctx.state
    origin = st.sites[convoy.origin]
    if origin.status == "abandoned":
        origin.status = "drawing_down"
        origin.closed_on = None
    if convoy.progress == 0:
        st.convoys.remove(convoy)
        unload(ctx, convoy.cargo, convoy.origin)
        convoy.origin, convoy.destination = convoy.destination, convoy.origin
        return
    passed = convoy.stretches[: max(1, convoy.rolled)][::-1]
    routes: list[str] = []
    for rid, _ in passed:
        if not routes or routes[-1] != rid:
            routes.append(rid)
    convoy.origin, convoy.destination = convoy.destination, convoy.origin
    convoy.stretches = passed
    convoy.routes = routes
    convoy.travel_days = max(1, convoy.progress)
    convoy.progress = 0
    convoy.rolled = 0


# --------------------------------------------------------------------------- air overwatch


def overwatch_chance(ctx: Ctx, req: Request) -> tuple[float, str]:
    """A convoy's overwatch flights are a flight request of their own over the same ends, decided
    under the same standing conditions (deny_flights refuses them, as in Nov 2023 [A42])."""
    flight = Request(
        id=req.id,
        kind="flight",
        order=req.order,
        requested=req.requested,
        decide=req.decide,
        pressed=req.pressed,
    )
    return approval_chance(ctx, flight)


def decide_overwatch(ctx: Ctx, req: Request) -> None:
    """With an approved movement, the host clears its overwatch flights or not (own dice)."""
    p, forbidden = overwatch_chance(ctx, req)
    r = rng(ctx.seed, ctx.state.day, "overwatch", dice_key(req))
    req.overwatch = not forbidden and r.random() < p
    ctx.log(
        log.OverwatchDecision,
        f"Overwatch flights for {req.id} "
        + ("cleared" if req.overwatch else f"refused{': ' + forbidden if forbidden else ''}"),
        request=req.id,
        cleared=req.overwatch,
        reason="" if req.overwatch else forbidden,
    )
