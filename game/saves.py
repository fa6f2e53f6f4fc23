"""Saves: versioned TOML files holding the scenario, seed and full order log; written atomically,
loaded by replaying the log and checking the digest. A bad save is reported and left untouched."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, files
from .content import CONTENT_DIR
from .engine import Game
from .errors import ContentError
from .files import FileProblem
from .worlds import load_world

if TYPE_CHECKING:
    from pydantic import ValidationError

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


def saves_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--saves DIR`, else saves/ in a checkout, else the user's data folder; created if missing
    (a WriteProblem, one line, if it cannot be)."""
    if override:
        path = Path(override)
    elif files.is_file(CONTENT_DIR.parent / "pyproject.toml") and files.is_dir(
        CONTENT_DIR.parent / "saves"
    ):
        path = CONTENT_DIR.parent / "saves"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "drawdown" / "saves"
    return files.make_folder(path)


def scenario_ref(game: Game, ref: str | None = None) -> str:
    """How a save names its scenario: the bundled id, or the path it was loaded from."""
    return ref or game.scenario.id


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Temp file in the same folder, fsync, rename (files.write_file): a crash leaves the old file
    or the new one; a folder or device in the way is refused; failures are one WriteProblem."""
    return files.write_file(path, data)


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
    game: Game,
    path: str | os.PathLike[str],
    ref: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Path:
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    import tomli_w

    path = Path(path)
    write_atomic(path, tomli_w.dumps(to_document(game, ref, extra)).encode("utf-8"))
    return path


def read_save(path: str | os.PathLike[str]) -> SaveInfo:
    """Read and check a save's fields (no replay yet)."""
    name = str(path)
    try:
        text = files.read_text(path, MAX_SAVE_BYTES, "a save")
        doc = files.parse_toml(text, path)
    except FileProblem as err:
        raise SaveError(files.unreadable(err, "save")) from None
    if doc.get("format") != FORMAT:
        raise SaveError(f"{name}: not a Drawdown save")
    version = doc.get("format_version")
    if type(version) is int and version != FORMAT_VERSION:
        raise SaveError(
            f"{name}: save format version {version!r}; this game reads version {FORMAT_VERSION}"
        )
    # imported when a save is read: a new game's first screen paints without the save and
    # results models (start-up, bench/tui.py)
    from pydantic import ValidationError

    from .model.saved import SaveFile  # with pydantic above: read here only

    try:
        save = SaveFile.model_validate(doc)
    except ValidationError as err:
        raise SaveError(field_problem(name, text, err, SaveFile)) from None
    return SaveInfo(
        scenario=save.scenario,
        seed=save.seed,
        day=save.day,
        digest=save.digest,
        content_hash=save.content_hash,
        record=[e.model_dump(exclude_none=True) for e in save.record],
        extra=save.extra,
    )


def field_problem(name: str, text: str, err: ValidationError, model: type) -> str:
    """The first bad fields of a save or results file, each at its line."""
    # the locator (and the content models with it) loads only when a save has an error to place
    from .authoring.locate import describe_error, locate

    lines = []
    for detail in err.errors()[:3]:
        e: dict[str, Any] = dict(detail)
        loc = tuple(e["loc"])
        line, col = locate(text, loc, e) if text else (1, 1)
        lines.append(f"{name}:{line}:{col}: bad field: {describe_error(e, loc, model)}")
    more = len(err.errors()) - len(lines)
    return "\n".join(lines) + (f"\n(and {more} more)" if more > 0 else "")


def load_game(path: str | os.PathLike[str], check_digest: bool = True) -> tuple[Game, SaveInfo]:
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
    last_day = (world.scenario.deadline - world.scenario.start).days
    if info.day > last_day:
        raise SaveError(
            f"{path}: the save says day {info.day}, but its scenario ends on day {last_day}"
        )
    try:
        game = Game.replay(world, info.seed, info.record)
    except Exception as err:  # a tampered log: bad orders, out-of-step days
        raise SaveError(f"{path}: the save's log does not replay: {err}") from None
    if len(game.record) != len(info.record):  # the engine ignores what comes after the end
        raise SaveError(
            f"{path}: the save's log goes on after the game ended "
            f"({len(info.record) - len(game.record)} entries too many)"
        )
    if game.state.day != info.day:
        raise SaveError(
            f"{path}: the save says day {info.day}, but its log reaches day {game.state.day}"
        )
    if check_digest and game.digest() != info.digest:
        raise SaveError(
            f"{path}: replaying the log gives a different game (digest {game.digest()}, save says {info.digest})"
        )
    return game, info
