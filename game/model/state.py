"""Game state: everything that changes during a game, as plain slotted dataclasses the engine
builds and changes as ordinary Python objects (no validation on construction or assignment; an
unknown attribute still raises, there being no `__dict__`).

Pydantic stays at the edges: `adapters.py` validates a state from plain data or JSON and dumps it
(the digest hashes that JSON) through a `TypeAdapter` built when first needed. What the adapter
needs is declared here: `Mutable.__pydantic_config__` forbids unknown keys, `Annotated[...,
Field(...)]` excludes a field from the dump, and the stored order serializes as it always has.
"""

import datetime as dt
from dataclasses import Field as DataclassField
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypeVar, dataclass_transform

from .content import HostCondition
from .declare import Rule, Serialized
from .json_data import json_data

# The log's typed data lives in log.py; re-exported here beside LogEntry.
from .log import BY_WHAT as BY_WHAT
from .log import LOG_DATA as LOG_DATA
from .log import AnyLogData
from .log import LogData as LogData
from .log import LogKind as LogKind
from .orders import MoveUnauthorized, RequestFlight, RequestMovement
from .plain import Plain

SiteStatus = Literal["open", "drawing_down", "handed_over", "abandoned", "seized"]
CLOSED = ("handed_over", "abandoned", "seized")
HELD = ("open", "drawing_down")


class Mutable(Plain):
    """The base of the state's classes: what the engine changes in place (`@mutable`). Validated
    only where it comes in from outside (`adapters.load`), with unknown keys refused."""

    __slots__ = ()
    __pydantic_config__ = {"extra": "forbid"}  # pydantic's ConfigDict (a TypedDict)


M = TypeVar("M", bound=Mutable)


@dataclass_transform(kw_only_default=True, field_specifiers=(field, DataclassField))
def mutable(cls: type[M]) -> type[M]:
    """A state class: a slotted, keyword-only dataclass with its own `__init__`; equality and
    repr come from `Plain` (plain.py says why)."""
    return dataclass(slots=True, kw_only=True, eq=False, repr=False)(cls)


@mutable
class Holdings(Mutable):
    """People by contingent and equipment: what a site holds, or what a convoy or flight carries."""

    people: dict[str, int] = field(default_factory=dict)
    containers: int = 0
    vehicles: int = 0
    sensitive: int = 0
    trucks: int = 0
    eod_teams: int = 0

    @property
    def headcount(self) -> int:
        return sum(self.people.values())


@mutable
class SiteState(Holdings):
    """A site as it stands: who and what it holds, its status and its supplies."""

    id: str
    status: SiteStatus = "open"
    threat: float = 0.0
    target_date: dt.date | None = None
    min_garrison: int = 0
    host_can_take_over: bool = True
    closable: bool = False
    closed_on: dt.date | None = None
    handed_on: dt.date | None = None
    qrf_until: int = -1
    committed: int = 0  # containers promised to the host (leave_equipment): they stay at the camp
    # Fuel, water and food (engine/supplies.py): days left at the reference garrison, the store's
    # size, the people a day of supply feeds (0: not supplied), the stage last logged
    # (0 normal, 1 reduced rations, 2 empty) and whether road resupply was cut when last seen.
    supply_days: float = 0.0
    supply_full: float = 0.0
    supply_ref: int = 0
    supply_stage: int = 0
    supply_cut: bool = False
    agreed_handover: dt.date | None = None
    destroyed: int = 0  # items (containers, vehicles, sensitive) destroyed here
    # containers/vehicles handed over here and not lost since (site_looted); not in the digest:
    # it follows from the logged handover
    handed: dict[str, int] = field(default_factory=dict, metadata={"exclude": True})

    @property
    def closed(self) -> bool:
        return self.status in CLOSED and self.headcount == 0

    @property
    def held(self) -> bool:
        """The mission still holds it: open or drawing down (not handed over, abandoned, seized)."""
        return self.status in HELD


@mutable
class Cargo(Holdings):
    """What a convoy or flight carries."""


@mutable
class Convoy(Mutable):
    """A convoy on the road: where it goes, what it carries and how far it has come."""

    id: str
    request: str | None
    origin: str
    destination: str
    routes: list[str]
    stretches: list[tuple[str, int]]  # (route id, stretch index) in order
    cargo: Cargo
    escort: Literal["none", "light", "heavy"] = "none"
    clearance: bool = False
    authorized: bool = True
    departed: int
    travel_days: int
    progress: int = 0
    delay: int = 0
    rolled: int = 0
    incidents: int = 0
    leaked: bool = False  # left while its schedule was shared with the host
    stopped: int = 0  # times stopped at the host's checkpoints
    base_days: int = 0  # normal days of the journey; the rest are slow-downs
    length: int = 0  # column length (trucks + own vehicles) at departure
    overwatch: bool = False  # cleared helicopter overwatch flies over it
    escort_troops: int = 0  # escort troops who go back to a camp still held
    returning: bool = False  # an escort going back to its camp
    supply_days: float = 0.0
    supply_stage: int = 0


@mutable
class Flight(Mutable):
    """A flight under way today: its aircraft, sorties and cargo."""

    id: str
    request: str | None
    origin: str
    destination: str
    aircraft: str
    sorties: int
    cargo: Cargo
    authorized: bool = True
    day: int
    purpose: Literal["transport", "resupply", "medevac"] = "transport"


def _stored_order_json(order: RequestMovement | RequestFlight) -> dict[str, Any]:
    """A stored request's order as saved (and hashed by the digest) before it was typed: its JSON
    form without the date it was given on, unset fields as null; `auto` and `every` only when set
    (requests filed before they existed, and the digests of those games, stay as they were)."""
    unset = {name for name in ("auto", "every") if getattr(order, name, None) is None}
    left_out = {"date", *unset}
    data: dict[str, Any] = json_data(order)
    return {name: value for name, value in data.items() if name not in left_out}


StoredOrder = Annotated[
    RequestMovement | MoveUnauthorized | RequestFlight,
    Rule(discriminator="kind"),
    Serialized(_stored_order_json),
]


@mutable
class Request(Mutable):
    """A movement or flight request to the host, and its answer."""

    id: str
    kind: Literal["movement", "flight"]
    order: StoredOrder  # the request order as given (a movement or a flight)
    requested: int
    decide: int
    status: Literal["pending", "approved", "delayed", "denied", "expired", "used", "cancelled"] = (
        "pending"
    )
    conditions: list[str] = field(default_factory=list)
    max_trucks: int | None = None
    no_sensitive: bool = False
    valid_from: int = -1
    valid_until: int = -1
    reason: str = ""
    pressed: int = 0
    overwatch: bool = False  # overwatch flights were cleared with it


@mutable
class Tally(Mutable):
    """Where equipment of one kind ended up (besides at sites and in transit)."""

    repatriated: int = 0
    handed_over: int = 0
    destroyed: int = 0
    lost: int = 0
    awaiting_export: int = 0


@mutable
class Destruction(Mutable):
    """Destruction under way at a site: what is still to be destroyed there."""

    containers: int = 0
    vehicles: int = 0
    sensitive: int = 0
    started: int = 0


@mutable
class Ledger(Mutable):
    """The campaign's running account: people and equipment in, out, killed and lost."""

    initial_people: int = 0
    arrived: int = 0
    withdrawn: int = 0
    killed: int = 0
    wounded: int = 0
    relieved: int = 0
    contractors_killed: int = 0
    contractors_wounded: int = 0
    civilians_killed: int = 0
    civilians_wounded: int = 0
    sick: int = 0  # people who fell sick for want of supplies (cases)
    initial: dict[str, int] = field(default_factory=dict)  # containers/vehicles/sensitive
    containers: Tally = field(default_factory=Tally)
    vehicles: Tally = field(default_factory=Tally)
    sensitive: Tally = field(default_factory=Tally)
    # containers/vehicles lost after they were handed over (site_looted): a part of each kind's
    # handed_over, lost by the host, not by the mission. Dumped only when there are any: games
    # without it keep their digests.
    after_handover: dict[str, int] = field(
        default_factory=dict, metadata={"exclude_if": lambda v: not v}
    )


@mutable
class LogEntry(Mutable):
    """One entry of the game's log: its day, display kind, text and typed data."""

    day: int
    kind: LogKind
    text: str  # what happened, in English, for people to read (never to match)
    data: AnyLogData  # what happened, typed: one class per `what`

    @property
    def what(self) -> str:
        return self.data.what


@mutable
class Concession(Mutable):
    """Something offered to the host in return for its goodwill, and what it commits."""

    offer: Literal["leave_equipment", "hold_camp", "share_schedule"]
    site: str
    day: int
    until: int  # last day it is in force
    containers: int = 0
    status: Literal["active", "kept", "broken"] = "active"


@mutable
class PendingChoice(Mutable):
    """An event's choice waiting for the player's answer."""

    event: str
    day: int


@mutable
class Estimate(Mutable):
    """What the player was told before dispatch, to compare with what happened."""

    convoy: str
    day: int
    ied: float
    ambush: float
    true_ied: float
    true_ambush: float
    expected_delay: float
    incidents: int = 0
    # Expected outcome from the TRUE odds at the moment of the decision (decision against luck).
    expected_killed: float = 0.0
    expected_wounded: float = 0.0
    expected_loads_lost: float = 0.0
    expected_days: float = 0.0


@mutable
class FlightEstimate(Mutable):
    """A flight's odds as told (intelligence) and as true, and its expected wounded from the true
    odds, at the moment it was sent: a result splits into decision and luck."""

    flight: str
    day: int
    fired_on: float
    true_fired_on: float
    expected_wounded: float


@mutable
class DayRecord(Mutable):
    """The day's figures as they stood at its end (the review's charts)."""

    day: int
    withdrawn: int
    remaining: int
    killed: int
    containers_out: int
    relations: float


@mutable
class State(Mutable):
    """Everything that changes during a game."""

    day: int = 0
    date: dt.date
    finished: bool = False
    end_reason: str = ""
    relations: float
    conditions: list[HostCondition] = field(default_factory=list)  # the host's, in force
    pressure: dict[str, float] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    blocked: dict[str, int] = field(default_factory=dict)  # route id -> last blocked day
    sites: dict[str, SiteState] = field(default_factory=dict)
    convoys: list[Convoy] = field(default_factory=list)
    flights: list[Flight] = field(default_factory=list)
    requests: dict[str, Request] = field(default_factory=dict)
    fired: dict[str, str] = field(default_factory=dict)  # event id -> choice id or ''
    released: list[str] = field(default_factory=list)
    pending_choices: list[PendingChoice] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    qrf_free: int = 0
    sorties: dict[str, int] = field(default_factory=dict)  # aircraft id -> per day
    sorties_used: dict[str, int] = field(default_factory=dict)
    landings_used: dict[str, int] = field(default_factory=dict)
    last_engage: int = -1000
    unauthorized_moves: int = 0
    next_id: int = 1
    garrison_days_ok: int = 0
    garrison_days: int = 0
    estimates: list[Estimate] = field(default_factory=list)
    flight_estimates: list[FlightEstimate] = field(default_factory=list)
    history: list[DayRecord] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    # What the host holds against the mission, by cause.
    grievances: dict[str, float] = field(default_factory=dict)
    meetings: list[int] = field(default_factory=list)  # days of recent meetings
    concessions: list[Concession] = field(default_factory=list)
    # The contributing countries' goodwill, 0-100 (rules.equipment).
    contributors: float = 100.0
    # site id -> day the contributors' consent to destroy equipment there holds from
    consents: dict[str, int] = field(default_factory=dict)
    destruction: dict[str, Destruction] = field(default_factory=dict)  # site id -> under way
    # exit site id -> containers/sensitive waiting there to leave the country
    export_queue: dict[str, dict[str, int]] = field(default_factory=dict)
    # side (army, armed) -> site id -> estimated arrival day (absent: never)
    arrivals: dict[str, dict[str, int]] = field(default_factory=dict)
