"""Orders: what a player (or a bot, or an orders file) asks the engine to do, as tagged data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .content import Id

Count = Annotated[int, Field(ge=0, le=100_000)]


class OrderBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date | None = Field(
        None, description="Day the order is given (orders files); unset means the current day"
    )


class RequestMovement(OrderBase):
    """Ask the host government to authorize a convoy."""

    kind: Literal["request_movement"]
    ref: Id | None = Field(None, description="Your name for this request (else R1, R2, ...)")
    origin: Id
    destination: Id
    via: list[Id] = Field(
        default_factory=list, description="Route ids to follow (else the fastest)"
    )
    people: Count = 0
    contingent: Id | None = Field(None, description="Take people from this contingent only")
    containers: Count = 0
    vehicles: Count = 0
    sensitive: Count = 0
    trucks: Count = 0
    escort: Literal["none", "light", "heavy"] = "none"
    clearance: bool = Field(False, description="Send a route-clearance (EOD) team ahead")
    depart: dt.date | None = Field(None, description="Earliest departure date wanted")


class MoveUnauthorized(RequestMovement):
    """Move a convoy at once without the host's authorization (a diplomatic and security cost)."""

    kind: Literal["move_unauthorized"]  # type: ignore[assignment]


class RequestFlight(OrderBase):
    """Ask for a flight clearance. Destination 'home' flies out of the country; origin 'home' brings
    people in (a rotation)."""

    kind: Literal["request_flight"]
    ref: Id | None = None
    origin: Id
    destination: Id
    aircraft: Id
    sorties: int = Field(1, ge=1, le=50)
    people: Count = 0
    contingent: Id | None = None
    containers: Count = 0
    sensitive: Count = 0
    depart: dt.date | None = None


class Dispatch(OrderBase):
    """Send an authorized convoy or flight; with unauthorized=true, send it without authorization."""

    kind: Literal["dispatch"]
    request: Id
    unauthorized: bool = False


class Cancel(OrderBase):
    kind: Literal["cancel"]
    request: Id


class Handover(OrderBase):
    """Hand a site over to the host authorities: what is left there passes to them."""

    kind: Literal["handover"]
    site: Id


class Destroy(OrderBase):
    """Destroy equipment that cannot be moved (unset counts mean all of that kind)."""

    kind: Literal["destroy"]
    site: Id
    containers: Count | None = None
    vehicles: Count | None = None
    sensitive: Count | None = None


class Reinforce(OrderBase):
    """Attach a quick-reaction force to a site for a few days."""

    kind: Literal["reinforce"]
    site: Id


class Engage(OrderBase):
    """Engage the host government: improve relations, or press a pending request."""

    kind: Literal["engage"]
    request: Id | None = None


class Choose(OrderBase):
    """Answer an event's choice."""

    kind: Literal["choose"]
    event: Id
    choice: Id


class Release(OrderBase):
    """Instructor: release a held inject now."""

    kind: Literal["release"]
    event: Id


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
    | Release,
    Field(discriminator="kind"),
]

ORDER_ADAPTER: TypeAdapter[Order] = TypeAdapter(Order)


class OrdersFile(BaseModel):
    """An orders file: what to order on which day, for `drawdown run`."""

    model_config = ConfigDict(extra="forbid")

    orders: list[Order] = Field(default_factory=list, max_length=20_000)


def parse_order(data: dict) -> Order:
    """Build an order from a plain dict (raises pydantic.ValidationError)."""
    return ORDER_ADAPTER.validate_python(data)
