"""The after-action review as data: what the report (Markdown, HTML) and the review screen show.

Built from a game (replayed from a save or a results file): the decisions and what followed each,
the day-by-day series for the charts, the risk estimated against what was true, the objectives
judged, and the historical record beside the game's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine import Game
from ..model import log
from ..model.exercise import Exercise
from .objectives import Verdict, judge_all
from .results import decision_entries

FOLLOW_KINDS = ("host", "move", "incident", "security", "event", "deadline", "choice")
# The typed fields that name something a decision can be about.
ID_FIELDS = ("request", "convoy", "flight", "site", "event", "destination")
MAX_FOLLOW = 4


@dataclass
class Decision:
    date: str
    kind: str
    text: str
    followed: list[str] = field(default_factory=list)


@dataclass
class Review:
    title: str
    trainee: str
    exercise: str
    scenario: str
    seed: int
    summary: dict[str, Any]
    timeline: list[Decision]
    dates: list[str]
    series: dict[str, list[float]]
    risks: list[dict[str, Any]]
    objectives: list[Verdict]
    historical_summary: str
    historical_timeline: list[tuple[str, str, str]]
    figures: list[tuple[str, float, float | None]]
    events: list[tuple[str, str]]


def _decision_ids(data: log.LogData) -> set[str]:
    """The requests, convoys, flights, sites and events a decision names."""
    ids: set[str] = set()
    if isinstance(data, log.OrderApplied):
        if data.ref:
            ids.add(data.ref)
        for key in ("request", "site", "event", "ref"):
            if data.order.get(key):
                ids.add(str(data.order[key]))
    elif isinstance(data, log.ChoiceMade):
        ids.add(data.event)
    return ids


def _named_ids(data: log.LogData) -> set[str]:
    """The requests, convoys, flights, sites and events a happening names (a convoy or flight also
    names the request it moves under, so it follows the request and the dispatch)."""
    ids = {getattr(data, key, None) for key in ID_FIELDS}
    return {i for i in ids if isinstance(i, str) and i}


def timeline(game: Game) -> list[Decision]:
    """Each decision, with the first few things that followed from it (matched by the request,
    convoy, flight, site or event it named)."""
    log_ = game.state.log
    out: list[Decision] = []
    for i, entry, kind in decision_entries(game):
        ids = _decision_ids(entry.data)
        followed = []
        for later in log_[i + 1 :]:
            if later.kind not in FOLLOW_KINDS:
                continue
            if ids & _named_ids(later.data):
                followed.append(f"{game.date_of(later.day)}: {later.text}")
                if len(followed) >= MAX_FOLLOW:
                    break
        out.append(Decision(game.date_of(entry.day).isoformat(), kind, entry.text, followed))
    return out


def figure_at(summary: dict[str, Any], dotted: str) -> float | None:
    """The number at a dotted path of a game summary (e.g. personnel.withdrawn), if there is one."""
    value: Any = summary
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return float(value) if isinstance(value, int | float) else None


def build_review(game: Game, exercise: Exercise | None = None, trainee: str = "") -> Review:
    sc = game.scenario
    hist = game.state.history
    series = {
        "people out": [float(d.withdrawn) for d in hist],
        "people remaining": [float(d.remaining) for d in hist],
        "containers out": [float(d.containers_out) for d in hist],
        "killed": [float(d.killed) for d in hist],
        "host relations": [float(d.relations) for d in hist],
    }
    risks = [
        {
            "convoy": e.convoy,
            "date": game.date_of(e.day).isoformat(),
            "estimated": round(1 - (1 - e.ied) * (1 - e.ambush), 4),
            "true": round(1 - (1 - e.true_ied) * (1 - e.true_ambush), 4),
            "incidents": e.incidents,
        }
        for e in game.state.estimates
    ]
    summary = game.summary()
    figures = [
        (key, value, figure_at(summary, key))
        for key, value in sorted(sc.historical.figures.items())
    ]
    events = [
        (game.date_of(e.day).isoformat(), e.text)
        for e in game.state.log
        if e.kind in ("event", "deadline", "security")
    ]
    return Review(
        title=exercise.title if exercise else sc.title,
        trainee=trainee or "anonymous",
        exercise=exercise.id if exercise else "",
        scenario=sc.id,
        seed=game.seed,
        summary=summary,
        timeline=timeline(game),
        dates=[game.date_of(d.day).isoformat() for d in hist],
        series=series,
        risks=risks,
        objectives=judge_all(exercise.objectives, game.world, game.state) if exercise else [],
        historical_summary=sc.historical.summary,
        historical_timeline=[
            (h.date.isoformat(), h.text, h.source) for h in sc.historical.timeline
        ],
        figures=figures,
        events=events,
    )
