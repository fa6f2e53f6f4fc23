"""What a game plays: a bundled id or a path, of a scenario or of an exercise, loaded into a World.

A scenario file joins its theatre and the rules in force (`game/content.py`); an exercise file
plays its scenario with the session's injects and modifiers (`game/training/exercises.py`). This
module sits above both, so neither needs the other. A world is checked once per content: later
loads of the same files read it back from the cache (`game/world_cache.py`).
"""

from __future__ import annotations

from pathlib import Path

from . import files, world_cache
from .content import load_scenario_world, resolve_scenario
from .model.content import World


def load_world(ref: str | Path) -> World:
    """A scenario or an exercise (bundled id or path), checked; ContentError says every problem."""
    path = resolve_scenario(ref)
    key = str(files.resolved(path))
    cached = world_cache.read_entry("world", key)
    if isinstance(cached, World):
        return cached
    with world_cache.recording() as deps:
        world = check_world_file(path)
    world_cache.write_entry("world", key, deps, world)
    return world


def check_world_file(path: Path) -> World:
    """A scenario or exercise file loaded and checked from its text (no cache)."""
    # imported when a world is checked from its files: one read from the cache is not (start-up)
    from .training.exercises import load_exercise_world, looks_like_exercise

    if looks_like_exercise(path):
        return load_exercise_world(path)
    return load_scenario_world(path)
