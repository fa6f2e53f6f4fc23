"""`check` and `quote`: the engine's answer to "may I, and what will it cost?" before an order is
given. Both use the same functions the orders themselves use, so they cannot disagree with what the
engine then does (tests hold them to it)."""

from __future__ import annotations

import copy

from ..model import orders as o
from ..model.quote import Check, Quote
from ..model.state import State
from . import equipment, host
from . import orders as rules_of_orders
from .context import Ctx
from .host import approval_parts
from .quote_sites import site_quote
from .risk import ambush_harm, flight_estimate, in_words, intel_bias, stretch_odds
from .score import parts as score_parts


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


def _relations_change(ctx: Ctx, order: o.Order) -> tuple[float, float]:
    """(relations, grievance) change the order causes, by applying it to a scratch copy."""
    trial = scratch(ctx)
    before = trial.state.relations
    grievance = host.grievance(trial)
    try:
        rules_of_orders.HANDLERS[order.kind](trial, order)
    except rules_of_orders.Refused:
        return 0.0, 0.0
    return round(trial.state.relations - before, 3), round(host.grievance(trial) - grievance, 3)


def convoy_quote(ctx: Ctx, spec: o.RequestMovement, authorized: bool, base: dict) -> dict:
    routes = rules_of_orders.check_convoy_shape(ctx, spec)
    bias = intel_bias(ctx, routes)
    rules = ctx.rules.convoy
    harm = ambush_harm(ctx, spec.escort)
    leaked = host.schedule_leaked(ctx, spec.origin)
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
                leaked=leaked,
            )
            cap_p = ctx.rules.intel.estimate_max
            ied, amb = min(cap_p, odds.ied * bias), min(cap_p, odds.ambush * bias)
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
    if leaked:
        base["words"] += "; the schedule was shared with the host: ambush odds are higher"
    if not authorized:
        stop = host.checkpoint_estimate(ctx, routes)
        base["checkpoint"] = round(stop, 4)
        base["words"] += f"; {in_words(stop)} that army checkpoints stop it (held or turned back)"
    return base


def flight_quote(ctx: Ctx, spec: o.RequestFlight, authorized: bool, base: dict) -> dict:
    rules_of_orders.check_flight_shape(ctx, spec)
    p = flight_estimate(ctx, spec.origin, spec.destination, authorized)
    wounded = p * ctx.rules.flight.wounded_max / 2  # not a rule: the mean of 0..max
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
    p, forbidden, parts = approval_parts(ctx, req)
    base["approval"] = round(p, 4)
    base["approval_parts"] = parts
    base["answer_on"] = rules_of_orders.answer_date(ctx, req)
    base["refused_because"] = forbidden
    base["words"] = (
        f"the host will refuse: {forbidden}"
        if forbidden
        else f"{in_words(p)} that the host approves; answer on {base['answer_on']}"
    ) + ("; " + base["words"] if base.get("words") else "")
    if parts and not forbidden:
        base["words"] += " (" + ", ".join(f"{k} {v:+.0%}" for k, v in parts.items()) + ")"


def engage_quote(ctx: Ctx, order: o.Engage, base: dict) -> None:
    if order.request is None:
        base["words"] = (
            f"relations +{host.meeting_gain(ctx):.1f}: {host.recent_meetings(ctx)} meeting(s) in the "
            f"last {ctx.rules.host.engage_window} days; meetings cannot raise relations above "
            f"{host.relations_ceiling(ctx):.0f} while the host remembers its grievances"
        )


def concede_quote(ctx: Ctx, order: o.Concede, base: dict) -> None:
    terms = host.concession_terms(ctx, order)
    base.update(
        bonus=terms["approval_bonus"],
        committed=terms["containers"],
        until=ctx.date_of(terms["until"]),
    )
    if order.offer == "leave_equipment":
        cost = (
            f"{terms['containers']} containers stay at {ctx.name(order.site)}: they cannot be moved "
            "or destroyed, count as handed over only if the camp is, and are lost if it is seized"
        )
    elif order.offer == "hold_camp":
        cost = (
            f"{ctx.name(order.site)} must be held until {ctx.date_of(terms['until'] + 1)}; leaving "
            f"earlier breaks the promise (grievance +{terms['broken_grievance']:g})"
        )
    else:
        cost = (
            f"convoys leaving {ctx.name(order.site)} until {ctx.date_of(terms['until'])} face "
            f"{terms['ambush_factor']:g} times the ambush odds"
        )
    base["words"] = f"approvals +{terms['approval_bonus']:.0%}; cost: {cost}"


def destroy_quote(ctx: Ctx, order: o.Destroy, base: dict) -> None:
    """Days of work, host relations and contributor goodwill lost, consent held: the same plan
    the destroy order sets going (engine/equipment.py); costs assume today's consent holds."""
    counts = rules_of_orders.destroy_counts(ctx, order)
    p = equipment.plan(ctx, order.site, counts)
    resented = ctx.state.sites[order.site].host_can_take_over
    base.update(
        grievance=round(
            ctx.rules.host.grievance_destroy * (counts["containers"] + counts["vehicles"]), 3
        )
        if resented
        else 0.0,
        outcome={f"{k}_destroyed": n for k, n in counts.items() if n},
        work_days=p.days,
        per_day=p.per_day,
        relations=-round(p.relations, 3),
        contributors=-round(p.contributors, 3),
        consent=p.consent,
        capacity={k: n for k, n in counts.items() if n},
        words=(
            f"{p.per_day} items a day: about {p.days} day(s) of work while people stay at "
            f"{ctx.name(order.site)}; host relations −{p.relations:.1f}, contributors' goodwill "
            f"−{p.contributors:.1f}"
            + ("" if p.consent else " (no consent held: ask_consent first costs less)")
        ),
    )


def handover_quote(ctx: Ctx, order: o.Handover, base: dict) -> None:
    trial = scratch(ctx)
    before = score_parts(trial)["equipment"]
    rules_of_orders.handover(trial, order)
    gain = score_parts(trial)["equipment"] - before
    base["equipment_credit"] = round(gain, 4)
    base["words"] = (
        f"what is left passes to the host: equipment part of the score +{gain * 100:.1f}%"
    )


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
        elif isinstance(order, o.Engage):
            engage_quote(ctx, order, base)
        elif isinstance(order, o.Concede):
            concede_quote(ctx, order, base)
        elif isinstance(order, o.Dispatch):
            req = ctx.state.requests.get(order.request)
            if req is not None:
                day = ctx.state.day
                authorized = req.status == "approved" and req.valid_from <= day <= req.valid_until
                if req.kind == "movement":
                    convoy_quote(ctx, o.RequestMovement.model_validate(req.order), authorized, base)
                else:
                    flight_quote(ctx, o.RequestFlight.model_validate(req.order), authorized, base)
        elif isinstance(order, o.Destroy):
            destroy_quote(ctx, order, base)
        elif isinstance(order, o.Handover) and verdict.ok:
            site_quote(ctx, order, base)
            handover_quote(ctx, order, base)
        elif isinstance(order, o.Handover | o.Reinforce | o.Engage):
            site_quote(ctx, order, base)
    except rules_of_orders.Refused as refusal:
        base.update(ok=False, reason=base["reason"] or str(refusal))
    except equipment.NoWork as why:
        base.update(ok=False, reason=base["reason"] or str(why))
    if verdict.ok:
        relations, grievance = _relations_change(ctx, order)
        base.setdefault("relations", relations)
        base.setdefault("grievance", grievance)
    return Quote.model_validate(base)
