"""Applying orders: each order either changes the state or is refused with a reason to act on.

Over 500 lines on purpose: one handler per order kind, each with its own refusals, sharing the
cargo and route helpers at the top; `handle` dispatches on the order's class.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, assert_never

from ..model import orders as o
from ..model.content import ExtraLead, Route
from ..model.log import OrderApplied, OrderRefused
from ..model.plain import names
from ..model.state import Cargo, Convoy, Estimate, Flight, FlightEstimate, Request, SiteState
from . import camps, changes, effects, equipment, host, supplies
from .column import Outlook, helicopters, journey_days, outlooks
from .context import Ctx
from .paths import follow
from .risk import (
    flight_estimate,
    flight_expected_wounded,
    flight_risk,
    in_words,
    intel_bias,
)


@dataclass(frozen=True)
class Result:
    ok: bool
    message: str
    ref: str | None = None


class Refused(Exception):
    """An order that cannot apply; the message says why and what to do."""


def apply(ctx: Ctx, order: o.Order, data: dict[str, Any] | None = None) -> Result:
    """Apply one order to the current day, logging it (as `data`, its JSON form) or its refusal."""
    if data is None:
        data = order.model_dump(mode="json", exclude_none=True)
    try:
        message, ref = handle(ctx, order)
    except Refused as refusal:
        ctx.log(OrderRefused, f"Refused: {refusal}", order=data, reason=str(refusal))
        return Result(False, str(refusal))
    ctx.log(OrderApplied, message, order=data, ref=ref)
    return Result(True, message, ref)


# --------------------------------------------------------------------------- helpers


def _site(ctx: Ctx, site_id: str, role: str) -> SiteState:
    if site_id not in ctx.sites:
        raise Refused(f"there is no site {site_id!r} ({role})")
    return ctx.state.sites[site_id]


def plan_routes(ctx: Ctx, order: o.RequestMovement) -> list[Route]:
    _site(ctx, order.origin, "origin")
    _site(ctx, order.destination, "destination")
    if order.origin == order.destination:
        raise Refused("origin and destination are the same site")
    if order.via:
        followed = follow(ctx.theatre, order.origin, order.via)
        if isinstance(followed, str):
            raise Refused(followed)
        routes, end = followed
        if end != order.destination:
            raise Refused(
                f"the routes given end at {ctx.name(end)}, not {ctx.name(order.destination)}"
            )
        return routes
    path = ctx.path(order.origin, order.destination)
    if path is None:
        raise Refused(f"no road joins {ctx.name(order.origin)} and {ctx.name(order.destination)}")
    return path


def troops(ctx: Ctx, people: Mapping[str, int]) -> int:
    """How many of these people (by contingent) are troops, who can escort a convoy."""
    return sum(n for c, n in people.items() if ctx.contingents[c].kind == "troops")


def escort_needed(ctx: Ctx, escort: str) -> int:
    assets = ctx.scenario.assets
    return {"none": 0, "light": assets.escort_light, "heavy": assets.escort_heavy}[escort]


def seats(ctx: Ctx, vehicles: int, trucks: int) -> int:
    """People a column of own vehicles and trucks can carry."""
    assets = ctx.scenario.assets
    return vehicles * assets.pax_per_vehicle + trucks * assets.pax_per_truck


def vehicles_to_seat(ctx: Ctx, people: int) -> int:
    """Own vehicles needed to seat this many people (without trucks)."""
    return -(-people // ctx.scenario.assets.pax_per_vehicle)


def truck_load(ctx: Ctx, trucks: int) -> int:
    """Containers and sensitive items this many trucks carry."""
    return trucks * ctx.scenario.assets.truck_capacity


def authorized_today(ctx: Ctx, req: Request) -> bool:
    """A request the host approved whose validity window covers today."""
    return req.status == "approved" and req.valid_from <= ctx.state.day <= req.valid_until


def engage_ready(ctx: Ctx) -> bool:
    """The host's ministry will see the mission today (its cooldown since the last meeting)."""
    return ctx.state.day - ctx.state.last_engage >= ctx.scenario.host.engage_cooldown


def check_convoy_shape(ctx: Ctx, order: o.RequestMovement) -> list[Route]:
    """Checks that do not depend on what is at the origin today."""
    routes = plan_routes(ctx, order)
    assets = ctx.scenario.assets
    if order.contingent is not None and order.contingent not in ctx.contingents:
        raise Refused(f"there is no contingent {order.contingent!r}")
    load = order.containers + order.sensitive
    if load > truck_load(ctx, order.trucks):
        raise Refused(
            f"{load} containers and sensitive items need {-(-load // assets.truck_capacity)} trucks; "
            f"only {order.trucks} requested"
        )
    carry = seats(ctx, order.vehicles, order.trucks)
    if order.people > carry:
        raise Refused(
            f"{order.people} people need seats: {order.vehicles} vehicles and {order.trucks} trucks "
            f"carry {carry}; add vehicles"
        )
    if order.people + order.containers + order.vehicles + order.sensitive + order.trucks == 0:
        raise Refused("the convoy carries nothing")
    need = escort_needed(ctx, order.escort)
    if order.people < need:
        raise Refused(
            f"a {order.escort} escort needs {need} troops in the convoy; only {order.people} people planned"
        )
    if order.overwatch and not helicopters(ctx):
        raise Refused(
            f"air overwatch needs {ctx.rules.convoy.overwatch_sorties} helicopter sortie(s) a day; "
            "the mission has no helicopters for it"
        )
    return routes


def take_people(
    ctx: Ctx, available: dict[str, int], count: int, contingent: str | None
) -> dict[str, int]:
    """Pick who goes: one contingent if named, else troops first, larger contingents first."""
    if contingent is not None:
        have = available.get(contingent, 0)
        if have < count:
            raise Refused(
                f"only {have} of {ctx.contingents[contingent].name} are there, not {count}"
            )
        return {contingent: count} if count else {}
    order = sorted(
        (c for c, n in available.items() if n > 0),
        key=lambda c: (ctx.contingents[c].kind != "troops", -available[c], c),
    )
    taken: dict[str, int] = {}
    left = count
    for c in order:
        if left == 0:
            break
        n = min(left, available[c])
        taken[c] = n
        left -= n
    if left:
        raise Refused(f"only {sum(available.values())} people are there, not {count}")
    return dict(sorted(taken.items()))


def load_cargo(
    ctx: Ctx,
    site_id: str,
    spec: o.RequestMovement | o.RequestFlight | o.MoveUnauthorized,
    *,
    trucks: int,
    eod: int,
) -> Cargo:
    """Take cargo out of a site (refusing if it is not there)."""
    site = ctx.state.sites[site_id]
    hub = camps.hub_refusal(ctx, site_id, spec.people)
    if hub:
        raise Refused(hub)
    short = []
    for name, want in (
        ("containers", spec.containers),
        ("sensitive", getattr(spec, "sensitive", 0)),
        ("vehicles", getattr(spec, "vehicles", 0)),
    ):
        have = getattr(site, name)
        if want > have:
            short.append(f"{want} {name} wanted, {have} there")
        elif name == "containers" and want > have - host.committed(ctx, site_id):
            short.append(
                f"{host.committed(ctx, site_id)} of the {have} containers are promised to the host"
            )
    if trucks > site.trucks:
        short.append(f"{trucks} trucks wanted, {site.trucks} there")
    if eod > site.eod_teams:
        short.append("no route-clearance team there")
    if short:
        raise Refused(f"not enough at {ctx.name(site_id)}: " + "; ".join(short))
    people = take_people(ctx, site.people, spec.people, spec.contingent)
    for c, n in people.items():
        site.people[c] -= n
        if site.people[c] == 0:
            del site.people[c]
    cargo = Cargo(
        people=people,
        containers=spec.containers,
        vehicles=getattr(spec, "vehicles", 0),
        sensitive=getattr(spec, "sensitive", 0),
        trucks=trucks,
        eod_teams=eod,
    )
    site.containers -= cargo.containers
    site.vehicles -= cargo.vehicles
    site.sensitive -= cargo.sensitive
    site.trucks -= trucks
    site.eod_teams -= eod
    if site.status == "open":
        site.status = "drawing_down"
    if people:
        host.left_site(ctx, site_id)
    return cargo


def _blocked(ctx: Ctx, routes: list[Route]) -> None:
    for r in routes:
        until = ctx.state.blocked.get(r.id)
        if until is not None and until >= ctx.state.day:
            raise Refused(
                f"the road {ctx.name(r.a)}–{ctx.name(r.b)} is blocked until {ctx.date_of(until)}"
            )


def _new_ref(ctx: Ctx, ref: str | None) -> str:
    if ref is not None:
        if ref in ctx.state.requests:
            raise Refused(f"there is already a request named {ref!r}")
        return ref
    while True:
        rid = ctx.new_id("r")
        if rid not in ctx.state.requests:
            return rid


def _lead(ctx: Ctx) -> int:
    extra = sum(c.days for c in ctx.state.conditions if isinstance(c, ExtraLead))
    return ctx.scenario.host.lead_days + extra


def decision_day(ctx: Ctx) -> int:
    """The host answers at the end of this day, so the answer is there the next morning:
    a request with a lead time of N days can be acted on N days later."""
    return ctx.state.day + max(0, _lead(ctx) - 1)


def answer_date(ctx: Ctx, req: Request) -> dt.date:
    return ctx.date_of(req.decide + 1)


def _check_not_started(ctx: Ctx, depart: dt.date | None) -> None:
    if depart is not None and ctx.day_of(depart) > ctx.last_day:
        raise Refused(f"departure {depart} is after the deadline")


# --------------------------------------------------------------------------- convoy estimate


def convoy_outlook(
    ctx: Ctx,
    routes: list[Route],
    order: o.RequestMovement,
    authorized: bool,
    *,
    overwatch: bool,
    bias: float = 1.0,
) -> Outlook:
    """The odds and expected outcome of this convoy leaving today (true with bias 1; the player's
    intelligence with its bias): the one computation the quote and the dispatch estimate share."""
    return convoy_outlooks(ctx, routes, order, authorized, overwatch=overwatch, biases=(bias,))[0]


def convoy_outlooks(
    ctx: Ctx,
    routes: list[Route],
    order: o.RequestMovement,
    authorized: bool,
    *,
    overwatch: bool,
    biases: tuple[float, ...],
) -> list[Outlook]:
    """`convoy_outlook` for each bias, the stretches' odds worked out once."""
    return outlooks(
        ctx,
        routes,
        escort=order.escort,
        clearance=order.clearance,
        authorized=authorized,
        trucks=order.trucks,
        vehicles=order.vehicles,
        people=order.people,
        loads_aboard=order.containers + order.sensitive,
        overwatch=overwatch,
        day=ctx.state.day,
        leaked=host.schedule_leaked(ctx, order.origin),
        biases=biases,
    )


# --------------------------------------------------------------------------- handlers


def _file_request(
    ctx: Ctx, kind: Literal["movement", "flight"], order: o.RequestMovement | o.RequestFlight
) -> Request:
    """Send a checked request to the host; it is answered at the end of its decision day."""
    _check_not_started(ctx, order.depart)
    ref = _new_ref(ctx, order.ref)
    req = Request(
        id=ref,
        kind=kind,
        order=order,
        requested=ctx.state.day,
        decide=decision_day(ctx),
    )
    ctx.state.requests[ref] = req
    return req


def request_movement(ctx: Ctx, order: o.RequestMovement) -> tuple[str, str]:
    routes = check_convoy_shape(ctx, order)
    req = _file_request(ctx, "movement", order)
    return (
        f"Movement request {req.id} sent ({ctx.name(order.origin)} → {ctx.name(order.destination)}, "
        f"{len(routes)} leg(s)); answer expected {answer_date(ctx, req)}",
        req.id,
    )


def request_flight(ctx: Ctx, order: o.RequestFlight) -> tuple[str, str]:
    check_flight_shape(ctx, order)
    req = _file_request(ctx, "flight", order)
    return (
        f"Flight request {req.id} sent ({ctx.name(order.origin)} → {ctx.name(order.destination)}, "
        f"{order.sorties} sortie(s)); answer expected {answer_date(ctx, req)}",
        req.id,
    )


def check_flight_shape(ctx: Ctx, order: o.RequestFlight) -> None:
    ac = ctx.aircraft.get(order.aircraft)
    if ac is None:
        raise Refused(f"there is no aircraft type {order.aircraft!r}")
    if order.purpose == "resupply" and (why := supplies.check_resupply(ctx, order)):
        raise Refused(why)
    if order.contingent is not None and order.contingent not in ctx.contingents:
        raise Refused(f"there is no contingent {order.contingent!r}")
    if order.origin == order.destination:
        raise Refused("origin and destination are the same")
    if order.origin == "home" and order.contingent is None and order.people:
        raise Refused("a flight in from home must name the contingent it brings")
    for end in supplies.flight_ends(ctx, order):
        if end == "home":
            if not ac.strategic:
                raise Refused(f"the {ac.name} cannot fly out of the country")
            continue
        site = ctx.sites.get(end)
        if site is None:
            raise Refused(f"there is no site {end!r}")
        if site.airfield == "none":
            raise Refused(f"{site.name} has no airfield")
        if site.airfield == "helipad" and ac.kind == "plane":
            raise Refused(f"{site.name} has only a helicopter pad; the {ac.name} needs a runway")
    home_end = order.destination if order.destination == "home" else order.origin
    if home_end == "home":
        other = order.origin if order.destination == "home" else order.destination
        if not ctx.sites[other].air_exit:
            raise Refused(f"flights home leave only from an air exit; {ctx.name(other)} is not one")
    if order.people > ac.pax * order.sorties:
        raise Refused(
            f"{order.sorties} sortie(s) of the {ac.name} carry {ac.pax * order.sorties} people, not {order.people}"
        )
    if order.containers + order.sensitive > ac.cargo * order.sorties:
        raise Refused(
            f"{order.sorties} sortie(s) of the {ac.name} carry {ac.cargo * order.sorties} loads, "
            f"not {order.containers + order.sensitive}"
        )
    if order.people + order.containers + order.sensitive == 0 and order.purpose != "resupply":
        raise Refused("the flight carries nothing")
    if order.purpose == "medevac" and (
        order.containers or order.sensitive or order.people > ctx.rules.host.medevac_max_people
    ):
        raise Refused(
            f"a medevac flight carries at most {ctx.rules.host.medevac_max_people} people and no cargo"
        )


def move_unauthorized(ctx: Ctx, order: o.MoveUnauthorized) -> tuple[str, str]:
    convoy = start_convoy(ctx, order, request=None, authorized=False)
    return (
        f"Convoy {convoy.id} leaves {ctx.name(order.origin)} for {ctx.name(order.destination)} "
        f"WITHOUT authorization (relations −{ctx.scenario.host.unauthorized_cost:g}, grievance "
        f"+{ctx.rules.host.grievance_unauthorized:g}; army checkpoints may stop it)",
        convoy.id,
    )


def start_convoy(
    ctx: Ctx, order: o.RequestMovement, request: Request | None, authorized: bool
) -> Convoy:
    routes = check_convoy_shape(ctx, order)
    _blocked(ctx, routes)
    origin = ctx.state.sites[order.origin]
    if origin.status == "seized":
        raise Refused(f"{ctx.name(order.origin)} has been seized")
    need = escort_needed(ctx, order.escort)
    trucks = order.trucks
    if request is not None and request.max_trucks is not None and trucks > request.max_trucks:
        raise Refused(f"the authorization allows at most {request.max_trucks} trucks")
    if request is not None and request.no_sensitive and order.sensitive:
        raise Refused("the authorization excludes sensitive equipment")
    # Check people before taking anything, so a refusal changes nothing.
    picked = take_people(ctx, origin.people, order.people, order.contingent)
    if troops(ctx, picked) < need:
        raise Refused(
            f"a {order.escort} escort needs {need} troops; those going include {troops(ctx, picked)}"
        )
    cargo = load_cargo(ctx, order.origin, order, trucks=trucks, eod=1 if order.clearance else 0)
    length = trucks + order.vehicles
    base, travel = journey_days(
        ctx,
        routes,
        escort=order.escort,
        clearance=order.clearance,
        length=length,
        day=ctx.state.day,
    )
    # An escort drawn from a camp still held goes back to it after delivery.
    held = origin.held and bool(origin.people)
    overwatch = bool(order.overwatch and authorized and request is not None and request.overwatch)
    cid = ctx.new_id("c")
    convoy = Convoy(
        id=cid,
        request=request.id if request else None,
        origin=order.origin,
        destination=order.destination,
        routes=[r.id for r in routes],
        stretches=[(r.id, i) for r in routes for i in range(len(r.stretches))],
        cargo=cargo,
        escort=order.escort,
        clearance=order.clearance,
        authorized=authorized,
        departed=ctx.state.day,
        travel_days=travel,
        leaked=host.schedule_leaked(ctx, order.origin),
        base_days=base,
        length=length,
        overwatch=overwatch,
        escort_troops=need if held else 0,
        supply_days=supplies.convoy_start_days(ctx, travel),
    )
    ctx.state.convoys.append(convoy)
    flying = overwatch and helicopters(ctx)
    true, seen = convoy_outlooks(
        ctx, routes, order, authorized, overwatch=flying, biases=(1.0, intel_bias(ctx, routes))
    )
    ctx.state.estimates.append(
        Estimate(
            convoy=cid,
            day=ctx.state.day,
            ied=seen.ied,
            ambush=seen.ambush,
            true_ied=true.ied,
            true_ambush=true.ambush,
            expected_delay=true.delay,
            expected_killed=true.killed,
            expected_wounded=true.wounded,
            expected_loads_lost=true.loads,
            expected_days=true.days,
        )
    )
    if not authorized:
        ctx.state.unauthorized_moves += 1
        host.unauthorized_move(ctx, flight=False)
    return convoy


def start_flight(
    ctx: Ctx, order: o.RequestFlight, request: Request | None, authorized: bool
) -> Flight:
    check_flight_shape(ctx, order)
    ac = ctx.aircraft[order.aircraft]
    used = ctx.state.sorties_used.get(ac.id, 0)
    if used + order.sorties > ctx.state.sorties.get(ac.id, 0):
        raise Refused(
            f"only {max(0, ctx.state.sorties.get(ac.id, 0) - used)} {ac.name} sortie(s) left today"
        )
    for end in supplies.flight_ends(ctx, order):
        if end == "home":
            continue
        site = ctx.sites[end]
        cap = site.airfield_capacity
        if ctx.state.landings_used.get(end, 0) + order.sorties > cap:
            raise Refused(
                f"the airfield at {site.name} takes {cap} movements a day; it is full today"
            )
    if request is not None and request.no_sensitive and order.sensitive:
        raise Refused("the clearance excludes sensitive equipment")
    if order.origin == "home":
        # People flown in join the mission's ledger as they board (in transit until they land).
        who = order.contingent  # a flight in with people names its contingent (checked above)
        cargo = Cargo(people={who: order.people} if order.people and who is not None else {})
        ctx.state.ledger.arrived += cargo.headcount
    elif order.purpose == "resupply":
        cargo = Cargo()  # fuel, water and food from the source's stores, not the ledger's
    else:
        cargo = load_cargo(ctx, order.origin, order, trucks=0, eod=0)
    ctx.state.sorties_used[ac.id] = used + order.sorties
    for end in supplies.flight_ends(ctx, order):
        if end != "home":
            ctx.state.landings_used[end] = ctx.state.landings_used.get(end, 0) + order.sorties
    flight = Flight(
        id=ctx.new_id("f"),
        request=request.id if request else None,
        origin=order.origin,
        destination=order.destination,
        aircraft=ac.id,
        sorties=order.sorties,
        cargo=cargo,
        authorized=authorized,
        day=ctx.state.day,
        purpose=order.purpose or "transport",
    )
    ctx.state.flights.append(flight)
    true = flight_risk(ctx, order.origin, order.destination, authorized)
    ctx.state.flight_estimates.append(
        FlightEstimate(
            flight=flight.id,
            day=ctx.state.day,
            fired_on=flight_estimate(ctx, order.origin, order.destination, authorized),
            true_fired_on=true,
            expected_wounded=flight_expected_wounded(ctx, true),
        )
    )
    if not authorized:
        ctx.state.unauthorized_moves += 1
        host.unauthorized_move(ctx, flight=True)
    return flight


def dispatch(ctx: Ctx, order: o.Dispatch) -> tuple[str, str]:
    req = ctx.state.requests.get(order.request)
    if req is None:
        raise Refused(f"there is no request {order.request!r}")
    if req.status in ("used", "cancelled"):
        raise Refused(f"request {req.id} is {req.status}")
    day = ctx.state.day
    authorized = authorized_today(ctx, req)
    if not authorized and not order.unauthorized:
        if req.status == "approved" and day < req.valid_from:
            raise Refused(
                f"{req.id} is authorized from {ctx.date_of(req.valid_from)}; wait, or move without authorization"
            )
        if req.status == "approved":
            raise Refused(
                f"{req.id}'s authorization expired on {ctx.date_of(req.valid_until)}; request again"
            )
        if req.status == "expired":
            raise Refused(
                f"{req.id}'s authorization expired on {ctx.date_of(req.valid_until)}; request again"
            )
        if req.status == "denied":
            raise Refused(
                f"{req.id} was denied ({req.reason}); engage the host and request again, or move without authorization"
            )
        raise Refused(
            f"{req.id} is still waiting for the host's answer (due {answer_date(ctx, req)})"
        )
    spec = dispatched_spec(req, order)
    if isinstance(spec, o.RequestFlight):
        flight = start_flight(ctx, spec, req, authorized)
        what = f"Flight {flight.id} ({spec.sorties} sortie(s)) {ctx.name(spec.origin)} → {ctx.name(spec.destination)}"
    else:
        convoy = start_convoy(ctx, spec, req, authorized)
        what = f"Convoy {convoy.id} leaves {ctx.name(spec.origin)} for {ctx.name(spec.destination)}"
    req.status = "used"
    if not authorized:
        what += " WITHOUT authorization"
    if order.amendments():
        what += " (" + ", ".join(f"{n} {name}" for name, n in order.amendments().items()) + ")"
    if isinstance(spec, o.RequestFlight) and spec.every is not None and authorized:
        what += "; " + _file_next_flight(ctx, req, spec.every)
    return what, req.id


def dispatched_spec(req: Request, order: o.Dispatch) -> o.RequestMovement | o.RequestFlight:
    """What a dispatch sends: the approved request, with fewer people, loads, trucks or sorties
    if the dispatch says so (partly using an approval, e.g. to meet its conditions); never more
    than was approved, and nothing a request of its kind does not carry."""
    approved: o.RequestMovement | o.RequestFlight = req.order
    change = order.amendments()
    for name, value in change.items():
        if name not in names(type(approved)):
            raise Refused(f"a {req.kind} carries no {name}")
        have = getattr(approved, name)
        if value > have:
            raise Refused(
                f"{req.id} was approved for {have} {name}; it may go with fewer, not {value}"
            )
    if not change:
        return approved
    from ..model.checked import check  # pydantic: only for a dispatch that changes its counts

    return check(type(approved), {**approved.model_dump(), **change})


def within_conditions(ctx: Ctx, req: Request) -> dict[str, int]:
    """The counts a dispatch of `req` must lower to meet its approval's conditions (empty if it
    meets them as requested): no sensitive items; at most N trucks, with the loads those trucks
    carry."""
    change: dict[str, int] = {}
    sensitive = req.order.sensitive
    if req.no_sensitive and sensitive:
        change["sensitive"] = sensitive = 0
    trucks = req.order.trucks if isinstance(req.order, o.RequestMovement) else 0
    if req.kind == "movement" and req.max_trucks is not None and trucks > req.max_trucks:
        change["trucks"] = req.max_trucks
        room = truck_load(ctx, req.max_trucks)
        sensitive = min(sensitive, room)
        if sensitive != req.order.sensitive:
            change["sensitive"] = sensitive
        containers = req.order.containers
        if containers > room - sensitive:
            change["containers"] = room - sensitive
    return change


def _file_next_flight(ctx: Ctx, req: Request, every: int) -> str:
    """A standing flight files its next request as it leaves: the same flight, `every` days on."""
    spec = req.order
    assert isinstance(spec, o.RequestFlight), "a standing flight's request is a flight's"
    depart = ctx.date_of(ctx.state.day + every)
    if ctx.day_of(depart) > ctx.last_day:
        return "the standing flight ends: its next one would be after the deadline"
    nxt = _file_request(ctx, "flight", spec.model_copy(update={"ref": None, "depart": depart}))
    return f"next standing flight {nxt.id} requested for {depart}"


def auto_dispatch(ctx: Ctx) -> None:
    """Send the requests marked `auto` that are authorized today, as the player would (each
    dispatch is logged, or its refusal with the reason); in request order, so it is deterministic.
    Only open requests can be authorized (used and cancelled ones never are), so only they are
    visited; a copy, as a dispatch may file the next standing flight."""
    for req in list(ctx.open_requests()):
        if getattr(req.order, "auto", None) and authorized_today(ctx, req):
            apply(ctx, o.Dispatch(kind="dispatch", request=req.id))


def cancel(ctx: Ctx, order: o.Cancel) -> tuple[str, str]:
    req = ctx.state.requests.get(order.request)
    if req is None:
        raise Refused(f"there is no request {order.request!r}")
    if req.status in ("used", "cancelled"):
        raise Refused(f"request {req.id} is already {req.status}")
    req.status = "cancelled"
    return f"Request {req.id} cancelled", req.id


def handover(ctx: Ctx, order: o.Handover) -> tuple[str, str]:
    site = _site(ctx, order.site, "site")
    name = ctx.name(order.site)
    if not site.closable:
        raise Refused(f"{name} is not a mission site")
    if not site.held:
        raise Refused(f"{name} is already {site.status.replace('_', ' ')}")
    not_there = camps.handover_refusal(ctx, order.site)
    if not_there:
        raise Refused(not_there)
    if site.sensitive:
        raise Refused(
            f"{site.sensitive} sensitive items are still at {name}: move or destroy them first"
        )
    if ctx.state.relations < ctx.rules.host.handover_min_relations:
        raise Refused(
            f"relations are too poor ({ctx.state.relations:.0f}) for the host to accept a handover; engage first"
        )
    for kind in ("containers", "vehicles"):
        n = getattr(site, kind)
        getattr(ctx.state.ledger, kind).handed_over += n
        setattr(site, kind, 0)
        camps.record_handed(site, kind, n)
    equipment.cancel_at(ctx, order.site)
    site.status = "handed_over"
    site.handed_on = ctx.state.date
    if site.headcount == 0:
        site.closed_on = ctx.state.date
    changes.change_relations(ctx, ctx.rules.host.handover_relations, f"the handover of {name}")
    camps.on_closure(ctx, order.site, "handed over")
    return f"{name} handed over to the host authorities", order.site


def destroy_counts(ctx: Ctx, order: o.Destroy) -> dict[str, int]:
    """What a destroy order asks for, from what is at the site and not already being destroyed."""
    site = _site(ctx, order.site, "site")
    counts = {}
    for kind in ("containers", "vehicles", "sensitive"):
        want = getattr(order, kind)
        busy = equipment.earmarked(ctx, order.site, kind)
        promised = host.committed(ctx, order.site) if kind == "containers" else 0
        have = max(0, getattr(site, kind) - busy - promised)
        n = have if want is None else want
        if n > have:
            yet = " not yet being destroyed" if busy else ""
            kept = " may be destroyed (the rest are promised to the host)" if promised else ""
            raise Refused(f"only {have} {kind} at {ctx.name(order.site)}{yet}{kept}, not {n}")
        counts[kind] = n
    if sum(counts.values()) == 0:
        raise Refused(f"nothing to destroy at {ctx.name(order.site)}")
    return counts


def destroy(ctx: Ctx, order: o.Destroy) -> tuple[str, str]:
    """Set destruction going: the people at the site do it over days (engine/equipment.py)."""
    site = _site(ctx, order.site, "site")
    if site.status in ("seized", "handed_over"):
        raise Refused(
            f"{ctx.name(order.site)} is {site.status.replace('_', ' ')}; nothing there is ours to destroy"
        )
    counts = destroy_counts(ctx, order)
    try:
        plan = equipment.start(ctx, order.site, counts)
    except equipment.NoWork as why:
        raise Refused(str(why)) from None
    what = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    owners = (
        "with the contributors' consent" if plan.consent else "without the contributors' consent"
    )
    return (
        f"Destruction begins at {ctx.name(order.site)}: {what}, {plan.per_day} a day, "
        f"about {plan.days} day(s); {owners}",
        order.site,
    )


def ask_consent(ctx: Ctx, order: o.AskConsent) -> tuple[str, str]:
    site = _site(ctx, order.site, "site")
    if not site.closable:
        raise Refused(f"{ctx.name(order.site)} is not a mission site")
    if site.status in ("seized", "handed_over"):
        raise Refused(f"{ctx.name(order.site)} is {site.status.replace('_', ' ')}")
    try:
        day = equipment.ask_consent(ctx, order.site)
    except equipment.NoWork as why:
        raise Refused(str(why)) from None
    return (
        f"Asked the contributing countries at {ctx.name(order.site)} for consent to destroy their "
        f"equipment; answer by {ctx.date_of(day)}",
        order.site,
    )


def reinforce(ctx: Ctx, order: o.Reinforce) -> tuple[str, str]:
    site = _site(ctx, order.site, "site")
    if ctx.state.qrf_free <= 0:
        raise Refused("no quick-reaction force is free")
    if site.status in ("seized", "handed_over", "abandoned"):
        raise Refused(f"{ctx.name(order.site)} is {site.status.replace('_', ' ')}")
    if site.qrf_until >= ctx.state.day:
        raise Refused(f"{ctx.name(order.site)} already has a quick-reaction force")
    ctx.state.qrf_free -= 1
    site.qrf_until = ctx.state.day + ctx.scenario.assets.qrf_days - 1
    return (
        f"A quick-reaction force reinforces {ctx.name(order.site)} until {ctx.date_of(site.qrf_until)}",
        order.site,
    )


def engage(ctx: Ctx, order: o.Engage) -> tuple[str, str]:
    scenario_host = ctx.scenario.host
    if not engage_ready(ctx):
        raise Refused(
            f"the ministry will see you again on "
            f"{ctx.date_of(ctx.state.last_engage + scenario_host.engage_cooldown)}"
        )
    if order.request is None:
        gain = host.meet(ctx)
        return f"Engaged the {scenario_host.name}: relations +{gain:.1f}", ""
    req = ctx.state.requests.get(order.request)
    if req is None:
        raise Refused(f"there is no request {order.request!r}")
    if req.status not in ("pending", "delayed"):
        raise Refused(f"request {req.id} is not waiting for an answer")
    host.press(ctx, req)
    return (
        f"Pressed the {scenario_host.name} on {req.id}: answer now due {answer_date(ctx, req)}",
        req.id,
    )


def concede(ctx: Ctx, order: o.Concede) -> tuple[str, str]:
    why = host.concession_problem(ctx, order)
    if why:
        raise Refused(why)
    return host.concede(ctx, order), order.site


def choose(ctx: Ctx, order: o.Choose) -> tuple[str, str]:
    pending = next((p for p in ctx.state.pending_choices if p.event == order.event), None)
    if pending is None:
        raise Refused(f"event {order.event!r} is not waiting for a decision")
    event = ctx.events[order.event]
    if camps.site_closed(ctx, event.site):
        raise Refused(
            f"the decision on '{event.title}' has lapsed: {ctx.name(event.site or '')} is closed"
        )
    choice = next((c for c in event.choices if c.id == order.choice), None)
    if choice is None:
        options = ", ".join(c.id for c in event.choices)
        raise Refused(f"{order.choice!r} is not an option (options: {options})")
    ctx.state.pending_choices.remove(pending)
    effects.apply_choice(ctx, event, choice)
    return f"Decision on '{event.title}': {choice.label}", order.event


def release(ctx: Ctx, order: o.Release) -> tuple[str, str]:
    event = ctx.events.get(order.event)
    if event is None:
        raise Refused(f"there is no event {order.event!r}")
    if not event.held:
        raise Refused(f"{order.event!r} is not a held inject")
    if order.event in ctx.state.fired or order.event in ctx.state.released:
        raise Refused(f"{order.event!r} has already been released")
    ctx.state.released.append(order.event)
    effects.fire_event(ctx, event)
    return f"Instructor released '{event.title}'", order.event


def handle(ctx: Ctx, order: o.Order) -> tuple[str, str | None]:
    """Carry out an order (raising Refused with the reason), dispatched on its model class; a
    move without authorization is matched before the request it extends."""
    match order:
        case o.MoveUnauthorized():
            return move_unauthorized(ctx, order)
        case o.RequestMovement():
            return request_movement(ctx, order)
        case o.RequestFlight():
            return request_flight(ctx, order)
        case o.Dispatch():
            return dispatch(ctx, order)
        case o.Cancel():
            return cancel(ctx, order)
        case o.Handover():
            return handover(ctx, order)
        case o.Destroy():
            return destroy(ctx, order)
        case o.AskConsent():
            return ask_consent(ctx, order)
        case o.Reinforce():
            return reinforce(ctx, order)
        case o.Engage():
            return engage(ctx, order)
        case o.Choose():
            return choose(ctx, order)
        case o.Release():
            return release(ctx, order)
        case o.Concede():
            return concede(ctx, order)
        case _:
            assert_never(order)


__all__ = ["Result", "Refused", "apply", "handle", "flight_risk", "in_words"]
