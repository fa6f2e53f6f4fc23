"""What the engine says about an order before it is given: legal now or why not (`Check`), and
its odds, expected losses, days, capacity used and costs (`Quote`). The UI, the bots, the orders
runner and the training tools ask these; none of them recomputes a rule."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ok: bool = Field(description="The order would apply now")
    reason: str = Field("", description="Why not, in words the player can act on")


class Quote(BaseModel):
    """The stakes of one order as the player's intelligence sees them now."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(description="The order's kind")
    ok: bool = Field(description="The order would apply now")
    reason: str = Field("", description="Why not, if it would not")
    # Moves (convoys and flights): odds as the player's intelligence estimates them.
    ied: float | None = Field(None, description="Estimated chance the convoy meets an IED")
    ambush: float | None = Field(None, description="Estimated chance of an ambush")
    fired_on: float | None = Field(None, description="Estimated chance a flight is fired on")
    expected_killed: float = Field(0.0, description="Expected people killed (estimate)")
    expected_wounded: float = Field(0.0, description="Expected people wounded (estimate)")
    expected_loads_lost: float = Field(0.0, description="Expected containers and items lost")
    expected_delay: float = Field(0.0, description="Expected days of delay (estimate)")
    travel_days: int = Field(0, description="Days on the road without delays")
    casualties_fall_on: str = Field(
        "", description="peacekeepers (people aboard) or contractors (trucks only)"
    )
    # Requests: the host's answer.
    approval: float | None = Field(None, description="Chance the host approves, as things stand")
    answer_on: dt.date | None = Field(None, description="Morning the answer is known")
    refused_because: str = Field("", description="A standing condition that forbids it, if any")
    # Costs and capacity.
    relations: float = Field(0.0, description="Change in host relations the order causes now")
    capacity: dict[str, int] = Field(
        default_factory=dict,
        description="What it uses: trucks, seats, escort troops, sorties, landings, loads",
    )
    words: str = Field("", description="The stakes in plain words")
    # Camps (handover quotes): the race for the camp, from the engine's camp outlook.
    army_arrives: dt.date | None = Field(
        None, description="Estimated day the host's army is at the camp (none: not coming)"
    )
    armed_arrives: dt.date | None = Field(
        None, description="Estimated day armed groups are at the camp (none: not coming)"
    )
    seizure_if_left: float | None = Field(
        None, description="Daily chance armed groups occupy the camp if it is left empty today"
    )
    civilian_harm: float | None = Field(
        None, description="Chance civilians come to harm if the camp closes today (mandate)"
    )


class CampOutlook(BaseModel):
    """The race for one camp as the engine sees it today (read-only; the UI shows it as is)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site: str = Field(description="Site id")
    status: str = Field(description="The site's status")
    army_arrives: dt.date | None = Field(
        None, description="Estimated day the host's army is at the camp (none: not coming)"
    )
    army_days: int | None = Field(None, description="Days until then (0: there now)")
    armed_arrives: dt.date | None = Field(
        None, description="Estimated day armed groups are at the camp (none: not coming)"
    )
    armed_days: int | None = Field(None, description="Days until then (0: there now)")
    army_close: bool = Field(description="The army is there or close enough to receive a handover")
    seizure_if_left: float = Field(
        description="Daily chance armed groups occupy the camp if it is left empty now"
    )
    takeover_if_left: float = Field(
        description="Daily chance the army occupies the camp informally if it is left empty now"
    )
    attack_if_held: float = Field(description="Daily chance of an attack on the camp as held now")
    agreed_handover: dt.date | None = Field(None, description="Handover date agreed with the host")
    early_cost: float = Field(
        description="Relations lost if the camp is handed over or left today (before the agreed day)"
    )
    civilian_harm: float = Field(
        description="Chance civilians come to harm if the camp closes today (before the end of "
        "the mandate to protect them)"
    )
    must_keep: int = Field(
        description="People who must stay today (a hub's minimum garrison until near the deadline)"
    )
    words: str = Field("", description="The race for the camp in plain words")
