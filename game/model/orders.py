"""Orders: what a player (or a bot, or an orders file) asks the engine to do, as tagged data."""

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from .content import Id
from .declare import Field, Rule, Strict

Count = Annotated[int, Rule(ge=0, le=100_000)]


class OrderBase(Strict):
    date: dt.date | None = Field(
        default=None,
        description="Day the order is given (orders files); unset means the current day",
    )


class RequestMovement(OrderBase):
    """Ask the host government to authorize a convoy."""

    kind: Literal["request_movement"] = Field(
        description="request_movement (ask first) or move_unauthorized (go now without asking)"
    )
    ref: Id | None = Field(
        default=None, description="Your name for this request (else R1, R2, ...)"
    )
    origin: Id = Field(description="Site id the convoy leaves from")
    destination: Id = Field(description="Site id the convoy goes to")
    via: list[Id] = Field(
        default_factory=list, description="Route ids to follow (else the fastest)"
    )
    people: Count = Field(default=0, description="People to move")
    contingent: Id | None = Field(default=None, description="Take people from this contingent only")
    containers: Count = Field(default=0, description="Containers to move")
    vehicles: Count = Field(default=0, description="Own vehicles to move (they also carry people)")
    sensitive: Count = Field(default=0, description="Sensitive items to move")
    trucks: Count = Field(default=0, description="Contracted trucks to take")
    escort: Literal["none", "light", "heavy"] = Field(
        default="none",
        description="Escort: none, light or heavy (troops from the origin's garrison)",
    )
    clearance: bool = Field(default=False, description="Send a route-clearance (EOD) team ahead")
    depart: dt.date | None = Field(default=None, description="Earliest departure date wanted")
    overwatch: bool = Field(
        default=False,
        description="Ask for helicopter overwatch: it needs its own flight clearance and a "
        "helicopter sortie each day on the road (none for a move without authorization)",
    )
    auto: bool | None = Field(  # None, not False, when unset: older logs and digests unchanged
        default=None,
        description="Dispatch it automatically on approval: the engine sends it, as approved, "
        "when the first turn it is authorized resolves (a refusal then is logged with its reason)",
    )


class MoveUnauthorized(RequestMovement):
    """Move a convoy at once without the host's authorization (a diplomatic and security cost)."""

    kind: Literal["move_unauthorized"] = Field(
        description="Which kind of order: 'move_unauthorized'"
    )  # type: ignore[assignment]


class RequestFlight(OrderBase):
    """Ask for a flight clearance. Destination 'home' flies out of the country; origin 'home' brings
    people in (a rotation)."""

    kind: Literal["request_flight"] = Field(description="Which kind of order: 'request_flight'")
    ref: Id | None = Field(
        default=None, description="Your name for this request (else R1, R2, ...)"
    )
    origin: Id = Field(description="Site id the flight leaves from, or 'home'")
    destination: Id = Field(description="Site id the flight goes to, or 'home'")
    aircraft: Id = Field(description="Aircraft id")
    sorties: int = Field(default=1, ge=1, le=50, description="Sorties to fly")
    people: Count = Field(default=0, description="People to carry")
    contingent: Id | None = Field(default=None, description="Take people from this contingent only")
    containers: Count = Field(default=0, description="Containers to carry")
    sensitive: Count = Field(default=0, description="Sensitive items to carry")
    depart: dt.date | None = Field(default=None, description="Earliest departure date wanted")
    purpose: Literal["transport", "resupply", "medevac"] | None = Field(
        default=None,
        description="transport (unset: people and loads); resupply (fuel, water and food for the "
        "destination camp, or for a convoy named by its id as destination; the host may clear it "
        "when it refuses other flights); medevac (a few people, no cargo; also cleared then)",
    )
    auto: bool | None = Field(  # None, not False, when unset: older logs and digests unchanged
        default=None,
        description="Dispatch it automatically on approval: the engine sends it, as approved, "
        "when the first turn it is authorized resolves (a refusal then is logged with its reason)",
    )
    every: int | None = Field(
        default=None,
        ge=1,
        le=60,
        description="A standing flight: each time it is dispatched, the same request is filed "
        "again to depart this many days later, until a request of the chain is cancelled, "
        "denied or expires",
    )


# A request the host answers, as a stored request or a planned leg holds it (a move without
# authorization is a RequestMovement too).
RequestOrder = RequestMovement | RequestFlight


def purpose_of(order: RequestOrder) -> str | None:
    """A requested order's purpose: a flight's (unset: transport); a convoy has none."""
    return order.purpose if isinstance(order, RequestFlight) else None


class Dispatch(OrderBase):
    """Send an authorized convoy or flight; with unauthorized=true, send it without authorization."""

    kind: Literal["dispatch"] = Field(description="Which kind of order: 'dispatch'")
    request: Id = Field(description="Ref of the request to send")
    unauthorized: bool = Field(
        default=False, description="Send it without (or before) the host's authorization"
    )
    # Partly using an approval: fewer than was approved, never more (unset: as approved).
    people: Count | None = Field(default=None, description="Send fewer people than approved")
    containers: Count | None = Field(
        default=None, description="Send fewer containers than approved"
    )
    vehicles: Count | None = Field(
        default=None, description="Send fewer vehicles than approved (convoys)"
    )
    sensitive: Count | None = Field(
        default=None,
        description="Send fewer sensitive items than approved (0 meets a 'no sensitive' condition)",
    )
    trucks: Count | None = Field(
        default=None,
        description="Send fewer trucks than approved (meets an 'at most N trucks' condition)",
    )
    sorties: int | None = Field(
        default=None, ge=1, le=50, description="Fly fewer sorties than approved (flights)"
    )

    def amendments(self) -> dict[str, int]:
        """The counts this dispatch changes from the approved request."""
        return {name: value for name in AMENDABLE if (value := getattr(self, name)) is not None}


AMENDABLE = ("people", "containers", "vehicles", "sensitive", "trucks", "sorties")


class Cancel(OrderBase):
    kind: Literal["cancel"] = Field(description="Which kind of order: 'cancel'")
    request: Id = Field(description="Request ref to cancel")


class Handover(OrderBase):
    """Hand a site over to the host authorities: what is left there passes to them."""

    kind: Literal["handover"] = Field(description="Which kind of order: 'handover'")
    site: Id = Field(description="Site id to hand over")


class Destroy(OrderBase):
    """Destroy equipment that cannot be moved (unset counts mean all of that kind): the people at
    the site do it over days; contingent-owned items need their country's consent (ask_consent)."""

    kind: Literal["destroy"] = Field(description="Which kind of order: 'destroy'")
    site: Id = Field(description="Site id where the equipment is destroyed")
    containers: Count | None = Field(default=None, description="Containers to destroy (unset: all)")
    vehicles: Count | None = Field(default=None, description="Vehicles to destroy (unset: all)")
    sensitive: Count | None = Field(
        default=None, description="Sensitive items to destroy (unset: all)"
    )


class AskConsent(OrderBase):
    """Ask the contributing countries at a site for consent to destroy their equipment there."""

    kind: Literal["ask_consent"] = Field(description="Which kind of order: 'ask_consent'")
    site: Id = Field(description="Site id whose contributors are asked")


class Reinforce(OrderBase):
    """Attach a quick-reaction force to a site for a few days."""

    kind: Literal["reinforce"] = Field(description="Which kind of order: 'reinforce'")
    site: Id = Field(description="Site id to reinforce")


class Engage(OrderBase):
    """Engage the host government: improve relations, or press a pending request."""

    kind: Literal["engage"] = Field(description="Which kind of order: 'engage'")
    request: Id | None = Field(
        default=None, description="Ref of a pending request to press (unset: improve relations)"
    )


class Choose(OrderBase):
    """Answer an event's choice."""

    kind: Literal["choose"] = Field(description="Which kind of order: 'choose'")
    event: Id = Field(description="Id of the event being answered")
    choice: Id = Field(description="Id of the choice taken")


class Release(OrderBase):
    """Instructor: release a held inject now."""

    kind: Literal["release"] = Field(description="Which kind of order: 'release'")
    event: Id = Field(description="Id of the held event or inject to release")


class Concede(OrderBase):
    """Offer the host a concession for its goodwill: it buys approvals and costs something real."""

    kind: Literal["concede"] = Field(description="Which kind of order: 'concede'")
    offer: Literal["leave_equipment", "hold_camp", "share_schedule"] = Field(
        description="leave_equipment: promise containers (and generators) to the host at a camp; "
        "hold_camp: promise not to leave a camp before a date; share_schedule: give the host a "
        "site's convoy schedule"
    )
    site: Id = Field(description="Site id the concession concerns")
    containers: Count | None = Field(
        default=None, description="leave_equipment: containers promised (unset: the rules' minimum)"
    )
    until: dt.date | None = Field(
        default=None,
        description="hold_camp: hold the camp until this date (unset: the rules' hold_days)",
    )


Order = Annotated[
    RequestMovement
    | MoveUnauthorized
    | RequestFlight
    | Dispatch
    | Cancel
    | Handover
    | Destroy
    | Reinforce
    | Engage
    | Choose
    | Release
    | Concede
    | AskConsent,
    Rule(discriminator="kind"),
]


def parse_logged(data: dict[str, Any]) -> Order | None:
    """An order as the log keeps it (its JSON form, as given), typed; None where it is no order
    at all, which only a log edited by hand holds (the engine refuses to take such an order)."""
    try:
        return parse_order(data)
    except ValueError:  # pydantic's ValidationError
        return None


@dataclass(frozen=True)
class Names:
    """The ids an order names, by their part: the one place that knows which order names what."""

    site: str | None = None
    origin: str | None = None
    destination: str | None = None
    request: str | None = None
    event: str | None = None
    ref: str | None = None


def names(order: Order | None) -> Names:
    """What an order names: its site, its ends, the request or event it acts on, its own ref
    (nothing for a refused order that was not an order at all: `parse_logged` gave None)."""
    match order:
        case None:
            return Names()
        case RequestMovement() | RequestFlight():  # MoveUnauthorized is a RequestMovement
            return Names(origin=order.origin, destination=order.destination, ref=order.ref)
        case Dispatch() | Cancel() | Engage():
            return Names(request=order.request)
        case Handover() | Destroy() | AskConsent() | Reinforce() | Concede():
            return Names(site=order.site)
        case Choose() | Release():
            return Names(event=order.event)
    raise AssertionError(f"an order kind with no names: {order!r}")


class OrdersFile(Strict):
    """An orders file: what to order on which day, for `drawdown run`."""

    orders: list[Order] = Field(
        default_factory=list,
        max_length=20_000,
        description="The orders, each a tagged table with a kind; given on its date",
    )


def parse_order(data: dict[str, Any]) -> Order:
    """Build an order from a plain dict (raises pydantic.ValidationError)."""
    order: Order = (_checker or order_checker()).validate_python(data)
    return order


# Pydantic's adapter of `Order`, checking data straight into the plain classes (their fields'
# bounds and patterns, unknown keys refused): built by the first order parsed, or after the first
# frame by `warm.build_deferred`. Bots give their orders as data thousands of times a game.
_checker: Any = None


def order_checker() -> Any:
    global _checker
    if _checker is None:
        from pydantic import TypeAdapter  # checking only: never at start-up

        _checker = TypeAdapter(Order)
    return _checker


def checker_built() -> bool:
    return _checker is not None
