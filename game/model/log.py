"""Typed log data: one class per kind of happening, told apart by its `what`.

Every log entry carries one of these as its `data`: who, where, how many, and which order or
request caused it. Code outside the engine reads these fields; the entry's English `text` is for
showing to a person only, never for matching.

Each is a frozen, slotted stdlib dataclass (`@logged`): the engine builds them as plain Python (the
log is its hot path), without validation. A state loaded from JSON validates them through its adapter
(`adapters.py`), by the `what` discriminator of `AnyLogData`, unknown keys refused.

Over 500 lines on purpose: one small class per kind of happening (a flat catalogue), with the
union that tells them apart; splitting it would only scatter the catalogue.
"""

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from dataclasses import Field as DataclassField
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, dataclass_transform

from .declare import Rule
from .orders import Order, parse_logged
from .plain import Plain, names, values, wrong_fields

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


_set = object.__setattr__


class LogData(Plain):
    """The base of every log data class (`@logged`). `KIND` is the log entry's display kind (UI
    styles).

    Frozen: what happened does not change afterwards; a name that is not a field raises. Built as
    `Model(**fields)`, without validation: one `__init__` for all of them, written here (plain.py
    says why), refusing a field the class does not have or a required one left out."""

    __slots__ = ()
    __pydantic_config__ = {"extra": "forbid"}  # pydantic's ConfigDict (a TypedDict)

    KIND: ClassVar[LogKind]
    what: str
    _template: ClassVar[dict[str, Any]]  # every field, with its default or MISSING
    _required: ClassVar[frozenset[str]]
    if TYPE_CHECKING:  # what makes it a dataclass to the type checker (each subclass is one)
        __dataclass_fields__: ClassVar[dict[str, DataclassField[Any]]]

    def __init__(self, **given: Any) -> None:
        template = self._template
        merged = {**template, **given}
        if len(merged) != len(template) or not self._required <= given.keys():
            raise TypeError(self._wrong(given))
        for name, value in merged.items():
            _set(self, name, value)

    @classmethod
    def _wrong(cls, given: dict[str, Any]) -> str:
        return wrong_fields(cls, cls._template, cls._required, given)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(values(self))

    # copy and pickle set a slotted object's fields with setattr, unless it says how
    def __getstate__(self) -> tuple[Any, ...]:
        return values(self)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for name, value in zip(names(type(self)), state, strict=True):
            _set(self, name, value)


D = TypeVar("D", bound=LogData)


@dataclass_transform(kw_only_default=True, frozen_default=True)
def logged(cls: type[D]) -> type[D]:
    """A log data class: a slotted, keyword-only dataclass on `LogData`'s shared `__init__`."""
    out = dataclass(slots=True, kw_only=True, init=False, eq=False, repr=False)(cls)
    template: dict[str, Any] = {}
    for f in fields(out):
        if f.default_factory is not MISSING:
            raise TypeError(f"{out.__name__}.{f.name}: log data fields take plain defaults")
        template[f.name] = f.default
    out._template = template
    out._required = frozenset(name for name, d in template.items() if d is MISSING)
    return out


# --------------------------------------------------------------------------- orders


@logged
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


@logged
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


@logged
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


@logged
class RelationsChanged(LogData):
    """The host's relations with the mission change, and why."""

    KIND = "host"
    what: Literal["relations"] = "relations"
    before: float
    after: float
    delta: float
    cause: str  # what changed them, as shown to the player


@logged
class AuthorizationExpired(LogData):
    """An approved request's authorization runs out unused."""

    KIND = "host"
    what: Literal["authorization_expired"] = "authorization_expired"
    request: str


@logged
class Grievance(LogData):
    """The host takes offence: grievance points under a cause."""

    KIND = "host"
    what: Literal["grievance"] = "grievance"
    cause: str  # e.g. unauthorized, destruction, pressing, broken_promise
    amount: float
    total: float  # all the host's grievance after it


@logged
class HostOperation(LogData):
    """The army's operation begins or ends."""

    KIND = "host"
    what: Literal["operation"] = "operation"
    operation: str
    phase: Literal["begins", "ends"]


@logged
class ConcessionEnded(LogData):
    """A promise to the host ends: kept (it ran its course) or broken."""

    KIND = "host"
    what: Literal["concession_ended"] = "concession_ended"
    offer: Offer
    site: str
    status: Literal["kept", "broken"]


@logged
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


@logged
class OverwatchDecision(LogData):
    """The host clears a movement's helicopter overwatch flights, or refuses them."""

    KIND = "host"
    what: Literal["overwatch_decision"] = "overwatch_decision"
    request: str
    cleared: bool
    reason: str = ""  # why it was refused, when a standing rule forbids it


# --------------------------------------------------------------------------- moves


@logged
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


@logged
class OverwatchMissed(LogData):
    """A convoy cleared for helicopter overwatch goes without it today: no helicopter was free."""

    KIND = "incident"
    what: Literal["no_overwatch"] = "no_overwatch"
    convoy: str
    request: str | None


@logged
class EscortReturning(LogData):
    """A convoy's escort heads back to the camp it came from, as a convoy of its own."""

    KIND = "move"
    what: Literal["escort_returning"] = "escort_returning"
    convoy: str  # the escort's own convoy
    escort_of: str  # the convoy it escorted
    troops: int
    destination: str  # the camp it goes back to


@logged
class FlightIncident(LogData):
    """Something that happened to a flight: fired on from the ground."""

    KIND = "incident"
    what: Literal["flight_incident"] = "flight_incident"
    flight: str
    request: str | None
    incident: Literal["ground_fire"]
    wounded: int = 0
    turned_back: bool = False
    unloaded_at: str  # site id where its cargo was unloaded, or 'home'


@logged
class ConvoyArrived(LogData):
    """A convoy reaches its destination, with what it carried."""

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


@logged
class FlightLanded(LogData):
    """A flight lands at its destination, with what it carried."""

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


@logged
class SiteAttack(LogData):
    """Armed groups attack a camp: the killed, wounded and containers destroyed."""

    KIND = "security"
    what: Literal["site_attack"] = "site_attack"
    site: str
    killed: int
    wounded: int
    containers: int  # containers destroyed


@logged
class SiteSeized(LogData):
    """Armed groups occupy an empty camp: what was still there is lost."""

    KIND = "security"
    what: Literal["site_seized"] = "site_seized"
    site: str
    containers: int
    vehicles: int
    sensitive: int


@logged
class SiteOccupiedInformally(LogData):
    """Host forces take an empty camp without a handover: equipment handed over, sensitive lost."""

    KIND = "security"
    what: Literal["site_occupied_informally"] = "site_occupied_informally"
    site: str
    containers: int
    vehicles: int
    sensitive_lost: int


@logged
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


@logged
class QrfLeft(LogData):
    """The quick-reaction force leaves a site and is free again."""

    KIND = "info"
    what: Literal["qrf_left"] = "qrf_left"
    site: str


@logged
class SiteAbandoned(LogData):
    """The last people leave a camp without a handover: it stands empty, abandoned."""

    KIND = "deadline"
    what: Literal["site_abandoned"] = "site_abandoned"
    site: str


@logged
class TargetMissed(LogData):
    """A camp's target closure date passes with people still there."""

    KIND = "deadline"
    what: Literal["target_missed"] = "target_missed"
    site: str
    people: int  # people still there


@logged
class ContingentLate(LogData):
    """A contingent still has people in the country after the date it had to leave by."""

    KIND = "deadline"
    what: Literal["contingent_late"] = "contingent_late"
    contingent: str
    people: int  # its people still in the country
    goodwill: float  # contributors' goodwill lost


@logged
class GameEnd(LogData):
    """The game ends: everyone has left, or the deadline came."""

    KIND = "deadline"
    what: Literal["game_end"] = "game_end"
    reason: Literal["everyone has left", "deadline"]


@logged
class CiviliansHarmed(LogData):
    """With the mission gone from a camp before its mandate ends, armed men attack the town."""

    KIND = "security"
    what: Literal["civilians_harmed"] = "civilians_harmed"
    site: str
    killed: int
    wounded: int


@logged
class ArrivalMoved(LogData):
    """The host's army or armed groups are now expected at a camp on another day (or never)."""

    KIND = "info"
    what: Literal["arrival_moved"] = "arrival_moved"
    site: str
    side: Side
    day: int | None  # the day they are expected (None: never)


# --------------------------------------------------------------------------- equipment


@logged
class ConsentAnswered(LogData):
    """The contributing countries answer a request for consent to destroy their equipment."""

    KIND = "info"
    what: Literal["consent"] = "consent"
    site: str
    given: bool


@logged
class DestructionStopped(LogData):
    """Destruction at a site stops with no one left to do it; what remains to destroy."""

    KIND = "info"
    what: Literal["destruction_stopped"] = "destruction_stopped"
    site: str
    containers: int
    vehicles: int
    sensitive: int


@logged
class DestructionComplete(LogData):
    """Destruction at a site is done."""

    KIND = "info"
    what: Literal["destruction_complete"] = "destruction_complete"
    site: str
    days: int  # days the destruction took


# --------------------------------------------------------------------------- supplies


@logged
class RoadSupply(LogData):
    """Road resupply to a camp is cut, or resumes."""

    KIND = "info"
    what: Literal["road_supply"] = "road_supply"
    site: str
    cut: bool
    days: float  # days of fuel, water and food left


@logged
class SupplyStage(LogData):
    """A camp's or convoy's supply changes stage: 0 normal, 1 reduced rations, 2 run out."""

    KIND = "info"
    what: Literal["supply_stage"] = "supply_stage"
    site: str | None = None
    convoy: str | None = None
    stage: int
    sick: int = 0  # people who fall sick each day it is out


@logged
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


@logged
class EventFired(LogData):
    """A scenario event fires (historical: it happened in the real drawdown)."""

    KIND = "event"
    what: Literal["event"] = "event"
    event: str
    historical: bool = False


@logged
class ChoiceDefaulted(LogData):
    """No answer to an event's choice in time: its default applies (a `choice` entry follows)."""

    KIND = "choice"
    what: Literal["choice_defaulted"] = "choice_defaulted"
    event: str
    choice: str


@logged
class ChoiceLapsed(LogData):
    """A decision about a site that has closed lapses: nothing is left to decide."""

    KIND = "choice"
    what: Literal["choice_lapsed"] = "choice_lapsed"
    event: str
    site: str


@logged
class ChoiceMade(LogData):
    """An event's choice is answered (or defaults)."""

    KIND = "choice"
    what: Literal["choice"] = "choice"
    event: str
    choice: str
    default: bool = False  # applied by default, not chosen


@logged
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
BY_WHAT: dict[str, type[LogData]] = {m._template["what"]: m for m in LOG_DATA}

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
    Rule(discriminator="what"),
]
