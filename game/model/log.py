"""Typed log data: one class per kind of happening, told apart by its `what`.

Every log entry carries one of these as its `data`: who, where, how many, and which order or
request caused it. Code outside the engine reads these fields; the entry's English `text` is for
showing to a person only, never for matching.

Each is a frozen, slotted stdlib dataclass: the engine builds them as plain Python (the log is its
hot path), without validation. A state loaded from JSON validates them through its adapter
(`adapters.py`), by the `what` discriminator of `AnyLogData`, unknown keys refused.

Over 500 lines on purpose: one small class per kind of happening (a flat catalogue), with the
union that tells them apart; splitting it would only scatter the catalogue.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from .orders import Order, parse_logged

Casualties = Literal["peacekeepers", "contractors"]
Exposure = Literal["halted", "slow going"]
Offer = Literal["leave_equipment", "hold_camp", "share_schedule"]
Side = Literal["army", "armed"]
# A log entry's display kind (UI styles), one per data class.
LogKind = Literal[
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


class LogData:
    """The base of every log data class. `KIND` is the log entry's display kind (UI styles).

    Each subclass is a `@dataclass(frozen=True, slots=True, kw_only=True)`: what happened does not
    change afterwards, and a name that is not a field raises. `model(**fields)` builds one (the
    tests check every `ctx.log` call in the engine names only fields of its class and every
    required one, and validate every entry of full games)."""

    __slots__ = ()
    __pydantic_config__ = ConfigDict(extra="forbid")

    KIND: ClassVar[LogKind]
    what: str

    if TYPE_CHECKING:  # each subclass's dataclass __init__ takes its own fields
        __dataclass_fields__: ClassVar[dict[str, Any]]

        def __init__(self, **fields: Any) -> None: ...


# --------------------------------------------------------------------------- orders


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderApplied(LogData):
    """An order that applied."""

    KIND = "order"
    what: Literal["order"] = "order"
    order: dict[str, Any]  # the order in its JSON form
    # What the order made or acted on: a request, convoy, flight, site or event id
    ref: str | None = None

    @property
    def order_kind(self) -> str:
        return str(self.order.get("kind", ""))

    @property
    def given(self) -> Order | None:
        """The order, typed. The log keeps it as given (its JSON form, hashed by the digest as it
        is); read it through this, not by its keys. None only in a log edited by hand: what the
        engine logs applied, so it is a valid order."""
        return parse_logged(self.order)


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderRefused(LogData):
    """An order that was refused, and why."""

    KIND = "refused"
    what: Literal["refused"] = "refused"
    order: dict[str, Any]  # the order in its JSON form
    reason: str

    @property
    def order_kind(self) -> str:
        return str(self.order.get("kind", ""))

    @property
    def given(self) -> Order | None:
        """The order, typed; None when it was refused for not being a valid order at all."""
        return parse_logged(self.order)


# --------------------------------------------------------------------------- host


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestDecision(LogData):
    """The host's answer to a movement or flight request."""

    KIND = "host"
    what: Literal["request_decision"] = "request_decision"
    request: str
    outcome: Literal["approved", "delayed", "denied"]
    conditions: list[str] | None = None
    valid_from: int | None = None  # first day the authorization is valid
    valid_until: int | None = None  # last day the authorization is valid
    answer_due: int | None = None  # day the delayed answer is due
    reason: str = ""  # why it was denied


@dataclass(frozen=True, slots=True, kw_only=True)
class RelationsChanged(LogData):
    KIND = "host"
    what: Literal["relations"] = "relations"
    before: float
    after: float
    delta: float
    cause: str  # what changed them, as shown to the player


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorizationExpired(LogData):
    KIND = "host"
    what: Literal["authorization_expired"] = "authorization_expired"
    request: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Grievance(LogData):
    """The host takes offence: grievance points under a cause."""

    KIND = "host"
    what: Literal["grievance"] = "grievance"
    cause: str  # e.g. unauthorized, destruction, pressing, broken_promise
    amount: float
    total: float  # all the host's grievance after it


@dataclass(frozen=True, slots=True, kw_only=True)
class HostOperation(LogData):
    """The army's operation begins or ends."""

    KIND = "host"
    what: Literal["operation"] = "operation"
    operation: str
    phase: Literal["begins", "ends"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConcessionEnded(LogData):
    """A promise to the host ends: kept (it ran its course) or broken."""

    KIND = "host"
    what: Literal["concession_ended"] = "concession_ended"
    offer: Offer
    site: str
    status: Literal["kept", "broken"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckpointStop(LogData):
    """An unauthorized convoy stopped at one of the army's checkpoints."""

    KIND = "host"
    what: Literal["checkpoint"] = "checkpoint"
    convoy: str
    outcome: Literal["held", "turned_back"]
    route: str
    stretch: int  # index of the stretch on the route
    days: int = 0  # days it is held
    back_to: str | None = None  # the site it turns back to


@dataclass(frozen=True, slots=True, kw_only=True)
class OverwatchDecision(LogData):
    """The host clears a movement's helicopter overwatch flights, or refuses them."""

    KIND = "host"
    what: Literal["overwatch_decision"] = "overwatch_decision"
    request: str
    cleared: bool
    reason: str = ""  # why it was refused, when a standing rule forbids it


# --------------------------------------------------------------------------- moves


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvoyIncident(LogData):
    """Something that happened to a convoy on a stretch of road."""

    KIND = "incident"
    what: Literal["convoy_incident"] = "convoy_incident"
    convoy: str
    request: str | None  # the authorization it moves under (None: unauthorized)
    incident: Literal["ied", "ambush", "breakdown", "weather"]
    route: str
    stretch: int  # index of the stretch on the route
    killed: int = 0
    wounded: int = 0
    casualties: Casualties | None = None  # whose the killed and wounded are
    vehicles_lost: int = 0
    trucks_lost: int = 0
    containers_lost: int = 0
    sensitive_lost: int = 0
    delay: int = 0  # days of delay it adds
    saved: int = 0  # lives the convoy's armour saved (counted as wounded)
    # An ambush on a day longer on the stretch: why the convoy was there
    exposure: Exposure | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OverwatchMissed(LogData):
    """A convoy cleared for helicopter overwatch goes without it today: no helicopter was free."""

    KIND = "incident"
    what: Literal["no_overwatch"] = "no_overwatch"
    convoy: str
    request: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class EscortReturning(LogData):
    """A convoy's escort heads back to the camp it came from, as a convoy of its own."""

    KIND = "move"
    what: Literal["escort_returning"] = "escort_returning"
    convoy: str  # the escort's own convoy
    escort_of: str  # the convoy it escorted
    troops: int
    destination: str  # the camp it goes back to


@dataclass(frozen=True, slots=True, kw_only=True)
class FlightIncident(LogData):
    KIND = "incident"
    what: Literal["flight_incident"] = "flight_incident"
    flight: str
    request: str | None
    incident: Literal["ground_fire"]
    wounded: int = 0
    turned_back: bool = False
    unloaded_at: str  # site id where its cargo was unloaded, or 'home'


@dataclass(frozen=True, slots=True, kw_only=True)
class ConvoyArrived(LogData):
    KIND = "move"
    what: Literal["convoy_arrived"] = "convoy_arrived"
    convoy: str
    request: str | None
    origin: str
    destination: str
    left_country: bool  # it crossed the border out of the country
    days: int
    people: int
    containers: int
    vehicles: int
    sensitive: int


@dataclass(frozen=True, slots=True, kw_only=True)
class FlightLanded(LogData):
    KIND = "move"
    what: Literal["flight_landed"] = "flight_landed"
    flight: str
    request: str | None
    origin: str
    destination: str
    people: int
    containers: int
    sensitive: int


# --------------------------------------------------------------------------- sites


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteAttack(LogData):
    KIND = "security"
    what: Literal["site_attack"] = "site_attack"
    site: str
    killed: int
    wounded: int
    containers: int  # containers destroyed


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSeized(LogData):
    """Armed groups occupy an empty camp: what was still there is lost."""

    KIND = "security"
    what: Literal["site_seized"] = "site_seized"
    site: str
    containers: int
    vehicles: int
    sensitive: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteOccupiedInformally(LogData):
    """Host forces take an empty camp without a handover: equipment handed over, sensitive lost."""

    KIND = "security"
    what: Literal["site_occupied_informally"] = "site_occupied_informally"
    site: str
    containers: int
    vehicles: int
    sensitive_lost: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteLooted(LogData):
    """A camp left or handed over is looted afterwards (site_looted effect): what the mission
    still held there is lost; what it had handed over is lost to the host, not to the mission."""

    KIND = "security"
    what: Literal["site_looted"] = "site_looted"
    site: str
    containers: int  # the mission's containers lost there
    vehicles: int  # the mission's vehicles lost there
    sensitive: int  # the mission's sensitive items lost there
    handed_containers: int  # containers handed over there, lost by the host
    handed_vehicles: int  # vehicles handed over there, lost by the host


@dataclass(frozen=True, slots=True, kw_only=True)
class QrfLeft(LogData):
    KIND = "info"
    what: Literal["qrf_left"] = "qrf_left"
    site: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteAbandoned(LogData):
    KIND = "deadline"
    what: Literal["site_abandoned"] = "site_abandoned"
    site: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetMissed(LogData):
    KIND = "deadline"
    what: Literal["target_missed"] = "target_missed"
    site: str
    people: int  # people still there


@dataclass(frozen=True, slots=True, kw_only=True)
class ContingentLate(LogData):
    """A contingent still has people in the country after the date it had to leave by."""

    KIND = "deadline"
    what: Literal["contingent_late"] = "contingent_late"
    contingent: str
    people: int  # its people still in the country
    goodwill: float  # contributors' goodwill lost


@dataclass(frozen=True, slots=True, kw_only=True)
class GameEnd(LogData):
    KIND = "deadline"
    what: Literal["game_end"] = "game_end"
    reason: Literal["everyone has left", "deadline"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CiviliansHarmed(LogData):
    """With the mission gone from a camp before its mandate ends, armed men attack the town."""

    KIND = "security"
    what: Literal["civilians_harmed"] = "civilians_harmed"
    site: str
    killed: int
    wounded: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrivalMoved(LogData):
    """The host's army or armed groups are now expected at a camp on another day (or never)."""

    KIND = "info"
    what: Literal["arrival_moved"] = "arrival_moved"
    site: str
    side: Side
    day: int | None  # the day they are expected (None: never)


# --------------------------------------------------------------------------- equipment


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentAnswered(LogData):
    """The contributing countries answer a request for consent to destroy their equipment."""

    KIND = "info"
    what: Literal["consent"] = "consent"
    site: str
    given: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionStopped(LogData):
    """Destruction at a site stops with no one left to do it; what remains to destroy."""

    KIND = "info"
    what: Literal["destruction_stopped"] = "destruction_stopped"
    site: str
    containers: int
    vehicles: int
    sensitive: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionComplete(LogData):
    KIND = "info"
    what: Literal["destruction_complete"] = "destruction_complete"
    site: str
    days: int  # days the destruction took


# --------------------------------------------------------------------------- supplies


@dataclass(frozen=True, slots=True, kw_only=True)
class RoadSupply(LogData):
    """Road resupply to a camp is cut, or resumes."""

    KIND = "info"
    what: Literal["road_supply"] = "road_supply"
    site: str
    cut: bool
    days: float  # days of fuel, water and food left


@dataclass(frozen=True, slots=True, kw_only=True)
class SupplyStage(LogData):
    """A camp's or convoy's supply changes stage: 0 normal, 1 reduced rations, 2 run out."""

    KIND = "info"
    what: Literal["supply_stage"] = "supply_stage"
    site: str | None = None
    convoy: str | None = None
    stage: int
    sick: int = 0  # people who fall sick each day it is out


@dataclass(frozen=True, slots=True, kw_only=True)
class ResupplyFlight(LogData):
    """A resupply flight delivers fuel, water and food to a camp or a convoy (or finds none)."""

    KIND = "move"
    what: Literal["resupply"] = "resupply"
    flight: str
    request: str | None
    destination: str  # the site or convoy id it flew to
    delivered: bool  # False: no such convoy on the road; the load comes back
    added: float  # days of supply added


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFired(LogData):
    KIND = "event"
    what: Literal["event"] = "event"
    event: str
    historical: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceDefaulted(LogData):
    """No answer to an event's choice in time: its default applies (a `choice` entry follows)."""

    KIND = "choice"
    what: Literal["choice_defaulted"] = "choice_defaulted"
    event: str
    choice: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceLapsed(LogData):
    """A decision about a site that has closed lapses: nothing is left to decide."""

    KIND = "choice"
    what: Literal["choice_lapsed"] = "choice_lapsed"
    event: str
    site: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceMade(LogData):
    KIND = "choice"
    what: Literal["choice"] = "choice"
    event: str
    choice: str
    default: bool = False  # applied by default, not chosen


@dataclass(frozen=True, slots=True, kw_only=True)
class Message(LogData):
    """A scenario's message effect."""

    KIND = "info"
    what: Literal["message"] = "message"


LOG_DATA: tuple[type[LogData], ...] = (
    OrderApplied,
    OrderRefused,
    RequestDecision,
    RelationsChanged,
    AuthorizationExpired,
    Grievance,
    HostOperation,
    ConcessionEnded,
    CheckpointStop,
    OverwatchDecision,
    ConvoyIncident,
    FlightIncident,
    OverwatchMissed,
    ConvoyArrived,
    FlightLanded,
    EscortReturning,
    SiteAttack,
    SiteSeized,
    SiteOccupiedInformally,
    SiteLooted,
    CiviliansHarmed,
    ArrivalMoved,
    QrfLeft,
    SiteAbandoned,
    TargetMissed,
    ContingentLate,
    GameEnd,
    ConsentAnswered,
    DestructionStopped,
    DestructionComplete,
    RoadSupply,
    SupplyStage,
    ResupplyFlight,
    EventFired,
    ChoiceDefaulted,
    ChoiceLapsed,
    ChoiceMade,
    Message,
)
BY_WHAT: dict[str, type[LogData]] = {m.__dataclass_fields__["what"].default: m for m in LOG_DATA}

AnyLogData = Annotated[
    OrderApplied
    | OrderRefused
    | RequestDecision
    | RelationsChanged
    | AuthorizationExpired
    | Grievance
    | HostOperation
    | ConcessionEnded
    | CheckpointStop
    | OverwatchDecision
    | ConvoyIncident
    | FlightIncident
    | OverwatchMissed
    | ConvoyArrived
    | FlightLanded
    | EscortReturning
    | SiteAttack
    | SiteSeized
    | SiteOccupiedInformally
    | SiteLooted
    | CiviliansHarmed
    | ArrivalMoved
    | QrfLeft
    | SiteAbandoned
    | TargetMissed
    | ContingentLate
    | GameEnd
    | ConsentAnswered
    | DestructionStopped
    | DestructionComplete
    | RoadSupply
    | SupplyStage
    | ResupplyFlight
    | EventFired
    | ChoiceDefaulted
    | ChoiceLapsed
    | ChoiceMade
    | Message,
    Field(discriminator="what"),
]
