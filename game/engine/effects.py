"""Scenario events: triggers, effects and choices, applied to the state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from ..model import log
from ..model.content import (
    Choice,
    CondAfter,
    CondEvent,
    CondFlag,
    Condition,
    CondPeopleBelow,
    CondRelations,
    CondSiteStatus,
    CondUnauthorized,
    EffAddCondition,
    EffArrivals,
    EffBlockRoute,
    EffCasualties,
    EffCivilianCasualties,
    EffContingentLeaves,
    EffContractorCasualties,
    EffDenyPending,
    Effect,
    EffFlag,
    EffForceArrival,
    EffMessage,
    EffPressure,
    EffQrf,
    EffRelations,
    EffRemoveCondition,
    EffSiteLooted,
    EffSiteThreat,
    EffSorties,
    EffTargetDate,
    EffTrucks,
    EffUnblockRoute,
    Event,
)
from ..model.state import PendingChoice
from . import camps, changes
from .context import Ctx
from .rng import chance


def apply_effect(ctx: Ctx, eff: Effect, source: str) -> None:
    """One effect of an event or a choice, dispatched on its model class."""
    st = ctx.state
    match eff:
        case EffRelations():
            changes.change_relations(ctx, eff.delta, source)
        case EffPressure():
            st.pressure[eff.region] = round(
                max(0.0, min(1.0, st.pressure.get(eff.region, 0.0) + eff.delta)), 3
            )
            st.pressure = dict(sorted(st.pressure.items()))
        case EffAddCondition():
            new = eff.condition
            st.conditions = [c for c in st.conditions if c.id != new.id] + [new]
        case EffRemoveCondition():
            st.conditions = [c for c in st.conditions if c.id != eff.id]
        case EffFlag(kind="set_flag"):
            if eff.flag not in st.flags:
                st.flags = sorted(st.flags + [eff.flag])
        case EffFlag():
            st.flags = [f for f in st.flags if f != eff.flag]
        case EffSiteThreat():
            site = st.sites[eff.site]
            site.threat = round(max(0.0, min(1.0, site.threat + eff.delta)), 4)
        case EffTrucks():
            site = st.sites[eff.site]
            site.trucks = max(0, site.trucks + eff.delta)
        case EffBlockRoute():
            st.blocked[eff.route] = max(st.blocked.get(eff.route, -1), st.day + eff.days - 1)
        case EffUnblockRoute():
            st.blocked.pop(eff.route, None)
        case EffCasualties():
            changes.kill(ctx, st.sites[eff.site].people, eff.killed, eff.wounded)
        case EffContractorCasualties():
            st.ledger.contractors_killed += eff.killed
            st.ledger.contractors_wounded += eff.wounded
        case EffCivilianCasualties():
            st.ledger.civilians_killed += eff.killed
            st.ledger.civilians_wounded += eff.wounded
        case EffTargetDate():
            st.sites[eff.site].target_date = eff.date
        case EffContingentLeaves():
            contingent_leaves(ctx, eff.contingent, eff.count)
        case EffArrivals():
            site = st.sites[eff.site]
            site.people[eff.contingent] = site.people.get(eff.contingent, 0) + eff.count
            site.people = dict(sorted(site.people.items()))
            st.ledger.arrived += eff.count
        case EffSorties():
            st.sorties[eff.aircraft] = max(0, st.sorties.get(eff.aircraft, 0) + eff.delta)
        case EffDenyPending():
            for req in st.requests.values():
                if req.status in ("pending", "delayed") and eff.applies_to in ("all", req.kind):
                    changes.deny_request(ctx, req, "refused under a new government instruction")
        case EffQrf():
            st.qrf_free = max(0, st.qrf_free + eff.delta)
        case EffMessage():
            ctx.log(log.Message, eff.text)
        case EffForceArrival():
            camps.move_arrival(ctx, eff)
        case EffSiteLooted():
            camps.loot(ctx, eff.site, eff.share)
        case _:
            assert_never(eff)


def arrivals_ahead(ctx: Ctx) -> bool:
    """Is a dated event still to bring people into the country? (The game waits for it rather
    than ending because everyone already there has left.)"""
    today = ctx.state.date
    return any(
        when > today
        and event.id not in ctx.state.fired
        and any(isinstance(e, EffArrivals) for e in event.effects)
        for when, events in ctx.dated.items()
        for _, event in events
    )


def apply_effects(ctx: Ctx, effects: Sequence[Effect], source: str) -> None:
    for eff in effects:
        apply_effect(ctx, eff, source)


def contingent_leaves(ctx: Ctx, contingent: str, count: int) -> None:
    """A contingent sends `count` of its people home from wherever they are (sites in order)."""
    left = count
    for site in ctx.state.sites.values():
        n = min(left, site.people.get(contingent, 0))
        if n:
            site.people[contingent] -= n
            if site.people[contingent] == 0:
                del site.people[contingent]
            ctx.state.ledger.withdrawn += n
            left -= n


def condition_holds(ctx: Ctx, cond: Condition) -> bool:
    st = ctx.state
    match cond:
        case CondSiteStatus():
            return st.sites[cond.site].status == cond.status
        case CondPeopleBelow():
            return st.sites[cond.site].headcount < cond.value
        case CondRelations(kind="relations_below"):
            return st.relations < cond.value
        case CondRelations():
            return st.relations > cond.value
        case CondAfter():
            return st.date >= cond.date
        case CondEvent():
            if cond.event not in st.fired:
                return False
            return cond.choice is None or st.fired[cond.event] == cond.choice
        case CondFlag():
            return (cond.flag in st.flags) == cond.value
        case CondUnauthorized():
            return st.unauthorized_moves >= cond.value
        case _:
            assert_never(cond)


def triggered(ctx: Ctx, event: Event) -> bool:
    t = event.trigger
    today = ctx.state.date
    if t.kind == "date":
        return t.date == today
    if (t.start is not None and today < t.start) or (t.end is not None and today > t.end):
        return False
    if t.kind == "chance":
        return chance(ctx.seed, ctx.state.day, "event", event.id, t.probability)
    return all(condition_holds(ctx, c) for c in t.all) and (
        not t.any or any(condition_holds(ctx, c) for c in t.any)
    )


def fire_event(ctx: Ctx, event: Event) -> None:
    ctx.state.fired[event.id] = ""
    ctx.log(
        log.EventFired,
        f"{event.title}: {event.text}",
        event=event.id,
        historical=event.historical,
    )
    apply_effects(ctx, list(event.effects), event.title)
    if event.choices:
        ctx.state.pending_choices.append(PendingChoice(event=event.id, day=ctx.state.day))


def apply_choice(ctx: Ctx, event: Event, choice: Choice, default: bool = False) -> None:
    ctx.state.fired[event.id] = choice.id
    ctx.log(
        log.ChoiceMade,
        f"{event.title}: {choice.label}",
        event=event.id,
        choice=choice.id,
        default=default,
    )
    apply_effects(ctx, list(choice.effects), f"{event.title}: {choice.label}")


def run_events(ctx: Ctx) -> None:
    """Fire today's events in content order (held injects fire only when released)."""
    fired = ctx.state.fired
    today = ctx.dated.get(ctx.state.date, [])
    candidates = sorted(today + ctx.undated, key=lambda pair: pair[0]) if today else ctx.undated
    for _, event in candidates:
        if (
            event.id not in fired
            and (event.site is None or camps.event_live(ctx, event))
            and triggered(ctx, event)
        ):
            fire_event(ctx, event)


def default_choices(ctx: Ctx) -> None:
    """Decisions left unanswered for a day take their default (or the first option); those about
    a site closed since lapse instead."""
    camps.lapse_choices(ctx)
    for pending in list(ctx.state.pending_choices):
        if pending.day < ctx.state.day:
            event = ctx.events[pending.event]
            choice_id = event.default or event.choices[0].id
            choice = next(c for c in event.choices if c.id == choice_id)
            ctx.state.pending_choices.remove(pending)
            ctx.log(
                log.ChoiceDefaulted,
                f"No decision on '{event.title}' in time: default applies",
                event=event.id,
                choice=choice.id,
            )
            apply_choice(ctx, event, choice, default=True)
