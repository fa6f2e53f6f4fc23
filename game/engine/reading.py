"""Read-only answers the engine gives outside itself (through `Game`): a road's threat today, true
or as the player's intelligence sees it. Computed with the same functions the day's rolls use."""

from __future__ import annotations

from .context import Ctx
from .risk import intel_bias, route_odds


def road_threat(ctx: Ctx, route_id: str, estimate: bool) -> list[tuple[float, float]]:
    """(IED, ambush) per stretch for an authorized, unescorted convoy without clearance, today, of
    the reference length (convoy.length_reference vehicles: the map's odds are for it)."""
    route = ctx.routes.get(route_id)
    if route is None:
        return []
    bias = intel_bias(ctx, [route]) if estimate else 1.0
    cap = ctx.rules.convoy.odds_max
    odds = route_odds(
        ctx,
        route,
        escort="none",
        clearance=False,
        authorized=True,
        trucks=0,
        length=ctx.rules.convoy.length_reference,
    )
    return [(min(cap, o.ied * bias), min(cap, o.ambush * bias)) for o in odds]
