"""`check` and `quote`: the engine's answer to "may I, and what will it cost?" before an order is
given. Both use the same functions the orders themselves use, so they cannot disagree with what the
engine then does (tests hold them to it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import orders as o
from ..model.content import Route
from ..model.quote import Check, Quote, made
from ..model.state import Request
from . import camps, changes, equipment, host, supplies
from . import orders as rules_of_orders
from .column import Outlook
from .context import Ctx
from .host import approval_parts, overwatch_chance
from .quote_sites import site_quote
from .risk import days_words, flight_estimate, flight_expected_wounded, in_words, intel_bias
from .score import parts as score_parts
from .scratch import scratch


def check(ctx: Ctx, order: o.Order) -> Check:
    """Would this order apply now? If not, the reason the engine would give."""
    return _trial(ctx, order)[0]


def _trial(ctx: Ctx, order: o.Order) -> tuple[Check, float, float]:
    """The order applied to a scratch copy: (verdict, change in host relations, change in the
    host's grievance)."""
    trial = scratch(ctx)
    before = trial.state.relations
    grievance = changes.grievance(trial)
    try:
        rules_of_orders.handle(trial, order)
    except rules_of_orders.Refused as refusal:
        return Check(ok=False, reason=str(refusal)), 0.0, 0.0
    return (
        Check(ok=True),
        round(trial.state.relations - before, 3),
        round(changes.grievance(trial) - grievance, 3),
    )


def convoy_quote(
    ctx: Ctx,
    spec: o.RequestMovement,
    authorized: bool,
    base: dict[str, Any],
    overwatch: float | None = None,
) -> dict[str, Any]:
    """A convoy's stakes through the engine's own `outlooks`, with the player's intelligence bias.
    `overwatch` is the chance its overwatch flies (None: a new request, decided by the host)."""
    routes, out, label, leaked = _convoy_seen(ctx, spec, authorized, base, overwatch)
    need = rules_of_orders.escort_needed(ctx, spec.escort)
    origin = ctx.state.sites.get(spec.origin)
    left = max(0, origin.headcount - spec.people) if origin is not None else None
    held = bool(left) and origin is not None and origin.held
    garrison_min = origin.min_garrison if origin is not None else 0
    base.update(
        ied=round(out.ied, 4),
        ambush=round(out.ambush, 4),
        expected_killed=round(out.killed, 3),
        expected_wounded=round(out.wounded, 3),
        expected_loads_lost=round(out.loads, 3),
        expected_delay=round(out.delay, 3),
        expected_days=round(out.days, 3),
        travel_days=out.travel_days,
        slow_days=out.travel_days - out.base_days,
        exposure_days=round(out.exposure_days, 3),
        column_length=out.length,
        length_factor=round(out.length_factor, 3),
        protected=round(out.protected / ctx.rules.convoy.protected_share, 3)
        if out.protected and ctx.rules.convoy.protected_share
        else 0.0,
        expected_saved_by_armour=round(out.saved, 3),
        overwatch=label,
        garrison_left=left,
        garrison_min=garrison_min,
        escort_returns=need if held else 0,
        casualties_fall_on="peacekeepers" if spec.people else "contractors",
        supply_days_carried=supplies.convoy_start_days(ctx, out.travel_days),
        capacity={
            "trucks": spec.trucks,
            "seats": rules_of_orders.seats(ctx, spec.vehicles, spec.trucks),
            "escort_troops": need,
            "loads": spec.containers + spec.sensitive,
        },
    )
    days = round(out.delay)
    words = (
        f"{in_words(out.ied)} that the convoy meets an IED; {in_words(out.ambush)} of an ambush; "
        f"{days_words(out.travel_days)} on the road"
        + (
            f" ({out.travel_days - out.base_days} of them slow going)"
            if out.travel_days > out.base_days
            else ""
        )
        + ", "
        + ("little expected delay" if days == 0 else f"expected delay {days_words(days)}")
        + f"; expected {out.killed:.1f} killed, {out.wounded:.1f} wounded"
    )
    if out.saved >= 0.05:  # not a rule: wording
        words += f" (armour turns {out.saved:.1f} deaths into wounded)"
    if out.length_factor > 1.05:  # not a rule: wording
        words += f"; a {out.length}-vehicle column is {out.length_factor:.1f}× as likely to be hit"
    if label:
        words += f"; overwatch {label}"
    if left is not None and origin is not None:
        thin = garrison_min and 0 < left < garrison_min
        words += f"; {left} left at {ctx.name(spec.origin)}" + (
            f" (below its minimum garrison of {garrison_min})" if thin else ""
        )
        if held and need:
            words += f"; the escort's {need} troops go back there after delivery"
    if leaked:
        words += "; the schedule was shared with the host: ambush odds are higher"
    if not authorized:
        stop = host.checkpoint_estimate(ctx, routes)
        base["checkpoint"] = round(stop, 4)
        words += f"; {in_words(stop)} that army checkpoints stop it (held or turned back)"
    base["words"] = words
    return base


def _convoy_seen(
    ctx: Ctx,
    spec: o.RequestMovement,
    authorized: bool,
    base: dict[str, Any],
    overwatch: float | None = None,
) -> tuple[list[Route], Outlook, str, bool]:
    """The convoy's roads, its outlook as the player's intelligence sees it (overwatch mixed in by
    its chance), the overwatch's label and whether its schedule leaked; raises Refused for a convoy
    that cannot be planned."""
    routes = rules_of_orders.check_convoy_shape(ctx, spec)
    bias = intel_bias(ctx, routes)
    leaked = host.schedule_leaked(ctx, spec.origin)
    label = ""
    if spec.overwatch:
        if not authorized:
            overwatch, label = 0.0, "not cleared (a move without authorization asks no clearance)"
        elif overwatch is None:
            overwatch = _overwatch_answer(ctx, spec, base)
            label = "asked"
        else:
            label = "cleared" if overwatch else "not cleared"
    p_cover = overwatch or 0.0

    def seen(flying: bool) -> Outlook:
        return rules_of_orders.convoy_outlook(
            ctx, routes, spec, authorized, overwatch=flying, bias=bias
        )

    out = seen(False)
    if p_cover > 0:
        out = seen(True).mix(out, p_cover)
    return routes, out, label, leaked


@dataclass(frozen=True)
class RoadOdds:
    """A planned convoy's IED and ambush odds as its quote gives them (the player's
    intelligence), or why it cannot be planned."""

    ok: bool
    reason: str = ""
    ied: float = 0.0
    ambush: float = 0.0


def road_odds(ctx: Ctx, spec: o.RequestMovement) -> RoadOdds:
    """The `ied` and `ambush` of `quote(spec, trial=False)`, without working out the rest of the
    quote (a bot weighs escorts by them many times a game)."""
    try:
        authorized = not isinstance(spec, o.MoveUnauthorized)
        _, out, _, _ = _convoy_seen(ctx, spec, authorized, {})
    except rules_of_orders.Refused as refusal:
        return RoadOdds(ok=False, reason=str(refusal))
    return RoadOdds(ok=True, ied=round(out.ied, 4), ambush=round(out.ambush, 4))


def _overwatch_answer(ctx: Ctx, spec: o.RequestMovement, base: dict[str, Any]) -> float:
    req = Request(
        id="quote",
        kind="movement",
        order=spec,
        requested=ctx.state.day,
        decide=rules_of_orders.decision_day(ctx),
    )
    p, _ = overwatch_chance(ctx, req)
    base["overwatch_approval"] = round(p, 4)
    return p


def flight_quote(
    ctx: Ctx, spec: o.RequestFlight, authorized: bool, base: dict[str, Any]
) -> dict[str, Any]:
    rules_of_orders.check_flight_shape(ctx, spec)
    p = flight_estimate(ctx, spec.origin, spec.destination, authorized)
    wounded = flight_expected_wounded(ctx, p)
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
    if spec.purpose == "resupply":
        added = supplies.air_days(ctx, spec.destination, spec.aircraft, spec.sorties)
        base["supply_days_added"] = added
        base["capacity"]["landings"] = spec.sorties * len(supplies.flight_ends(ctx, spec))
        base["words"] += f"; it brings {added:.1f} days of fuel, water and food"
    return base


def _request_answer(
    ctx: Ctx, kind: str, spec: o.RequestMovement | o.RequestFlight, base: dict[str, Any]
) -> None:
    req = Request(
        id="quote",
        kind=kind,  # type: ignore[arg-type]
        order=spec,
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


def engage_quote(ctx: Ctx, order: o.Engage, base: dict[str, Any]) -> None:
    if order.request is None:
        base["words"] = (
            f"relations +{host.meeting_gain(ctx):.1f}: {host.recent_meetings(ctx)} meeting(s) in the "
            f"last {ctx.rules.host.engage_window} days; meetings cannot raise relations above "
            f"{host.relations_ceiling(ctx):.0f} while the host remembers its grievances"
        )


def concede_quote(ctx: Ctx, order: o.Concede, base: dict[str, Any]) -> None:
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


def destroy_quote(ctx: Ctx, order: o.Destroy, base: dict[str, Any]) -> None:
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
            f"{p.per_day} items a day: about {days_words(p.days)} of work while people stay at "
            f"{ctx.name(order.site)}; host relations −{p.relations:.1f}, contributors' goodwill "
            f"−{p.contributors:.1f}"
            + ("" if p.consent else " (no consent held: ask_consent first costs less)")
        ),
    )


def handover_quote(ctx: Ctx, order: o.Handover, base: dict[str, Any]) -> None:
    trial = scratch(ctx)
    before = score_parts(trial)["equipment"]
    rules_of_orders.handover(trial, order)
    gain = score_parts(trial)["equipment"] - before
    base["equipment_credit"] = round(gain, 4)
    base["words"] = (
        f"what is left passes to the host: equipment part of the score +{gain * 100:.1f}%"
    )


def consent_quote(ctx: Ctx, order: o.AskConsent, base: dict[str, Any]) -> None:
    """When consent would hold (the same function the order uses, on a scratch copy) and what it
    saves."""
    trial = scratch(ctx)
    day = equipment.ask_consent(trial, order.site)
    share = ctx.rules.equipment.consented_share
    base["words"] = (
        f"the contributing countries answer by {ctx.date_of(day)}; with their consent, destroying "
        f"their equipment at {ctx.name(order.site)} costs {share:.0%} of the goodwill it would "
        "otherwise"
    )


def quote(ctx: Ctx, order: o.Order, trial: bool = True) -> Quote:
    """The stakes of an order; with `trial` (the default) it is also tried on a scratch copy, so
    `ok`, `reason` and the relations and grievance costs are exactly what the order would do."""
    if trial:
        verdict, relations, grievance = _trial(ctx, order)
    else:
        verdict, relations, grievance = Check(ok=True), 0.0, 0.0
    base: dict[str, Any] = {"kind": order.kind, "ok": verdict.ok, "reason": verdict.reason}
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
        elif isinstance(order, o.AskConsent) and verdict.ok:
            consent_quote(ctx, order, base)
        elif isinstance(order, o.Dispatch):
            req = ctx.state.requests.get(order.request)
            if req is not None:
                authorized = rules_of_orders.authorized_today(ctx, req)
                spec = rules_of_orders.dispatched_spec(req, order)
                if isinstance(spec, o.RequestFlight):
                    flight_quote(ctx, spec, authorized, base)
                else:
                    convoy_quote(
                        ctx,
                        spec,
                        authorized,
                        base,
                        overwatch=1.0 if req.overwatch and authorized else 0.0,
                    )
        elif isinstance(order, o.Destroy):
            destroy_quote(ctx, order, base)
        elif isinstance(order, o.Handover) and order.site in ctx.state.sites:
            camp_quote(ctx, order.site, base)
            if verdict.ok:
                site_quote(ctx, order, base)
                handover_quote(ctx, order, base)
        elif isinstance(order, o.Reinforce | o.Engage):
            site_quote(ctx, order, base)
    except rules_of_orders.Refused as refusal:
        base.update(ok=False, reason=base["reason"] or str(refusal))
    except equipment.NoWork as why:
        base.update(ok=False, reason=base["reason"] or str(why))
    if verdict.ok:
        base.setdefault("relations", relations)
        base.setdefault("grievance", grievance)
    return made(base)


def camp_quote(ctx: Ctx, sid: str, base: dict[str, Any]) -> None:
    """A handover's stakes: the race for the camp, from the same outlook the engine keeps."""
    view = camps.outlook(ctx, sid)
    base.update(
        army_arrives=view.army_arrives,
        armed_arrives=view.armed_arrives,
        seizure_if_left=view.seizure_if_left,
        civilian_harm=view.civilian_harm,
        words=view.words,
    )
