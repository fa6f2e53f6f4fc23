"""Quotes of the orders that act at a site or on the host (handover, destroy, reinforce, engage):
what the order would do, found by running the order's own handler on a scratch copy."""

from __future__ import annotations

from typing import Any

from ..model import orders as o
from . import orders as rules_of_orders
from .context import Ctx
from .scratch import scratch

KINDS = ("containers", "vehicles", "sensitive")


def site_quote(ctx: Ctx, order: o.Order, base: dict[str, Any]) -> None:
    """Fill `outcome` (counts the order moves) and `words` for a site or host order."""
    trial = scratch(ctx)
    try:
        rules_of_orders.handle(trial, order)
    except rules_of_orders.Refused:
        return
    before, after = ctx.state, trial.state
    relations = after.relations - before.relations
    rel = f"relations {relations:+.1f}" if round(relations, 1) else "no change in relations"
    outcome: dict[str, int] = {}
    if isinstance(order, o.Handover | o.Destroy):
        tally = "handed_over" if isinstance(order, o.Handover) else "destroyed"
        for kind in KINDS:
            n = getattr(getattr(after.ledger, kind), tally) - getattr(
                getattr(before.ledger, kind), tally
            )
            if n:
                outcome[f"{kind}_{tally}"] = n
        what = ", ".join(f"{n} {k.split('_')[0]}" for k, n in outcome.items()) or "nothing"
        if isinstance(order, o.Handover):
            left = after.sites[order.site].headcount
            words = f"hands over {what} (counted as handed over, not repatriated); {rel}"
            if left:
                words += f"; {left} people still there must leave before the site closes"
        else:
            words = f"destroys {what}; the contributing countries object; {rel}"
    elif isinstance(order, o.Reinforce):
        site = after.sites[order.site]
        outcome["qrf_days"] = site.qrf_until - ctx.state.day + 1
        words = (
            f"a quick-reaction force guards {ctx.name(order.site)} until "
            f"{ctx.date_of(site.qrf_until)}; {after.qrf_free} left free"
        )
    elif isinstance(order, o.Engage):
        if order.request is None:
            words = rel
        else:
            req = after.requests[order.request]
            words = f"answer due {rules_of_orders.answer_date(trial, req)}; {rel}"
    else:
        return
    base["outcome"] = outcome
    base["words"] = words
