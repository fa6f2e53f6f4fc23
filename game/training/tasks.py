"""Critical tasks rated P/S/M/U from the game's typed log, each with its dated evidence.

A task judges the trainee's process, not the dice: each instance the log records (a dispatch, a
request, a destruction, a handover) either meets the standard or not, and the share that does gives
the rating — all of them P (performed without challenges), at least two in three S (with some
challenges), at least one in three M (with major challenges), fewer U (unable to be performed).
A task with nothing to judge is U when it asks for an action the trainee never took, and P when it
forbids one the trainee never did (with the evidence saying so).

The ratings give a grade of the decisions, shown beside the grade of the result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, assert_never

from ..model import log
from ..model import orders as o
from ..model.checked import check
from ..model.content import World
from ..model.exercise import (
    AuthorizedMoves,
    Capability,
    ConsentBeforeDestroy,
    EngageEarly,
    HandoverPresent,
    Rating,
    RequestLeadTime,
    RiskMitigated,
    Task,
)
from ..model.state import LogEntry, State
from .objectives import Judge

RATINGS: dict[str, str] = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}
POINTS: dict[str, int] = {"P": 3, "S": 2, "M": 1, "U": 0}
# Mean points (0-3) at or above which the decisions earn each letter.
DECISION_GRADES: tuple[tuple[float, str], ...] = ((2.5, "A"), (2.0, "B"), (1.5, "C"), (1.0, "D"))
MOVE_ORDERS = ("request_movement", "move_unauthorized", "request_flight")


@dataclass(frozen=True)
class Evidence:
    """One dated instance of the task in the log, and whether it met the standard."""

    date: str
    text: str
    ok: bool


@dataclass(frozen=True)
class TaskRating:
    id: str
    title: str
    capability: str
    standard: str
    owner: str
    rating: Rating
    reason: str
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def meaning(self) -> str:
        return RATINGS[self.rating]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def share_rating(ok: int, total: int) -> Rating:
    """The rating for `ok` of `total` instances meeting the standard (total > 0)."""
    share = ok / total
    if share >= 1.0:
        return "P"
    if share >= 2 / 3:
        return "S"
    if share >= 1 / 3:
        return "M"
    return "U"


def decision_grade(ratings: list[TaskRating]) -> str:
    """A letter for the decisions from the task ratings ('—' when there are none)."""
    if not ratings:
        return "—"
    mean = sum(POINTS[r.rating] for r in ratings) / len(ratings)
    return next((letter for floor, letter in DECISION_GRADES if mean >= floor), "F")


class Rater(Judge):
    """Reads one game's typed log for the critical tasks."""

    def when(self, entry: LogEntry) -> str:
        return self.date(entry.day).isoformat()

    def from_shares(
        self, evidence: list[Evidence], what: str, none: tuple[Rating, str]
    ) -> tuple[Rating, str, list[Evidence]]:
        if not evidence:
            return none[0], none[1], []
        ok = sum(e.ok for e in evidence)
        rating = share_rating(ok, len(evidence))
        return rating, f"{ok} of {len(evidence)} {what} met the standard", evidence

    def authorized_on(self, request: str, day: int) -> bool:
        """Whether the host's answers had the request authorized on that day."""
        for _, d in self.entries(log.RequestDecision):
            if d.request != request or d.outcome != "approved":
                continue
            start = d.valid_from if d.valid_from is not None else 0
            end = d.valid_until if d.valid_until is not None else self.state.day
            if start <= day <= end:
                return True
        return False

    def request_orders(self) -> dict[str, tuple[LogEntry, o.RequestOrder]]:
        """Each request (or unauthorized convoy) by its ref: the order that made it."""
        out: dict[str, tuple[LogEntry, o.RequestOrder]] = {}
        for e, d in self.entries(log.OrderApplied):
            if d.order_kind in MOVE_ORDERS and d.ref:
                order = d.given
                if isinstance(order, o.RequestMovement | o.RequestFlight):
                    out[d.ref] = (e, order)
        return out

    def convoy_requests(self) -> dict[str, str]:
        """Convoy id -> the request it moves under, or its own id when it moved unauthorized."""
        out: dict[str, str] = {}
        for c in self.state.convoys:
            out[c.id] = c.request or c.id
        for e in self.state.log:
            convoy, request = getattr(e.data, "convoy", None), getattr(e.data, "request", None)
            if isinstance(convoy, str) and isinstance(request, str) and request:
                out.setdefault(convoy, request)
        return out

    # ------------------------------------------------------------------ measures

    def authorized_moves(self, m: AuthorizedMoves) -> tuple[Rating, str, list[Evidence]]:
        evidence = []
        for e, d in self.entries(log.OrderApplied):
            if d.order_kind == "move_unauthorized":
                evidence.append(Evidence(self.when(e), f"{e.text}", False))
            elif d.order_kind == "dispatch":
                request = o.names(d.given).request or ""
                ok = self.authorized_on(request, e.day)
                how = "authorized" if ok else "WITHOUT a valid authorization"
                evidence.append(Evidence(self.when(e), f"{e.text} ({request}, {how})", ok))
        return self.from_shares(
            evidence, "moves", ("U", "no convoy or flight was dispatched: nothing moved")
        )

    def request_lead_time(self, m: RequestLeadTime) -> tuple[Rating, str, list[Evidence]]:
        dispatched = {
            str(o.names(d.given).request): e.day
            for e, d in self.entries(log.OrderApplied)
            if d.order_kind == "dispatch"
        }
        evidence = []
        for ref, (e, order) in self.request_orders().items():
            if m.site is not None and order.origin != m.site:
                continue
            where = f"{self.name(order.origin)} → {self.name(order.destination)}"
            if isinstance(order, o.MoveUnauthorized):
                evidence.append(
                    Evidence(self.when(e), f"{where} moved at once, unrequested", False)
                )
                continue
            if order.depart:
                wanted = self.state_day(order.depart)
                label = "wanted departure"
            elif ref in dispatched:
                wanted, label = dispatched[ref], "dispatched"
            else:
                continue  # never sent and no date wanted: no move to judge
            lead = wanted - e.day
            ok = lead >= m.days
            text = f"{ref} ({where}) requested {lead} day(s) before it was {label} (need {m.days})"
            evidence.append(Evidence(self.when(e), text, ok))
        evidence.sort(key=lambda x: x.date)
        return self.from_shares(evidence, "requests", ("U", "no movement was requested"))

    def state_day(self, value: Any) -> int:
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return (date - self.start).days

    def risk_mitigated(self, m: RiskMitigated) -> tuple[Rating, str, list[Evidence]]:
        requests = self.request_orders()
        convoys = self.convoy_requests()
        evidence = []
        for est in self.state.estimates:
            told = 1 - (1 - est.ied) * (1 - est.ambush)
            if told < m.threshold:
                continue
            ref = convoys.get(est.convoy, est.convoy)
            order = requests[ref][1] if ref in requests else None
            escort, clearance = "none", False
            if isinstance(order, o.RequestMovement):  # flights have neither
                escort, clearance = order.escort, order.clearance
            ok = escort != "none" or clearance
            parts = [f"{escort} escort"] if escort != "none" else []
            parts += ["route clearance"] if clearance else []
            cover = ", ".join(parts) or "no escort, no route clearance"
            text = (
                f"convoy {est.convoy} ({ref}) left told {told:.0%} chance of an incident: {cover}"
            )
            evidence.append(Evidence(self.date(est.day).isoformat(), text, ok))
        if not evidence and self.state.estimates:
            return (
                "P",
                f"no convoy was told a chance of an incident of {m.threshold:.0%} or more",
                [],
            )
        return self.from_shares(evidence, "convoys at risk", ("U", "no convoy left"))

    def consent_before_destroy(self, m: ConsentBeforeDestroy) -> tuple[Rating, str, list[Evidence]]:
        consents = [(e, d) for e, d in self.entries(log.ConsentAnswered) if d.given]
        asked = {str(o.names(d.given).site): e for e, d in self.orders_of("ask_consent")}
        evidence = []
        for e, d in self.orders_of("destroy"):
            order = d.given
            if not isinstance(order, o.Destroy):
                continue  # a log edited by hand
            counts = (("containers", order.containers), ("vehicles", order.vehicles))
            owned = [name for name, count in counts if count != 0]  # None: all of them
            if not owned:
                continue  # only sensitive (UN-owned) items
            site = order.site
            given = [c for c, cd in consents if cd.site == site and c.day <= e.day]
            if given:
                why = f"consent given on {self.when(given[0])}"
            elif site in asked and asked[site].day <= e.day:
                why = f"consent asked on {self.when(asked[site])} but not yet given"
            else:
                why = "consent never asked"
            text = f"destruction of {' and '.join(owned)} at {self.name(site)}: {why}"
            evidence.append(Evidence(self.when(e), text, bool(given)))
        return self.from_shares(
            evidence,
            "destructions",
            ("P", "no contingent-owned equipment was destroyed"),
        )

    def orders_of(self, kind: str) -> list[tuple[LogEntry, log.OrderApplied]]:
        return [(e, d) for e, d in self.entries(log.OrderApplied) if d.order_kind == kind]

    def handover_present(self, m: HandoverPresent) -> tuple[Rating, str, list[Evidence]]:
        def wanted(site: object) -> bool:
            if m.site is not None:
                return site == m.site
            s = self.state.sites.get(str(site))
            return s is not None and s.host_can_take_over

        evidence = []
        for e, d in self.orders_of("handover"):
            if wanted(o.names(d.given).site):
                evidence.append(Evidence(self.when(e), e.text, True))
        for e, r in self.entries(log.OrderRefused):
            refused = r.given
            if isinstance(refused, o.Handover) and wanted(refused.site):
                site = self.name(refused.site)
                evidence.append(
                    Evidence(self.when(e), f"handover of {site} refused: {r.reason}", False)
                )
        for e, s in self.entries(log.SiteSeized):
            if wanted(s.site):
                evidence.append(
                    Evidence(self.when(e), f"{self.name(s.site)} seized: {e.text}", False)
                )
        for e, taken in self.entries(log.SiteOccupiedInformally):
            if wanted(taken.site):
                text = f"{self.name(taken.site)} taken over without a formal handover"
                evidence.append(Evidence(self.when(e), text, False))
        evidence.sort(key=lambda x: x.date)
        return self.from_shares(evidence, "handovers", ("U", "no site was handed over"))

    def engage_before(self, m: EngageEarly) -> tuple[Rating, str, list[Evidence]]:
        engaged = [e for e, _ in self.orders_of("engage")]
        evidence = [Evidence(self.when(e), e.text, self.date(e.day) < m.date) for e in engaged[:5]]
        if not engaged:
            return "U", "the host government was never engaged", []
        if self.date(engaged[0].day) < m.date:
            return "P", f"engaged the host on {self.when(engaged[0])}, before {m.date}", evidence
        late = (self.date(engaged[0].day) - m.date).days
        rating: Rating = "S" if late <= 7 else "M"
        return rating, f"first engaged the host {late} day(s) after {m.date}", evidence


def rate(task: Task, world: World, state: State) -> TaskRating:
    r, m = Rater(world, state), task.measure
    match m:
        case AuthorizedMoves():
            rating, reason, evidence = r.authorized_moves(m)
        case RequestLeadTime():
            rating, reason, evidence = r.request_lead_time(m)
        case RiskMitigated():
            rating, reason, evidence = r.risk_mitigated(m)
        case ConsentBeforeDestroy():
            rating, reason, evidence = r.consent_before_destroy(m)
        case HandoverPresent():
            rating, reason, evidence = r.handover_present(m)
        case EngageEarly():
            rating, reason, evidence = r.engage_before(m)
        case _:
            assert_never(m)
    return TaskRating(
        task.id, task.title, task.capability, task.standard, task.owner, rating, reason, evidence
    )


def rate_all(tasks: list[Task], world: World, state: State) -> list[TaskRating]:
    return [rate(t, world, state) for t in tasks]


# The guide used when a game was played outside an exercise (or an exercise lists no tasks): the
# mission's standing procedures, so every review still grades the decisions.
STANDING_CAPABILITIES = [
    Capability(id="movement", title="Movement control", target="Every move requested in time"),
    Capability(id="force-protection", title="Force protection", target="Risk met on every road"),
    Capability(id="transition", title="Transition to the host", target="Camps to the state"),
]
_STANDING = (  # id, title, capability, standard, owner, measure
    (
        "authorized",
        "Move only with the host's authorization",
        "movement",
        "Every convoy and flight dispatched under a valid authorization.",
        "Chief of movement control",
        {"kind": "authorized_moves"},
    ),
    (
        "lead-time",
        "Request movement with the required lead time",
        "movement",
        "Requests sent at least three days before the move they ask for.",
        "Chief of movement control",
        {"kind": "request_lead_time", "days": 3},
    ),
    (
        "risk",
        "Assess risk before every convoy",
        "force-protection",
        "A convoy told 5% or more chance of an incident leaves escorted or cleared.",
        "Force protection officer",
        {"kind": "risk_mitigated", "threshold": 0.05},
    ),
    (
        "consent",
        "Obtain consent before destroying contingent-owned equipment",
        "transition",
        "The contributing countries consent before their equipment is destroyed.",
        "Chief of mission support",
        {"kind": "consent_before_destroy"},
    ),
)
_FIELDS = ("id", "title", "capability", "standard", "owner", "measure")
STANDING_TASKS = [check(Task, dict(zip(_FIELDS, row, strict=True))) for row in _STANDING]


def guide(exercise: Any | None) -> tuple[list[Capability], list[Task]]:
    """The capability targets and critical tasks a game is rated on."""
    if exercise is not None and exercise.tasks:
        return list(exercise.capabilities), list(exercise.tasks)
    return STANDING_CAPABILITIES, STANDING_TASKS
