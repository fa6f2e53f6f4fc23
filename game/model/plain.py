"""What the game's plain classes share: the state's (`state.py`) and the log's data (`log.py`).

They are slotted stdlib dataclasses, built and changed as plain Python; pydantic checks and dumps
them at the edges only (`adapters.py`). Equality and repr are written once here rather than
generated for each class: Python 3.11's `dataclass` compiles every generated method with its own
`exec` (~0.1 ms each), and start-up builds some fifty of these classes.
"""

from dataclasses import fields
from typing import Any

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
