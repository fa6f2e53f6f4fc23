"""The console's review pages: a trainee's after-action review (of their newest results file or
autosave) and the class debrief over every trainee's latest results."""

from __future__ import annotations

from html import escape
from pathlib import Path

from .roster import Roster
from .status import newest


def latest_game_file(folder: Path) -> Path | None:
    found = newest(folder, "*.result.json", "autosave-*.toml")
    return found[0] if found else None


def review_page(folder: Path) -> str | None:
    """The review as HTML, or None when there is no game yet; a file that cannot be replayed
    gives a page saying why."""
    # imported when a review is asked for: the training reports stay out of the server's start-up
    from ..training import report
    from ..training.commands import TrainingError, review_for

    path = latest_game_file(folder)
    if path is None:
        return None
    try:
        return report.to_html(review_for(str(path)))
    except TrainingError as err:
        return f"<!doctype html><title>Review</title><p>{escape(str(err).split(': ', 1)[-1])}</p>"


def debrief_page(roster: Roster) -> str | None:
    """The class debrief as HTML over each trainee's newest results, or None if nobody finished."""
    # imported when a review is asked for: the training reports stay out of the server's start-up
    from ..errors import ContentError
    from ..training import debrief
    from ..training.results import ResultError, read_result
    from ..worlds import load_world

    results = []
    for trainee in roster.trainees():
        for path in newest(roster.trainee_dir(trainee.key), "*.result.json")[:1]:
            try:
                results.append(read_result(path))
            except ResultError:
                continue
    if not results:
        return None
    try:
        world = load_world(results[0].ref)
        historical = dict(world.scenario.historical.figures)
    except ContentError:
        historical = {}
    return debrief.to_html(debrief.build_debrief(results, historical))
