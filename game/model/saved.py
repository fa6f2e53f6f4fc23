"""What a save file and a results file hold, strictly typed: a seed is a whole number (not "3", 3.99
or true), every count and day within range, every log entry either an order or an advance. Files
are checked against these models before anything in them is used."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

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
    def _one_of(self) -> RecordEntry:
        if (self.order is None) == (self.advance is None):
            raise ValueError("a log entry is either an order or an advance")
        return self


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


class Open(BaseModel):
    """Checked where the program reads it; other keys are kept (summaries grow new figures)."""

    model_config = ConfigDict(strict=True, extra="allow")


class Personnel(Open):
    total: Count
    withdrawn: Count
    remaining: Count
    killed: Count
    wounded: Count


class Containers(Open):
    total: Count
    repatriated: Count
    handed_over: Count
    destroyed: Count
    lost: Count
    remaining: Count


class Sites(Open):
    total: Count
    closed: Count
    closed_on_time: Count
    seized: Count


class Summary(Open):
    digest: Hex
    score: float
    grade: Annotated[str, Field(max_length=8)]
    host_relations: float
    personnel: Personnel
    containers: Containers
    sites: Sites


class Objective(Strict):
    id: Text
    title: Text
    met: bool


class Moment(Strict):
    id: Text
    label: Text
    value: Text


class Decision(Strict):
    day: Day
    date: Text
    kind: Text
    text: Text


class ResultFile(Strict):
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
    summary: Summary
    objectives: list[Objective]
    decisions: list[Decision]
    moments: list[Moment]
    record: Annotated[list[RecordEntry], Field(max_length=MAX_RECORD)] = Field(default_factory=list)
