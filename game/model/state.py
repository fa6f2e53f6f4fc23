"""Game state: everything that changes during a game, as plain pydantic models the engine mutates."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SiteStatus = Literal["open", "drawing_down", "handed_over", "abandoned", "seized"]
CLOSED = ("handed_over", "abandoned", "seized")
M = TypeVar("M", bound=BaseModel)


class Mutable(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    agreed_handover: dt.date | None = None

    @property
    def closed(self) -> bool:
        return self.status in CLOSED and self.headcount == 0


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


class Request(Mutable):
    id: str
    kind: Literal["movement", "flight"]
    order: dict[str, Any]
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


class Tally(Mutable):
    """Where equipment of one kind ended up (besides at sites and in transit)."""

    repatriated: int = 0
    handed_over: int = 0
    destroyed: int = 0
    lost: int = 0


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
    initial: dict[str, int] = Field(
        default_factory=dict, description="containers/vehicles/sensitive"
    )
    containers: Tally = Tally()
    vehicles: Tally = Tally()
    sensitive: Tally = Tally()


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
    text: str
    data: dict[str, Any] = Field(default_factory=dict)


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
    conditions: list[dict[str, Any]] = Field(default_factory=list)
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
    ledger: Ledger = Ledger()
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
    history: list[DayRecord] = Field(default_factory=list)
    log: list[LogEntry] = Field(default_factory=list)
    arrivals: dict[str, dict[str, int]] = Field(
        default_factory=dict,
        description="side (army, armed) -> site id -> estimated arrival day (absent: never)",
    )
