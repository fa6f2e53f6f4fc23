"""What a game plays: a bundled id or a path, of a scenario or of an exercise, loaded into a World.

A scenario file joins its theatre and the rules in force (`game/content.py`); an exercise file
plays its scenario with the session's injects and modifiers (`game/training/exercises.py`). This
module sits above both, so neither needs the other. A world is checked once per content: later
loads of the same files read it back from the cache (`game/world_cache.py`).
"""

from __future__ import annotations

from pathlib import Path

from . import files, world_cache
from .content import RULES_PATH, load_scenario_world, parse_toml, resolve_scenario, theatre_file
from .errors import ContentError
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


def content_files(ref: str | Path) -> list[Path]:
    """Every file a game of this scenario or exercise is made from: the file itself, an
    exercise's scenario, the theatre and the standard rules (what `play --watch` follows).

    Read from the files' own keys, not their models, so a file with errors still names the
    files after it; a file that cannot be read at all names none."""
    # imported when first needed (play --watch): the first screen does not load exercises (start-up)
    from .training.exercises import looks_like_exercise, scenario_file

    path = resolve_scenario(ref)
    out = [path]
    if looks_like_exercise(path):
        named = _key(path, "scenario")
        if named is None:
            return out + [RULES_PATH]
        path = scenario_file(named, path)
        out.append(path)
    theatre = _key(path, "theatre")
    if theatre is not None:
        out.append(theatre_file(theatre, path))
    return out + [RULES_PATH]


def _key(path: Path, key: str) -> str | None:
    try:
        value = parse_toml(path)[0].get(key)
    except ContentError:
        return None
    return value if isinstance(value, str) else None
