"""The after-action review as data: what the report (Markdown, HTML) and the review screen show.

Built from a game (replayed from a save or a results file): the decisions and what followed each,
the day-by-day series for the charts, the risk estimated against what was true, the objectives
judged, the critical tasks rated, decision against luck, why each bad outcome happened, the
master scenario events list (expected against actual), and the historical record beside the game's
own figures in plain labels.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..engine import Game
from ..model import log
from ..model import orders as o
from ..model.exercise import Capability, Exercise
from ..model.plain import names
from ..model.saved import GameSummary
from ..model.state import Tally
from . import findings
from .luck import Outcome, luck_totals, outcomes
from .msel import MselRow, msel_rows
from .objectives import Verdict, judge_all
from .results import decision_entries
from .tasks import TaskRating, decision_grade, guide, rate_all
from .why import Chain, chains

# Plain labels for the figures of a game summary (historical records name them by dotted path).
FIGURE_LABELS: dict[str, str] = {
    "personnel.total": "People in the mission",
    "personnel.withdrawn": "People withdrawn",
    "personnel.remaining": "People remaining",
    "personnel.killed": "Peacekeepers killed",
    "personnel.wounded": "Wounded",
    "containers.total": "Containers in the mission",
    "containers.repatriated": "Containers shipped home",
    "containers.handed_over": "Containers handed over",
    "containers.destroyed": "Containers destroyed",
    "containers.lost": "Containers lost",
    "containers.remaining": "Containers remaining",
    "sites.total": "Sites",
    "sites.closed": "Sites closed",
    "sites.closed_on_time": "Sites closed on time",
    "sites.seized": "Sites seized by armed groups",
    "casualties.peacekeepers_wounded": "Peacekeepers wounded",
    "casualties.contractors_killed": "Contractors killed",
    "casualties.contractors_wounded": "Contractors wounded",
    "casualties.civilians_killed": "Civilians killed",
    "casualties.civilians_wounded": "Civilians wounded",
    "host_relations": "Host relations",
}
NO_TRAINEE = "(no name given)"


def figure_label(dotted: str) -> str:
    """A figure's plain label: known ones by name, others spelled out from the path."""
    if dotted in FIGURE_LABELS:
        return FIGURE_LABELS[dotted]
    words = dotted.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


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
    summary: GameSummary
    timeline: list[Decision]
    dates: list[str]
    series: dict[str, list[float]]
    risks: list[dict[str, Any]]
    objectives: list[Verdict]
    historical_summary: str
    historical_timeline: list[tuple[str, str, str]]
    figures: list[tuple[str, float, float | None]]
    events: list[tuple[str, str]]
    capabilities: list[Capability] = field(default_factory=list)
    tasks: list[TaskRating] = field(default_factory=list)
    decision_grade: str = "—"
    outcomes: list[Outcome] = field(default_factory=list)
    luck: dict[str, float] = field(default_factory=dict)
    chains: list[Chain] = field(default_factory=list)
    msel: list[MselRow] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    plan: list[findings.PlanRow] = field(default_factory=list)
    fates: dict[str, dict[str, int]] = field(default_factory=dict)
    markers: list[tuple[str, str]] = field(
        default_factory=list
    )  # (date, label): deadline, site targets


def _decision_ids(data: log.LogData) -> set[str]:
    """The requests, convoys, flights, sites and events a decision names."""
    ids: set[str] = set()
    if isinstance(data, log.OrderApplied):
        if data.ref:
            ids.add(data.ref)
        named = o.names(data.given)
        ids.update(part for part in (named.request, named.site, named.event, named.ref) if part)
    elif isinstance(data, log.ChoiceMade):
        ids.add(data.event)
    return ids


def _named_ids(data: log.LogData) -> set[str]:
    """The requests, convoys, flights, sites and events a happening names (a convoy or flight also
    names the request it moves under, so it follows the request and the dispatch)."""
    ids = {getattr(data, key) for key in _id_fields(type(data))}
    return {i for i in ids if isinstance(i, str) and i}


_ID_NAMES: dict[type[log.LogData], tuple[str, ...]] = {}


def _id_fields(kind: type[log.LogData]) -> tuple[str, ...]:
    """The fields of ID_FIELDS a class of log data has: found once per class."""
    found = _ID_NAMES.get(kind)
    if found is None:
        found = _ID_NAMES[kind] = tuple(k for k in ID_FIELDS if k in names(kind))
    return found


def timeline(game: Game) -> list[Decision]:
    """Each decision, with the first few things that followed from it (matched by the request,
    convoy, flight, site or event it named)."""
    log_ = game.state.log
    # Where each id is named, in log order: one pass over the log, not one per decision.
    named: dict[str, list[int]] = {}
    for j, later in enumerate(log_):
        if later.kind in FOLLOW_KINDS:
            for i in _named_ids(later.data):
                named.setdefault(i, []).append(j)
    out: list[Decision] = []
    for at, entry, kind in decision_entries(game):
        hits: set[int] = set()
        for ident in _decision_ids(entry.data):
            places = named.get(ident, [])
            start = bisect.bisect_right(places, at)
            hits.update(places[start : start + MAX_FOLLOW])
        followed = [
            f"{game.date_of(log_[j].day)}: {log_[j].text}" for j in sorted(hits)[:MAX_FOLLOW]
        ]
        out.append(Decision(game.date_of(entry.day).isoformat(), kind, entry.text, followed))
    return out


def figure_at(summary: GameSummary, dotted: str) -> float | None:
    """The number at a dotted path of a game summary (e.g. personnel.withdrawn), if there is one."""
    value = summary.figure(dotted)
    return None if value is None else float(value)


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
        (figure_label(key), value, figure_at(summary, key))
        for key, value in sorted(sc.historical.figures.items())
    ]
    moves = outcomes(game)
    routes = {o.what.removeprefix("convoy "): o.route for o in moves if o.what.startswith("convoy")}
    for risk in risks:
        ends = routes.get(str(risk["convoy"]), "").split(" → ")
        risk["route"] = " → ".join(short_name(e) for e in ends)
    capabilities, task_list = guide(exercise)
    ratings = rate_all(task_list, game.world, game.state)
    kinds: dict[str, str] = {t.id: t.measure.kind for t in task_list}
    why = chains(game)
    msel = msel_rows(game, exercise) if exercise else []
    led = game.state.ledger
    fates = {
        kind: {
            "shipped home": tally.repatriated,
            "handed over": tally.handed_over,
            "destroyed": tally.destroyed,
            "lost": tally.lost,
            "still in the country": still_in_country(led.initial.get(kind, 0), tally),
        }
        for kind, tally in (("containers", led.containers), ("vehicles", led.vehicles))
    }
    markers = [(sc.deadline.isoformat(), "deadline")] + sorted(
        (s.target_date.isoformat(), short_name(game.name(s.id)))
        for s in sc.sites
        if s.target_date is not None
    )
    # Events, deadlines and camps lost: daily shelling would bury the comparison.
    events = [
        (game.date_of(e.day).isoformat(), e.text)
        for e in game.state.log
        if e.kind in ("event", "deadline")
        or isinstance(e.data, log.SiteSeized | log.SiteOccupiedInformally)
    ]
    return Review(
        title=exercise.title if exercise else sc.title,
        trainee=trainee or NO_TRAINEE,
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
        capabilities=capabilities,
        tasks=ratings,
        decision_grade=decision_grade(ratings),
        outcomes=moves,
        luck=luck_totals(moves),
        chains=why,
        msel=msel,
        strengths=findings.strengths(ratings),
        areas=findings.areas(ratings),
        questions=findings.questions(ratings, kinds, why, msel),
        plan=findings.plan(ratings, kinds),
        fates=fates,
        markers=markers,
    )


def short_name(name: str) -> str:
    """A site's name without its description in brackets ('Gao (logistics hub)' -> 'Gao')."""
    return name.split(" (")[0]


def still_in_country(initial: int, tally: Tally) -> int:
    """What of a kind of equipment is still in the country (at sites, on the road, at the exit)."""
    gone = tally.repatriated + tally.handed_over + tally.destroyed + tally.lost
    return max(0, initial - gone)
