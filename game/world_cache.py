"""A data-only cache of checked content: each world (and each clean `validate` run) is worked out
once per content and code version, then read back as JSON without checking it again.

Why: building and checking the content models is most of the start-up (bench/tui.py) and of a cold
`drawdown validate` (bench/validate.py); the same files give the same world every time.

What is cached is plain JSON (never pickle or code): each model is written as the name of a class
of `game.model` and its fields, and read back as they were written (no validation), so a cache hit
gives a world equal to a fresh load. An entry records every content file its load read (through
`game.content.read_text`) with a hash of its text, and the code version (the game's version and the
size and mtime of every module of the package, as Python's own bytecode cache does): a changed
file, a new game version or an edited module makes it stale, and it is rebuilt and rewritten.

The cache lives in `$XDG_CACHE_HOME/drawdown` (else `~/.cache/drawdown`); `DRAWDOWN_CACHE=off`
turns it off. Anything wrong with it (a folder that cannot be written, a corrupt, truncated or
foreign file) means no cache for that load: never an error, never a crash.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__, files

FORMAT = "drawdown-cache"
VERSION = 3  # of the layout below: a change makes every older entry stale (2: [rules] as data,
# 3: plain data classes)
MAX_BYTES = 64 * 1024 * 1024  # a cache file larger than this is not ours: ignored
PACKAGE = Path(__file__).resolve().parent

# Reads being recorded (path → hash of its text), innermost last; see `recording`.
_RECORDERS: list[dict[str, str]] = []


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def note_read(path: Path | str, text: str) -> None:
    """Called by the content reader for every file it reads: the entry being made depends on it."""
    if _RECORDERS:
        key = str(files.resolved(Path(path)))
        digest = text_hash(text)
        for deps in _RECORDERS:
            deps[key] = digest


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Collect every content file read inside the block, with the hash of its text."""
    deps: dict[str, str] = {}
    _RECORDERS.append(deps)
    try:
        yield deps
    finally:
        _RECORDERS.remove(deps)


def cache_dir() -> Path | None:
    if os.environ.get("DRAWDOWN_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "drawdown"


@lru_cache(maxsize=1)
def code_version() -> str:
    """The game's version and the size and mtime of every module of the package."""
    h = hashlib.sha256(f"{FORMAT}:{VERSION}:{__version__}".encode())
    for parts, path in sorted(_modules(str(PACKAGE), ())):
        try:
            st = os.stat(path)
        except OSError:
            continue
        h.update(f"{os.path.join(*parts)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _modules(folder: str, parts: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every `.py` file under the folder: its path's parts below the package, and its path. What
    `Path.rglob("*.py")` lists, sorted alike by the parts, in a quarter of the time (~1 of ~4 ms
    of every start-up: bench/tui.py)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _modules(entry.path, (*parts, entry.name))
        elif entry.name.endswith(".py"):
            yield (*parts, entry.name), entry.path


def _entry_path(kind: str, key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()[:32]
    return folder / f"{kind}-{name}.json"


def _fresh(deps: Any) -> bool:
    """Does every file the entry was made from still hold the same text?"""
    if not isinstance(deps, dict) or not deps:
        return False
    for path, digest in deps.items():
        try:
            # read with the cache's own (larger) limit: a file past the content limit has
            # changed, so its hash differs and the fresh load says what is wrong with it
            text = files.read_text(path, MAX_BYTES, "TOML")
        except files.FileProblem:
            return False
        if text_hash(text) != digest:
            return False
    return True


def read_entry(kind: str, key: str) -> Any | None:
    """The payload stored for (kind, key) if its entry is ours, of this code and still fresh;
    None otherwise (nothing stored, stale, corrupt, truncated or foreign)."""
    path = _entry_path(kind, key)
    if path is None:
        return None
    try:
        text = files.read_text(path, MAX_BYTES, "JSON")
        header, _, body = text.partition("\n")
        entry = json.loads(header)
        if not (
            isinstance(entry, dict)
            and entry.get("format") == FORMAT
            and entry.get("kind") == kind
            and entry.get("key") == key
            and entry.get("code") == code_version()
            and _fresh(entry.get("deps"))
        ):
            return None
        return decode(body)
    except (files.FileProblem, ValueError, TypeError, KeyError, RecursionError, OSError):
        return None


def write_entry(kind: str, key: str, deps: dict[str, str], payload: Any) -> None:
    """Store a payload (see `encode`); silently nothing if it cannot be written as data or the
    cache folder cannot be written."""
    path = _entry_path(kind, key)
    if path is None or not deps:
        return
    header = {"format": FORMAT, "kind": kind, "key": key, "code": code_version(), "deps": deps}
    try:
        body = json.dumps(encode(payload), separators=(",", ":"))
        text = json.dumps(header, separators=(",", ":")) + "\n" + body + "\n"
        files.write_file(path, text.encode())
    except (OSError, ValueError, TypeError):
        pass


# --------------------------------------------------------------------------- models as data


def _model_classes() -> dict[str, type]:
    """Every data class of game.model, by module and name: the only classes a cache can name."""
    # imported when a world is read: a cached `validate` run needs no model
    from .model import content, rules  # noqa: F401 - a world's classes: they register here
    from .model.declare import Strict

    out: dict[str, type] = {}
    todo = list(Strict.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("game.model."):
            out[f"{cls.__module__}:{cls.__qualname__}"] = cls
    return out


class NotData(TypeError):
    """A value the cache cannot write as data (it is then not cached)."""


def encode(value: Any) -> Any:
    """A tree of data classes as JSON-ready data: objects, tuples, dicts and dates tagged with
    what they are (tags start with "__", which no field name can)."""
    # imported when a world is written: a cached `validate` run needs no model
    from .model.declare import GIVEN, Strict
    from .model.plain import names

    def walk(value: Any) -> Any:
        if value is None or isinstance(value, (str, bool, int, float)):
            return value
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, Strict):
            cls = type(value)
            fields = names(cls)
            if set(vars(value)) - {GIVEN, *fields}:
                raise NotData(cls.__name__)
            return {
                "__model": f"{cls.__module__}:{cls.__qualname__}",
                "__set": sorted(value.given()),
                "__fields": {name: walk(getattr(value, name)) for name in fields},
            }
        if isinstance(value, tuple):
            return {"__tuple": [walk(v) for v in value]}
        if isinstance(value, dict):
            return {"__dict": [[walk(k), walk(v)] for k, v in value.items()]}
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return {"__date": value.isoformat()}
        raise NotData(type(value).__name__)

    return walk(value)


def decode(text: str) -> Any:
    """The model tree `encode` wrote (as JSON text), built without validation; ValueError if it
    is not one."""
    from .model.declare import GIVEN  # as in _model_classes

    known: dict[str, type] = {}

    def hook(obj: dict[str, Any]) -> Any:
        if "__model" in obj:
            if not known:  # only when there are models: a cached `validate` run needs none
                known.update(_model_classes())
            cls: Any = known.get(obj["__model"])
            if cls is None:
                raise ValueError(f"unknown model {obj['__model']!r}")
            fields = obj["__fields"]
            if not isinstance(fields, dict) or set(fields) != set(cls._template):
                raise ValueError(f"the fields of {obj['__model']} changed")
            given = obj["__set"]
            if not isinstance(given, list):
                raise ValueError(f"the fields given of {obj['__model']} are not a list")
            made = cls.of(fields)
            if len(given) != len(fields):
                made.__dict__[GIVEN] = frozenset(given)
            return made
        if "__tuple" in obj:
            return tuple(obj["__tuple"])
        if "__dict" in obj:
            return {_hashable(k): v for k, v in obj["__dict"]}
        if "__date" in obj:
            return dt.date.fromisoformat(obj["__date"])
        return obj  # the fields of a model

    return json.loads(text, object_hook=hook)


def _hashable(key: Any) -> Any:
    if isinstance(key, (list, dict)):
        raise ValueError("a list or a table as a key")
    return key
