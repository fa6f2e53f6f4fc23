"""Scenario events: triggers, effects and choices, applied to the state."""

from __future__ import annotations

from ..model import log
from ..model.content import Choice, Condition, Event
from ..model.state import PendingChoice, Request
from . import camps
from .context import Ctx
from .rng import chance


def change_relations(ctx: Ctx, delta: float, why: str) -> None:
    before = ctx.state.relations
    ctx.state.relations = round(max(0.0, min(100.0, before + delta)), 3)
    if round(ctx.state.relations, 1) != round(before, 1):
        ctx.log(
            log.RelationsChanged,
            f"Host relations {before:.0f} → {ctx.state.relations:.0f} ({why})",
            before=before,
            after=ctx.state.relations,
            delta=delta,
            cause=why,
        )


def remove_people(ctx: Ctx, people: dict[str, int], count: int) -> dict[str, int]:
    """Take `count` people out of a group (largest contingent first); returns who."""
    taken: dict[str, int] = {}
    for c in sorted(people, key=lambda c: (-people[c], c)):
        if count == 0:
            break
        n = min(count, people[c])
        people[c] -= n
        taken[c] = n
        count -= n
    for c in [c for c, n in people.items() if n == 0]:
        del people[c]
    return taken


def kill(ctx: Ctx, people: dict[str, int], killed: int, wounded: int) -> tuple[int, int]:
    """Casualties among a group of people; returns (killed, wounded) as applied."""
    total = sum(people.values())
    killed = min(killed, total)
    remove_people(ctx, people, killed)
    wounded = min(wounded, total - killed)
    ctx.state.ledger.killed += killed
    ctx.state.ledger.wounded += wounded
    return killed, wounded


def deny_request(ctx: Ctx, req: Request, reason: str) -> None:
    """The host refuses a request, for the reason given (logged with it)."""
    req.status, req.reason = "denied", reason
    ctx.log(
        log.RequestDecision,
        f"Request {req.id} denied: {reason}",
        request=req.id,
        outcome="denied",
        reason=reason,
    )


def apply_effects(ctx: Ctx, effects: list, source: str) -> None:
    st = ctx.state
    for eff in effects:
        k = eff.kind
        if k == "relations":
            change_relations(ctx, eff.delta, source)
        elif k == "pressure":
            st.pressure[eff.region] = round(
                max(0.0, min(1.0, st.pressure.get(eff.region, 0.0) + eff.delta)), 3
            )
            st.pressure = dict(sorted(st.pressure.items()))
        elif k == "add_condition":
            data = eff.condition.model_dump(mode="json")
            st.conditions = [c for c in st.conditions if c["id"] != data["id"]] + [data]
        elif k == "remove_condition":
            st.conditions = [c for c in st.conditions if c["id"] != eff.id]
        elif k == "set_flag":
            if eff.flag not in st.flags:
                st.flags = sorted(st.flags + [eff.flag])
        elif k == "clear_flag":
            st.flags = [f for f in st.flags if f != eff.flag]
        elif k == "site_threat":
            site = st.sites[eff.site]
            site.threat = round(max(0.0, min(1.0, site.threat + eff.delta)), 4)
        elif k == "trucks":
            site = st.sites[eff.site]
            site.trucks = max(0, site.trucks + eff.delta)
        elif k == "block_route":
            st.blocked[eff.route] = max(st.blocked.get(eff.route, -1), st.day + eff.days - 1)
        elif k == "unblock_route":
            st.blocked.pop(eff.route, None)
        elif k == "casualties":
            site = st.sites[eff.site]
            kill(ctx, site.people, eff.killed, eff.wounded)
        elif k == "civilian_casualties":
            st.ledger.civilians_killed += eff.killed
            st.ledger.civilians_wounded += eff.wounded
        elif k == "target_date":
            st.sites[eff.site].target_date = eff.date
        elif k == "contingent_leaves":
            left = eff.count
            for site in st.sites.values():
                n = min(left, site.people.get(eff.contingent, 0))
                if n:
                    site.people[eff.contingent] -= n
                    if site.people[eff.contingent] == 0:
                        del site.people[eff.contingent]
                    st.ledger.withdrawn += n
                    left -= n
        elif k == "arrivals":
            site = st.sites[eff.site]
            site.people[eff.contingent] = site.people.get(eff.contingent, 0) + eff.count
            site.people = dict(sorted(site.people.items()))
            st.ledger.arrived += eff.count
        elif k == "aircraft":
            st.sorties[eff.aircraft] = max(0, st.sorties.get(eff.aircraft, 0) + eff.delta)
        elif k == "deny_pending":
            for req in st.requests.values():
                if req.status in ("pending", "delayed") and eff.applies_to in ("all", req.kind):
                    deny_request(ctx, req, "refused under a new government instruction")
        elif k == "qrf":
            st.qrf_free = max(0, st.qrf_free + eff.delta)
        elif k == "message":
            ctx.log(log.Message, eff.text)
        elif k == "force_arrival":
            camps.move_arrival(ctx, eff)


def condition_holds(ctx: Ctx, cond: Condition) -> bool:
    st = ctx.state
    k = cond.kind
    if k == "site_status":
        return st.sites[cond.site].status == cond.status
    if k == "people_below":
        return st.sites[cond.site].headcount < cond.value
    if k == "relations_below":
        return st.relations < cond.value
    if k == "relations_above":
        return st.relations > cond.value
    if k == "after":
        return st.date >= cond.date
    if k == "event_fired":
        if cond.event not in st.fired:
            return False
        return cond.choice is None or st.fired[cond.event] == cond.choice
    if k == "flag":
        return (cond.flag in st.flags) == cond.value
    if k == "unauthorized_moves_at_least":
        return st.unauthorized_moves >= cond.value
    raise AssertionError(k)


def triggered(ctx: Ctx, event: Event) -> bool:
    t = event.trigger
    today = ctx.state.date
    if t.kind == "date":
        return t.date == today
    if (t.start is not None and today < t.start) or (t.end is not None and today > t.end):
        return False
    if t.kind == "chance":
        return chance(ctx.seed, ctx.state.day, "event", event.id, t.probability)
    return all(condition_holds(ctx, c) for c in t.all)


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
