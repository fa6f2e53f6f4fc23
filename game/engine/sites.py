"""Camps: attacks, empty camps occupied, closures and target dates.

The odds come from camps.py (the race for the camps): the armed groups' arrival raises a held
camp's attack odds and an empty camp's seizure odds; the army, once there, takes an empty camp.
People still inside a handed-over camp are attacked like any others until they leave."""

from __future__ import annotations

from ..model import log
from ..model.state import CLOSED
from . import camps, changes
from .context import Ctx
from .rng import rng


def site_security(ctx: Ctx) -> None:
    st = ctx.state
    led = st.ledger
    camps.advance(ctx)
    # One screening number per site per day, drawn for every site in the theatre's fixed order,
    # so an attack at one camp never shifts the dice of another; details come from the site's own.
    screen = rng(ctx.seed, st.day, "attack-screen").randoms(len(st.sites))
    held = held_ok = 0
    rules = ctx.rules.site
    for u_attack, (sid, site) in zip(screen, st.sites.items(), strict=True):
        people = sum(site.people.values())  # site.headcount, inlined: 15 sites a day
        if not people and site.status != "abandoned":
            continue
        pressure = ctx.pressure(ctx.region(sid))
        if site.closable and site.held:
            held += 1
            if people >= site.min_garrison:
                held_ok += 1
        if people:
            thin = site.min_garrison and people < site.min_garrison
            if u_attack < camps.attack_chance(ctx, sid, site, people, pressure):
                r = rng(ctx.seed, st.day, "attack", sid)
                killed = (
                    1
                    if r.random() < (rules.killed_chance_thin if thin else rules.killed_chance)
                    else 0
                )
                wounded = r.randrange(rules.wounded_max + 1) + (rules.wounded_thin if thin else 0)
                k, w = changes.kill(ctx, site.people, killed, wounded)
                hit = min(site.containers, r.randrange(rules.containers_hit_max + 1))
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
            p_seize = camps.seizure_chance(ctx, sid)
            if u < p_seize:
                site.status = "seized"
                containers, vehicles, sensitive = site.containers, site.vehicles, site.sensitive
                led.containers.lost += site.containers
                led.vehicles.lost += site.vehicles
                led.sensitive.lost += site.sensitive
                site.containers = site.vehicles = site.sensitive = 0
                ctx.log(
                    log.SiteSeized,
                    f"Armed groups occupy the empty camp at {ctx.name(sid)}; lost with it: "
                    f"{containers} containers, {vehicles} vehicles, {sensitive} sensitive items",
                    site=sid,
                    containers=containers,
                    vehicles=vehicles,
                    sensitive=sensitive,
                )
            elif u < p_seize + camps.takeover_chance(ctx, sid):
                site.status = "handed_over"
                site.handed_on = st.date
                containers, vehicles, sensitive = site.containers, site.vehicles, site.sensitive
                led.containers.handed_over += site.containers
                led.vehicles.handed_over += site.vehicles
                camps.record_handed(site, "containers", site.containers)
                camps.record_handed(site, "vehicles", site.vehicles)
                led.sensitive.lost += site.sensitive
                site.containers = site.vehicles = site.sensitive = 0
                ctx.log(
                    log.SiteOccupiedInformally,
                    f"Host forces occupy the empty camp at {ctx.name(sid)} without a formal handover",
                    site=sid,
                    containers=containers,
                    vehicles=vehicles,
                    sensitive_lost=sensitive,
                )
    st.garrison_days += held
    st.garrison_days_ok += held_ok


# --------------------------------------------------------------------------- deadlines


def late_contingents(ctx: Ctx) -> None:
    """At the end of the day a contingent had to leave by, anyone of it still in the country costs
    the contributing countries' goodwill."""
    st = ctx.state
    for contingent in ctx.world.scenario.contingents:
        if contingent.leaves_by != st.date:
            continue
        people = sum(s.people.get(contingent.id, 0) for s in st.sites.values())
        people += sum(c.cargo.people.get(contingent.id, 0) for c in st.convoys)
        people += sum(f.cargo.people.get(contingent.id, 0) for f in st.flights)
        if not people:
            continue
        cost = min(st.contributors, ctx.rules.equipment.late_contingent_goodwill)
        st.contributors = round(st.contributors - cost, 4)
        ctx.log(
            log.ContingentLate,
            f"{contingent.name} should have left the country by {contingent.leaves_by}: "
            f"{people} are still here (contributors' goodwill −{cost:.0f})",
            contingent=contingent.id,
            people=people,
            goodwill=cost,
        )


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
            if site.held:
                site.status = "abandoned"
                ctx.log(
                    log.SiteAbandoned,
                    f"The last people leave {ctx.name(sid)} without a handover; the camp stands empty",
                    site=sid,
                )
                camps.on_closure(ctx, sid, "left")
            site.closed_on = st.date
        if site.target_date == st.date and site.status not in CLOSED:
            ctx.log(
                log.TargetMissed,
                f"{ctx.name(sid)} has passed its target closure date with {site.headcount} people still there",
                site=sid,
                people=site.headcount,
            )
    late_contingents(ctx)
    camps.lapse_choices(ctx)
    for req in ctx.open_requests():
        if req.status == "approved" and req.valid_until == st.day:
            req.status = "expired"
            ctx.log(
                log.AuthorizationExpired, f"Authorization {req.id} expires unused", request=req.id
            )


def _has_inbound(ctx: Ctx, sid: str) -> bool:
    return any(c.destination == sid for c in ctx.state.convoys)
