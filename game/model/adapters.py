"""Pydantic at the edges of the game's plain classes: the state (`state.py`) and the log's data
(`log.py`) are stdlib dataclasses the engine builds and changes as plain Python; they are checked,
dumped and hashed through a `TypeAdapter` of their class, built when first asked for.

A new game's first screen builds none (start-up, bench/tui.py); the first digest (a save, the
summary) builds the state's, or `warm.build_deferred` does after the first frame. One adapter per
class, built once per process.
"""

from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from pydantic import TypeAdapter

T = TypeVar("T")

_BUILT: "dict[type[Any], TypeAdapter[Any]]" = {}


def adapter(cls: type[T]) -> "TypeAdapter[T]":
    """The class's adapter: validates (with the class's `__pydantic_config__`) and serializes."""
    found = _BUILT.get(cls)
    if found is None:
        from pydantic import TypeAdapter  # with the first adapter: a game in play builds none

        found = _BUILT[cls] = TypeAdapter(cls)
    return found


def built() -> frozenset[type[Any]]:
    """The classes whose adapter this process has built."""
    return frozenset(_BUILT)


def dump(value: Any, mode: Literal["python", "json"] = "python", **kw: Any) -> Any:
    """`value` as plain data (dicts, lists, atoms), as pydantic's `model_dump` gives a model:
    `mode="json"` gives what JSON holds (dates as text, tuples as lists)."""
    return adapter(type(value)).dump_python(value, mode=mode, **kw)


def dump_json(value: Any, **kw: Any) -> str:
    return adapter(type(value)).dump_json(value, **kw).decode()


def load(cls: type[T], data: Any, *, strict: bool | None = None) -> T:
    """An instance of `cls` from plain data, validated; `ValidationError` if it does not fit."""
    return adapter(cls).validate_python(data, strict=strict)


def load_json(cls: type[T], text: str | bytes) -> T:
    return adapter(cls).validate_json(text)
