"""The results file a finished game leaves (training/results.py) when it was an exercise or a
trainee was named. Apart from the results module, so that a plain game ends without loading the
results, summary and exercise models it does not need (0.5 MiB of a campaign's peak memory,
bench/tui.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .exercises import exercise_for

if TYPE_CHECKING:
    from pathlib import Path

    from ..engine import Game


def results_after_game(
    game: Game, ref: str, trainee: str | None = None, saves: str | None = None
) -> Path | None:
    """Write a finished game's results beside the saves when it was an exercise or a trainee
    was named. Returns the path (the caller says where), or None if nothing was written."""
    if not game.finished:
        return None
    found = exercise_for(ref)
    if found is None and not trainee:
        return None
    # imported when there are results to write (see the module's docstring)
    from ..saves import saves_dir
    from .results import write_result

    exercise = found[0] if found else None
    return write_result(game, ref, saves_dir(saves), trainee or "", exercise)
