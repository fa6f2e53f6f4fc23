"""The race for the camps: the host's army and the armed groups as moving actors.

Each side (``army``: the host's army and its partners, who receive handovers; ``armed``: the
armed groups, who seize camps left empty and press those still held) has an estimated arrival
day at each site, kept in ``state.arrivals``. Scenario ``[[forces]]`` give documented arrivals;
sites they do not list keep the standard estimate (army: at once where ``host_can_take_over``;
armed: from the region's pressure). The armed groups' estimate drifts sooner with pressure, and
``force_arrival`` effects move either side's.

From these the engine derives (and `outlook` shows, through the same functions):
- a handover needs the army at the camp or due within ``camps.handover_army_days``;
- an empty camp's seizure odds grow as the armed groups near; the army, once there, may take it
  informally and contests the seizure;
- a held camp's attack odds grow as the armed groups near;
- handing over or leaving before the date agreed with the host costs relations; closing a camp
  before the end of the mandate to protect civilians risks harm to them;
- a hub keeps its minimum garrison until shortly before the deadline.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..model import log
from ..model.content import Event, World
from ..model.quote import CampOutlook
from ..model.state import CLOSED, SiteState
from . import changes
from .context import Ctx
from .risk import in_words
from .rng import rng
from .supplies import attack_factor

SIDES = ("army", "armed")


# --------------------------------------------------------------------------- set-up


def initial_arrivals(
    world: World, sites: dict[str, SiteState], pressure: dict[str, float]
) -> dict[str, dict[str, int]]:
    """Per side, per site, the estimated arrival day at the start (absent: never)."""
    sc = world.scenario
    start = sc.start
    rules = world.rules.camps
    region = {s.id: s.region for s in world.theatre.sites}
    out: dict[str, dict[str, int]] = {}
    for side in SIDES:
        listed: dict[str, int | None] = {}
        for force in sc.forces:
            if force.side != side:
                continue
            for sid, when in force.arrivals.items():
                day = None if isinstance(when, str) else max(0, (when - start).days)
                before = listed.get(sid)
                if sid not in listed or (day is not None and (before is None or day < before)):
                    listed[sid] = day
        days: dict[str, int] = {}
        for sid, site in sites.items():
            if sid in listed:
                day = listed[sid]
            elif side == "army" and not site.host_can_take_over:
                day = None
            elif side == "army":
                # The host's forces come to receive a camp on the date agreed for its handover
                # (a camp with none agreed: they are there from the start).
                agreed = site.agreed_handover
                day = max(0, (agreed - start).days) if agreed is not None else 0
            else:
                p = min(1.0, max(0.0, pressure.get(region.get(sid, ""), 0.0)))
                day = round((1.0 - p) * rules.armed_default_days) if p > 0 else None
            if day is not None:
                days[sid] = day
        out[side] = days
    return out


# --------------------------------------------------------------------------- estimates


def days_away(ctx: Ctx, side: str, sid: str) -> int | None:
    """Days until the side is at the site (0: there now), None if it is not coming."""
    day = ctx.state.arrivals.get(side, {}).get(sid)
    if day is None:
        return None
    return max(0, day - ctx.state.day)


def arrival_date(ctx: Ctx, side: str, sid: str) -> dt.date | None:
    d = days_away(ctx, side, sid)
    return None if d is None else ctx.date_of(ctx.state.day + d)


def nearness(ctx: Ctx, sid: str) -> float:
    """How close the armed groups are: 1 when there, halving every near_halving_days, 0 if not coming."""
    d = days_away(ctx, "armed", sid)
    if d is None:
        return 0.0
    return float(0.5 ** (d / ctx.rules.camps.near_halving_days))  # not a rule: "halving"


def army_close(ctx: Ctx, sid: str) -> bool:
    d = days_away(ctx, "army", sid)
    return d is not None and d <= ctx.rules.camps.handover_army_days


def handover_refusal(ctx: Ctx, sid: str) -> str | None:
    """Why the host cannot receive the camp now (its army is not there or close), or None."""
    if army_close(ctx, sid):
        return None
    name = ctx.name(sid)
    d = days_away(ctx, "army", sid)
    if d is None:
        return (
            f"the host has no forces near {name} to receive it; evacuate or destroy what is there"
        )
    return (
        f"the host's army is {d} days away from {name} (expected {arrival_date(ctx, 'army', sid)}); "
        f"a handover needs it there or within {ctx.rules.camps.handover_army_days} days"
    )


def holder(ctx: Ctx, sid: str) -> str | None:
    """Who holds a closed camp: for one handed over, the host's army force that came for it (or
    "host"); for one seized, the armed force that came for it (or "armed groups"); else None."""
    status = ctx.state.sites[sid].status
    side = {"handed_over": "army", "seized": "armed"}.get(status)
    if side is None:
        return None
    forces = [f for f in ctx.scenario.forces if f.side == side and sid in f.arrivals]
    if forces:
        return forces[0].id
    return "host" if side == "army" else "armed groups"


def seizure_chance(ctx: Ctx, sid: str) -> float:
    """Daily chance armed groups occupy the camp if it stands empty today."""
    site_rules = ctx.rules.site
    near = nearness(ctx, sid)
    p = (
        site_rules.seize_base
        if near == 0.0
        else max(site_rules.seize_base, ctx.rules.camps.seize_present * near)
    )
    if days_away(ctx, "army", sid) == 0:
        p *= ctx.rules.camps.contested_factor
    return min(site_rules.seize_max, p)


def takeover_chance(ctx: Ctx, sid: str) -> float:
    """Daily chance the army occupies the empty camp without a formal handover (once it is there)."""
    return ctx.rules.site.informal_takeover if days_away(ctx, "army", sid) == 0 else 0.0


def attack_chance(ctx: Ctx, sid: str, site: SiteState, people: int, pressure: float) -> float:
    """Daily chance of an attack on a camp with people in it."""
    rules = ctx.rules.site
    thin = site.min_garrison and people < site.min_garrison
    p = site.threat * (rules.threat_base + pressure) * (rules.thin_factor if thin else 1.0)
    today = ctx.state.day
    if site.qrf_until >= today:
        p *= rules.qrf_factor
    p *= attack_factor(ctx, site)  # short of supplies: more attacks
    armed = ctx.state.arrivals.get("armed")
    day = armed.get(sid) if armed else None
    if day is not None:  # nearness(), inlined: every held camp, every day
        camps = ctx.rules.camps
        away = day - today if day > today else 0
        halving = 0.5 ** (away / camps.near_halving_days)  # not a rule: "halving"
        p *= 1.0 + camps.attack_near * halving
    return min(rules.attack_max, p)


def early_cost(ctx: Ctx, site: SiteState) -> float:
    """Relations lost if the camp is handed over or left today, before the date agreed with the host."""
    if site.agreed_handover is None or ctx.state.date >= site.agreed_handover:
        return 0.0
    rules = ctx.rules.camps
    days = (site.agreed_handover - ctx.state.date).days
    return min(rules.early_relations_max, rules.early_relations_per_day * days)


def civilian_harm_chance(ctx: Ctx, sid: str) -> float:
    """Chance civilians come to harm if the camp closes today, before the mandate to protect them ends."""
    rules = ctx.rules.camps
    if ctx.state.date >= rules.poc_end:
        return 0.0
    return min(1.0, rules.poc_harm_chance * ctx.pressure(ctx.region(sid)))


def must_keep(ctx: Ctx, sid: str) -> int:
    """People who must stay at the site today: a hub's minimum garrison until near the deadline."""
    site = ctx.state.sites[sid]
    if not site.min_garrison or not site.held or ctx.sites[sid].kind != "hub":
        return 0
    if ctx.state.day >= ctx.last_day - ctx.rules.camps.hub_hold_days:
        return 0
    return site.min_garrison


def hub_refusal(ctx: Ctx, sid: str, leaving: int) -> str | None:
    """Why `leaving` people may not leave the site today, or None."""
    keep = must_keep(ctx, sid)
    if not keep or not leaving:
        return None
    have = ctx.state.sites[sid].headcount
    if have - leaving >= keep:
        return None
    until = ctx.date_of(ctx.last_day - ctx.rules.camps.hub_hold_days)
    return (
        f"{ctx.name(sid)} is a hub and keeps at least {keep} people until {until}: "
        f"{have - leaving} would be left; take at most {max(0, have - keep)}"
    )


# --------------------------------------------------------------------------- the day


def advance(ctx: Ctx) -> None:
    """The armed groups' arrivals drift sooner with pressure. One screening number per site per
    day in the theatre's fixed order (like attacks), drawn only on days some site is waiting."""
    armed = ctx.state.arrivals.get("armed")
    if not armed:
        return
    today = ctx.state.day
    sites = ctx.state.sites
    waiting = {sid for sid, day in armed.items() if day > today + 1 and sites[sid].held}
    if not waiting:
        return
    drift = ctx.rules.camps.armed_drift
    screen = rng(ctx.seed, today, "armed-drift").randoms(len(sites))
    for u, sid in zip(screen, sites, strict=True):
        if sid in armed and sid in waiting and u < drift * ctx.pressure(ctx.region(sid)):
            armed[sid] -= 1


def on_closure(ctx: Ctx, sid: str, how: str) -> None:
    """A camp closes today (handed over, or left empty): the host's readiness and the mandate."""
    site = ctx.state.sites[sid]
    name = ctx.name(sid)
    cost = early_cost(ctx, site)
    if cost:
        changes.change_relations(
            ctx, -cost, f"{name} {how} before {site.agreed_handover}, the date agreed with the host"
        )
    p = civilian_harm_chance(ctx, sid)
    if p > 0.0:
        r = rng(ctx.seed, ctx.state.day, "poc", sid)
        if r.random() < p:
            rules = ctx.rules.camps
            killed = r.randrange(rules.poc_killed_max + 1)
            wounded = 1 + r.randrange(max(1, rules.poc_wounded_max))
            ctx.state.ledger.civilians_killed += killed
            ctx.state.ledger.civilians_wounded += wounded
            ctx.log(
                log.CiviliansHarmed,
                f"With the mission gone from {name} before the end of its mandate to protect "
                f"civilians, armed men attack the town: {killed} civilians killed, {wounded} wounded",
                site=sid,
                killed=killed,
                wounded=wounded,
            )


def move_arrival(ctx: Ctx, eff: Any) -> None:
    """A force_arrival effect: move a side's estimated arrival at a site."""
    side = eff.force if eff.force in SIDES else None
    if side is None:
        side = next((f.side for f in ctx.scenario.forces if f.id == eff.force), None)
    if side is None:
        return
    arrivals = ctx.state.arrivals.setdefault(side, {})
    if eff.never:
        arrivals.pop(eff.site, None)
    elif eff.date is not None:
        arrivals[eff.site] = max(ctx.state.day, ctx.day_of(eff.date))
    else:
        base = arrivals.get(eff.site)
        if base is None:
            return  # moving a force that is not coming: it still is not
        arrivals[eff.site] = max(ctx.state.day, max(base, ctx.state.day) + eff.days)
    when = arrival_date(ctx, side, eff.site)
    who = "the host's army" if side == "army" else "armed groups"
    ctx.log(
        log.ArrivalMoved,
        f"{ctx.name(eff.site)}: {who} now expected "
        + (f"on {when}" if when is not None else "never"),
        site=eff.site,
        side=side,
        day=None if when is None else ctx.day_of(when),
    )


# --------------------------------------------------------------------------- after the closure


def record_handed(site: SiteState, kind: str, n: int) -> None:
    """Remember what was handed over at a site, for a site_looted effect later."""
    if n:
        site.handed[kind] = site.handed.get(kind, 0) + n


def loot(ctx: Ctx, sid: str, share: float) -> None:
    """A site_looted effect: a camp the mission has left or handed over is looted or levelled.
    What the mission still held there is lost (its ledger's `lost`, as in a seizure); what it had
    handed over was the host's: it stays `handed_over` and is counted in `after_handover`."""
    st = ctx.state
    site = st.sites[sid]
    name = ctx.name(sid)
    if site.held:
        ctx.log(
            log.SiteLooted,
            f"Looters are kept out of {name}: the mission still holds it",
            site=sid,
            containers=0,
            vehicles=0,
            sensitive=0,
            handed_containers=0,
            handed_vehicles=0,
        )
        return
    own: dict[str, int] = {}
    for kind in ("containers", "vehicles", "sensitive"):
        n = int(getattr(site, kind) * share)
        setattr(site, kind, getattr(site, kind) - n)
        getattr(st.ledger, kind).lost += n
        own[kind] = n
    theirs: dict[str, int] = {}
    for kind in ("containers", "vehicles"):
        n = int(site.handed.get(kind, 0) * share)
        if n:
            site.handed[kind] -= n
            st.ledger.after_handover[kind] = st.ledger.after_handover.get(kind, 0) + n
        theirs[kind] = n
    parts = [f"{n} {k} of the mission's lost" for k, n in own.items() if n]
    parts += [f"{n} {k} handed over to the host lost" for k, n in theirs.items() if n]
    ctx.log(
        log.SiteLooted,
        f"{name} is looted and levelled: " + ("; ".join(parts) if parts else "nothing was left"),
        site=sid,
        containers=own["containers"],
        vehicles=own["vehicles"],
        sensitive=own["sensitive"],
        handed_containers=theirs["containers"],
        handed_vehicles=theirs["vehicles"],
    )


# --------------------------------------------------------------------------- sites that stay


def to_close(ctx: Ctx, sid: str) -> bool:
    """A mission site expected to close in this game (not one that stays open)."""
    return ctx.state.sites[sid].closable and sid not in ctx.staying


def kept(ctx: Ctx) -> int:
    """People staying on at the sites that stay open (still held by the mission), up to the team
    each keeps."""
    sites = ctx.state.sites
    return sum(
        min(keeps, sites[sid].headcount) for sid, keeps in ctx.staying.items() if sites[sid].held
    )


def only_the_staying_left(ctx: Ctx, remaining: int) -> bool:
    """Everyone still in the country is in a staying site's team (no one else to withdraw)."""
    return bool(ctx.staying) and remaining == kept(ctx)


# --------------------------------------------------------------------------- events


def site_closed(ctx: Ctx, sid: str | None) -> bool:
    return sid is not None and sid in ctx.state.sites and ctx.state.sites[sid].status in CLOSED


def event_live(ctx: Ctx, event: Event) -> bool:
    """An event about a site fires only while the site is still the mission's."""
    return not site_closed(ctx, event.site)


def lapse_choices(ctx: Ctx) -> None:
    """Decisions about a site that has closed lapse (nothing is left to decide)."""
    st = ctx.state
    if not st.pending_choices:
        return
    for pending in list(st.pending_choices):
        event = ctx.events[pending.event]
        if site_closed(ctx, event.site):
            st.pending_choices.remove(pending)
            st.fired[event.id] = ""
            ctx.log(
                log.ChoiceLapsed,
                f"The decision on '{event.title}' lapses: {ctx.name(event.site or '')} is "
                f"{st.sites[event.site or ''].status.replace('_', ' ')}",
                event=event.id,
                site=event.site or "",
            )


# --------------------------------------------------------------------------- the outlook


def outlook(ctx: Ctx, sid: str) -> CampOutlook:
    site = ctx.state.sites[sid]
    army_d, armed_d = days_away(ctx, "army", sid), days_away(ctx, "armed", sid)
    people = site.headcount
    pressure = ctx.pressure(ctx.region(sid))
    attack = attack_chance(ctx, sid, site, people, pressure) if people else 0.0
    seize = seizure_chance(ctx, sid)
    take = takeover_chance(ctx, sid)
    cost = early_cost(ctx, site)
    harm = civilian_harm_chance(ctx, sid) if site.held else 0.0

    def when(d: int | None, who: str) -> str:
        if d is None:
            return f"{who} not expected"
        return f"{who} there now" if d == 0 else f"{who} {d} days away"

    words = (
        f"{when(army_d, 'the army')}; {when(armed_d, 'armed groups')}; if left empty today, "
        f"{in_words(seize)} a day that armed groups occupy it"
    )
    if people:
        words += f"; held, {in_words(attack)} a day of an attack"
    if cost:
        words += f"; leaving before {site.agreed_handover} costs {cost:g} relations"
    if harm:
        words += f"; {in_words(harm)} that civilians come to harm if it closes now"
    # Built without validation: the engine makes these values itself (bots ask every day).
    return CampOutlook(
        site=sid,
        status=site.status,
        army_arrives=arrival_date(ctx, "army", sid),
        army_days=army_d,
        armed_arrives=arrival_date(ctx, "armed", sid),
        armed_days=armed_d,
        army_close=army_close(ctx, sid),
        seizure_if_left=round(seize, 4),
        takeover_if_left=round(take, 4),
        attack_if_held=round(attack, 4),
        agreed_handover=site.agreed_handover,
        early_cost=round(cost, 3),
        civilian_harm=round(harm, 4),
        must_keep=must_keep(ctx, sid),
        words=words,
    )
