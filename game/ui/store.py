"""Saves as the UI uses them: autosaves (the last three per scenario), the save list, the latest game —
all through game.saves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..saves import SaveError, read_save, save_game, saves_dir

if TYPE_CHECKING:
    from ..engine import Game

KEEP_AUTOSAVES = 3


def autosave(game: Game, ref: str | None, saves: str | None = None) -> Path:
    """Write autosave-<scenario>-<day>.toml and keep only the newest three of this scenario."""
    folder = saves_dir(saves)
    scenario = game.scenario.id
    path = save_game(game, folder / f"autosave-{scenario}-{game.state.day}.toml", ref)
    older = newest_first(folder.glob(f"autosave-{scenario}-*.toml"))
    for stale in older[KEEP_AUTOSAVES:]:
        try:
            stale.unlink()
        except OSError:
            pass
    return path


def newest_first(paths: Iterable[Path]) -> list[Path]:
    """Files newest first; a file another process removed meanwhile is left out, not an error
    (several games may autosave into one folder)."""
    stamped = []
    try:
        for path in paths:
            try:
                stamped.append((path.stat().st_mtime_ns, path))
            except OSError:
                continue
    except OSError:  # the folder itself went away
        pass
    return [path for _, path in sorted(stamped, key=lambda pair: pair[0], reverse=True)]


def _folder(saves: str | None) -> Path | None:
    try:
        return saves_dir(saves)
    except OSError:
        return None


def latest_autosave(saves: str | None = None) -> Path | None:
    folder = _folder(saves)
    found = newest_first(folder.glob("autosave-*.toml")) if folder else []
    return found[0] if found else None


@dataclass
class SaveEntry:
    path: Path
    text: str
    ok: bool


def list_saves(saves: str | None = None) -> list[SaveEntry]:
    """Every save in the folder, newest first, each described (or why it cannot be read)."""
    out = []
    folder = _folder(saves)
    for f in newest_first(folder.glob("*.toml")) if folder else []:
        try:
            info = read_save(f)
        except SaveError as err:
            out.append(SaveEntry(f, f"{f.name} — unreadable: {str(err).split(': ', 1)[-1]}", False))
            continue
        out.append(
            SaveEntry(f, f"{f.stem} — {info.scenario}, day {info.day}, seed {info.seed}", True)
        )
    return out


def save_name(text: str) -> str:
    """A safe file name from what the player typed (letters, digits, - and _ only)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip()).strip("-")
    if not name:
        raise ValueError("give the save a name (letters, digits, - and _)")
    return name
