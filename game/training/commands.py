"""The training commands: `drawdown report` and `drawdown debrief` (`drawdown serve` is game/serve/).

Each returns an exit code: 0 on success, 1 when a file cannot be used (with a message saying why),
and never lets a traceback reach the user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine import Game
from ..errors import ContentError
from ..files import WriteProblem
from ..model.saved import ResultFile
from ..saves import SaveError, write_atomic
from .results import ResultError, read_result

if TYPE_CHECKING:  # the review is imported when `report` runs (start-up)
    from .review import Review


class TrainingError(Exception):
    """A file the training commands cannot use; the message says why."""


def game_from_result(result: ResultFile, path: str = "results") -> Game:
    """Replay a results file's record; refuse it if its content changed or it does not reproduce."""
    # imported when this command runs, so `report` does not load the debrief and so on
    from ..worlds import load_world

    ref = result.ref
    try:
        world = load_world(ref)
    except ContentError as err:
        raise TrainingError(f"{path}: its game {ref!r} cannot be loaded:\n{err}") from None
    if world.content_hash != result.content_hash:
        raise TrainingError(
            f"{path}: {ref!r} has changed since this game was played "
            f"(content {world.content_hash}, results made with {result.content_hash})"
        )
    record = [entry.model_dump() for entry in result.record]
    try:
        game = Game.replay(world, result.seed, record)
    except Exception as err:  # a tampered record: bad orders, out-of-step days
        raise TrainingError(f"{path}: the results' record does not replay: {err}") from None
    if len(game.record) != len(record):  # the engine ignores what comes after the end
        raise TrainingError(f"{path}: the results' record goes on after the game ended")
    if game.digest() != result.summary.digest:
        raise TrainingError(f"{path}: replaying the record gives a different game")
    return game


def load_for_review(path: str) -> tuple[Game, str, str]:
    """A save or a results file → (game, the reference it was played from, trainee)."""
    if path.endswith(".json"):
        try:
            result = read_result(path)
        except ResultError as err:
            raise TrainingError(str(err)) from None
        game = game_from_result(result, path)
        return game, result.ref, result.trainee
    # imported when this command runs, so `report` does not load the debrief and so on
    from ..saves import load_game

    try:
        game, info = load_game(path)
    except SaveError as err:
        raise TrainingError(str(err)) from None
    return game, info.scenario, str(info.extra.get("trainee", ""))


def review_for(path: str) -> Review:
    # imported when this command runs, so `report` does not load the debrief and so on
    from .exercises import exercise_for
    from .review import build_review

    game, ref, trainee = load_for_review(path)
    try:
        found = exercise_for(ref)
    except ContentError:
        found = None
    return build_review(game, found[0] if found else None, trainee)


def _emit(text: str, out: str | None) -> int:
    """Write the text to --out (atomically, through the safe writer) or to stdout; 1 if it could
    not be written."""
    if not out:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(Path(out), text.encode("utf-8"))
    except WriteProblem as err:
        print(f"drawdown: {err}", file=sys.stderr)
        return 1
    print(f"written: {out}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    # imported when this command runs, so `report` does not load the debrief and so on
    from . import report

    try:
        review = review_for(args.save)
    except TrainingError as err:
        print(f"drawdown: {err}", file=sys.stderr)
        return 1
    text = report.to_html(review) if args.format == "html" else report.to_markdown(review)
    return _emit(text, getattr(args, "out", None))


def cmd_debrief(args: argparse.Namespace) -> int:
    # imported when this command runs, so `report` does not load the debrief and so on
    from . import debrief

    results = []
    for path in args.results:
        try:
            results.append(read_result(path))
        except ResultError as err:
            print(f"drawdown: {err}", file=sys.stderr)
            return 1
    historical: dict[str, float] = {}
    try:
        # imported when this command runs, so `report` does not load the debrief and so on
        from ..worlds import load_world

        world = load_world(results[0].ref)
        historical = dict(world.scenario.historical.figures)
    except ContentError:
        pass  # the comparison still works without the historical figures
    d = debrief.build_debrief(results, historical)
    render = {"text": debrief.to_text, "md": debrief.to_markdown, "html": debrief.to_html}
    return _emit(render[args.format](d), getattr(args, "out", None))
    return 0
