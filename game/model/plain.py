"""What the game's plain classes share: the state's (`state.py`) and the log's data (`log.py`).

They are slotted stdlib dataclasses, built and changed as plain Python; pydantic checks and dumps
them at the edges only (`adapters.py`). Equality and repr are written once here rather than
generated for each class: Python 3.11's `dataclass` compiles every generated method with its own
`exec` (~0.1 ms each), and start-up builds some fifty of these classes.
"""

from dataclasses import fields
from types import UnionType
from typing import Any, Union, get_args, get_origin

# Each class's field names, in declaration order (its slots): found once per class.
_NAMES: dict[type, tuple[str, ...]] = {}


def names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return found


def values(obj: object) -> tuple[Any, ...]:
    """The object's field values, in declaration order."""
    return tuple([getattr(obj, name) for name in names(type(obj))])


def wrong_fields(cls: type, fields: Any, required: frozenset[str], given: dict[str, Any]) -> str:
    """Why `cls(**given)` cannot be built: the names it does not have, the required ones missing
    (the shared `__init__`s of the log's data and of the checked classes say it alike)."""
    unknown = sorted(set(given) - set(fields))
    missing = sorted(required - set(given))
    return f"{cls.__name__}: " + "; ".join(
        [*(f"no field {n!r}" for n in unknown), *(f"{n!r} is required" for n in missing)]
    )


class Plain:
    """Equality by class and field values (as a dataclass's own), and a dataclass's repr."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return values(self) == values(other)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names(type(self)))
        return f"{type(self).__name__}({shown})"


class Serialized:
    """How a type is written out, inside `Annotated[...]` (pydantic's `PlainSerializer`, taking the
    value alone); `json_data` writes it the same way."""

    __slots__ = ("func",)

    def __init__(self, func: Any) -> None:
        self.func = func

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema  # checking and dumping only: never at start-up

        schema = handler(source)
        schema["serialization"] = core_schema.plain_serializer_function_ser_schema(self.func)
        return schema


def serializer_of(hint: Any) -> Any:
    """The function a declared type is written out with (`Serialized`), if it has one: on the type
    itself or on the one type of an optional (None is written as None)."""
    for meta in getattr(hint, "__metadata__", ()):
        if isinstance(meta, Serialized):
            return meta.func
    if get_origin(hint) not in (Union, UnionType):
        return None
    args = [a for a in get_args(hint) if a is not type(None)]
    if len(args) == 1:
        func = serializer_of(args[0])
        return None if func is None else _unless_none(func)
    return None


def _unless_none(func: Any) -> Any:
    return lambda value: None if value is None else func(value)
