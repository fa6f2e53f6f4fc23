"""What the debrief draws from the ratings and the bad outcomes: strengths, areas for improvement,
discussion questions, and an improvement plan for the instructor to fill in."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .msel import MselRow
from .tasks import TaskRating
from .why import Chain

# Corrective actions and questions by task measure, keyed by the task's id prefix or measure kind.
ACTIONS: dict[str, str] = {
    "authorized_moves": "Rehearse the movement-request cycle; brief the rule that nothing moves "
    "without a valid authorization, and what to do when one lapses.",
    "request_lead_time": "Build a movement plan that sends each note verbale at least the required "
    "lead time before the move; track requests on a board with their answer dates.",
    "risk_mitigated": "Make the risk estimate part of every convoy order: escort or route clearance "
    "above the threshold, and a written reason when neither is sent.",
    "consent_before_destroy": "Ask the contributing countries for consent at each site as soon as "
    "destruction is a possibility; keep a consent register.",
    "handover_present": "Agree handover dates with the host's forces and hold the camp until they "
    "are there; plan destruction and evacuation where they will not come.",
    "engage_before": "Open a standing channel with the ministry from the first day; schedule "
    "engagements ahead of the requests that need goodwill.",
}
QUESTIONS: dict[str, str] = {
    "authorized_moves": "What made moving without a valid authorization seem worth its cost?",
    "request_lead_time": "What kept the requests from going out earlier, and who tracked them?",
    "risk_mitigated": "Which estimates did you look at before the convoys left, and why go "
    "without an escort or route clearance?",
    "consent_before_destroy": "Why was the equipment destroyed before its owners consented?",
    "handover_present": "How did you know whether the host's forces would be there to receive "
    "each camp?",
    "engage_before": "When did you first talk to the ministry, and what did you want from it?",
}


@dataclass(frozen=True)
class PlanRow:
    issue: str
    action: str
    owner: str
    date: str = ""  # the instructor fills it in

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def strengths(ratings: list[TaskRating]) -> list[str]:
    return [f"{r.title} ({r.rating}): {r.reason}" for r in ratings if r.rating in ("P", "S")]


def areas(ratings: list[TaskRating]) -> list[str]:
    return [f"{r.title} ({r.rating}): {r.reason}" for r in ratings if r.rating in ("M", "U")]


def questions(
    ratings: list[TaskRating], kinds: dict[str, str], chains: list[Chain], msel: list[MselRow]
) -> list[str]:
    """Questions for the debrief: one per weak task, the first bad outcomes, injects answered
    otherwise than expected, and one on what the dice decided."""
    out = [QUESTIONS[kinds[r.id]] for r in ratings if r.rating in ("M", "U") and r.id in kinds]
    for c in chains[:3]:
        out.append(
            f"On {c.date}: {c.outcome} — what did you know before, and what would you change?"
        )
    for row in msel:
        if row.status == "differs":
            out.append(
                f"When '{row.title}' came, the expected action was: {row.expected_action} "
                f"What led you to do otherwise ({row.actual})?"
            )
    out.append("Which of your results came from your decisions, and which from the dice?")
    return list(dict.fromkeys(out))


def plan(ratings: list[TaskRating], kinds: dict[str, str]) -> list[PlanRow]:
    return [
        PlanRow(
            issue=f"{r.title}: {r.reason}",
            action=ACTIONS.get(kinds.get(r.id, ""), "Agree a corrective action in the debrief."),
            owner=r.owner or "Chief of staff",
        )
        for r in ratings
        if r.rating in ("S", "M", "U")
    ]
