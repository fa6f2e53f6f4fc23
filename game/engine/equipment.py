"""Equipment: who owns it, what destroying it costs, and how it leaves the country.

- Owners [A92]-[A95]: vehicles and sensitive items are contingent-owned (COE) by the countries whose
  troops hold the site; a share of the containers (rules.equipment.coe_container_share) is COE too,
  the rest is UN-owned.
- Destruction is work done by the people at the site (rules.equipment.destroy_rate items per 100
  people per day): an order starts it; it proceeds day by day and stops if everyone leaves. COE
  destroyed without the contributors' consent costs their goodwill (`State.contributors`); with
  consent (order `ask_consent`, answered after rules.equipment.consent_days) a smaller share of it.
  UN-owned containers destroyed cost host relations: the host wanted them [A95]. Sensitive items are
  COE: destroying them, as at Tessalit, Aguelhok and Kidal [A9][A13], costs the host nothing.
- Export: containers and sensitive items that reach an exit (an air exit, a hub, a road border
  crossing) wait there in a queue; each day an exit moves rules.equipment.air_export_per_day (air
  exits and hubs) or road_export_per_day (road crossings) of them out of the country [A98][A80][A46].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import log
from ..model.state import Destruction
from . import changes
from .changes import grieve
from .context import Ctx

KINDS = ("containers", "vehicles", "sensitive")
QUEUED = ("containers", "sensitive")


class NoWork(Exception):
    """Destruction cannot be ordered; the message says why."""


# --------------------------------------------------------------------------- owners


def coe_items(ctx: Ctx, counts: dict[str, int]) -> float:
    """Contingent-owned items among these counts (containers by the rule's share)."""
    share = ctx.rules.equipment.coe_container_share
    return (
        counts.get("containers", 0) * share + counts.get("vehicles", 0) + counts.get("sensitive", 0)
    )


def un_items(ctx: Ctx, counts: dict[str, int]) -> float:
    """UN-owned items among these counts: the containers that are not COE."""
    return counts.get("containers", 0) * (1.0 - ctx.rules.equipment.coe_container_share)


def has_consent(ctx: Ctx, site_id: str, day: int | None = None) -> bool:
    held = ctx.state.consents.get(site_id)
    return held is not None and held <= (ctx.state.day if day is None else day)


def costs(ctx: Ctx, counts: dict[str, int], consented: bool) -> tuple[float, float]:
    """(host relations lost, contributor goodwill lost) for destroying these counts."""
    r = ctx.rules.equipment
    contributors = coe_items(ctx, counts) / 100.0 * r.contributors_cost
    if consented:
        contributors *= r.consented_share
    return un_items(ctx, counts) / 100.0 * r.host_cost, contributors


# --------------------------------------------------------------------------- destruction


def daily_capacity(ctx: Ctx, site_id: str) -> int:
    """Items the people at a site can destroy in a day (at least 1 if anyone is there)."""
    people = ctx.state.sites[site_id].headcount
    if people == 0:
        return 0
    return max(1, int(people * ctx.rules.equipment.destroy_rate / 100.0))


@dataclass(frozen=True)
class Plan:
    """What a destroy order would set going at a site."""

    counts: dict[str, int]
    per_day: int
    days: int
    relations: float
    contributors: float
    consent: bool


def plan(ctx: Ctx, site_id: str, counts: dict[str, int]) -> Plan:
    """Check a destruction of `counts` (added to any under way) and cost it; raise NoWork if not."""
    st = ctx.state
    name = ctx.name(site_id)
    job = st.destruction.get(site_id)
    total = {k: counts[k] + (getattr(job, k) if job else 0) for k in KINDS}
    per_day = daily_capacity(ctx, site_id)
    if per_day == 0:
        raise NoWork(f"no one is at {name} to do the work: destruction needs people at the site")
    items = sum(total.values())
    days = math.ceil(items / per_day)
    left = ctx.last_day - st.day + 1
    if days > left:
        raise NoWork(
            f"the {st.sites[site_id].headcount} people at {name} destroy {per_day} items a day: "
            f"{items} items need {days} days, only {left} are left; destroy fewer or move them"
        )
    # Costs of what this order adds, at the consent known for the day the work ends
    consent = has_consent(ctx, site_id, st.day)
    relations, contributors = costs(ctx, counts, consent)
    return Plan(counts, per_day, days, relations, contributors, consent)


def start(ctx: Ctx, site_id: str, counts: dict[str, int]) -> Plan:
    """Set a destruction going at a site (raising NoWork if it cannot be done)."""
    p = plan(ctx, site_id, counts)
    job = ctx.state.destruction.get(site_id)
    if job is None:
        job = ctx.state.destruction[site_id] = Destruction(started=ctx.state.day)
    for k in KINDS:
        setattr(job, k, getattr(job, k) + counts[k])
    return p


def earmarked(ctx: Ctx, site_id: str, kind: str) -> int:
    job = ctx.state.destruction.get(site_id)
    return getattr(job, kind) if job else 0


def cancel_at(ctx: Ctx, site_id: str) -> None:
    """A site changes hands: any destruction there ends."""
    ctx.state.destruction.pop(site_id, None)


def _destroy_day(ctx: Ctx, site_id: str, job: Destruction) -> None:
    st = ctx.state
    site = st.sites[site_id]
    name = ctx.name(site_id)
    for k in KINDS:  # what left the site by convoy or flight is no longer to be destroyed
        setattr(job, k, min(getattr(job, k), getattr(site, k)))
    per_day = daily_capacity(ctx, site_id)
    if per_day == 0 or site.status in ("seized", "handed_over"):
        del st.destruction[site_id]
        ctx.log(
            log.DestructionStopped,
            f"Destruction at {name} stops: no one is left to do it "
            f"({job.containers} containers, {job.vehicles} vehicles, {job.sensitive} sensitive items remain)",
            site=site_id,
            containers=job.containers,
            vehicles=job.vehicles,
            sensitive=job.sensitive,
        )
        return
    done: dict[str, int] = {}
    left = per_day
    for k in ("sensitive", "vehicles", "containers"):
        n = min(left, getattr(job, k))
        done[k] = n
        left -= n
        setattr(job, k, getattr(job, k) - n)
        setattr(site, k, getattr(site, k) - n)
        getattr(st.ledger, k).destroyed += n
        site.destroyed += n
    consent = has_consent(ctx, site_id)
    host, contributors = costs(ctx, done, consent)
    if host:
        changes.change_relations(ctx, -host, f"UN-owned equipment destroyed at {name}")
    if site.host_can_take_over and (done["containers"] or done["vehicles"]):
        grieve(  # the host resents losing what it wanted received
            ctx,
            "destruction",
            ctx.rules.host.grievance_destroy * (done["containers"] + done["vehicles"]),
            f"equipment destroyed at {name}",
        )
    if contributors:
        st.contributors = round(max(0.0, st.contributors - contributors), 4)
    if not (job.containers or job.vehicles or job.sensitive):
        del st.destruction[site_id]
        ctx.log(
            log.DestructionComplete,
            f"Destruction at {name} complete after {st.day - job.started + 1} day(s)",
            site=site_id,
            days=st.day - job.started + 1,
        )


# --------------------------------------------------------------------------- export


def is_exit(ctx: Ctx, site_id: str) -> bool:
    return site_id in ctx.exit_sites


def enqueue(ctx: Ctx, site_id: str, containers: int, sensitive: int) -> None:
    """Containers and sensitive items reaching an exit wait there to leave the country."""
    queue = ctx.state.export_queue.get(site_id)
    if queue is None:
        queue = ctx.state.export_queue[site_id] = {k: 0 for k in QUEUED}
        ctx.state.export_queue = dict(sorted(ctx.state.export_queue.items()))
    led = ctx.state.ledger
    queue["containers"] += containers
    queue["sensitive"] += sensitive
    led.containers.awaiting_export += containers
    led.sensitive.awaiting_export += sensitive


def export_capacity(ctx: Ctx, site_id: str) -> int:
    r = ctx.rules.equipment
    return r.road_export_per_day if ctx.sites[site_id].road_exit else r.air_export_per_day


def _export_day(ctx: Ctx) -> None:
    """Each exit sends out what waits in its queue, then, with the capacity left, the stock it
    holds itself (an airport or a logistics base ships its own equipment too), up to its daily
    capacity. Containers promised to the host and items being destroyed stay."""
    st = ctx.state
    led = st.ledger
    # The exits are known from the map (Ctx.exit_sites); those in the state are the ones to visit.
    for site_id in sorted(st.export_queue.keys() | (st.sites.keys() & ctx.exit_sites)):
        left = export_capacity(ctx, site_id)
        queue = st.export_queue.get(site_id)
        for k in ("sensitive", "containers"):
            n = min(left, queue[k]) if queue else 0
            if n and queue:
                queue[k] -= n
                left -= n
                tally = getattr(led, k)
                tally.awaiting_export -= n
                tally.repatriated += n
        site = st.sites.get(site_id)
        if site is None or not site.held:
            continue
        for k in ("sensitive", "containers"):
            keep = earmarked(ctx, site_id, k) + (site.committed if k == "containers" else 0)
            n = max(0, min(left, getattr(site, k) - keep))
            if n:
                setattr(site, k, getattr(site, k) - n)
                getattr(led, k).repatriated += n
                left -= n


# --------------------------------------------------------------------------- the day


def daily(ctx: Ctx) -> None:
    """Consents are answered (at the end of the day before they hold), destruction proceeds,
    exits export."""
    st = ctx.state
    if st.consents:
        low = st.contributors < ctx.rules.equipment.consent_min_goodwill
        for site_id, day in list(st.consents.items()):
            if day - 1 != st.day:
                continue
            ctx.log(
                log.ConsentAnswered,
                f"The contributing countries {'refuse' if low else 'give'} consent to destroy "
                f"their equipment at {ctx.name(site_id)}",
                site=site_id,
                given=not low,
            )
            if low:
                del st.consents[site_id]
    for site_id in list(st.destruction):
        _destroy_day(ctx, site_id, st.destruction[site_id])
    _export_day(ctx)


def ask_consent(ctx: Ctx, site_id: str) -> int:
    """Ask the contributors at a site for consent to destroy their equipment; the day it holds."""
    st = ctx.state
    r = ctx.rules.equipment
    name = ctx.name(site_id)
    if site_id in st.consents:
        raise NoWork(
            f"consent for {name} was already asked; it holds from {ctx.date_of(st.consents[site_id])}"
        )
    if r.consent_days == 0 and st.contributors < r.consent_min_goodwill:
        raise NoWork(f"the contributing countries refuse: their goodwill is {st.contributors:.0f}")
    day = st.day + r.consent_days
    st.consents[site_id] = day
    st.consents = dict(sorted(st.consents.items()))
    return day
