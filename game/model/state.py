"""Game state: everything that changes during a game, as plain pydantic models the engine mutates."""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .content import HostCondition

# The log's typed data lives in log.py; re-exported here beside LogEntry.
from .log import BY_WHAT as BY_WHAT
from .log import LOG_DATA as LOG_DATA
from .log import AnyLogData
from .log import LogData as LogData
from .orders import MoveUnauthorized, RequestFlight, RequestMovement

SiteStatus = Literal["open", "drawing_down", "handed_over", "abandoned", "seized"]
CLOSED = ("handed_over", "abandoned", "seized")
HELD = ("open", "drawing_down")
M = TypeVar("M", bound=BaseModel)


class Mutable(BaseModel):
    """A model the engine changes in place: validated where it comes in (built, loaded), not on
    every assignment.

    Assigning a field writes it straight into the instance (pydantic's own `__setattr__` costs a
    handler lookup per assignment, and the engine makes tens of thousands a game); an unknown
    name still raises. `model_fields_set` is not updated by assignment: nothing here dumps with
    `exclude_unset`.

    Validators are built when first needed (defer_build): a new game's state is made by the engine
    from checked content with `model_construct` (engine/setup.py), so its first screen builds none;
    a summary or a loaded save builds them then."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    if not TYPE_CHECKING:  # typed as BaseModel's own __setattr__

        def __setattr__(self, name: str, value: Any) -> None:
            if name in self.__pydantic_fields__:
                self.__dict__[name] = value
            else:
                super().__setattr__(name, value)


_set = object.__setattr__


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """`cls.model_construct(**values)` without its per-field loop, for the engine's hot paths.

    `values` must give every field, in declaration order, already valid; the model must have no
    private attributes or post-init (LogEntry, DayRecord). The result is the same object.
    """
    m = cls.__new__(cls)
    _set(m, "__dict__", values)
    _set(m, "__pydantic_fields_set__", set(values))
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


class Holdings(Mutable):
    """People by contingent and equipment: what a site holds, or what a convoy or flight carries."""

    people: dict[str, int] = Field(default_factory=dict)
    containers: int = 0
    vehicles: int = 0
    sensitive: int = 0
    trucks: int = 0
    eod_teams: int = 0

    @property
    def headcount(self) -> int:
        return sum(self.people.values())


class SiteState(Holdings):
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
    committed: int = Field(
        0, description="Containers promised to the host (leave_equipment): they stay at the camp"
    )
    # Fuel, water and food (engine/supplies.py): days left at the reference garrison, the store's
    # size, the people a day of supply feeds (0: not supplied), the stage last logged
    # (0 normal, 1 reduced rations, 2 empty) and whether road resupply was cut when last seen.
    supply_days: float = 0.0
    supply_full: float = 0.0
    supply_ref: int = 0
    supply_stage: int = 0
    supply_cut: bool = False
    agreed_handover: dt.date | None = None
    destroyed: int = Field(0, description="Items (containers, vehicles, sensitive) destroyed here")
    handed: dict[str, int] = Field(
        default_factory=dict,
        exclude=True,  # not in the digest: it follows from the logged handover
        description="containers/vehicles handed over here and not lost since (site_looted)",
    )

    @property
    def closed(self) -> bool:
        return self.status in CLOSED and self.headcount == 0

    @property
    def held(self) -> bool:
        """The mission still holds it: open or drawing down (not handed over, abandoned, seized)."""
        return self.status in HELD


class Cargo(Holdings):
    """What a convoy or flight carries."""


class Convoy(Mutable):
    id: str
    request: str | None
    origin: str
    destination: str
    routes: list[str]
    stretches: list[tuple[str, int]] = Field(description="(route id, stretch index) in order")
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
    leaked: bool = Field(False, description="Left while its schedule was shared with the host")
    stopped: int = Field(0, description="Times stopped at the host's checkpoints")
    base_days: int = Field(0, description="Normal days of the journey; the rest are slow-downs")
    length: int = Field(0, description="Column length (trucks + own vehicles) at departure")
    overwatch: bool = Field(False, description="Cleared helicopter overwatch flies over it")
    escort_troops: int = Field(0, description="Escort troops who go back to a camp still held")
    returning: bool = Field(False, description="An escort going back to its camp")
    supply_days: float = 0.0
    supply_stage: int = 0


class Flight(Mutable):
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
    return order.model_dump(mode="json", exclude={"date", *unset})


StoredOrder = Annotated[
    RequestMovement | MoveUnauthorized | RequestFlight,
    Field(discriminator="kind"),
    PlainSerializer(_stored_order_json),
]


class Request(Mutable):
    id: str
    kind: Literal["movement", "flight"]
    order: StoredOrder = Field(description="The request order as given (a movement or a flight)")
    requested: int
    decide: int
    status: Literal["pending", "approved", "delayed", "denied", "expired", "used", "cancelled"] = (
        "pending"
    )
    conditions: list[str] = Field(default_factory=list)
    max_trucks: int | None = None
    no_sensitive: bool = False
    valid_from: int = -1
    valid_until: int = -1
    reason: str = ""
    pressed: int = 0
    overwatch: bool = Field(False, description="Overwatch flights were cleared with it")


class Tally(Mutable):
    """Where equipment of one kind ended up (besides at sites and in transit)."""

    repatriated: int = 0
    handed_over: int = 0
    destroyed: int = 0
    lost: int = 0
    awaiting_export: int = 0


class Destruction(Mutable):
    """Destruction under way at a site: what is still to be destroyed there."""

    containers: int = 0
    vehicles: int = 0
    sensitive: int = 0
    started: int = 0


class Ledger(Mutable):
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
    sick: int = Field(0, description="People who fell sick for want of supplies (cases)")
    initial: dict[str, int] = Field(
        default_factory=dict, description="containers/vehicles/sensitive"
    )
    containers: Tally = Tally.model_construct()
    vehicles: Tally = Tally.model_construct()
    sensitive: Tally = Tally.model_construct()
    after_handover: dict[str, int] = Field(
        default_factory=dict,
        exclude_if=lambda v: not v,  # games without it keep their digests
        description="containers/vehicles lost after they were handed over (site_looted): a "
        "part of each kind's handed_over, lost by the host, not by the mission",
    )


class LogEntry(Mutable):
    day: int
    kind: Literal[
        "order",
        "refused",
        "host",
        "move",
        "incident",
        "security",
        "event",
        "choice",
        "deadline",
        "info",
    ]
    text: str = Field(description="what happened, in English, for people to read (never to match)")
    data: AnyLogData = Field(description="what happened, typed: one model per `what`")

    @property
    def what(self) -> str:
        return self.data.what


class Concession(Mutable):
    """Something offered to the host in return for its goodwill, and what it commits."""

    offer: Literal["leave_equipment", "hold_camp", "share_schedule"]
    site: str
    day: int
    until: int = Field(description="Last day it is in force")
    containers: int = 0
    status: Literal["active", "kept", "broken"] = "active"


class PendingChoice(Mutable):
    event: str
    day: int


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


class FlightEstimate(Mutable):
    """A flight's odds as told (intelligence) and as true, and its expected wounded from the true
    odds, at the moment it was sent: a result splits into decision and luck."""

    flight: str
    day: int
    fired_on: float
    true_fired_on: float
    expected_wounded: float


class DayRecord(Mutable):
    day: int
    withdrawn: int
    remaining: int
    killed: int
    containers_out: int
    relations: float


class State(Mutable):
    day: int = 0
    date: dt.date
    finished: bool = False
    end_reason: str = ""
    relations: float
    conditions: list[HostCondition] = Field(
        default_factory=list, description="The host's standing conditions in force"
    )
    pressure: dict[str, float] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    blocked: dict[str, int] = Field(
        default_factory=dict, description="route id -> last blocked day"
    )
    sites: dict[str, SiteState] = Field(default_factory=dict)
    convoys: list[Convoy] = Field(default_factory=list)
    flights: list[Flight] = Field(default_factory=list)
    requests: dict[str, Request] = Field(default_factory=dict)
    fired: dict[str, str] = Field(default_factory=dict, description="event id -> choice id or ''")
    released: list[str] = Field(default_factory=list)
    pending_choices: list[PendingChoice] = Field(default_factory=list)
    ledger: Ledger = Ledger.model_construct()
    qrf_free: int = 0
    sorties: dict[str, int] = Field(default_factory=dict, description="aircraft id -> per day")
    sorties_used: dict[str, int] = Field(default_factory=dict)
    landings_used: dict[str, int] = Field(default_factory=dict)
    last_engage: int = -1000
    unauthorized_moves: int = 0
    next_id: int = 1
    garrison_days_ok: int = 0
    garrison_days: int = 0
    estimates: list[Estimate] = Field(default_factory=list)
    flight_estimates: list[FlightEstimate] = Field(default_factory=list)
    history: list[DayRecord] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    grievances: dict[str, float] = Field(
        default_factory=dict, description="What the host holds against the mission, by cause"
    )
    meetings: list[int] = Field(default_factory=list, description="Days of recent meetings")
    concessions: list[Concession] = Field(default_factory=list)
    contributors: float = Field(
        100.0, description="The contributing countries' goodwill, 0-100 (rules.equipment)"
    )
    consents: dict[str, int] = Field(
        default_factory=dict,
        description="site id -> day the contributors' consent to destroy equipment there holds from",
    )
    destruction: dict[str, Destruction] = Field(
        default_factory=dict, description="site id -> destruction under way there"
    )
    export_queue: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="exit site id -> containers/sensitive waiting there to leave the country",
    )
    arrivals: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="side (army, armed) -> site id -> estimated arrival day (absent: never)",
    )
