"""`check` and `quote`: the engine's answer to "may I, and what will it cost?" before an order is
given. Both use the same functions the orders themselves use, so they cannot disagree with what the
engine then does (tests hold them to it)."""

from __future__ import annotations

import copy
import pickle

from ..model import orders as o
from ..model.quote import Check, Quote
from ..model.state import State
from . import orders as rules_of_orders
from .context import Ctx
from .host import approval_chance, overwatch_chance
from .risk import flight_estimate, in_words, intel_bias


def scratch(ctx: Ctx) -> Ctx:
    """A copy of the context whose state can be changed freely (log and history left behind)."""
    st = ctx.state
    log, history, estimates = st.log, st.history, st.estimates
    st.log, st.history, st.estimates = [], [], []
    try:
        # A pickle round trip is a deep copy at a third of model_copy(deep=True)'s cost.
        clone: State = pickle.loads(pickle.dumps(st, pickle.HIGHEST_PROTOCOL))
    finally:
        st.log, st.history, st.estimates = log, history, estimates
    other = copy.copy(ctx)
    other.state = clone
    return other


def check(ctx: Ctx, order: o.Order) -> Check:
    """Would this order apply now? If not, the reason the engine would give."""
    return _trial(ctx, order)[0]


def _trial(ctx: Ctx, order: o.Order) -> tuple[Check, float]:
    """The order applied to a scratch copy: (verdict, change in host relations)."""
    trial = scratch(ctx)
    before = trial.state.relations
    try:
        rules_of_orders.HANDLERS[order.kind](trial, order)
    except rules_of_orders.Refused as refusal:
        return Check(ok=False, reason=str(refusal)), 0.0
    return Check(ok=True), round(trial.state.relations - before, 3)


def _relations_change(ctx: Ctx, order: o.Order) -> float:
    trial = scratch(ctx)
    before = trial.state.relations
    try:
        rules_of_orders.HANDLERS[order.kind](trial, order)
    except rules_of_orders.Refused:
        return 0.0
    return round(trial.state.relations - before, 3)


def convoy_quote(
    ctx: Ctx,
    spec: o.RequestMovement,
    authorized: bool,
    base: dict,
    overwatch: float | None = None,
) -> dict:
    """A convoy's stakes through the engine's own `outlook`, with the player's intelligence bias.
    `overwatch` is the chance its overwatch flies (None: a new request, decided by the host)."""
    routes = rules_of_orders.check_convoy_shape(ctx, spec)
    bias = intel_bias(ctx, routes)
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

    def seen(flying: bool):
        return rules_of_orders.convoy_outlook(
            ctx, routes, spec, authorized, overwatch=flying, bias=bias
        )

    out = seen(False)
    if p_cover > 0:
        out = seen(True).mix(out, p_cover)
    need = rules_of_orders.escort_needed(ctx, spec.escort)
    origin = ctx.state.sites.get(spec.origin)
    left = max(0, origin.headcount - spec.people) if origin is not None else None
    held = bool(left) and origin is not None and origin.status in ("open", "drawing_down")
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
        protected=round(out.protected / max(1e-9, ctx.rules.convoy.protected_share), 3)
        if out.protected
        else 0.0,
        expected_saved_by_armour=round(out.saved, 3),
        overwatch=label,
        garrison_left=left,
        garrison_min=garrison_min,
        escort_returns=need if held else 0,
        casualties_fall_on="peacekeepers" if spec.people else "contractors",
        capacity={
            "trucks": spec.trucks,
            "seats": spec.vehicles * ctx.scenario.assets.pax_per_vehicle
            + spec.trucks * ctx.scenario.assets.pax_per_truck,
            "escort_troops": need,
            "loads": spec.containers + spec.sensitive,
        },
    )
    days = round(out.delay)
    words = (
        f"{in_words(out.ied)} that the convoy meets an IED; {in_words(out.ambush)} of an ambush; "
        f"{out.travel_days} days on the road"
        + (
            f" ({out.travel_days - out.base_days} of them slow going)"
            if out.travel_days > out.base_days
            else ""
        )
        + ", "
        + ("little expected delay" if days == 0 else f"expected delay {days} day(s)")
        + f"; expected {out.killed:.1f} killed, {out.wounded:.1f} wounded"
    )
    if out.saved >= 0.05:
        words += f" (armour turns {out.saved:.1f} deaths into wounded)"
    if out.length_factor > 1.05:
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
    base["words"] = words
    return base


def _overwatch_answer(ctx: Ctx, spec: o.RequestMovement, base: dict) -> float:
    from ..model.state import Request

    req = Request(
        id="quote",
        kind="movement",
        order=spec.model_dump(mode="json", exclude={"date"}),
        requested=ctx.state.day,
        decide=rules_of_orders.decision_day(ctx),
    )
    p, _ = overwatch_chance(ctx, req)
    base["overwatch_approval"] = round(p, 4)
    return p


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
    verdict, relations = _trial(ctx, order)
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
                    convoy_quote(
                        ctx,
                        o.RequestMovement.model_validate(req.order),
                        authorized,
                        base,
                        overwatch=1.0 if req.overwatch and authorized else 0.0,
                    )
                else:
                    flight_quote(ctx, o.RequestFlight.model_validate(req.order), authorized, base)
    except rules_of_orders.Refused as refusal:
        base.update(ok=False, reason=base["reason"] or str(refusal))
    if verdict.ok:
        base["relations"] = relations
    return Quote.model_validate(base)
