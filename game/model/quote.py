"""What the engine says about an order before it is given: legal now or why not (`Check`), and
its odds, expected losses, days, capacity used and costs (`Quote`). The UI, the bots, the orders
runner and the training tools ask these; none of them recomputes a rule."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .declare import Field, Strict


class Check(Strict):
    ok: bool = Field(description="The order would apply now")
    reason: str = Field(default="", description="Why not, in words the player can act on")


class Quote(Strict):
    """The stakes of one order as the player's intelligence sees them now."""

    kind: str = Field(description="The order's kind")
    ok: bool = Field(description="The order would apply now")
    reason: str = Field(default="", description="Why not, if it would not")
    # Moves (convoys and flights): odds as the player's intelligence estimates them.
    ied: float | None = Field(default=None, description="Estimated chance the convoy meets an IED")
    ambush: float | None = Field(default=None, description="Estimated chance of an ambush")
    fired_on: float | None = Field(
        default=None, description="Estimated chance a flight is fired on"
    )
    expected_killed: float = Field(default=0.0, description="Expected people killed (estimate)")
    expected_wounded: float = Field(default=0.0, description="Expected people wounded (estimate)")
    expected_loads_lost: float = Field(
        default=0.0, description="Expected containers and items lost"
    )
    expected_delay: float = Field(default=0.0, description="Expected days of delay (estimate)")
    travel_days: int = Field(default=0, description="Days on the road without delays")
    casualties_fall_on: str = Field(
        default="", description="peacekeepers (people aboard) or contractors (trucks only)"
    )
    # Requests: the host's answer.
    approval: float | None = Field(
        default=None, description="Chance the host approves, as things stand"
    )
    answer_on: dt.date | None = Field(default=None, description="Morning the answer is known")
    refused_because: str = Field(
        default="", description="A standing condition that forbids it, if any"
    )
    # Costs and capacity.
    relations: float = Field(
        default=0.0,
        description="Change in host relations the order causes (for work that takes days, such "
        "as destruction, the total when it is done)",
    )
    capacity: dict[str, int] = Field(
        default_factory=dict,
        description="What it uses: trucks, seats, escort troops, sorties, landings, loads",
    )
    words: str = Field(default="", description="The stakes in plain words")
    outcome: dict[str, int] = Field(
        default_factory=dict,
        description="What a site or host order changes: counts handed over or destroyed, days of guard",
    )
    # The host's memory, its army and concessions.
    grievance: float = Field(
        default=0.0, description="Change in the host's grievance the order causes now"
    )
    approval_parts: dict[str, float] = Field(
        default_factory=dict,
        description="What moves the approval chance besides relations: grievances, the army's "
        "operations, concessions (by cause)",
    )
    checkpoint: float | None = Field(
        default=None, description="Chance an unauthorized convoy is stopped at an army checkpoint"
    )
    bonus: float | None = Field(default=None, description="Approval bonus a concession buys")
    committed: int = Field(default=0, description="Containers a concession commits to the host")
    until: dt.date | None = Field(default=None, description="Last day a concession is in force")
    # Equipment: destruction and handover (engine/equipment.py).
    work_days: int | None = Field(
        default=None,
        description="Days of work at the site's strength today to finish the destruction",
    )
    per_day: int | None = Field(
        default=None, description="Items the people at the site destroy a day"
    )
    contributors: float = Field(
        default=0.0, description="Change in the contributing countries' goodwill the order causes"
    )
    consent: bool | None = Field(
        default=None, description="The contributors' consent to destroy at the site is held now"
    )
    equipment_credit: float | None = Field(
        default=None,
        description="Change in the score's equipment part (0-1) the order causes "
        "(a handover: what is left passes to the host)",
    )
    # Convoys: speed against security.
    expected_days: float = Field(
        default=0.0, description="Expected days on the road, delays included"
    )
    slow_days: int = Field(
        default=0, description="Travel days added by clearance, escort and length"
    )
    exposure_days: float = Field(
        default=0.0, description="Expected extra days exposed on a stretch (slow-downs and delays)"
    )
    column_length: int = Field(default=0, description="Trucks + own vehicles in the column")
    length_factor: float = Field(
        default=1.0, description="IED and ambush odds multiplier for its length"
    )
    protected: float = Field(default=0.0, description="Share of the people riding in own vehicles")
    expected_saved_by_armour: float = Field(
        default=0.0,
        description="Expected IED deaths turned into wounded by mine-protected vehicles",
    )
    overwatch: str = Field(
        default="", description="Air overwatch: cleared, asked, not cleared or ''"
    )
    overwatch_approval: float | None = Field(
        default=None, description="Chance the host clears the overwatch flights"
    )
    garrison_left: int | None = Field(default=None, description="People left at the origin")
    garrison_min: int = Field(default=0, description="The origin's minimum garrison")
    escort_returns: int = Field(
        default=0,
        description="Escort troops who go back to the origin after delivery (camp still held)",
    )
    # Supplies (fuel, water and food).
    supply_days_added: float | None = Field(
        default=None,
        description="Days of supply a resupply flight adds at its destination, as things stand",
    )
    supply_days_carried: float | None = Field(
        default=None,
        description="Days of supply a convoy leaves with (one used per day on the road)",
    )
    # Camps (handover quotes): the race for the camp, from the engine's camp outlook.
    army_arrives: dt.date | None = Field(
        default=None, description="Estimated day the host's army is at the camp (none: not coming)"
    )
    armed_arrives: dt.date | None = Field(
        default=None, description="Estimated day armed groups are at the camp (none: not coming)"
    )
    seizure_if_left: float | None = Field(
        default=None,
        description="Daily chance armed groups occupy the camp if it is left empty today",
    )
    civilian_harm: float | None = Field(
        default=None, description="Chance civilians come to harm if the camp closes today (mandate)"
    )


# The quote's number fields as pydantic checked them: a whole number given for a float became one
# (a quote's JSON says 0.0, not 0). The engine builds quotes with `made`, which does the same.
_FLOATS = tuple(name for name, tp in Quote.__annotations__.items() if tp in (float, float | None))


def made(values: dict[str, Any]) -> Quote:
    """A quote from the engine's values, whole numbers in float fields as floats."""
    for name in _FLOATS:
        if type(values.get(name)) is int:
            values[name] = float(values[name])
    parts = values.get("approval_parts")
    if parts:
        values["approval_parts"] = {k: float(v) for k, v in parts.items()}
    return Quote(**values)


@dataclass(frozen=True, slots=True)
class SupplyOutlook:
    """A camp's or a convoy's fuel, water and food, as the engine counts them (read-only).

    A slotted dataclass of its own (not `Strict`): it is never read from or written to a file,
    and the bots ask for it ~200 times a game."""

    ref: str  # site id or convoy id
    tracked: bool  # the site keeps a store (mission sites do; nodes do not)
    source: bool  # a supply source (hub, HQ): supplied from outside
    days: float  # days of supply at the reference garrison
    store: float  # most days of supply the site can hold
    use_per_day: float  # days of supply used per day at today's headcount
    days_left: float  # days the supply lasts at today's headcount, if not resupplied
    road_open: bool  # routine road resupply reaches it today
    road_cut_because: str  # why road resupply cannot reach it ('' if it can)
    stage: str  # normal, short (reduced rations) or empty
    attack_factor: float  # attack odds multiplier from short supply


class CampOutlook(Strict):
    """The race for one camp as the engine sees it today (read-only; the UI shows it as is)."""

    site: str = Field(description="Site id")
    status: str = Field(description="The site's status")
    army_arrives: dt.date | None = Field(
        default=None, description="Estimated day the host's army is at the camp (none: not coming)"
    )
    army_days: int | None = Field(default=None, description="Days until then (0: there now)")
    armed_arrives: dt.date | None = Field(
        default=None, description="Estimated day armed groups are at the camp (none: not coming)"
    )
    armed_days: int | None = Field(default=None, description="Days until then (0: there now)")
    army_close: bool = Field(description="The army is there or close enough to receive a handover")
    seizure_if_left: float = Field(
        description="Daily chance armed groups occupy the camp if it is left empty now"
    )
    takeover_if_left: float = Field(
        description="Daily chance the army occupies the camp informally if it is left empty now"
    )
    attack_if_held: float = Field(description="Daily chance of an attack on the camp as held now")
    agreed_handover: dt.date | None = Field(
        default=None, description="Handover date agreed with the host"
    )
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
    words: str = Field(default="", description="The race for the camp in plain words")
