"""Exercise files: a scenario set up for a training session — seed, options, injects, objectives.

Like scenarios, exercises are untrusted TOML: every model forbids unknown keys, and objectives are
tagged tables (``kind = "..."``) judged from the game's log, never code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .content import Choice, Effect, Id, Short, Strict, Text


class Options(Strict):
    """How the session is played."""

    hints: bool = Field(True, description="Show the events' hints to the trainee")
    fog_of_war: bool = Field(
        False, description="Hide what the trainee's intelligence would not know (UI)"
    )
    approval_delta: float = Field(
        0.0, ge=-0.5, le=0.5, description="Added to the host's chance of approving a request"
    )
    threat_multiplier: float = Field(
        1.0, ge=0.0, le=5.0, description="Multiplies every site's and road stretch's threat"
    )
    turn_seconds: int = Field(
        0, ge=0, le=3600, description="Time limit per turn in seconds (0: no limit)"
    )
    undo: bool = Field(True, description="The trainee may undo orders within a turn")
    instructor_code: Short = Field(
        "", description="Code that opens the instructor controls ('' means no code)"
    )


class Inject(Strict):
    """An extra event for this session: on a date, or held until the instructor releases it."""

    id: Id
    title: Short
    text: Text
    date: dt.date | None = Field(None, description="Fires on this date (scheduled inject)")
    held: bool = Field(False, description="Fires only when the instructor releases it")
    effects: list[Effect] = Field(default_factory=list, max_length=20)
    choices: list[Choice] = Field(default_factory=list, max_length=6)
    default: Id | None = None
    hint: Text = ""

    @model_validator(mode="after")
    def _when(self) -> Inject:
        if self.held == (self.date is not None):
            raise ValueError("an inject needs exactly one of: a date, or held = true")
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique")
        if self.default is not None and self.default not in ids:
            raise ValueError(f"default choice {self.default!r} is not one of the choices {ids}")
        return self


# --------------------------------------------------------------------------- measures


class SiteClosedBy(Strict):
    """The site is closed (handed over or emptied) on or before the date."""

    kind: Literal["site_closed_by"]
    site: Id
    date: dt.date


class NoUnauthorizedMoves(Strict):
    """No convoy or flight moved without the host's authorization."""

    kind: Literal["no_unauthorized_moves"]


class HandoverNotSeized(Strict):
    """The site was handed over to the host, and not seized by armed groups."""

    kind: Literal["handover_not_seized"]
    site: Id


class MaxKilled(Strict):
    """No more than n peacekeepers killed."""

    kind: Literal["max_killed"]
    n: int = Field(ge=0, le=100_000)


class EngagedHostBefore(Strict):
    """The host government was engaged at least once before the date."""

    kind: Literal["engaged_host_before"]
    date: dt.date


class RequestBefore(Strict):
    """A movement or flight request from the site was made before the date."""

    kind: Literal["request_before"]
    site: Id
    date: dt.date


class DestroyedSensitiveBeforeLeaving(Strict):
    """No sensitive item at the site fell to anyone: none lost, and none left when it closed."""

    kind: Literal["destroyed_sensitive_before_leaving"]
    site: Id


class MinWithdrawn(Strict):
    """At least this share of the people got out of the country."""

    kind: Literal["min_withdrawn"]
    share: float = Field(ge=0.0, le=1.0)


class ChoseOption(Strict):
    """The trainee answered the event with this choice (not by letting the default apply)."""

    kind: Literal["chose"]
    event: Id
    choice: Id


Measure = Annotated[
    SiteClosedBy
    | NoUnauthorizedMoves
    | HandoverNotSeized
    | MaxKilled
    | EngagedHostBefore
    | RequestBefore
    | DestroyedSensitiveBeforeLeaving
    | MinWithdrawn
    | ChoseOption,
    Field(discriminator="kind"),
]


class Objective(Strict):
    """A learning objective: what the trainee should do, and how the log shows it."""

    id: Id
    title: Short = Field(description="The objective, e.g. 'Close Ber on time'")
    expected: Text = Field(description="The expected action, as the debrief states it")
    measure: Measure


class Exercise(Strict):
    """A scenario set up for a training session."""

    id: Id
    title: Short
    summary: Short = ""
    scenario: Short = Field(description="Scenario id (bundled) or a path relative to this file")
    seed: int = Field(1, ge=0, lt=2**63, description="The session's seed (a run's default seed)")
    options: Options = Options()
    injects: list[Inject] = Field(default_factory=list, max_length=100)
    objectives: list[Objective] = Field(default_factory=list, max_length=50)
    instructor_notes: Text = Field("", description="For the instructor's eyes: aims, timings")
    notes: Text = ""

    @model_validator(mode="after")
    def _unique(self) -> Exercise:
        for label, items in (("inject", self.injects), ("objective", self.objectives)):
            ids = [i.id for i in items]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{label} ids must be unique (repeated: {', '.join(dup)})")
        return self
