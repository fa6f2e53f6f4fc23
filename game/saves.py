"""Saves: versioned TOML files holding the scenario, seed and full order log; written atomically,
loaded by replaying the log and checking the digest. A bad save is reported and left untouched."""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from . import __version__
from .content import CONTENT_DIR, ContentError, load_world
from .engine import Game

FORMAT = "drawdown-save"
FORMAT_VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024


class SaveError(Exception):
    """A save that cannot be used; the message says why. The file is never changed."""


@dataclass
class SaveInfo:
    scenario: str
    seed: int
    day: int
    digest: str
    content_hash: str
    record: list[dict[str, Any]]
    extra: dict[str, Any] = field(default_factory=dict)


def saves_dir(override: str | os.PathLike | None = None) -> Path:
    """`--saves DIR`, else saves/ in a checkout, else the user's data folder."""
    if override:
        path = Path(override)
    elif (CONTENT_DIR.parent / "pyproject.toml").is_file() and (
        CONTENT_DIR.parent / "saves"
    ).is_dir():
        path = CONTENT_DIR.parent / "saves"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "drawdown" / "saves"
    path.mkdir(parents=True, exist_ok=True)
    return path


def scenario_ref(game: Game, ref: str | None = None) -> str:
    """How a save names its scenario: the bundled id, or the path it was loaded from."""
    return ref or game.scenario.id


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename: a crash leaves the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


def to_document(
    game: Game, ref: str | None = None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "game_version": __version__,
        "scenario": scenario_ref(game, ref),
        "scenario_id": game.scenario.id,
        "content_hash": game.world.content_hash,
        "seed": game.seed,
        "day": game.state.day,
        "date": game.state.date.isoformat(),
        "digest": game.digest(),
    }
    if extra:
        doc["extra"] = extra
    doc["record"] = game.record
    return doc


def save_game(
    game: Game, path: str | os.PathLike, ref: str | None = None, extra: dict[str, Any] | None = None
) -> Path:
    path = Path(path)
    write_atomic(path, tomli_w.dumps(to_document(game, ref, extra)).encode("utf-8"))
    return path


def read_save(path: str | os.PathLike) -> SaveInfo:
    """Read and check a save's fields (no replay yet)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        raise SaveError(f"{path}: cannot read the save: {err.strerror}") from None
    if size > MAX_SAVE_BYTES:
        raise SaveError(f"{path}: too large to be a save ({size} bytes)")
    raw = path.read_bytes()
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise SaveError(f"{path}: not a readable save (corrupt or truncated): {err}") from None
    if doc.get("format") != FORMAT:
        raise SaveError(f"{path}: not a Drawdown save")
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
        raise SaveError(
            f"{path}: save format version {version!r}; this game reads version {FORMAT_VERSION}"
        )
    try:
        record = doc["record"]
        info = SaveInfo(
            scenario=str(doc["scenario"]),
            seed=int(doc["seed"]),
            day=int(doc["day"]),
            digest=str(doc["digest"]),
            content_hash=str(doc["content_hash"]),
            record=list(record),
            extra=dict(doc.get("extra", {})),
        )
    except (KeyError, TypeError, ValueError) as err:
        raise SaveError(f"{path}: save is missing or has a bad field: {err}") from None
    for entry in info.record:
        if (
            not isinstance(entry, dict)
            or "day" not in entry
            or not ("order" in entry or "advance" in entry)
        ):
            raise SaveError(f"{path}: save has a malformed log entry")
    return info


def load_game(path: str | os.PathLike, check_digest: bool = True) -> tuple[Game, SaveInfo]:
    """Replay a save; refuse it if its scenario changed or the replay does not reach its digest."""
    info = read_save(path)
    try:
        world = load_world(info.scenario)
    except ContentError as err:
        raise SaveError(
            f"{path}: its scenario {info.scenario!r} cannot be loaded:\n{err}"
        ) from None
    if world.content_hash != info.content_hash:
        raise SaveError(
            f"{path}: scenario {info.scenario!r} has changed since this game was saved "
            f"(content {world.content_hash}, save made with {info.content_hash})"
        )
    try:
        game = Game.replay(world, info.seed, info.record)
    except Exception as err:  # a tampered log: bad orders, out-of-step days
        raise SaveError(f"{path}: the save's log does not replay: {err}") from None
    if check_digest and game.digest() != info.digest:
        raise SaveError(
            f"{path}: replaying the log gives a different game (digest {game.digest()}, save says {info.digest})"
        )
    return game, info
