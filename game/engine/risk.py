"""Incident odds for convoys and flights, and the plain-words estimate shown before committing."""

from __future__ import annotations

from typing import NamedTuple, NotRequired, TypedDict, Unpack

from ..model.content import Route, Stretch
from ..model.rules import Harm
from .context import Ctx
from .rng import rng


class StretchOdds(NamedTuple):
    """A stretch's odds for one column on one day (a named tuple: built ~1,000 times a game,
    at half the cost of a frozen dataclass)."""

    ied: float
    ambush: float
    breakdown: float


class ColumnSetup(TypedDict):
    """How a convoy is set up, as its odds see it. `leaked`: it left on a schedule shared with the
    host, which raises the odds of an ambush; `length` is the column's (trucks + own vehicles;
    trucks alone if unset); `overwatch` that cleared helicopters fly over it today."""

    escort: str
    clearance: bool
    authorized: bool
    trucks: int
    leaked: NotRequired[bool]
    length: NotRequired[int | None]
    overwatch: NotRequired[bool]


def stretch_odds(
    ctx: Ctx, route: Route, stretch: Stretch, **setup: Unpack[ColumnSetup]
) -> StretchOdds:
    """The true chances on one stretch for a convoy set up this way, today."""
    column = _Column(ctx, setup)
    return column.odds(ctx, route, column.pressure(ctx, route), stretch)


def route_odds(ctx: Ctx, route: Route, **setup: Unpack[ColumnSetup]) -> list[StretchOdds]:
    """`stretch_odds` for every stretch of a road, in order (the column's and the road's factors
    worked out once)."""
    column = _Column(ctx, setup)
    pressure = column.pressure(ctx, route)
    return [column.odds(ctx, route, pressure, s) for s in route.stretches]


class _Column:
    """The factors of `stretch_odds` that belong to the column, not to the stretch."""

    __slots__ = ("clearance", "unauth", "escort", "leaked", "overwatch", "trucks")

    def __init__(self, ctx: Ctx, setup: ColumnSetup) -> None:
        rules = ctx.rules.convoy
        trucks, length = setup["trucks"], setup.get("length")
        unauth = 1.0 if setup["authorized"] else rules.unauthorized_risk
        unauth *= length_factor(ctx, trucks if length is None else length)
        self.unauth = unauth
        self.clearance = rules.clearance_ied if setup["clearance"] else 1.0
        self.escort = escort_factor(ctx, setup["escort"])
        self.leaked = setup.get("leaked", False)
        self.overwatch = setup.get("overwatch", False)
        self.trucks = trucks

    @staticmethod
    def pressure(ctx: Ctx, route: Route) -> float:
        return ctx.rules.convoy.threat_base + ctx.route_pressure(route)

    def odds(self, ctx: Ctx, route: Route, pressure: float, stretch: Stretch) -> StretchOdds:
        rules = ctx.rules.convoy
        ied = stretch.ied * pressure * self.clearance * self.unauth
        ambush = stretch.ambush * pressure * self.escort * self.unauth
        if self.leaked:
            ambush *= ctx.rules.host.schedule_ambush
        if self.overwatch:
            ambush *= rules.overwatch_ambush
        breakdown = min(
            rules.breakdown_max,
            rules.breakdown_base
            * (1 + self.trucks / max(1, rules.breakdown_trucks))
            * (rules.breakdown_track if route.road_class == "track" else 1),
        )
        return StretchOdds(min(rules.odds_max, ied), min(rules.odds_max, ambush), breakdown)


def length_factor(ctx: Ctx, length: int) -> float:
    """IED and ambush odds multiplier for a column this long: a long column is found and hit more
    ((length / reference) ** exponent, bounded). Worked out once per game and length."""
    f = ctx.length_factors.get(length)
    if f is None:
        rules = ctx.rules.convoy
        f = (max(1, length) / rules.length_reference) ** rules.length_exponent
        f = ctx.length_factors[length] = min(
            rules.length_factor_max, max(rules.length_factor_min, f)
        )
    return f


def escort_factor(ctx: Ctx, escort: str) -> float:
    rules = ctx.rules.convoy
    if escort == "heavy":
        return rules.escort_ambush_heavy
    if escort == "light":
        return rules.escort_ambush_light
    return rules.escort_ambush_none


def ambush_harm(ctx: Ctx, escort: str) -> Harm:
    rules = ctx.rules.convoy
    if escort == "heavy":
        return rules.ambush_heavy
    if escort == "light":
        return rules.ambush_light
    return rules.ambush_none


def any_of(ps: list[float]) -> float:
    """Chance that at least one of independent events happens."""
    none = 1.0
    for p in ps:
        none *= 1.0 - p
    return 1.0 - none


def intel_bias(ctx: Ctx, routes: list[Route]) -> float:
    """How far off the player's intelligence is on these routes (fixed per game and path)."""
    return _bias(ctx, "+".join(r.id for r in routes))


def _bias(ctx: Ctx, key: str) -> float:
    """Drawn once per game and key (a dispatch, a quote and the bots' odds ask it again and again)."""
    bias = ctx.biases.get(key)
    if bias is None:
        intel = ctx.rules.intel
        bias = ctx.biases[key] = (
            intel.bias_min + intel.bias_span * rng(ctx.seed, 0, "intel", key).random()
        )
    return bias


def flight_estimate(ctx: Ctx, origin: str, destination: str, authorized: bool) -> float:
    """The player's intelligence estimate of a flight being fired on (may be wrong, like convoys')."""
    key = "air:" + "+".join(sorted((origin, destination)))
    estimate = flight_risk(ctx, origin, destination, authorized) * _bias(ctx, key)
    return min(ctx.rules.intel.estimate_max, estimate)


def flight_expected_wounded(ctx: Ctx, p: float) -> float:
    """Expected wounded of a flight fired on with chance p (the mean of 0..wounded_max)."""
    return p * ctx.rules.flight.wounded_max / 2  # not a rule: the mean of 0..max


def in_words(p: float) -> str:
    """'about 1 in 5' style odds (wording, not a rule)."""
    if p < 0.01:  # not a rule: wording
        return "less than 1 in 100"
    if p > 0.9:  # not a rule: wording
        return "almost certain"
    if p >= 0.5:  # not a rule: wording
        return f"about {round(p * 10)} in 10"  # not a rule: wording
    return f"about 1 in {max(2, round(1 / p))}"  # not a rule: wording


def days_words(n: int) -> str:
    """'1 day', '3 days' (wording, not a rule)."""
    return f"{n} day" if n == 1 else f"{n} days"


def flight_risk(ctx: Ctx, origin: str, destination: str, authorized: bool) -> float:
    """Chance that a flight is fired on at either end."""
    rules = ctx.rules.flight
    base = ctx.rules.site.threat_base
    ps = []
    for sid in (origin, destination):
        site = ctx.state.sites.get(sid)
        if site is None:
            continue
        ps.append(site.threat * (base + ctx.pressure(ctx.region(sid))) * rules.threat_factor)
    p = any_of(ps)
    return min(rules.odds_max, p * (rules.unauthorized_risk if not authorized else 1.0))
