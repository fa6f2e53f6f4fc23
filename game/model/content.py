"""Scenario content as pydantic models: theatres (map), scenarios, events, effects and triggers.

Everything here is data read from untrusted TOML. Every model forbids unknown keys; triggers,
conditions and effects are tagged tables (``kind = "..."``) and nothing is ever evaluated as code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="A lowercase id")]
Prob = Annotated[float, Field(ge=0.0, le=1.0)]
Text = Annotated[str, Field(max_length=4000)]
Short = Annotated[str, Field(max_length=200)]


class Strict(BaseModel):
    """Base for all content: unknown keys are errors, values are not coerced across types."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- theatre


class Stretch(Strict):
    """A stretch of road with its own threat: the rolls for IED and ambush happen per stretch."""

    name: Short = Field(description="Where this stretch is, e.g. 'first 100 km out of Kidal'")
    km: int = Field(ge=1, le=3000, description="Length in km")
    ied: Prob = Field(
        0.0, description="Chance that an unescorted, uncleared convoy meets an IED here"
    )
    ambush: Prob = Field(0.0, description="Chance of an ambush on an unescorted convoy here")
    hotspot: bool = Field(False, description="A documented hotspot (shown on the map)")
    source: Short = Field("", description="Source of the threat information, or 'game assumption'")


class Route(Strict):
    """A road between two sites, travelled by convoys in either direction."""

    id: Id
    a: Id = Field(description="Site id at one end")
    b: Id = Field(description="Site id at the other end")
    road_class: Literal["paved", "laterite", "track", "river"] = "laterite"
    days: int = Field(ge=1, le=30, description="Normal travel days for a convoy")
    rainy_extra_days: int = Field(0, ge=0, le=10, description="Extra days in the rainy season")
    rainy_risk: Prob = Field(0.0, description="Daily chance of a weather delay in the rainy season")
    stretches: list[Stretch] = Field(min_length=1, max_length=20)
    source: Short = Field("", description="Source of distance and travel time")

    @property
    def km(self) -> int:
        return sum(s.km for s in self.stretches)


class Stocks(Strict):
    """Equipment at a site."""

    containers: int = Field(0, ge=0, le=100_000)
    vehicles: int = Field(0, ge=0, le=100_000)
    sensitive: int = Field(
        0, ge=0, le=10_000, description="Sensitive items (weapons systems, crypto)"
    )


class Site(Strict):
    """A place on the map: a camp, the TOB, HQ, the logistics hub, a road node or an exit."""

    id: Id
    name: Short
    kind: Literal["camp", "tob", "hq", "hub", "node", "exit"] = "camp"
    region: Short
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    coords_assumed: bool = Field(
        False, description="True where the coordinates are a game assumption"
    )
    airfield: Literal["none", "helipad", "runway"] = "none"
    airfield_capacity: int = Field(
        0, ge=0, le=50, description="Landings per day the airfield takes"
    )
    air_exit: bool = Field(False, description="Strategic flights home leave from here")
    road_exit: bool = Field(
        False, description="A border crossing: convoys arriving here leave the country"
    )
    threat: Prob = Field(0.0, description="Base daily chance of an attack on the camp")
    garrison: dict[Id, int] = Field(default_factory=dict, description="People by contingent id")
    stocks: Stocks = Stocks()
    trucks: int = Field(0, ge=0, le=10_000, description="Contracted trucks here at the start")
    eod_teams: int = Field(0, ge=0, le=100, description="Route-clearance (EOD) teams here")
    source: Short = ""


class Theatre(Strict):
    """The map: sites and the routes between them."""

    id: Id
    title: Short
    sites: list[Site] = Field(min_length=1, max_length=200)
    routes: list[Route] = Field(default_factory=list, max_length=500)
    notes: Text = ""


# --------------------------------------------------------------------------- scenario parts


class Contingent(Strict):
    id: Id
    name: Short
    kind: Literal["troops", "police", "civilians"] = "troops"
    country: Short = ""
    overdue: bool = Field(False, description="Overdue for relief (rotation scenarios)")
    source: Short = ""


class SiteSetup(Strict):
    """How a theatre site starts in this scenario; unset fields keep the theatre's values."""

    id: Id
    garrison: dict[Id, int] | None = None
    stocks: Stocks | None = None
    trucks: int | None = Field(None, ge=0, le=10_000)
    eod_teams: int | None = Field(None, ge=0, le=100)
    threat: Prob | None = None
    status: Literal["open", "drawing_down", "handed_over", "abandoned", "seized"] = "open"
    target_date: dt.date | None = Field(None, description="Target closure date")
    min_garrison: int = Field(0, ge=0, le=100_000, description="Below this the camp is thinly held")
    host_can_take_over: bool = Field(True, description="The host has forces nearby to receive it")
    source: Short = ""


class Aircraft(Strict):
    id: Id
    name: Short
    kind: Literal["plane", "helicopter"]
    count: int = Field(ge=0, le=100)
    pax: int = Field(ge=0, le=500, description="People per sortie")
    cargo: int = Field(ge=0, le=50, description="Containers or sensitive items per sortie")
    strategic: bool = Field(False, description="Can fly home out of the country")


class Assets(Strict):
    truck_capacity: int = Field(1, ge=1, le=4, description="Containers per truck")
    pax_per_vehicle: int = Field(6, ge=1, le=40, description="People carried per own vehicle")
    pax_per_truck: int = Field(0, ge=0, le=10, description="Extra people per contracted truck")
    escort_light: int = Field(30, ge=1, description="Troops in the convoy for a light escort")
    escort_heavy: int = Field(100, ge=1, description="Troops in the convoy for a heavy escort")
    qrf: int = Field(0, ge=0, le=20, description="Quick-reaction forces available to reinforce")
    qrf_days: int = Field(7, ge=1, le=60, description="Days a QRF stays with a reinforced site")
    aircraft: list[Aircraft] = Field(default_factory=list, max_length=20)


# ------------------------------------------------------------------ host government conditions


class FreezeMovement(Strict):
    """The host refuses every convoy to or from these regions (e.g. a freeze on movement north)."""

    kind: Literal["freeze_movement"]
    id: Id
    regions: list[Short] = Field(min_length=1)
    toward_only: bool = Field(
        False,
        description="Refuse only convoys going into these regions (e.g. trucks barred from going "
        "north); convoys leaving them are decided as usual",
    )
    description: Short = ""


class DenyFlights(Strict):
    """The host refuses flights to or from these regions (all regions if empty)."""

    kind: Literal["deny_flights"]
    id: Id
    regions: list[Short] = Field(default_factory=list)
    description: Short = ""


class ExtraLead(Strict):
    """Every request takes longer (e.g. by note verbale through the foreign ministry)."""

    kind: Literal["extra_lead"]
    id: Id
    days: int = Field(ge=1, le=60)
    description: Short = ""


class ApprovalPenalty(Strict):
    """Requests are less likely to be approved."""

    kind: Literal["approval_penalty"]
    id: Id
    amount: Prob
    applies_to: Literal["movement", "flight", "all"] = "all"
    description: Short = ""


HostCondition = Annotated[
    FreezeMovement | DenyFlights | ExtraLead | ApprovalPenalty, Field(discriminator="kind")
]


class Host(Strict):
    """How the host government answers requests."""

    name: Short = "host government"
    relations: float = Field(50.0, ge=0, le=100)
    lead_days: int = Field(3, ge=0, le=60, description="Days from a request to its answer")
    validity_days: int = Field(5, ge=1, le=60, description="Days an authorization stays valid")
    approve: Prob = Field(0.6, description="Chance of approval at relations 50")
    per_relation: float = Field(0.01, ge=0, le=0.1, description="Added approval chance per point")
    conditions_share: Prob = Field(0.3, description="Share of approvals that come with conditions")
    delay_share: Prob = Field(
        0.3, description="Share of non-approvals that are delays, not denials"
    )
    unauthorized_cost: float = Field(
        8.0, ge=0, le=100, description="Relations lost per unauthorized move"
    )
    engage_gain: float = Field(4.0, ge=0, le=50, description="Relations gained by an engagement")
    engage_cooldown: int = Field(3, ge=0, le=60, description="Days between engagements")
    conditions: list[HostCondition] = Field(default_factory=list, max_length=50)


class ArmedGroup(Strict):
    id: Id
    name: Short
    pressure: dict[Short, float] = Field(description="Pressure by region, 0 to 1")
    source: Short = ""


# --------------------------------------------------------------------------- triggers


class OnDate(Strict):
    kind: Literal["date"]
    date: dt.date


class Chance(Strict):
    """A daily chance between two dates (the whole game if unset)."""

    kind: Literal["chance"]
    probability: Prob
    start: dt.date | None = None
    end: dt.date | None = None


class CondSiteStatus(Strict):
    kind: Literal["site_status"]
    site: Id
    status: Literal["open", "drawing_down", "handed_over", "abandoned", "seized"]


class CondPeopleBelow(Strict):
    kind: Literal["people_below"]
    site: Id
    value: int = Field(ge=0)


class CondRelations(Strict):
    kind: Literal["relations_below", "relations_above"]
    value: float = Field(ge=0, le=100)


class CondAfter(Strict):
    kind: Literal["after"]
    date: dt.date


class CondEvent(Strict):
    kind: Literal["event_fired"]
    event: Id
    choice: Id | None = None


class CondFlag(Strict):
    kind: Literal["flag"]
    flag: Id
    value: bool = True


class CondUnauthorized(Strict):
    kind: Literal["unauthorized_moves_at_least"]
    value: int = Field(ge=1)


Condition = Annotated[
    CondSiteStatus
    | CondPeopleBelow
    | CondRelations
    | CondAfter
    | CondEvent
    | CondFlag
    | CondUnauthorized,
    Field(discriminator="kind"),
]


class OnCondition(Strict):
    """Fires on the first day all conditions hold (checked daily, within the optional window)."""

    kind: Literal["condition"]
    all: list[Condition] = Field(min_length=1, max_length=10)
    start: dt.date | None = None
    end: dt.date | None = None


Trigger = Annotated[OnDate | Chance | OnCondition, Field(discriminator="kind")]


# --------------------------------------------------------------------------- effects


class EffRelations(Strict):
    kind: Literal["relations"]
    delta: float = Field(ge=-100, le=100)


class EffPressure(Strict):
    kind: Literal["pressure"]
    region: Short
    delta: float = Field(ge=-1, le=1)


class EffAddCondition(Strict):
    kind: Literal["add_condition"]
    condition: HostCondition


class EffRemoveCondition(Strict):
    kind: Literal["remove_condition"]
    id: Id


class EffFlag(Strict):
    kind: Literal["set_flag", "clear_flag"]
    flag: Id


class EffSiteThreat(Strict):
    kind: Literal["site_threat"]
    site: Id
    delta: float = Field(ge=-1, le=1)


class EffTrucks(Strict):
    kind: Literal["trucks"]
    site: Id
    delta: int = Field(ge=-10_000, le=10_000)


class EffBlockRoute(Strict):
    kind: Literal["block_route"]
    route: Id
    days: int = Field(ge=1, le=365)


class EffUnblockRoute(Strict):
    kind: Literal["unblock_route"]
    route: Id


class EffCasualties(Strict):
    kind: Literal["casualties"]
    site: Id
    killed: int = Field(0, ge=0, le=1000)
    wounded: int = Field(0, ge=0, le=1000)


class EffCivilianCasualties(Strict):
    kind: Literal["civilian_casualties"]
    killed: int = Field(0, ge=0, le=10_000)
    wounded: int = Field(0, ge=0, le=10_000)


class EffTargetDate(Strict):
    kind: Literal["target_date"]
    site: Id
    date: dt.date


class EffContingentLeaves(Strict):
    """People of a contingent leave the country on their own (repatriated outside the player's plan)."""

    kind: Literal["contingent_leaves"]
    contingent: Id
    count: int = Field(ge=0, le=100_000)


class EffArrivals(Strict):
    """New people arrive at a site (a rotation or reinforcement from outside)."""

    kind: Literal["arrivals"]
    site: Id
    contingent: Id
    count: int = Field(ge=0, le=100_000)


class EffSorties(Strict):
    """Change the number of sorties an aircraft type can fly per day."""

    kind: Literal["aircraft"]
    aircraft: Id
    delta: int = Field(ge=-100, le=100)


class EffDenyPending(Strict):
    kind: Literal["deny_pending"]
    applies_to: Literal["movement", "flight", "all"] = "all"


class EffQrf(Strict):
    kind: Literal["qrf"]
    delta: int = Field(ge=-20, le=20)


class EffMessage(Strict):
    kind: Literal["message"]
    text: Text


Effect = Annotated[
    EffRelations
    | EffPressure
    | EffAddCondition
    | EffRemoveCondition
    | EffFlag
    | EffSiteThreat
    | EffTrucks
    | EffBlockRoute
    | EffUnblockRoute
    | EffCasualties
    | EffCivilianCasualties
    | EffTargetDate
    | EffContingentLeaves
    | EffArrivals
    | EffSorties
    | EffDenyPending
    | EffQrf
    | EffMessage,
    Field(discriminator="kind"),
]


class Choice(Strict):
    id: Id
    label: Short
    text: Text = ""
    effects: list[Effect] = Field(default_factory=list, max_length=20)


class Event(Strict):
    id: Id
    title: Short
    text: Text
    trigger: Trigger
    effects: list[Effect] = Field(default_factory=list, max_length=20)
    choices: list[Choice] = Field(default_factory=list, max_length=6)
    default: Id | None = Field(None, description="Choice applied if the player does not answer")
    historical: bool = Field(False, description="Claims to be what happened (needs a source)")
    source: Short = ""
    hint: Text = Field("", description="Advice shown when hints are on")
    held: bool = Field(False, description="Held for an instructor to release (exercises)")

    @model_validator(mode="after")
    def _choices_consistent(self) -> Event:
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique")
        if self.default is not None and self.default not in ids:
            raise ValueError(f"default choice {self.default!r} is not one of the choices {ids}")
        if self.historical and not self.source:
            raise ValueError("a historical event needs a source")
        return self


class Weights(Strict):
    """Weights of the score's parts; the score is their weighted average, 0-100."""

    people_out: float = Field(3.0, ge=0, le=100)
    safety: float = Field(3.0, ge=0, le=100)
    equipment: float = Field(2.0, ge=0, le=100)
    sites_on_time: float = Field(2.0, ge=0, le=100)
    handover: float = Field(1.0, ge=0, le=100)
    relations: float = Field(1.0, ge=0, le=100)
    rotation: float = Field(0.0, ge=0, le=100)
    garrison: float = Field(0.0, ge=0, le=100)


class HistoricalEntry(Strict):
    date: dt.date
    text: Text
    source: Short


class Historical(Strict):
    """What really happened, for the side-by-side in the review."""

    summary: Text = ""
    timeline: list[HistoricalEntry] = Field(default_factory=list, max_length=200)
    figures: dict[Short, float] = Field(
        default_factory=dict, description="Comparable figures, e.g. personnel.withdrawn"
    )


class Briefing(Strict):
    situation: Text = ""
    mission: Text = ""
    constraints: Text = ""


class Source(Strict):
    key: Short
    url: Short
    title: Short = ""


class Scenario(Strict):
    """A playable scenario on a theatre."""

    id: Id
    title: Short
    summary: Short = ""
    theatre: Short = Field(description="Theatre id (bundled) or a path relative to this file")
    start: dt.date
    deadline: dt.date
    turn_days: int = Field(1, ge=1, le=14)
    goal: Literal["withdraw", "sustain"] = "withdraw"
    difficulty: Literal["tutorial", "easy", "normal", "hard"] = "normal"
    contingents: list[Contingent] = Field(min_length=1, max_length=100)
    sites: list[SiteSetup] = Field(default_factory=list, max_length=200)
    assets: Assets = Assets()
    host: Host = Host()
    armed_groups: list[ArmedGroup] = Field(default_factory=list, max_length=20)
    events: list[Event] = Field(default_factory=list, max_length=500)
    weights: Weights = Weights()
    briefing: Briefing = Briefing()
    historical: Historical = Historical()
    sources: list[Source] = Field(default_factory=list, max_length=500)
    scaling: Text = Field("", description="How figures were scaled for play, if they were")
    notes: Text = ""

    @model_validator(mode="after")
    def _dates(self) -> Scenario:
        if self.deadline <= self.start:
            raise ValueError("deadline must be after start")
        if (self.deadline - self.start).days > 800:
            raise ValueError("a scenario may last at most 800 days")
        return self


class World(Strict):
    """A scenario joined with its theatre: what the engine plays."""

    scenario: Scenario
    theatre: Theatre
    content_hash: str = ""

    def site(self, site_id: str) -> Site:
        for s in self.theatre.sites:
            if s.id == site_id:
                return s
        raise KeyError(site_id)
