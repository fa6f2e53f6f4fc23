"""Changes to the state that many rules make: host relations and grievances, people taken out of a
group, casualties, a refused request. The lowest engine module after the context: it imports no
other rule, so every rule can use it without an import cycle."""

from __future__ import annotations

from ..model import log
from ..model.state import Request
from .context import Ctx


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


def grievance(ctx: Ctx) -> float:
    """Everything the host holds against the mission, all causes together."""
    return sum(ctx.state.grievances.values())


def grieve(ctx: Ctx, cause: str, amount: float, why: str) -> None:
    """The host takes offence: `amount` points of grievance under `cause` (e.g. "unauthorized",
    "destruction", "pressing", "broken_promise"). Other rules call this for what the host objects to."""
    if amount <= 0:
        return
    g = ctx.state.grievances
    g[cause] = round(g.get(cause, 0.0) + amount, 3)
    ctx.state.grievances = dict(sorted(g.items()))
    total = grievance(ctx)
    ctx.log(
        log.Grievance,
        f"The host resents {why} (grievance +{amount:.1f}, now {total:.0f})",
        cause=cause,
        amount=round(amount, 3),
        total=round(total, 3),
    )
