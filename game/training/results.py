"""Results of finished games: one JSON file per game, written beside the saves, for the debrief.

A results file holds who played what (trainee, exercise, scenario, seed), the summary, the
decisions, the objectives judged, the key moments the debrief compares across a class, and the
order record, so the game can be replayed and reviewed from the results file alone. Nothing in it
depends on the wall clock: the same exercise, seed and orders give the same file, byte for byte.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import __version__, files
from ..engine import Game
from ..files import FileProblem
from ..model import log
from ..model.exercise import Exercise
from ..model.saved import ResultFile
from ..model.state import LogEntry
from ..saves import write_atomic
from .luck import luck_totals, outcomes
from .msel import msel_rows
from .objectives import judge_all
from .tasks import decision_grade, guide, rate_all

FORMAT = "drawdown-result"
FORMAT_VERSION = 1
SUFFIX = ".result.json"
MAX_BYTES = 16 * 1024 * 1024


class ResultError(Exception):
    """A results file that cannot be used; the message says why."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "anonymous"


def decision_entries(game: Game) -> list[tuple[int, LogEntry, str]]:
    """The trainee's decisions as (index in the log, entry, kind): orders that applied and
    choices that took their default (not instructor releases), in order."""
    out = []
    for i, e in enumerate(game.state.log):
        data = e.data
        if isinstance(data, log.OrderApplied):
            if data.order_kind == "release":
                continue
            out.append((i, e, data.order_kind or "order"))
        elif isinstance(data, log.ChoiceMade) and data.default:
            # A choice made by order is already listed as the 'choose' order; keep the defaults.
            out.append((i, e, "default"))
    return out


def decisions(game: Game) -> list[dict[str, Any]]:
    """The trainee's decisions: orders that applied and answers to events (not instructor
    releases), in order, with dates."""
    return [
        {
            "day": e.day,
            "date": game.date_of(e.day).isoformat(),
            "kind": kind,
            "text": e.text,
        }
        for _, e, kind in decision_entries(game)
    ]


def key_moments(game: Game) -> list[dict[str, str]]:
    """The moments a class is compared on: each decision an event asked for, the first
    engagement, how each site ended, and moves without authorization."""
    st = game.state
    out: list[dict[str, str]] = []
    for event in game.scenario.events:
        if not event.choices or event.id not in st.fired:
            continue
        choice_id = st.fired[event.id]
        label = next((c.label for c in event.choices if c.id == choice_id), "no decision yet")
        defaulted = any(
            isinstance(e.data, log.ChoiceMade) and e.data.event == event.id and e.data.default
            for e in st.log
        )
        out.append(
            {
                "id": f"event:{event.id}",
                "label": event.title,
                "value": f"{label} (default)" if defaulted else label,
            }
        )
    engaged = next(
        (
            e
            for e in st.log
            if isinstance(e.data, log.OrderApplied) and e.data.order_kind == "engage"
        ),
        None,
    )
    out.append(
        {
            "id": "engage",
            "label": "First engagement of the host",
            "value": game.date_of(engaged.day).isoformat() if engaged else "never",
        }
    )
    for sid, site in st.sites.items():
        if not site.closable:
            continue
        status = site.status.replace("_", " ")
        if site.closed_on is not None:
            value = f"{status} {site.closed_on.isoformat()}"
        else:
            value = f"{status}, {site.headcount} still there"
        out.append({"id": f"site:{sid}", "label": f"{game.name(sid)} at the end", "value": value})
    out.append(
        {
            "id": "unauthorized",
            "label": "Moves without authorization",
            "value": str(st.unauthorized_moves),
        }
    )
    return out


def build_result(
    game: Game, ref: str, trainee: str = "", exercise: Exercise | None = None
) -> ResultFile:
    """The results file of a finished game (checked like a file read back, so the program never
    writes one it would refuse)."""
    verdicts = judge_all(exercise.objectives, game.world, game.state) if exercise else []
    capabilities, tasks = guide(exercise)
    ratings = rate_all(tasks, game.world, game.state)
    moves = outcomes(game)
    summary = game.summary()
    doc = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "game_version": __version__,
        "trainee": trainee or "anonymous",
        "exercise": exercise.id if exercise else "",
        "exercise_title": exercise.title if exercise else "",
        "scenario": game.scenario.id,
        "scenario_title": game.scenario.title,
        "ref": ref,
        "content_hash": game.world.content_hash,
        "seed": game.seed,
        "summary": summary,
        "objectives": [v.to_dict() for v in verdicts],
        "decisions": decisions(game),
        "moments": key_moments(game),
        "record": game.record,
        # The evaluation (added within format version 1: older readers ignore these keys).
        "capabilities": [c.model_dump() for c in capabilities],
        "tasks": [r.to_dict() for r in ratings],
        "decision_grade": decision_grade(ratings),
        "result_grade": summary.grade,
        "outcomes": [o.to_dict() for o in moves],
        "luck": luck_totals(moves),
        "msel": [m.to_dict() for m in msel_rows(game, exercise)] if exercise else [],
    }
    return ResultFile.model_validate(doc)


def result_name(result: ResultFile) -> str:
    what = result.exercise or result.scenario
    digest = result.summary.digest[:8]
    return f"{what}-{slug(result.trainee)}-seed{result.seed}-{digest}{SUFFIX}"


def dumps(result: ResultFile) -> str:
    return json.dumps(result.model_dump(mode="json"), indent=1, ensure_ascii=False) + "\n"


def write_result(
    game: Game,
    ref: str,
    directory: Path,
    trainee: str = "",
    exercise: Exercise | None = None,
) -> Path:
    """Write the game's results file into `directory` (atomically); returns its path."""
    result = build_result(game, ref, trainee, exercise)
    path = Path(directory) / result_name(result)
    write_atomic(path, dumps(result).encode("utf-8"))
    return path


def read_result(path: str | Path) -> ResultFile:
    """A results file, read safely and checked field by field (ResultFile) before any use."""
    name = str(path)
    try:
        text = files.read_text(path, MAX_BYTES, "JSON")
        doc = files.parse_json(text, path)
    except FileProblem as err:
        raise ResultError(files.unreadable(err, "results file")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ResultError(f"{name}: not a Drawdown results file")
    version = doc.get("format_version")
    if type(version) is int and version != FORMAT_VERSION:
        raise ResultError(
            f"{name}: results format version {version!r}; this game reads version {FORMAT_VERSION}"
        )
    try:
        return ResultFile.model_validate(doc)
    except ValidationError as err:
        raise ResultError(_bad_fields(name, err)) from None


def _bad_fields(name: str, err: ValidationError) -> str:
    # imported only when a results file is bad: the locator stays out of reading good ones
    from ..authoring.locate import describe_error

    found = err.errors()
    lines = [f"{name}: bad field: {describe_error(dict(e), tuple(e['loc']))}" for e in found[:3]]
    return "\n".join(lines) + (f"\n(and {len(found) - 3} more)" if len(found) > 3 else "")
