"""The host government's answers to requests (and, in time, its aims and memory)."""

from __future__ import annotations

import datetime as dt

from ..model.state import Request
from .context import Ctx
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
    dest = where or req.order.get("destination")
    return f"{req.kind}:{req.order.get('origin')}>{dest}:{req.requested}"


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
        resupply = req.order.get("purpose") == "resupply"
        if resupply:  # a convoy to resupply stands for where it is
            regions = {ctx.region(place(ctx, s)) for s in _ends(ctx, req) if s != "home"}
        for c in _conditions(ctx, "deny_flights"):
            if not c["regions"] or regions & set(c["regions"]):
                if resupply:  # the water resupply let through the ban of 27 Oct 2023 [A37][A44]
                    return ctx.rules.supply.ban_exception, ""
                return 0.0, c.get("description") or "flights there are refused"
    p = (
        host.approve
        + host.per_relation * (ctx.state.relations - 50)
        + ctx.rules.host.press_approval * req.pressed
    )
    if req.order.get("purpose") == "resupply":
        p += ctx.rules.supply.air_approval
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
        r = rng(ctx.seed, st.day, "host", dice_key(req, dice_place(ctx, req.kind, req.order)))
        u = r.random()
        if forbidden:
            req.status, req.reason = "denied", forbidden
            ctx.log(
                "host", f"Request {req.id} denied: {forbidden}", request=req.id, outcome="denied"
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
                    start += ctx.rules.host.later_start_days
                    req.conditions.append("not before " + str(ctx.date_of(start)))
                elif cond == "fewer_trucks" and req.kind == "movement" and req.order["trucks"] > 1:
                    share = ctx.rules.host.fewer_trucks_share
                    req.max_trucks = max(1, int(req.order["trucks"] * share))
                    req.conditions.append(f"at most {req.max_trucks} trucks")
                elif cond == "no_sensitive" and req.order.get("sensitive"):
                    req.no_sensitive = True
                    req.conditions.append("no sensitive equipment")
            req.valid_from = start
            req.valid_until = start + host.validity_days - 1
            extra = f" with conditions: {'; '.join(req.conditions)}" if req.conditions else ""
            ctx.log(
                "host",
                f"Request {req.id} approved{extra}; valid {ctx.date_of(req.valid_from)} to "
                f"{ctx.date_of(req.valid_until)}",
                request=req.id,
                outcome="approved",
                conditions=list(req.conditions),
            )
        elif r.random() < host.delay_share:
            rules = ctx.rules.host
            wait = rules.delay_min + r.randrange(max(1, rules.delay_max - rules.delay_min + 1))
            req.status = "delayed"
            req.decide = st.day + wait
            ctx.log(
                "host",
                f"Request {req.id} delayed: answer now due {ctx.date_of(req.decide + 1)}",
                request=req.id,
                outcome="delayed",
            )
        else:
            req.status = "denied"
            req.reason = DENIAL_REASONS[r.randrange(len(DENIAL_REASONS))]
            ctx.log(
                "host", f"Request {req.id} denied: {req.reason}", request=req.id, outcome="denied"
            )
