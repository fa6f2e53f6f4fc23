"""What a save file and a results file hold, strictly typed: a seed is a whole number (not "3", 3.99
or true), every count and day within range, every log entry either an order or an advance. Files
are checked against these models before anything in them is used."""

import re
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_validator,
    model_serializer,
    model_validator,
)

from .content import Id

# No scenario runs for a century; a day beyond it is a damaged save, whatever its scenario.
MAX_DAY = 36_600
# Orders and turns in one game: a long campaign has a few hundred; replaying 20,000 takes ~3 s.
MAX_RECORD = 20_000

Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{0,64}$")]
Seed = Annotated[int, Field(ge=0, lt=2**63)]
Day = Annotated[int, Field(ge=0, le=MAX_DAY)]
Count = Annotated[int, Field(ge=0)]
Text = Annotated[str, Field(max_length=100_000)]


def scenario_ref(value: str) -> str:
    """A bundled scenario or exercise id, or a path to a .toml file (then read like any content
    file: regular, size-capped, parsed safely). Nothing else is ever opened."""
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", value):
        return value
    if value.endswith(".toml") and "\x00" not in value and len(value) <= 4096:
        return value
    raise ValueError("a save's scenario must be a bundled id or a path to a .toml file")


ScenarioRef = Annotated[str, AfterValidator(scenario_ref)]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class RecordEntry(BaseModel):
    """One entry of the order log: an order given on a day, or the turn resolved on that day."""

    model_config = ConfigDict(strict=True, extra="forbid")

    day: Day
    order: dict[str, Any] | None = None
    advance: Literal[True] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if (self.order is None) == (self.advance is None):
            raise ValueError("a log entry is either an order or an advance")
        return self

    @model_serializer(mode="wrap")
    def _present(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written as the engine records it: the day and either the order or the advance.
        out: dict[str, Any] = handler(self)
        return {k: v for k, v in out.items() if v is not None}


class SaveFile(Strict):
    format: Literal["drawdown-save"]
    format_version: Annotated[int, Field(ge=1, le=1)]
    game_version: Annotated[str, Field(max_length=64)]
    scenario: ScenarioRef
    scenario_id: Id
    content_hash: Hex
    seed: Seed
    day: Day
    date: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    digest: Hex
    extra: dict[str, Any] = Field(default_factory=dict)
    record: Annotated[list[RecordEntry], Field(max_length=MAX_RECORD)]


# --------------------------------------------------------------------------- results files


class Figures(BaseModel):
    """A part of a game summary: built by the engine, checked strictly where a file is read.
    Figures a later version adds are ignored when read (summaries grow new figures)."""

    model_config = ConfigDict(strict=True, extra="ignore")


class Personnel(Figures):
    """People: total == withdrawn + remaining + killed (DESIGN section 3)."""

    total: Count
    withdrawn: Count
    remaining: Count
    killed: Count
    wounded: Count


class Containers(Figures):
    """Containers: total == repatriated + handed_over + destroyed + lost + remaining; the part of
    `remaining` that waits at an exit is also given on its own (`awaiting_export`)."""

    total: Count
    repatriated: Count
    handed_over: Count
    destroyed: Count
    lost: Count
    remaining: Count
    awaiting_export: Count = 0
    # Part of handed_over: lost by the host after the handover (site_looted), not by the mission.
    lost_after_handover: Count = 0


class Equipment(Figures):
    """Vehicles or sensitive equipment: where they ended up, as for containers."""

    total: Count
    repatriated: Count
    handed_over: Count
    destroyed: Count
    lost: Count
    awaiting_export: Count
    remaining: Count
    lost_after_handover: Count = 0


class EquipmentKinds(Figures):
    vehicles: Equipment
    sensitive: Equipment


class Tallies(Figures):
    """Where every person and every item is: the ledgers of the game summary, on their own (the
    engine gives them any day, cheaply; the summary adds the digest of the whole state)."""

    personnel: Personnel
    containers: Containers
    equipment: EquipmentKinds


class Casualties(Figures):
    peacekeepers_killed: Count
    peacekeepers_wounded: Count
    contractors_killed: Count
    contractors_wounded: Count
    civilians_killed: Count
    civilians_wounded: Count
    sick: Count


class Sites(Figures):
    """Mission sites (camps that can close): how many closed, on time, seized, handed over."""

    total: Count
    closed: Count
    closed_on_time: Count
    seized: Count
    handed_over: Count
    staying: Count = 0  # sites that stay open past the deadline: not among the sites to close


IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class SiteOutcome(Figures):
    """How one mission site ended: `handed_over_to` is the force holding a camp handed over or
    seized (else null); `destroyed` counts the items destroyed there."""

    id: Text
    status: Text
    closed_on: IsoDate | None
    target: IsoDate | None
    handed_over_to: Text | None
    destroyed: Count
    stays_open: bool = False


class Owners(Figures):
    """Equipment destroyed by owner: contingent-owned (COE) or UN-owned."""

    coe_container_share: float
    destroyed_coe: float
    destroyed_un: float
    consents: list[Text]


class GameSummary(Figures):
    """The game summary (DESIGN section 3): what `run --json` prints, each game of `sim --json`
    and the `summary` of a results file. Its JSON (`model_dump(mode="json")`) keeps the field
    order below, which is the order the summary has always been printed in."""

    scenario: Text
    seed: Seed
    final_date: IsoDate
    finished: bool
    end_reason: Text | None
    personnel: Personnel
    containers: Containers
    equipment: EquipmentKinds
    casualties: Casualties
    sites: Sites
    site_outcomes: list[SiteOutcome]
    host_relations: float
    contributors: float
    owners: Owners
    unauthorized_moves: Count
    score: float
    score_parts: dict[Text, float]
    grade: Annotated[str, Field(max_length=8)]
    digest: Hex

    def figure(self, dotted: str) -> float | None:
        """A number by its dotted path ("personnel.killed"), as historical records name them;
        None if the path names no number here."""
        value: object = self
        for part in dotted.split("."):
            if isinstance(value, BaseModel) and part in type(value).model_fields:
                value = getattr(value, part)
            elif isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return value


class SimGame(GameSummary):
    """One bot game of `sim`: its summary and what the balance report needs (the events that
    fired, the option each event took, each site's closure and target date); `save` when the
    game was saved, `orders_refused` when it played an orders file."""

    save: Text | None = None
    orders_refused: list[Text] | None = None
    events_fired: list[Text]
    choices: dict[Text, Text]
    closures: dict[Text, IsoDate | None]
    targets: dict[Text, IsoDate | None]

    def to_json(self) -> dict[str, Any]:
        """As `sim --json` prints it: `save` and `orders_refused` only when they apply."""
        absent = {k for k in ("save", "orders_refused") if getattr(self, k) is None}
        return self.model_dump(mode="json", exclude=absent)


class Objective(Strict):
    """An exercise objective as judged at the end, with its dated evidence."""

    id: Text
    title: Text
    expected: Text = ""
    met: bool
    evidence: Text = ""


class Moment(Strict):
    """A moment the debrief compares across a class (a decision, how a site ended)."""

    id: Text
    label: Text
    value: Text


class Decision(Strict):
    """One decision of the trainee: an order that applied, or a choice left to its default."""

    day: Day
    date: Text
    kind: Text
    text: Text


class Capability(Strict):
    id: Text
    title: Text
    target: Text = ""


class TaskEvidence(Strict):
    date: Text
    text: Text
    ok: bool


class TaskRow(Strict):
    """A critical task rated P/S/M/U, with the reason and the dated evidence."""

    id: Text
    title: Text
    capability: Text = ""
    standard: Text = ""
    owner: Text = ""
    rating: Literal["P", "S", "M", "U"]
    reason: Text = ""
    evidence: list[TaskEvidence] = Field(default_factory=list)


class MoveOutcome(Strict):
    """A convoy or flight: the odds and harm expected when it was sent against what happened."""

    date: Text
    what: Text
    request: Text
    route: Text
    told: float
    true: float
    expected_wounded: float
    wounded: Count
    expected_killed: float
    killed: Count
    expected_lost: float
    lost: Count
    expected_days: float | None
    days: Count | None
    luck: Text


class Luck(Strict):
    """Expected against actual harm over every move: the part the dice decided."""

    expected_killed: float
    killed: Count
    expected_wounded: float
    wounded: Count
    expected_lost: float
    lost: Count


class MselEntry(Strict):
    """A row of the master scenario events list: an inject, what was expected, what happened."""

    id: Text
    when: Text
    sender: Text
    receiver: Text
    title: Text
    text: Text
    expected_action: Text
    task: Text
    controller_notes: Text
    fired: Text
    actual: Text
    status: Text


class ResultFile(Strict):
    """A results file (training/results.py): who played what, the summary, the evaluation and the
    order record. Written from this model, so its JSON keeps the field order below."""

    format: Literal["drawdown-result"]
    format_version: Annotated[int, Field(ge=1, le=1)]
    game_version: Annotated[str, Field(max_length=64)]
    trainee: Annotated[str, Field(max_length=200)]
    exercise: Annotated[str, Field(max_length=64)] = ""
    exercise_title: Text = ""
    scenario: Id
    scenario_title: Text = ""
    ref: ScenarioRef
    content_hash: Hex
    seed: Seed
    summary: GameSummary
    objectives: list[Objective]
    decisions: list[Decision]
    moments: list[Moment]
    record: Annotated[list[RecordEntry], Field(max_length=MAX_RECORD)] = Field(default_factory=list)
    # The evaluation (added within format version 1: a file without it reads as not evaluated).
    capabilities: list[Capability] = Field(default_factory=list)
    tasks: list[TaskRow] = Field(default_factory=list)
    decision_grade: Annotated[str, Field(max_length=8)] = ""
    result_grade: Annotated[str, Field(max_length=8)] = ""
    outcomes: list[MoveOutcome] = Field(default_factory=list)
    luck: Luck | None = None
    msel: list[MselEntry] = Field(default_factory=list)

    @field_validator("tasks", mode="before")
    @classmethod
    def _well_formed_tasks(cls, value: object) -> object:
        # An older or edited file may hold odd tasks: the rated ones still count, the rest are
        # left out (the debrief compares what it can rather than refusing a trainee's file).
        if not isinstance(value, list):
            return value
        kept = []
        for item in value:
            try:
                kept.append(TaskRow.model_validate(item))
            except ValidationError:
                continue
        return kept
