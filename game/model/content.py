"""Scenario content: theatres (map), scenarios, events, effects and triggers, as plain frozen
classes checked by pydantic where a file is read (declare.py, checked.py).

Everything here is data read from untrusted TOML. Every model forbids unknown keys; triggers,
conditions and effects are tagged tables (``kind = "..."``) and nothing is ever evaluated as code.

Over 500 lines on purpose: this is the whole content format as one schema. `drawdown schema`,
the generated `docs/reference.md` and the validator's locator walk it as one tree, and the tagged
unions (triggers, conditions, effects) refer to one another.
"""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal, Self

from .declare import Field, Rule, Strict, field_validator, model_validator
from .rules import RuleOverrides, Rules

if TYPE_CHECKING:
    from pydantic import ValidationInfo

Id = Annotated[str, Rule(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="A lowercase id")]
Prob = Annotated[float, Rule(ge=0.0, le=1.0)]
Text = Annotated[str, Rule(max_length=4000)]
Short = Annotated[str, Rule(max_length=200)]


# --------------------------------------------------------------------------- theatre


class Stretch(Strict):
    """A stretch of road with its own threat: the rolls for IED and ambush happen per stretch."""

    name: Short = Field(description="Where this stretch is, e.g. 'first 100 km out of Kidal'")
    km: int = Field(ge=1, le=3000, description="Length in km")
    ied: Prob = Field(
        default=0.0, description="Chance that an unescorted, uncleared convoy meets an IED here"
    )
    ambush: Prob = Field(
        default=0.0, description="Chance of an ambush on an unescorted convoy here"
    )
    hotspot: bool = Field(default=False, description="A documented hotspot (shown on the map)")
    source: Short = Field(
        default="", description="Source of the threat information, or 'game assumption'"
    )


class Route(Strict):
    """A road between two sites, travelled by convoys in either direction."""

    id: Id = Field(description="Route id, for orders and block_route effects")
    a: Id = Field(description="Site id at one end")
    b: Id = Field(description="Site id at the other end")
    road_class: Literal["paved", "laterite", "track", "river"] = Field(
        default="laterite", description="Kind of road: paved, laterite, track or river"
    )
    days: int = Field(ge=1, le=30, description="Normal travel days for a convoy")
    rainy_extra_days: int = Field(
        default=0, ge=0, le=10, description="Extra days in the rainy season"
    )
    rainy_risk: Prob = Field(
        default=0.0, description="Daily chance of a weather delay in the rainy season"
    )
    stretches: list[Stretch] = Field(
        min_length=1, max_length=20, description="The stretches of the road, in order from a to b"
    )
    source: Short = Field(default="", description="Source of distance and travel time")

    @property
    def km(self) -> int:
        return sum(s.km for s in self.stretches)


class Stocks(Strict):
    """Equipment at a site."""

    containers: int = Field(default=0, ge=0, le=100_000, description="Containers of equipment")
    vehicles: int = Field(
        default=0, ge=0, le=100_000, description="Own vehicles (they can carry people in convoys)"
    )
    sensitive: int = Field(
        default=0, ge=0, le=10_000, description="Sensitive items (weapons systems, crypto)"
    )


class Site(Strict):
    """A place on the map: a camp, the TOB, HQ, the logistics hub, a road node or an exit."""

    id: Id = Field(description="Site id, used in routes, scenarios and orders")
    name: Short = Field(description="Name shown on the map")
    kind: Literal["camp", "tob", "hq", "hub", "node", "exit"] = Field(
        default="camp",
        description="camp, tob (temporary operating base), hq, hub, node (road junction) or exit",
    )
    region: Short = Field(
        description="Region name: host conditions and armed-group pressure apply by region"
    )
    lat: float = Field(ge=-90, le=90, description="Latitude in degrees")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees")
    coords_assumed: bool = Field(
        default=False, description="True where the coordinates are a game assumption"
    )
    airfield: Literal["none", "helipad", "runway"] = Field(
        default="none", description="none, helipad (helicopters only) or runway"
    )
    airfield_capacity: int = Field(
        default=0, ge=0, le=50, description="Landings per day the airfield takes"
    )
    air_exit: bool = Field(default=False, description="Strategic flights home leave from here")
    road_exit: bool = Field(
        default=False, description="A border crossing: convoys arriving here leave the country"
    )
    threat: Prob = Field(default=0.0, description="Base daily chance of an attack on the camp")
    garrison: dict[Id, int] = Field(default_factory=dict, description="People by contingent id")
    stocks: Stocks = Field(default=Stocks(), description="Equipment at the site at the start")
    trucks: int = Field(
        default=0, ge=0, le=10_000, description="Contracted trucks here at the start"
    )
    eod_teams: int = Field(default=0, ge=0, le=100, description="Route-clearance (EOD) teams here")
    source: Short = Field(default="", description="Source for the site, or 'game assumption'")


class Theatre(Strict):
    """The map: sites and the routes between them."""

    id: Id = Field(description="Theatre id, named by scenarios")
    title: Short = Field(description="Title of the map")
    sites: list[Site] = Field(min_length=1, max_length=200, description="The places on the map")
    routes: list[Route] = Field(
        default_factory=list, max_length=500, description="The roads between sites"
    )
    rules: RuleOverrides | None = Field(
        default=None,
        description="Rules this map changes from the standard table, by section: "
        "name = { value = ..., source = '...' }",
    )
    notes: Text = Field(default="", description="Author's notes (not shown in play)")


# --------------------------------------------------------------------------- scenario parts


class Contingent(Strict):
    id: Id = Field(description="Contingent id, used in garrisons and orders")
    name: Short = Field(description="Name shown to the player")
    kind: Literal["troops", "police", "civilians"] = Field(
        default="troops", description="troops, police or civilians"
    )
    country: Short = Field(default="", description="Contributing country")
    overdue: bool = Field(default=False, description="Overdue for relief (rotation scenarios)")
    leaves_by: dt.date | None = Field(
        default=None,
        description="Date by which the whole contingent must have left the country (e.g. agreed "
        "with its government); anyone still in the country at the end of that day costs the "
        "contributing countries' goodwill (rules equipment.late_contingent_goodwill)",
    )
    source: Short = Field(
        default="", description="Source for this contingent, or 'game assumption'"
    )


class SiteSetup(Strict):
    """How a theatre site starts in this scenario; unset fields keep the theatre's values."""

    id: Id = Field(description="Id of a site in the theatre")
    garrison: dict[Id, int] | None = Field(
        default=None, description="People by contingent id (replaces the theatre's garrison)"
    )
    stocks: Stocks | None = Field(
        default=None, description="Equipment at the site (replaces the theatre's stocks)"
    )
    trucks: int | None = Field(
        default=None, ge=0, le=10_000, description="Contracted trucks at the site at the start"
    )
    eod_teams: int | None = Field(
        default=None, ge=0, le=100, description="Route-clearance (EOD) teams at the site"
    )
    threat: Prob | None = Field(
        default=None, description="Base daily chance of an attack on the site"
    )
    status: Literal["open", "drawing_down", "handed_over", "abandoned", "seized"] = Field(
        default="open", description="Status at the start"
    )
    target_date: dt.date | None = Field(default=None, description="Target closure date")
    min_garrison: int = Field(
        default=0, ge=0, le=100_000, description="Below this the camp is thinly held"
    )
    host_can_take_over: bool = Field(
        default=True, description="The host has forces nearby to receive it"
    )
    source: Short = Field(default="", description="Source for these figures, or 'game assumption'")
    supply_days: float | None = Field(
        default=None,
        ge=0.0,
        le=365.0,
        description="Days of fuel, water and food at the start (unset: the rules' supply.camp_days)",
    )
    agreed_handover: dt.date | None = Field(
        default=None,
        description="Handover date agreed with the host in joint planning: handing the camp over "
        "or leaving it before this day costs relations (the host is not ready)",
    )
    stays_open: bool = Field(
        default=False,
        description="The mission keeps this site after the others close (a liquidation or rear "
        "site: Gao and Bamako stayed open into 2024): it has no target date, it is not one of "
        "the sites to close (sites.total, closed_on_time and their score parts leave it out) "
        "and the bots do not close it",
    )
    keeps: int = Field(
        default=0,
        ge=0,
        le=100_000,
        description="With stays_open: people who stay there past the deadline (the liquidation "
        "team); they are not expected to leave, and the game ends once everyone else has left",
    )

    @field_validator("stays_open")
    @classmethod
    def _stays_without_dates(cls, value: bool, info: "ValidationInfo") -> bool:
        given = info.data  # the fields declared before this one
        if value and given.get("target_date") is not None:
            raise ValueError(
                "a site that stays open has no target closure date: remove target_date "
                "(or stays_open, if the site is to close in this game)"
            )
        if value and given.get("agreed_handover") is not None:
            raise ValueError(
                "a site that stays open is not handed over in this game: remove agreed_handover"
            )
        return value

    @field_validator("keeps")
    @classmethod
    def _keeps_where_staying(cls, value: int, info: "ValidationInfo") -> int:
        given = info.data  # the fields declared before this one
        if value and not given.get("stays_open"):
            raise ValueError("only a site that stays open keeps a team: set stays_open = true")
        return value


class Aircraft(Strict):
    id: Id = Field(description="Aircraft id, for flight requests and aircraft effects")
    name: Short = Field(description="Name shown to the player")
    kind: Literal["plane", "helicopter"] = Field(
        description="plane (needs a runway) or helicopter (a helipad will do)"
    )
    count: int = Field(ge=0, le=100, description="Sorties this aircraft type can fly per day")
    pax: int = Field(ge=0, le=500, description="People per sortie")
    cargo: int = Field(ge=0, le=50, description="Containers or sensitive items per sortie")
    strategic: bool = Field(default=False, description="Can fly home out of the country")


class Assets(Strict):
    truck_capacity: int = Field(default=1, ge=1, le=4, description="Containers per truck")
    pax_per_vehicle: int = Field(
        default=6, ge=1, le=40, description="People carried per own vehicle"
    )
    pax_per_truck: int = Field(
        default=0, ge=0, le=10, description="Extra people per contracted truck"
    )
    escort_light: int = Field(
        default=30, ge=1, description="Troops in the convoy for a light escort"
    )
    escort_heavy: int = Field(
        default=100, ge=1, description="Troops in the convoy for a heavy escort"
    )
    qrf: int = Field(
        default=0, ge=0, le=20, description="Quick-reaction forces available to reinforce"
    )
    qrf_days: int = Field(
        default=7, ge=1, le=60, description="Days a QRF stays with a reinforced site"
    )
    aircraft: list[Aircraft] = Field(
        default_factory=list, max_length=20, description="Aircraft types available to the mission"
    )


# ------------------------------------------------------------------ host government conditions


class FreezeMovement(Strict):
    """The host refuses every convoy to or from these regions (e.g. a freeze on movement north)."""

    kind: Literal["freeze_movement"] = Field(
        description="Which kind of host condition: 'freeze_movement'"
    )
    id: Id = Field(description="Condition id, for remove_condition")
    regions: list[Short] = Field(
        min_length=1, description="Regions the freeze covers (theatre region names)"
    )
    toward_only: bool = Field(
        default=False,
        description="Refuse only convoys going into these regions (e.g. trucks barred from going "
        "north); convoys leaving them are decided as usual",
    )
    description: Short = Field(
        default="", description="What the player is told about this condition"
    )


class DenyFlights(Strict):
    """The host refuses flights to or from these regions (all regions if empty)."""

    kind: Literal["deny_flights"] = Field(
        description="Which kind of host condition: 'deny_flights'"
    )
    id: Id = Field(description="Condition id, for remove_condition")
    regions: list[Short] = Field(
        default_factory=list,
        description="Regions flights are refused to or from (empty: all regions)",
    )
    description: Short = Field(
        default="", description="What the player is told about this condition"
    )


class ExtraLead(Strict):
    """Every request takes longer (e.g. by note verbale through the foreign ministry)."""

    kind: Literal["extra_lead"] = Field(description="Which kind of host condition: 'extra_lead'")
    id: Id = Field(description="Condition id, for remove_condition")
    days: int = Field(ge=1, le=60, description="Days added to the answer of every request")
    description: Short = Field(
        default="", description="What the player is told about this condition"
    )


class ApprovalPenalty(Strict):
    """Requests are less likely to be approved."""

    kind: Literal["approval_penalty"] = Field(
        description="Which kind of host condition: 'approval_penalty'"
    )
    id: Id = Field(description="Condition id, for remove_condition")
    amount: Prob = Field(description="Subtracted from the chance of approval")
    applies_to: Literal["movement", "flight", "all"] = Field(
        default="all", description="Which requests it affects: movement, flight or all"
    )
    description: Short = Field(
        default="", description="What the player is told about this condition"
    )


HostCondition = Annotated[
    FreezeMovement | DenyFlights | ExtraLead | ApprovalPenalty, Rule(discriminator="kind")
]


class Operation(Strict):
    """A dated operation of the host's army: while it runs, the host's answers follow it."""

    id: Id = Field(description="Operation id")
    name: Short = Field(description="Name shown to the player")
    start: dt.date = Field(description="First day of the operation")
    end: dt.date | None = Field(
        default=None, description="Last day (unset: to the end of the game)"
    )
    regions: list[Short] = Field(
        default_factory=list,
        description="Regions the operation covers (theatre region names; empty: all regions)",
    )
    flights: Literal["as_usual", "refused", "helicopters_only"] = Field(
        default="as_usual",
        description="refused: no flight to or from the regions, except flights_except; "
        "helicopters_only: helicopters are cleared, planes only for flights_except",
    )
    flights_except: list[Literal["resupply", "medevac"]] = Field(
        default_factory=list, description="Flight purposes still cleared while flights are refused"
    )
    flight_penalty: Prob = Field(
        default=0.0, description="Subtracted from the approval of flights to or from the regions"
    )
    movement: Literal["as_usual", "toward_refused", "refused"] = Field(
        default="as_usual",
        description="toward_refused: no convoy into the regions; refused: none to or from them",
    )
    movement_penalty: Prob = Field(
        default=0.0, description="Subtracted from the approval of convoys to or from the regions"
    )
    presence: Prob = Field(
        default=0.0,
        description="Army presence added in the regions (checkpoints stop unauthorized convoys)",
    )
    description: Short = Field(
        default="", description="What the player is told about the operation"
    )
    source: Short = Field(default="", description="Source for the operation, or 'game assumption'")


class Host(Strict):
    """How the host government answers requests."""

    name: Short = Field(
        default="host government", description="Name of the host government as shown to the player"
    )
    relations: float = Field(
        default=50.0, ge=0, le=100, description="Relations with the mission at the start, 0 to 100"
    )
    lead_days: int = Field(default=3, ge=0, le=60, description="Days from a request to its answer")
    validity_days: int = Field(
        default=5, ge=1, le=60, description="Days an authorization stays valid"
    )
    approve: Prob = Field(default=0.6, description="Chance of approval at relations 50")
    per_relation: float = Field(
        default=0.01, ge=0, le=0.1, description="Added approval chance per point"
    )
    conditions_share: Prob = Field(
        default=0.3, description="Share of approvals that come with conditions"
    )
    delay_share: Prob = Field(
        default=0.3, description="Share of non-approvals that are delays, not denials"
    )
    unauthorized_cost: float = Field(
        default=8.0, ge=0, le=100, description="Relations lost per unauthorized move"
    )
    engage_gain: float = Field(
        default=4.0, ge=0, le=50, description="Relations gained by an engagement"
    )
    engage_cooldown: int = Field(default=3, ge=0, le=60, description="Days between engagements")
    conditions: list[HostCondition] = Field(
        default_factory=list, max_length=50, description="Standing conditions in force at the start"
    )
    operations: list[Operation] = Field(
        default_factory=list, max_length=50, description="The army's operations calendar"
    )
    army: dict[Short, Prob] = Field(
        default_factory=dict,
        description="The host army's presence by region, 0 to 1 (unlisted regions: the rules' "
        "host.army_presence); its checkpoints stop convoys moving without authorization",
    )


class Force(Strict):
    """A moving actor in the race for the camps: the host's army (with its partners), which
    receives handovers, or armed groups, which seize camps left empty and press those held."""

    id: Id = Field(description="Force id, for force_arrival effects")
    name: Short = Field(description="Name shown to the player")
    side: Literal["army", "armed"] = Field(
        description="army (receives handovers) or armed (seizes empty camps)"
    )
    arrivals: dict[Id, dt.date | Literal["never"]] = Field(
        default_factory=dict,
        description='Estimated arrival at each site (a date, or "never"); sites not listed keep '
        "the standard estimate for the side (army: at once where host_can_take_over; armed: "
        "from the region's pressure)",
    )
    source: Short = Field(default="", description="Source for the arrivals, or 'game assumption'")


class ArmedGroup(Strict):
    id: Id = Field(description="Armed group id")
    name: Short = Field(description="Name shown to the player")
    pressure: dict[Short, float] = Field(description="Pressure by region, 0 to 1")
    source: Short = Field(
        default="", description="Source for the group's presence, or 'game assumption'"
    )


# --------------------------------------------------------------------------- triggers


class OnDate(Strict):
    kind: Literal["date"] = Field(description="Which kind of trigger: 'date'")
    date: dt.date = Field(description="The day the event fires")


class Chance(Strict):
    """A daily chance between two dates (the whole game if unset)."""

    kind: Literal["chance"] = Field(description="Which kind of trigger: 'chance'")
    probability: Prob = Field(description="Chance that the event fires on any one day")
    start: dt.date | None = Field(
        default=None, description="First day it may fire (unset: the start of the game)"
    )
    end: dt.date | None = Field(
        default=None, description="Last day it may fire (unset: the deadline)"
    )


class CondSiteStatus(Strict):
    kind: Literal["site_status"] = Field(description="Which kind of condition: 'site_status'")
    site: Id = Field(description="Site id")
    status: Literal["open", "drawing_down", "handed_over", "abandoned", "seized"] = Field(
        description="Holds while the site has this status"
    )


class CondPeopleBelow(Strict):
    kind: Literal["people_below"] = Field(description="Which kind of condition: 'people_below'")
    site: Id = Field(description="Site id")
    value: int = Field(ge=0, description="Holds while the site has fewer people than this")


class CondRelations(Strict):
    kind: Literal["relations_below", "relations_above"] = Field(
        description="relations_below or relations_above"
    )
    value: float = Field(
        ge=0, le=100, description="Holds while host relations are below (or above) this value"
    )


class CondAfter(Strict):
    kind: Literal["after"] = Field(description="Which kind of condition: 'after'")
    date: dt.date = Field(description="Holds on and after this date")


class CondEvent(Strict):
    kind: Literal["event_fired"] = Field(description="Which kind of condition: 'event_fired'")
    event: Id = Field(description="Id of the event that must have fired")
    choice: Id | None = Field(
        default=None, description="If set, the choice that must have been taken in that event"
    )


class CondFlag(Strict):
    kind: Literal["flag"] = Field(description="Which kind of condition: 'flag'")
    flag: Id = Field(description="Flag id, set and cleared by set_flag and clear_flag effects")
    value: bool = Field(
        default=True, description="true: holds while the flag is set; false: while it is not"
    )


class CondUnauthorized(Strict):
    kind: Literal["unauthorized_moves_at_least"] = Field(
        description="Which kind of condition: 'unauthorized_moves_at_least'"
    )
    value: int = Field(
        ge=1, description="Holds once the player has made at least this many unauthorized moves"
    )


Condition = Annotated[
    CondSiteStatus
    | CondPeopleBelow
    | CondRelations
    | CondAfter
    | CondEvent
    | CondFlag
    | CondUnauthorized,
    Rule(discriminator="kind"),
]


class OnCondition(Strict):
    """Fires on the first day its conditions hold (checked daily, within the optional window):
    every condition in `all`, and at least one in `any` when `any` is given."""

    kind: Literal["condition"] = Field(description="Which kind of trigger: 'condition'")
    all: list[Condition] = Field(
        default_factory=list,
        max_length=10,
        description="Conditions that must all hold on the same day",
    )
    any: list[Condition] = Field(
        default_factory=list,
        max_length=10,
        description="Conditions of which at least one must hold that day (with all of `all`)",
    )
    start: dt.date | None = Field(
        default=None, description="First day the conditions are checked (unset: the start)"
    )
    end: dt.date | None = Field(
        default=None, description="Last day the conditions are checked (unset: the deadline)"
    )

    @model_validator(mode="after")
    def _some_condition(self) -> Self:
        if not self.all and not self.any:
            raise ValueError("a condition trigger needs at least one condition in `all` or `any`")
        return self


Trigger = Annotated[OnDate | Chance | OnCondition, Rule(discriminator="kind")]


# --------------------------------------------------------------------------- effects


class EffRelations(Strict):
    kind: Literal["relations"] = Field(description="Which kind of effect: 'relations'")
    delta: float = Field(
        ge=-100, le=100, description="Change in host relations (kept within 0 to 100)"
    )


class EffPressure(Strict):
    kind: Literal["pressure"] = Field(description="Which kind of effect: 'pressure'")
    region: Short = Field(description="Theatre region name")
    delta: float = Field(
        ge=-1, le=1, description="Change in armed-group pressure in the region (kept within 0 to 1)"
    )


class EffAddCondition(Strict):
    kind: Literal["add_condition"] = Field(description="Which kind of effect: 'add_condition'")
    condition: HostCondition = Field(
        description="The host condition that comes into force (replaces one with the same id)"
    )


class EffRemoveCondition(Strict):
    kind: Literal["remove_condition"] = Field(
        description="Which kind of effect: 'remove_condition'"
    )
    id: Id = Field(description="Id of the host condition to lift")


class EffFlag(Strict):
    kind: Literal["set_flag", "clear_flag"] = Field(description="set_flag or clear_flag")
    flag: Id = Field(description="Flag id, tested by flag conditions")


class EffSiteThreat(Strict):
    kind: Literal["site_threat"] = Field(description="Which kind of effect: 'site_threat'")
    site: Id = Field(description="Site id")
    delta: float = Field(
        ge=-1, le=1, description="Change in the site's daily attack chance (kept within 0 to 1)"
    )


class EffTrucks(Strict):
    kind: Literal["trucks"] = Field(description="Which kind of effect: 'trucks'")
    site: Id = Field(description="Site id")
    delta: int = Field(ge=-10_000, le=10_000, description="Change in contracted trucks at the site")


class EffBlockRoute(Strict):
    kind: Literal["block_route"] = Field(description="Which kind of effect: 'block_route'")
    route: Id = Field(description="Route id")
    days: int = Field(ge=1, le=365, description="Days the route stays blocked")


class EffUnblockRoute(Strict):
    kind: Literal["unblock_route"] = Field(description="Which kind of effect: 'unblock_route'")
    route: Id = Field(description="Route id")


class EffCasualties(Strict):
    kind: Literal["casualties"] = Field(description="Which kind of effect: 'casualties'")
    site: Id = Field(description="Site id where the casualties are")
    killed: int = Field(default=0, ge=0, le=1000, description="Peacekeepers killed")
    wounded: int = Field(default=0, ge=0, le=1000, description="Peacekeepers wounded")


class EffContractorCasualties(Strict):
    """Contracted drivers and workers killed or wounded (the mission's contractors, not its
    peacekeepers and not the population)."""

    kind: Literal["contractor_casualties"] = Field(
        description="Which kind of effect: 'contractor_casualties'"
    )
    killed: int = Field(default=0, ge=0, le=1000, description="Contractors killed")
    wounded: int = Field(default=0, ge=0, le=1000, description="Contractors wounded")


class EffCivilianCasualties(Strict):
    kind: Literal["civilian_casualties"] = Field(
        description="Which kind of effect: 'civilian_casualties'"
    )
    killed: int = Field(default=0, ge=0, le=10_000, description="Civilians killed")
    wounded: int = Field(default=0, ge=0, le=10_000, description="Civilians wounded")


class EffTargetDate(Strict):
    kind: Literal["target_date"] = Field(description="Which kind of effect: 'target_date'")
    site: Id = Field(description="Site id")
    date: dt.date = Field(description="The site's new target closure date")


class EffContingentLeaves(Strict):
    """People of a contingent leave the country on their own (repatriated outside the player's plan)."""

    kind: Literal["contingent_leaves"] = Field(
        description="Which kind of effect: 'contingent_leaves'"
    )
    contingent: Id = Field(description="Contingent id")
    count: int = Field(ge=0, le=100_000, description="Number of people who leave")


class EffArrivals(Strict):
    """New people arrive at a site (a rotation or reinforcement from outside)."""

    kind: Literal["arrivals"] = Field(description="Which kind of effect: 'arrivals'")
    site: Id = Field(description="Site id where they arrive")
    contingent: Id = Field(description="Contingent id of the people arriving")
    count: int = Field(ge=0, le=100_000, description="Number of people arriving")


class EffSorties(Strict):
    """Change the number of sorties an aircraft type can fly per day."""

    kind: Literal["aircraft"] = Field(description="Which kind of effect: 'aircraft'")
    aircraft: Id = Field(description="Aircraft id")
    delta: int = Field(ge=-100, le=100, description="Change in sorties per day")


class EffDenyPending(Strict):
    kind: Literal["deny_pending"] = Field(description="Which kind of effect: 'deny_pending'")
    applies_to: Literal["movement", "flight", "all"] = Field(
        default="all", description="Which pending requests are denied: movement, flight or all"
    )


class EffQrf(Strict):
    kind: Literal["qrf"] = Field(description="Which kind of effect: 'qrf'")
    delta: int = Field(ge=-20, le=20, description="Change in the quick-reaction forces available")


class EffForceArrival(Strict):
    """The estimated arrival of a side's forces at a site changes (e.g. an army column sets off)."""

    kind: Literal["force_arrival"] = Field(description="Which kind of effect: 'force_arrival'")
    site: Id = Field(description="Site id")
    force: Id = Field(
        description="A force id (its side's estimate changes) or a side: 'army' or 'armed'"
    )
    date: dt.date | None = Field(default=None, description="The new estimated arrival date")
    days: int | None = Field(
        default=None,
        ge=-365,
        le=365,
        description="Or: move the estimate by this many days (- sooner)",
    )
    never: bool = Field(default=False, description="Or: the side no longer comes to this site")

    @model_validator(mode="after")
    def _one_change(self) -> Self:
        given = (self.date is not None) + (self.days is not None) + self.never
        if given != 1:
            raise ValueError("give exactly one of date, days or never")
        return self


class EffSiteLooted(Strict):
    """A camp the mission has left or handed over is looted, levelled or burned afterwards (as
    Aguelhok was damaged once left in October 2023): a share of the equipment there is lost.
    What the mission still held there counts as lost (as in a seizure); what it had handed over
    was the host's by then: it stays handed over in the ledger and is reported as lost after the
    handover, not against the player. A camp the mission still holds is not looted."""

    kind: Literal["site_looted"] = Field(description="Which kind of effect: 'site_looted'")
    site: Id = Field(description="Site id")
    share: Prob = Field(
        default=1.0, description="Share of each kind of equipment there that is lost (rounded down)"
    )


class EffMessage(Strict):
    kind: Literal["message"] = Field(description="Which kind of effect: 'message'")
    text: Text = Field(description="Message written to the log")


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
    | EffContractorCasualties
    | EffTargetDate
    | EffContingentLeaves
    | EffArrivals
    | EffSorties
    | EffDenyPending
    | EffQrf
    | EffMessage
    | EffForceArrival
    | EffSiteLooted,
    Rule(discriminator="kind"),
]


class Choice(Strict):
    id: Id = Field(description="Choice id, for choose orders and event_fired conditions")
    label: Short = Field(description="The choice as the player sees it")
    text: Text = Field(default="", description="More detail on what the choice means")
    effects: list[Effect] = Field(
        default_factory=list, max_length=20, description="Effects applied when this choice is taken"
    )
    historical: bool = Field(
        default=False,
        description="The option taken in history (its event must be historical, with a source)",
    )


class Event(Strict):
    id: Id = Field(description="Event id, for event_fired conditions and choose orders")
    title: Short = Field(description="Title shown when the event fires")
    text: Text = Field(description="What happened, as the player reads it")
    trigger: Trigger = Field(
        description="When the event fires: a tagged table of kind date, chance or condition"
    )
    effects: list[Effect] = Field(
        default_factory=list, max_length=20, description="Effects applied when the event fires"
    )
    choices: list[Choice] = Field(
        default_factory=list,
        max_length=6,
        description="Options the player chooses between (none: no decision)",
    )
    default: Id | None = Field(
        default=None, description="Choice applied if the player does not answer"
    )
    historical: bool = Field(
        default=False, description="Claims to be what happened (needs a source)"
    )
    source: Short = Field(default="", description="Source for a historical event")
    hint: Text = Field(default="", description="Advice shown when hints are on")
    held: bool = Field(default=False, description="Held for an instructor to release (exercises)")
    site: Id | None = Field(
        default=None,
        description="The site this event is about: it does not fire once the site is handed "
        "over, abandoned or seized, and a decision on it lapses then",
    )

    @model_validator(mode="after")
    def _choices_consistent(self) -> Self:
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique")
        if self.default is not None and self.default not in ids:
            raise ValueError(f"default choice {self.default!r} is not one of the choices {ids}")
        if self.historical and not self.source:
            raise ValueError("a historical event needs a source")
        taken = [c.id for c in self.choices if c.historical]
        if len(taken) > 1:
            raise ValueError(f"only one choice can be the historical one, not {taken}")
        if taken and not self.historical:
            raise ValueError(
                f"choice {taken[0]!r} is marked historical but the event is not (historical = true)"
            )
        return self


class Weights(Strict):
    """Weights of the score's parts; the score is their weighted average, 0-100."""

    people_out: float = Field(
        default=3.0, ge=0, le=100, description="Weight of the share of people withdrawn"
    )
    safety: float = Field(default=3.0, ge=0, le=100, description="Weight of avoiding casualties")
    equipment: float = Field(
        default=2.0,
        ge=0,
        le=100,
        description="Weight of equipment repatriated or handed over rather than lost",
    )
    sites_on_time: float = Field(
        default=2.0, ge=0, le=100, description="Weight of sites closed by their target dates"
    )
    handover: float = Field(
        default=1.0,
        ge=0,
        le=100,
        description="Weight of closed sites handed to the host rather than abandoned or seized",
    )
    relations: float = Field(
        default=1.0, ge=0, le=100, description="Weight of host relations at the end"
    )
    rotation: float = Field(
        default=0.0,
        ge=0,
        le=100,
        description="Weight of overdue contingents relieved (rotation scenarios)",
    )
    garrison: float = Field(
        default=0.0,
        ge=0,
        le=100,
        description="Weight of days sites were held above their minimum garrison",
    )
    contributors: float = Field(
        default=1.0,
        ge=0,
        le=100,
        description="Weight of the contributing countries' goodwill at the end (their equipment "
        "destroyed without consent costs it)",
    )


class HistoricalEntry(Strict):
    date: dt.date = Field(description="When it happened")
    text: Text = Field(description="What happened")
    source: Short = Field(description="Where this is documented")


class Milestone(Strict):
    """A dated, documented count of people withdrawn, for the calibration against history."""

    date: dt.date = Field(description="When the count was reported")
    withdrawn: int = Field(ge=0, le=1_000_000, description="People withdrawn by that date")
    source: Short = Field(description="Where this is documented")


class Historical(Strict):
    """What really happened, for the side-by-side in the review."""

    summary: Text = Field(default="", description="What happened, in a paragraph")
    timeline: list[HistoricalEntry] = Field(
        default_factory=list, max_length=200, description="Dated entries of what happened"
    )
    figures: dict[Short, float] = Field(
        default_factory=dict, description="Comparable figures, e.g. personnel.withdrawn"
    )
    closures: dict[Id, dt.date] = Field(
        default_factory=dict,
        description="Recorded date each site was left or handed over (site id = date)",
    )
    seized: list[Id] = Field(
        default_factory=list, max_length=50, description="Sites taken by armed groups in history"
    )
    milestones: list[Milestone] = Field(
        default_factory=list,
        max_length=50,
        description="Dated counts of people withdrawn ([[historical.milestones]])",
    )


class Briefing(Strict):
    situation: Text = Field(default="", description="The situation at the start")
    mission: Text = Field(default="", description="What the player must achieve")
    constraints: Text = Field(default="", description="Constraints the player works under")


class Source(Strict):
    key: Short = Field(description="Short key cited in source fields, e.g. 'A51'")
    url: Short = Field(description="Where the source can be found")
    title: Short = Field(default="", description="Title of the source")


class Scenario(Strict):
    """A playable scenario on a theatre."""

    id: Id
    title: Short = Field(description="Title shown in the scenario list and the briefing")
    summary: Short = Field(default="", description="One-line summary for the scenario list")
    theatre: Short = Field(description="Theatre id (bundled) or a path relative to this file")
    start: dt.date = Field(description="First day of the game")
    deadline: dt.date = Field(
        description="Last day: the game ends here (at most 800 days after start)"
    )
    turn_days: int = Field(default=1, ge=1, le=14, description="Days per turn")
    goal: Literal["withdraw", "sustain"] = Field(
        default="withdraw",
        description="withdraw: get everyone out; sustain: keep the sites held and relieved",
    )
    difficulty: Literal["tutorial", "easy", "normal", "hard"] = Field(
        default="normal",
        description="Label shown to the player (the figures set the real difficulty)",
    )
    contingents: list[Contingent] = Field(
        min_length=1,
        max_length=100,
        description="The contingents (troops, police, civilians) in the scenario",
    )
    sites: list[SiteSetup] = Field(
        default_factory=list,
        max_length=200,
        description="How theatre sites start in this scenario (unlisted sites keep the theatre's values)",
    )
    assets: Assets = Field(
        default=Assets(), description="Trucks, escorts, quick-reaction forces and aircraft"
    )
    host: Host = Field(
        default=Host(), description="The host government and how it answers requests"
    )
    armed_groups: list[ArmedGroup] = Field(
        default_factory=list, max_length=20, description="Armed groups and their pressure by region"
    )
    events: list[Event] = Field(
        default_factory=list,
        max_length=500,
        description="Scenario events: triggers, effects and choices",
    )
    weights: Weights = Field(default=Weights(), description="Weights of the score's parts")
    briefing: Briefing = Field(default=Briefing(), description="The briefing shown before play")
    historical: Historical = Field(
        default=Historical(),
        description="What really happened, for the after-action review",
    )
    sources: list[Source] = Field(
        default_factory=list, max_length=500, description="Sources cited by key in source fields"
    )
    rules: RuleOverrides | None = Field(
        default=None,
        description="Rules this scenario changes from its theatre's and the standard table, by "
        "section: name = { value = ..., source = '...' }",
    )
    scaling: Text = Field(default="", description="How figures were scaled for play, if they were")
    notes: Text = Field(default="", description="Author's notes (not shown in play)")
    forces: list[Force] = Field(
        default_factory=list,
        max_length=20,
        description="The host's army and the armed groups racing for the camps, with their "
        "estimated arrivals (none: standard estimates for both sides)",
    )
    use_sites: list[Id] | None = Field(
        default=None,
        max_length=200,
        description="Play on part of the theatre: only these of its sites (and the routes "
        "between them) are on the map (unset: all of them)",
    )
    add_sites: list[Site] = Field(
        default_factory=list,
        max_length=50,
        description="Sites this scenario adds to its theatre (e.g. a camp inside a town)",
    )
    add_routes: list[Route] = Field(
        default_factory=list,
        max_length=100,
        description="Routes this scenario adds to its theatre (to or between its added sites)",
    )

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.deadline <= self.start:
            raise ValueError("deadline must be after start")
        if (self.deadline - self.start).days > 800:
            raise ValueError("a scenario may last at most 800 days")
        return self


class World(Strict):
    """A scenario joined with its theatre: what the engine plays."""

    scenario: Scenario
    theatre: Theatre
    rules: Rules = Field(description="The rules in force: standard, then theatre, then scenario")
    rule_sources: dict[str, tuple[str, str]] = Field(
        default_factory=dict,
        description="Per 'section.name': (source, where the value was set: standard, theatre or "
        "scenario)",
    )
    content_hash: str = ""

    def site(self, site_id: str) -> Site:
        for s in self.theatre.sites:
            if s.id == site_id:
                return s
        raise KeyError(site_id)
