"""Fuel, water and food: days of supply at camps and on convoys.

A camp's store is counted in days at its reference garrison (its start garrison, or at least
``supply.reference_min`` people): each day it uses ``people / reference`` days, so a thinned-out camp
uses less. Routine contracted trucks refill it by ``supply.road_days`` a day, up to its store, while
an open road joins it to a supply source (the logistics hub and HQ) - a blocked road (the Timbuktu
blockade, Aug 2023 [A51][A50]) or a host freeze on movement into its region (the ban on trucks north,
24 Sep 2023 [A33]) cuts it. Below ``supply.short_days`` the camp is on reduced rations (attacks are
likelier); at zero its people fall sick each day and it cannot hold. A resupply flight (a flight
request with ``purpose = "resupply"``) brings ``supply.person_days_per_load`` person-days per load
of cargo; the host lets these through more readily, even through a ban on flights (27 Oct 2023
[A37][A44]).

A convoy carries supply for its travel days plus ``supply.convoy_reserve``; each day on the road
uses one; with none left it loses days and its people fall sick until a resupply flight names it (the Kidal
convoy, ~5 Nov 2023 [A15]).

Every stage is logged once when it starts and once when it ends, never daily.
"""

from __future__ import annotations

from typing import Any

from ..model import log
from ..model.content import FreezeMovement, SiteSetup, World
from ..model.orders import RequestFlight, RequestMovement, purpose_of
from ..model.state import Convoy, Flight, SiteState
from .context import Ctx
from .rng import rng

NORMAL, SHORT, EMPTY = 0, 1, 2  # not a rule: stage names


# --------------------------------------------------------------------------- set-up


def init_sites(world: World, sites: dict[str, SiteState], setups: dict[str, SiteSetup]) -> None:
    """Give every mission site its store: the scenario's figure, else the rules' standard."""
    rules = world.rules.supply
    for site in world.theatre.sites:
        state = sites[site.id]
        if not state.closable:
            continue
        setup = setups.get(site.id)
        days = setup.supply_days if setup is not None and setup.supply_days is not None else None
        days = rules.camp_days if days is None else days
        state.supply_days = state.supply_full = float(days)
        state.supply_ref = max(state.headcount, rules.reference_min)


# --------------------------------------------------------------------------- where things are


def is_source(ctx: Ctx, site_id: str) -> bool:
    site = ctx.sites.get(site_id)
    return site is not None and site.kind in ctx.rules.supply.source_kinds


def find_convoy(ctx: Ctx, ref: str) -> Convoy | None:
    for c in ctx.state.convoys:
        if c.id == ref:
            return c
    return None


def place(ctx: Ctx, ref: str) -> str:
    """The site a flight end stands for: a site itself, or for a convoy on the road the end of
    the journey it is nearer (so dice and host answers belong to where it is, not to its id)."""
    if ref in ctx.sites or ref == "home":
        return ref
    convoy = find_convoy(ctx, ref)
    if convoy is None:
        return ref
    halfway = 2 * convoy.progress < convoy.travel_days  # not a rule: the middle of the journey
    return convoy.origin if halfway else convoy.destination


def dice_place(ctx: Ctx, kind: str, order: RequestMovement | RequestFlight) -> str | None:
    """For a resupply flight to a convoy: what the host's dice are keyed to (the convoy's journey)."""
    if kind != "flight" or purpose_of(order) != "resupply":
        return None
    convoy = find_convoy(ctx, order.destination)
    if convoy is None:
        return None
    return f"convoy:{convoy.origin}>{convoy.destination}@{convoy.departed}"


def flight_ends(ctx: Ctx, order: RequestFlight) -> tuple[str, ...]:
    """The ends of a flight that land at an airfield (an air drop to a convoy lands nowhere)."""
    if order.purpose == "resupply" and order.destination not in ctx.sites:
        return (order.origin,)
    return (order.origin, order.destination)


# --------------------------------------------------------------------------- roads


def _reachable(ctx: Ctx) -> dict[str, str]:
    """Site -> the supply source that reaches it over roads open today (first source wins).
    Cached per game by (roads blocked, sources seized): a pure function of that key."""
    day = ctx.state.day
    st = ctx.state
    blocked = tuple(sorted(r for r, until in st.blocked.items() if until >= day))
    seized = tuple(s for s in ctx.supply_sources if st.sites[s].status == "seized")
    key = (blocked, seized)
    reach = ctx.supply_reach.get(key)
    if reach is None:
        reach = ctx.supply_reach[key] = _reach(ctx, set(blocked), set(seized))
    return reach


def _reach(ctx: Ctx, blocked: set[str], seized: set[str]) -> dict[str, str]:
    links: dict[str, list[str]] = {}
    for rid, r in ctx.routes.items():
        if rid in blocked:
            continue
        links.setdefault(r.a, []).append(r.b)
        links.setdefault(r.b, []).append(r.a)
    reach: dict[str, str] = {}
    for s in ctx.theatre.sites:
        if s.kind not in ctx.rules.supply.source_kinds or s.id in reach or s.id in seized:
            continue
        reach[s.id] = s.id
        todo = [s.id]
        while todo:
            here = todo.pop()
            for nxt in links.get(here, ()):
                if nxt not in reach:
                    reach[nxt] = s.id
                    todo.append(nxt)
    return reach


def _frozen(ctx: Ctx, source: str, site_id: str) -> str:
    """The host's freeze on movement that bars trucks from source to site, if any (the same rule
    the host applies to movement requests)."""
    for c in ctx.state.conditions:
        if not isinstance(c, FreezeMovement):
            continue
        ends = {ctx.region(site_id)}
        if not c.toward_only:
            ends.add(ctx.region(source))
        hit = ends & set(c.regions)
        if hit:
            return c.description or f"movement in {', '.join(sorted(hit))} is frozen"
    return ""


def road_cut(ctx: Ctx, site_id: str, reach: dict[str, str] | None = None) -> str:
    """Why routine road resupply cannot reach this site today ('' if it can)."""
    if is_source(ctx, site_id):
        return ""
    reach = _reachable(ctx) if reach is None else reach
    source = reach.get(site_id)
    if source is None:
        st = ctx.state
        for s in ctx.theatre.sites:
            if s.kind not in ctx.rules.supply.source_kinds:
                continue
            for r in ctx.path(s.id, site_id) or ():
                until = st.blocked.get(r.id, -1)
                if until >= st.day:
                    return (
                        f"the road {ctx.name(r.a)}–{ctx.name(r.b)} is blocked until "
                        f"{ctx.date_of(until)}"
                    )
        return "no road joins it to a supply source"
    return _frozen(ctx, source, site_id)


# --------------------------------------------------------------------------- the day


def supply_day(ctx: Ctx) -> None:
    """Camps use and receive supply; convoys use theirs; each stage is logged once."""
    st = ctx.state
    rules = ctx.rules.supply
    reach = _reachable(ctx)
    into: set[str] = set()  # regions a host freeze bars trucks from entering ...
    out_of: set[str] = set()  # ... or leaving
    for c in st.conditions:
        if isinstance(c, FreezeMovement):
            into.update(c.regions)
            if not c.toward_only:
                out_of.update(c.regions)
    region = ctx.site_region
    sites = st.sites
    # This runs every day over every site: the usual case (a full camp on an open road that
    # uses less than the road brings) changes nothing and writes nothing.
    for sid in ctx.supply_others:
        site = sites[sid]
        if not site.supply_ref or site.status == "seized":
            continue
        people = sum(site.people.values())
        source = reach.get(sid)
        cut = source is None or region[sid] in into or region[source] in out_of
        full = site.supply_days >= site.supply_full and site.supply_days >= rules.short_days
        if full and not cut and not site.supply_stage and not site.supply_cut:
            if not people or people <= site.supply_ref * rules.road_days:
                continue
        days = site.supply_days
        if people:
            days = max(0.0, days - people / site.supply_ref)
        if not cut:
            days = min(site.supply_full, days + rules.road_days)
        days = round(days, 4)
        if days != site.supply_days:
            site.supply_days = days
        if cut != site.supply_cut:
            site.supply_cut = cut
            if people:
                ctx.log(
                    log.RoadSupply,
                    f"Road resupply to {ctx.name(sid)} is cut: {road_cut(ctx, sid, reach)}; "
                    f"{days_left(site):.0f} days of fuel, water and food left"
                    if cut
                    else f"Road resupply to {ctx.name(sid)} resumes",
                    site=sid,
                    cut=cut,
                    days=round(site.supply_days, 1),
                )
        if site.supply_stage or days < rules.short_days:
            _stage(ctx, sid, site.people, site, people)
    for convoy in st.convoys:
        people = convoy.cargo.headcount
        if convoy.supply_days > 0:
            convoy.supply_days = round(max(0.0, convoy.supply_days - 1.0), 4)
        if convoy.supply_days <= 0:
            # Out of fuel, water and food it crawls on, losing days (keyed to the journey).
            key = f"{convoy.origin}>{convoy.destination}:{convoy.departed}"
            if rng(ctx.seed, st.day, "stall", key).random() < rules.empty_stall:
                convoy.delay = max(convoy.delay, 1)
        if convoy.supply_stage or convoy.supply_days <= 0:
            _stage(ctx, convoy.id, convoy.cargo.people, convoy, people)


def stage_of(ctx: Ctx, days: float, people: int) -> int:
    if not people:
        return NORMAL
    if days <= 0:
        return EMPTY
    return SHORT if days < ctx.rules.supply.short_days else NORMAL


def _stage(
    ctx: Ctx, ref: str, group: dict[str, int], holder: SiteState | Convoy, people: int
) -> None:
    """Sickness at zero; a log entry when the stage changes."""
    rules = ctx.rules.supply
    convoy = isinstance(holder, Convoy)
    # a convoy of trucks alone stops too (its drivers are not counted as people)
    stage = stage_of(ctx, holder.supply_days, people or int(convoy))
    if convoy and stage == SHORT:
        stage = NORMAL  # a convoy has no rations to cut: it drives on until it is out
    sick = 0
    if stage == EMPTY and people:
        # Cases of sickness: people stay where they are (not wounded, not killed) but count as harm.
        sick = min(people, max(1, people // rules.sick_people))
        ctx.state.ledger.sick += sick
    if stage == holder.supply_stage:
        return
    before, holder.supply_stage = holder.supply_stage, stage
    what = f"Convoy {ref}" if convoy else ctx.name(ref)
    if stage == EMPTY:
        text = (
            f"{what} has run out of fuel, water and food and crawls on, losing days"
            + (f"; {sick} fall sick each day" if sick else "")
            + " until it is resupplied by air"
            if convoy
            else f"{what} has run out of fuel, water and food: {sick} fall sick each day and the "
            "camp cannot hold; the garrison must leave or be resupplied by air"
        )
    elif stage == SHORT:
        text = (
            f"{what} is on reduced rations: {holder.supply_days:.0f} days of fuel, water and food "
            "left; patrols are cut and attacks are likelier"
        )
    elif people and before:
        text = f"Supplies at {what} restored: {holder.supply_days:.0f} days"
        if convoy:
            text = f"Convoy {ref} is resupplied and moves on"
    else:
        return
    if convoy:
        ctx.log(log.SupplyStage, text, convoy=ref, stage=stage, sick=sick)
    else:
        ctx.log(log.SupplyStage, text, site=ref, stage=stage, sick=sick)


def attack_factor(ctx: Ctx, site: SiteState) -> float:
    """Attack odds multiplier for a camp short of supply (1 if not)."""
    if not site.supply_ref or site.supply_days >= ctx.rules.supply.short_days:
        return 1.0
    return ctx.rules.supply.empty_attack if site.supply_days <= 0 else ctx.rules.supply.short_attack


def days_left(site: SiteState) -> float:
    """Days the store lasts at today's headcount, without resupply."""
    people = site.headcount
    if not people:
        return site.supply_days
    return site.supply_days * site.supply_ref / people


# --------------------------------------------------------------------------- air resupply


def check_resupply(ctx: Ctx, order: RequestFlight) -> str:
    """Why this resupply flight cannot be flown ('' if it can)."""
    if order.people or order.containers or order.sensitive:
        return (
            "a resupply flight carries fuel, water and food only; fly people and loads on a "
            "transport flight"
        )
    if order.origin == "home" or not is_source(ctx, order.origin):
        names = ", ".join(
            s.name for s in ctx.theatre.sites if s.kind in ctx.rules.supply.source_kinds
        )
        return f"resupply flights load at a supply source ({names or 'none on this map'})"
    ac = ctx.aircraft.get(order.aircraft)
    if ac is not None and not ac.cargo:
        return f"the {ac.name} carries no cargo"
    dest = order.destination
    if dest == "home":
        return "a resupply flight goes to a camp or to a convoy on the road, not home"
    if dest in ctx.sites:
        site = ctx.state.sites[dest]
        if not site.supply_ref:
            return f"{ctx.name(dest)} holds no stores to resupply"
        if is_source(ctx, dest):
            return f"{ctx.name(dest)} is a supply source and needs no air resupply"
        if site.status == "seized":
            return f"{ctx.name(dest)} has been seized"
        return ""
    if find_convoy(ctx, dest) is None:
        return f"there is no site or convoy on the road called {dest!r}"
    return ""


def air_days(ctx: Ctx, destination: str, aircraft: str, sorties: int) -> float:
    """Days of supply that many sorties add at the destination (a camp or a convoy), today."""
    ac = ctx.aircraft.get(aircraft)
    if ac is None:
        return 0.0
    person_days = ctx.rules.supply.person_days_per_load * ac.cargo * sorties
    site = ctx.state.sites.get(destination)
    if site is not None:
        if not site.supply_ref or is_source(ctx, destination):
            return 0.0
        return round(min(person_days / site.supply_ref, site.supply_full - site.supply_days), 3)
    convoy = find_convoy(ctx, destination)
    if convoy is None:
        return 0.0
    return round(person_days / _convoy_ref(ctx, convoy), 3)


def _convoy_ref(ctx: Ctx, convoy: Convoy) -> int:
    """People a convoy's day of supply feeds: its passengers and one driver a truck."""
    return max(convoy.cargo.headcount + convoy.cargo.trucks, ctx.rules.supply.reference_min)


def deliver(ctx: Ctx, flight: Flight) -> None:
    """A resupply flight lands (or drops to a convoy): the supply is added."""
    added = air_days(ctx, flight.destination, flight.aircraft, flight.sorties)
    site = ctx.state.sites.get(flight.destination)
    convoy = find_convoy(ctx, flight.destination) if site is None else None
    if site is not None:
        site.supply_days = round(site.supply_days + added, 4)
        where = ctx.name(flight.destination)
    elif convoy is not None:
        convoy.supply_days = round(convoy.supply_days + added, 4)
        where = f"convoy {convoy.id}"
    else:
        ctx.log(
            log.ResupplyFlight,
            f"Resupply flight {flight.id} finds no convoy {flight.destination} on the road; "
            "it brings its load back",
            flight=flight.id,
            request=flight.request,
            destination=flight.destination,
            delivered=False,
            added=0.0,
        )
        return
    ctx.log(
        log.ResupplyFlight,
        f"Resupply flight {flight.id} ({flight.sorties} sortie(s)) delivers {added:.1f} days of "
        f"fuel, water and food to {where}",
        flight=flight.id,
        request=flight.request,
        destination=flight.destination,
        delivered=True,
        added=added,
    )


def convoy_start_days(ctx: Ctx, travel_days: int) -> float:
    """Supply a convoy leaves with."""
    return float(travel_days) + ctx.rules.supply.convoy_reserve


# --------------------------------------------------------------------------- the outlook


def outlook(ctx: Ctx, ref: str) -> dict[str, Any]:
    """What the player sees of a camp's or a convoy's supply (read-only)."""
    site = ctx.state.sites.get(ref)
    if site is not None:
        people = site.headcount
        source = is_source(ctx, ref)
        cut = "" if source or not site.supply_ref else road_cut(ctx, ref)
        return {
            "ref": ref,
            "tracked": bool(site.supply_ref),
            "source": source,
            "days": round(site.supply_days, 2),
            "store": round(site.supply_full, 2),
            "use_per_day": round(people / site.supply_ref, 3) if site.supply_ref else 0.0,
            "days_left": round(days_left(site), 2),
            "road_open": not cut,
            "road_cut_because": cut,
            "stage": ("normal", "short", "empty")[stage_of(ctx, site.supply_days, people)],
            "attack_factor": attack_factor(ctx, site),
        }
    convoy = find_convoy(ctx, ref)
    if convoy is None:
        raise KeyError(f"there is no site or convoy {ref!r}")
    stage = stage_of(ctx, convoy.supply_days, convoy.cargo.headcount or 1)
    return {
        "ref": ref,
        "tracked": True,
        "source": False,
        "days": round(convoy.supply_days, 2),
        "store": round(convoy.supply_days, 2),
        "use_per_day": 1.0,
        "days_left": round(convoy.supply_days, 2),
        "road_open": False,
        "road_cut_because": "a convoy on the road is resupplied only by air",
        "stage": "empty" if stage == EMPTY else "normal",
        "attack_factor": 1.0,
    }
