"""What a game plays: a bundled id or a path, of a scenario or of an exercise, loaded into a World.

A scenario file joins its theatre and the rules in force (`game/content.py`); an exercise file
plays its scenario with the session's injects and modifiers (`game/training/exercises.py`). This
module sits above both, so neither needs the other.
"""

from __future__ import annotations

from pathlib import Path

from .content import load_scenario_world, resolve_scenario
from .model.content import World
from .training.exercises import load_exercise_world, looks_like_exercise


def load_world(ref: str | Path) -> World:
    """A scenario or an exercise (bundled id or path), checked; ContentError says every problem."""
    path = resolve_scenario(ref)
    if looks_like_exercise(path):
        return load_exercise_world(path)
    return load_scenario_world(path)
