"""Speed against security: a convoy as a column on the road.

How long the column is (and so how likely it is found and hit), how fast it goes (route clearance,
a heavy escort and length slow it down), how long it stays exposed (extra days on a stretch face its
ambush odds again), who rides protected (own, mine-protected vehicles turn IED deaths into wounded;
contracted trucks do not), air overwatch, and the escort that goes back to a camp still held.

`outlooks` is the one computation of a journey's expected outcome: the quote shows it with the
player's intelligence bias, the estimate recorded at dispatch keeps it from the true odds, and the
engine's rolls (convoys.py) follow the same schedule (`journey_days`, `extra_day`).
"""

from __future__ import annotations

from typing import NamedTuple

from ..model import log
from ..model.content import Route
from ..model.state import Cargo, Convoy
from .context import Ctx
from .risk import StretchOdds, ambush_harm, length_factor, route_odds
from .supplies import convoy_start_days


def journey_days(
    ctx: Ctx, routes: list[Route], *, escort: str, clearance: bool, length: int, day: int
) -> tuple[int, int]:
    """(normal days, travel days) of a journey leaving on `day`: rain, route clearance, a heavy
    escort and the column's length stretch the normal days (rounded half up)."""
    rules = ctx.rules.convoy
    base = sum(r.days for r in routes)
    road = base + (sum(r.rainy_extra_days for r in routes) if ctx.rainy(day) else 0)
    slow = (
        (rules.clearance_slow if clearance else 0.0)
        + (rules.heavy_escort_slow if escort == "heavy" else 0.0)
        + rules.length_slow * length / rules.length_reference
    )
    return base, max(road, round(road * (1.0 + slow)))


def extra_day(base: int, travel: int, progress: int) -> bool:
    """Is moving day `progress` (1..travel) a slow-down day, spent longer on the same ground? The
    normal-speed clock advances on `base` of the `travel` days; the others are extra."""
    if base <= 0 or travel <= base:
        return False
    return base * progress // travel == base * (progress - 1) // travel


def due_stretches(n: int, travel: int, progress: int) -> int:
    """How many of the journey's n stretches are passed after `progress` moving days."""
    return -(-n * progress // max(1, travel))


def protection(ctx: Ctx, people: int, vehicles: int) -> float:
    """Chance an IED death among the people aboard is turned into a wounded: the share riding in
    own (mine-protected) vehicles times the rule. Contracted trucks protect no one."""
    if people <= 0:
        return 0.0
    seated = min(1.0, vehicles * ctx.scenario.assets.pax_per_vehicle / people)
    return seated * ctx.rules.convoy.protected_share


def helicopters(ctx: Ctx) -> bool:
    """The mission has helicopters enough for a convoy's daily overwatch."""
    need = ctx.rules.convoy.overwatch_sorties
    return any(a.kind == "helicopter" and a.count >= need for a in ctx.scenario.assets.aircraft)


def take_overwatch(ctx: Ctx) -> bool:
    """Use today's helicopter sorties for a convoy's overwatch; False if none are left."""
    need = ctx.rules.convoy.overwatch_sorties
    st = ctx.state
    for ac in ctx.scenario.assets.aircraft:
        if ac.kind != "helicopter":
            continue
        used = st.sorties_used.get(ac.id, 0)
        if st.sorties.get(ac.id, 0) - used >= need:
            st.sorties_used[ac.id] = used + need
            return True
    return False


class Outlook(NamedTuple):
    """A journey's odds and expected outcome, as of its departure day (a named tuple: immutable,
    and cheaper to build than a frozen dataclass, a few hundred times a game)."""

    ied: float
    ambush: float
    killed: float
    wounded: float
    saved: float  # IED deaths turned into wounded by mine-protected vehicles
    loads: float
    delay: float
    base_days: int
    travel_days: int
    exposure_days: float
    length: int
    length_factor: float
    protected: float

    @property
    def days(self) -> float:
        return self.travel_days + self.delay

    def mix(self, other: Outlook, p: float) -> Outlook:
        """This outlook with chance p, the other with chance 1 - p (e.g. overwatch cleared or not)."""

        q = 1 - p
        return Outlook(
            p * self.ied + q * other.ied,
            p * self.ambush + q * other.ambush,
            p * self.killed + q * other.killed,
            p * self.wounded + q * other.wounded,
            p * self.saved + q * other.saved,
            p * self.loads + q * other.loads,
            p * self.delay + q * other.delay,
            self.base_days,
            self.travel_days,
            p * self.exposure_days + q * other.exposure_days,
            self.length,
            self.length_factor,
            self.protected,
        )


def outlooks(
    ctx: Ctx,
    routes: list[Route],
    *,
    escort: str,
    clearance: bool,
    authorized: bool,
    trucks: int,
    vehicles: int,
    people: int,
    loads_aboard: int,
    overwatch: bool,
    day: int,
    biases: tuple[float, ...],
    leaked: bool = False,
) -> list[Outlook]:
    """Odds and expected casualties, loads lost, delay and days of a journey leaving on `day`,
    once per bias (odds times the bias, capped: 1 for the truth, the intelligence bias for the
    player's view); the stretches' odds are worked out once for all of them (a dispatch records
    the true outlook and the player's view of the same journey).

    Held days are counted where the delay that holds the convoy happens (incidents on their stretch,
    rain spread over the route's stretches); the knock-on delay of ambushes met while held is counted
    once, not again and again."""
    odds = [
        (r, o)
        for r in routes
        for o in route_odds(
            ctx,
            r,
            escort=escort,
            clearance=clearance,
            authorized=authorized,
            trucks=trucks,
            length=trucks + vehicles,
            overwatch=overwatch,
            leaked=leaked,
        )
    ]
    column = (escort, clearance, trucks, vehicles, people, loads_aboard)
    return [_outlook(ctx, routes, odds, column, day, bias) for bias in biases]


def _outlook(
    ctx: Ctx,
    routes: list[Route],
    odds: list[tuple[Route, StretchOdds]],
    column: tuple[str, bool, int, int, int, int],
    day: int,
    bias: float,
) -> Outlook:
    """One bias's outlook; `column` is (escort, clearance, trucks, vehicles, people, loads aboard)."""
    escort, clearance, trucks, vehicles, people, loads_aboard = column
    rules = ctx.rules.convoy
    length = trucks + vehicles
    base, travel = journey_days(
        ctx, routes, escort=escort, clearance=clearance, length=length, day=day
    )
    harm = ambush_harm(ctx, escort)
    ied_rule = rules.ied
    cap = ctx.scenario.assets.truck_capacity
    guard = protection(ctx, people, vehicles)
    rainy = ctx.rainy(day)
    n = len(odds)
    ieds: list[float] = []
    ambushes: list[float] = []
    held: list[float] = []  # expected days held on each stretch
    delay = 0.0
    most = ctx.rules.intel.estimate_max
    # the same values the loops would look up each time (derived properties among them)
    ied_delay, ambush_delay, breakdown_delay = (
        ied_rule.mean_delay,
        harm.mean_delay,
        rules.breakdown_delay,
    )
    for r, o in odds:
        ied, amb = min(most, o.ied * bias), min(most, o.ambush * bias)
        ieds.append(ied)
        ambushes.append(amb)
        d = ied * ied_delay + amb * ambush_delay + o.breakdown * breakdown_delay
        if rainy:  # a weather roll on each of the journey's days, spread over its stretches
            d += r.rainy_risk * travel / n * rules.weather_delay
        held.append(d)
        delay += d
    extra = [0.0] * n
    if 0 < base < travel:  # else no day is a slow-down day (extra_day)
        for p in range(1, travel + 1):
            if extra_day(base, travel, p):
                extra[max(0, min(n, due_stretches(n, travel, p)) - 1)] += 1
    none_ied = none_amb = 1.0
    for p_ied in ieds:
        none_ied *= 1 - p_ied
    ambush_count = 0.0
    exposure_day = rules.exposure_day
    for amb, x, h in zip(ambushes, extra, held, strict=True):
        again = amb * exposure_day
        none_amb *= (1 - amb) * (1 - again) ** (x + h)
        ambush_count += amb + again * (x + h)
    exposure_ambush = ambush_count - sum(ambushes)
    delay += exposure_ambush * harm.mean_delay
    ied_count = sum(ieds)
    saved = ied_count * ied_rule.mean_killed * guard
    killed = ied_count * ied_rule.mean_killed - saved + ambush_count * harm.mean_killed
    wounded = ied_count * ied_rule.mean_wounded + saved + ambush_count * harm.mean_wounded
    loads = cap * (
        (0.0 if vehicles else ied_count * ied_rule.vehicles) + ambush_count * harm.mean_trucks
    )
    return Outlook(
        ied=1 - none_ied,
        ambush=1 - none_amb,
        killed=killed,
        wounded=wounded,
        saved=saved,
        loads=min(loads, float(loads_aboard)),
        delay=delay,
        base_days=base,
        travel_days=travel,
        exposure_days=sum(extra) + delay,
        length=length,
        length_factor=length_factor(ctx, length),
        protected=guard,
    )


# --------------------------------------------------------------------------- the escort goes back


def send_escort_back(ctx: Ctx, convoy: Convoy) -> Convoy | None:
    """On arrival, an escort drawn from a camp still held goes back to it (with the vehicles or
    trucks it needs for seats), leaving tomorrow; None if it stays (the camp is empty or lost)."""
    st = ctx.state
    origin = st.sites.get(convoy.origin)
    if (
        convoy.returning
        or not convoy.escort_troops
        or origin is None
        or not origin.held
        or not origin.people
    ):
        return None
    cargo = convoy.cargo
    assets = ctx.scenario.assets
    troops = sorted(
        (c for c, n in cargo.people.items() if ctx.contingents[c].kind == "troops" and n),
        key=lambda c: (-cargo.people[c], c),
    )
    want = min(convoy.escort_troops, sum(cargo.people[c] for c in troops))
    vehicles = min(cargo.vehicles, -(-want // assets.pax_per_vehicle))
    short = want - vehicles * assets.pax_per_vehicle
    trucks = (
        min(cargo.trucks, -(-short // assets.pax_per_truck))
        if short > 0 and assets.pax_per_truck
        else 0
    )
    want = min(want, vehicles * assets.pax_per_vehicle + trucks * assets.pax_per_truck)
    if want <= 0:
        return None
    people: dict[str, int] = {}
    left = want
    for c in troops:
        k = min(left, cargo.people[c])
        people[c] = k
        cargo.people[c] -= k
        left -= k
        if not left:
            break
    cargo.people = {c: n for c, n in cargo.people.items() if n}
    cargo.vehicles -= vehicles
    cargo.trucks -= trucks
    routes = [ctx.routes[rid] for rid in reversed(convoy.routes)]
    base, travel = journey_days(
        ctx, routes, escort=convoy.escort, clearance=False, length=vehicles + trucks, day=st.day + 1
    )
    back = Convoy(
        id=ctx.new_id("c"),
        request=None,
        origin=convoy.destination,
        destination=convoy.origin,
        routes=[r.id for r in routes],
        stretches=[(r.id, i) for r in routes for i in reversed(range(len(r.stretches)))],
        cargo=Cargo(people=dict(sorted(people.items())), vehicles=vehicles, trucks=trucks),
        escort=convoy.escort,
        authorized=convoy.authorized,
        departed=st.day + 1,
        travel_days=travel,
        base_days=base,
        length=vehicles + trucks,
        returning=True,
        supply_days=convoy_start_days(ctx, travel),  # stocked up at the destination
    )
    ctx.log(
        log.EscortReturning,
        f"The escort of convoy {convoy.id} ({want} troops) heads back to {ctx.name(convoy.origin)}"
        f" as convoy {back.id}",
        convoy=back.id,
        escort_of=convoy.id,
        troops=want,
        destination=back.destination,
    )
    return back
