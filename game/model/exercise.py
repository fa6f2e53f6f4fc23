"""Exercise files: a scenario set up for a training session — seed, options, injects (a master
scenario events list), objectives, and an evaluation guide (capability targets and critical tasks).

Like scenarios, exercises are untrusted TOML: every model forbids unknown keys, and objectives and
tasks are tagged tables (``kind = "..."``) judged from the game's typed log, never code.
"""

import datetime as dt
from typing import Annotated, Any, Literal, Self

from .content import Choice, Effect, Id, Short, Text
from .declare import Field, Rule, Strict, model_validator
from .options import Options

OrderKind = Literal[
    "request_movement",
    "move_unauthorized",
    "request_flight",
    "dispatch",
    "cancel",
    "handover",
    "destroy",
    "ask_consent",
    "reinforce",
    "engage",
    "choose",
    "concede",
]


class ExpectedResponse(Strict):
    """What the trainee is expected to do once an inject fires, in terms the log records."""

    choice: Id | None = Field(
        default=None, description="The inject's choice the trainee should take"
    )
    orders: list[OrderKind] = Field(
        default_factory=list,
        max_length=12,
        description="Kinds of order any one of which answers the inject (e.g. engage)",
    )
    within_days: int = Field(
        default=3,
        ge=0,
        le=120,
        description="Days after the inject fires to answer it (0: the same day)",
    )

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.choice is None and not self.orders:
            raise ValueError("an expected response names a choice or at least one kind of order")
        return self


class Inject(Strict):
    """An extra event for this session: on a date, or held until the instructor releases it.

    Its master scenario events list (MSEL) fields say who sends it to whom, what the trainee is
    expected to do, which critical task it tests, and what the controller should know."""

    id: Id
    title: Short
    text: Text
    date: dt.date | None = Field(default=None, description="Fires on this date (scheduled inject)")
    held: bool = Field(default=False, description="Fires only when the instructor releases it")
    effects: list[Effect] = Field(default_factory=list, max_length=20)
    choices: list[Choice] = Field(default_factory=list, max_length=6)
    default: Id | None = None
    hint: Text = ""
    release_when: Text = Field(
        default="", description="A held inject's trigger: when the controller should release it"
    )
    sender: Short = Field(default="", description="Who sends it, by role (e.g. 'Foreign ministry')")
    receiver: Short = Field(
        default="", description="Who receives it, by role (e.g. 'Chief of staff')"
    )
    expected_action: Text = Field(default="", description="The player action expected, in words")
    expect: ExpectedResponse | None = Field(
        default=None,
        description="The expected action as the log shows it (compared with what happened)",
    )
    task: Id | None = Field(default=None, description="The critical task this inject tests")
    controller_notes: Text = Field(
        default="", description="For the controller: timing, what to watch"
    )

    @model_validator(mode="after")
    def _when(self) -> Self:
        if self.held == (self.date is not None):
            raise ValueError("an inject needs exactly one of: a date, or held = true")
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError("choice ids must be unique")
        if self.default is not None and self.default not in ids:
            raise ValueError(f"default choice {self.default!r} is not one of the choices {ids}")
        if self.expect is not None and self.expect.choice is not None:
            if self.expect.choice not in ids:
                raise ValueError(
                    f"expected choice {self.expect.choice!r} is not one of the choices {ids}"
                )
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


class Decided(Strict):
    """The trainee answered the event's choice themselves, in time (any answer: the debrief argues
    which), rather than letting its default apply."""

    kind: Literal["decided"]
    event: Id


Measure = Annotated[
    SiteClosedBy
    | NoUnauthorizedMoves
    | HandoverNotSeized
    | MaxKilled
    | EngagedHostBefore
    | RequestBefore
    | DestroyedSensitiveBeforeLeaving
    | MinWithdrawn
    | ChoseOption
    | Decided,
    Rule(discriminator="kind"),
]


# --------------------------------------------------------------------------- critical tasks

Rating = Literal["P", "S", "M", "U"]


class AuthorizedMoves(Strict):
    """Every convoy and flight moves under the host's authorization."""

    kind: Literal["authorized_moves"]


class RequestLeadTime(Strict):
    """Every movement or flight request is sent at least `days` before the move it asks for
    (its wanted departure, else the day it is dispatched)."""

    kind: Literal["request_lead_time"]
    days: int = Field(ge=1, le=60, description="The required lead time in days")
    site: Id | None = Field(default=None, description="Only requests out of this site (unset: all)")


class RiskMitigated(Strict):
    """Every convoy whose estimated chance of an incident (as the trainee was told when it left)
    reached the threshold left with an escort or a route-clearance team."""

    kind: Literal["risk_mitigated"]
    threshold: float = Field(
        default=0.05,
        ge=0.0,
        le=1.0,
        description="Told chance of an IED or ambush that calls for it",
    )


class ConsentBeforeDestroy(Strict):
    """Contingent-owned equipment (containers, vehicles) is destroyed only after the contributing
    countries gave their consent for that site."""

    kind: Literal["consent_before_destroy"]


class HandoverPresent(Strict):
    """Sites are handed over only to a present authority: handovers ordered while the host's
    forces are there (not refused for their absence), and no camp left to be seized."""

    kind: Literal["handover_present"]
    site: Id | None = Field(default=None, description="Only this site (unset: every site)")


class EngageEarly(Strict):
    """The host government is engaged before the date (and again as requests stall)."""

    kind: Literal["engage_before"]
    date: dt.date


TaskMeasure = Annotated[
    AuthorizedMoves
    | RequestLeadTime
    | RiskMitigated
    | ConsentBeforeDestroy
    | HandoverPresent
    | EngageEarly,
    Rule(discriminator="kind"),
]


class Capability(Strict):
    """A capability target: what the trainee's headquarters must be able to do."""

    id: Id
    title: Short = Field(description="e.g. 'Movement control'")
    target: Text = Field(
        default="", description="The target, measurable, e.g. 'every move authorized'"
    )


class Task(Strict):
    """A critical task, rated P/S/M/U from the typed log with the dated evidence."""

    id: Id
    title: Short = Field(description="e.g. 'Request movement with the required lead time'")
    capability: Id = Field(description="The capability target it serves")
    standard: Text = Field(
        default="", description="What performing it looks like, as the guide says"
    )
    owner: Short = Field(
        default="",
        description="The role that owns an improvement (e.g. 'Chief of movement control')",
    )
    measure: TaskMeasure


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
    seed: int = Field(
        default=1, ge=0, lt=2**63, description="The session's seed (a run's default seed)"
    )
    options: Options = Options()
    injects: list[Inject] = Field(default_factory=list, max_length=100)
    objectives: list[Objective] = Field(default_factory=list, max_length=50)
    capabilities: list[Capability] = Field(
        default_factory=list, max_length=20, description="The evaluation guide's capability targets"
    )
    tasks: list[Task] = Field(
        default_factory=list, max_length=50, description="Critical tasks, each rated P/S/M/U"
    )
    instructor_notes: Text = Field(
        default="", description="For the instructor's eyes: aims, timings"
    )
    notes: Text = ""

    @model_validator(mode="after")
    def _unique(self) -> Self:
        groups: tuple[tuple[str, list[Any]], ...] = (
            ("inject", self.injects),
            ("objective", self.objectives),
            ("capability", self.capabilities),
            ("task", self.tasks),
        )
        for label, items in groups:
            ids = [i.id for i in items]
            dup = sorted({i for i in ids if ids.count(i) > 1})
            if dup:
                raise ValueError(f"{label} ids must be unique (repeated: {', '.join(dup)})")
        capabilities = {c.id for c in self.capabilities}
        for task in self.tasks:
            if task.capability not in capabilities:
                raise ValueError(
                    f"task {task.id!r} serves capability {task.capability!r}, which is not listed"
                )
        tasks = {t.id for t in self.tasks}
        for inject in self.injects:
            if inject.task is not None and inject.task not in tasks:
                raise ValueError(f"inject {inject.id!r} names task {inject.task!r}, not listed")
        return self
