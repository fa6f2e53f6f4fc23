"""`check` and `quote`: the engine's answer to "may I, and what will it cost?" before an order is
given. Both use the same functions the orders themselves use, so they cannot disagree with what the
engine then does (tests hold them to it)."""

from __future__ import annotations

import copy

from ..model import orders as o
from ..model.quote import Check, Quote
from ..model.state import State
from . import camps
from . import orders as rules_of_orders
from .context import Ctx
from .host import approval_chance
from .risk import ambush_harm, flight_estimate, in_words, intel_bias, stretch_odds


def scratch(ctx: Ctx) -> Ctx:
    """A copy of the context whose state can be changed freely (log and history left behind)."""
    st = ctx.state
    log, history, estimates = st.log, st.history, st.estimates
    st.log, st.history, st.estimates = [], [], []
    try:
        clone: State = st.model_copy(deep=True)
    finally:
        st.log, st.history, st.estimates = log, history, estimates
    other = copy.copy(ctx)
    other.state = clone
    return other


def check(ctx: Ctx, order: o.Order) -> Check:
    """Would this order apply now? If not, the reason the engine would give."""
    trial = scratch(ctx)
    try:
        rules_of_orders.HANDLERS[order.kind](trial, order)
    except rules_of_orders.Refused as refusal:
        return Check(ok=False, reason=str(refusal))
    return Check(ok=True)


def _relations_change(ctx: Ctx, order: o.Order) -> float:
    trial = scratch(ctx)
    before = trial.state.relations
    try:
        rules_of_orders.HANDLERS[order.kind](trial, order)
    except rules_of_orders.Refused:
        return 0.0
    return round(trial.state.relations - before, 3)


def convoy_quote(ctx: Ctx, spec: o.RequestMovement, authorized: bool, base: dict) -> dict:
    routes = rules_of_orders.check_convoy_shape(ctx, spec)
    bias = intel_bias(ctx, routes)
    rules = ctx.rules.convoy
    harm = ambush_harm(ctx, spec.escort)
    killed = wounded = loads = delay = 0.0
    none_ied = none_amb = 1.0
    rainy = ctx.rainy(ctx.state.day)
    travel = 0
    cap = ctx.scenario.assets.truck_capacity
    for r in routes:
        travel += r.days + (r.rainy_extra_days if rainy else 0)
        if rainy:
            delay += r.rainy_risk * r.days * rules.weather_delay
        for s in r.stretches:
            odds = stretch_odds(
                ctx,
                r,
                s,
                escort=spec.escort,
                clearance=spec.clearance,
                authorized=authorized,
                trucks=spec.trucks,
            )
            ied, amb = min(0.99, odds.ied * bias), min(0.99, odds.ambush * bias)
            none_ied *= 1 - ied
            none_amb *= 1 - amb
            killed += ied * rules.ied.mean_killed + amb * harm.mean_killed
            wounded += ied * rules.ied.mean_wounded + amb * harm.mean_wounded
            loads += cap * (
                (0 if spec.vehicles else ied * rules.ied.vehicles) + amb * harm.mean_trucks
            )
            delay += (
                ied * rules.ied.mean_delay
                + amb * harm.mean_delay
                + odds.breakdown * rules.breakdown_delay
            )
    loads = min(loads, float(spec.containers + spec.sensitive))
    p_ied, p_amb = 1 - none_ied, 1 - none_amb
    base.update(
        ied=round(p_ied, 4),
        ambush=round(p_amb, 4),
        expected_killed=round(killed, 3),
        expected_wounded=round(wounded, 3),
        expected_loads_lost=round(loads, 3),
        expected_delay=round(delay, 3),
        travel_days=travel,
        casualties_fall_on="peacekeepers" if spec.people else "contractors",
        capacity={
            "trucks": spec.trucks,
            "seats": spec.vehicles * ctx.scenario.assets.pax_per_vehicle
            + spec.trucks * ctx.scenario.assets.pax_per_truck,
            "escort_troops": rules_of_orders.escort_needed(ctx, spec.escort),
            "loads": spec.containers + spec.sensitive,
        },
    )
    days = round(delay)
    base["words"] = (
        f"{in_words(p_ied)} that the convoy meets an IED; {in_words(p_amb)} of an ambush; "
        f"{travel} days on the road, "
        + ("little expected delay" if days == 0 else f"expected delay {days} day(s)")
        + f"; expected {killed:.1f} killed, {wounded:.1f} wounded"
    )
    return base


def flight_quote(ctx: Ctx, spec: o.RequestFlight, authorized: bool, base: dict) -> dict:
    rules_of_orders.check_flight_shape(ctx, spec)
    p = flight_estimate(ctx, spec.origin, spec.destination, authorized)
    wounded = p * ctx.rules.flight.wounded_max / 2
    base.update(
        fired_on=round(p, 4),
        expected_wounded=round(wounded, 3),
        casualties_fall_on="peacekeepers",
        capacity={
            "sorties": spec.sorties,
            "landings": spec.sorties
            * sum(1 for e in (spec.origin, spec.destination) if e != "home"),
            "seats": spec.people,
            "loads": spec.containers + spec.sensitive,
        },
        words=f"{in_words(p)} that the flight is fired on",
    )
    return base


def _request_answer(
    ctx: Ctx, kind: str, spec: o.RequestMovement | o.RequestFlight, base: dict
) -> None:
    from ..model.state import Request

    req = Request(
        id="quote",
        kind=kind,  # type: ignore[arg-type]
        order=spec.model_dump(mode="json", exclude={"date"}),
        requested=ctx.state.day,
        decide=rules_of_orders.decision_day(ctx),
    )
    p, forbidden = approval_chance(ctx, req)
    base["approval"] = round(p, 4)
    base["answer_on"] = rules_of_orders.answer_date(ctx, req)
    base["refused_because"] = forbidden
    base["words"] = (
        f"the host will refuse: {forbidden}"
        if forbidden
        else f"{in_words(p)} that the host approves; answer on {base['answer_on']}"
    ) + ("; " + base["words"] if base.get("words") else "")


def quote(ctx: Ctx, order: o.Order) -> Quote:
    verdict = check(ctx, order)
    base: dict = {"kind": order.kind, "ok": verdict.ok, "reason": verdict.reason}
    try:
        if isinstance(order, o.MoveUnauthorized):
            convoy_quote(ctx, order, False, base)
        elif isinstance(order, o.RequestMovement):
            convoy_quote(ctx, order, True, base)
            _request_answer(ctx, "movement", order, base)
        elif isinstance(order, o.RequestFlight):
            flight_quote(ctx, order, True, base)
            _request_answer(ctx, "flight", order, base)
        elif isinstance(order, o.Dispatch):
            req = ctx.state.requests.get(order.request)
            if req is not None:
                day = ctx.state.day
                authorized = req.status == "approved" and req.valid_from <= day <= req.valid_until
                if req.kind == "movement":
                    convoy_quote(ctx, o.RequestMovement.model_validate(req.order), authorized, base)
                else:
                    flight_quote(ctx, o.RequestFlight.model_validate(req.order), authorized, base)
        elif isinstance(order, o.Handover) and order.site in ctx.state.sites:
            camp_quote(ctx, order.site, base)
    except rules_of_orders.Refused as refusal:
        base.update(ok=False, reason=base["reason"] or str(refusal))
    if verdict.ok:
        base["relations"] = _relations_change(ctx, order)
    return Quote.model_validate(base)


def camp_quote(ctx: Ctx, sid: str, base: dict) -> None:
    """A handover's stakes: the race for the camp, from the same outlook the engine keeps."""
    view = camps.outlook(ctx, sid)
    base.update(
        army_arrives=view.army_arrives,
        armed_arrives=view.armed_arrives,
        seizure_if_left=view.seizure_if_left,
        civilian_harm=view.civilian_harm,
        words=view.words,
    )
