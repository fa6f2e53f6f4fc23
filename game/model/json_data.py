"""The game's plain classes (the state and the log's data) as JSON data, in plain Python.

What pydantic's `dump_python(mode="json")` gives through the class's adapter (`adapters.py`),
without building that adapter: the digest hashes this form (every autosave, every summary), and
the adapter's validator and serializer for the state and the fifty classes under it cost ~50 ms
to build and ~1 MiB of a TUI campaign's peak memory (bench/tui.py) that a game in play needs for
nothing else. The price: a finished campaign's state dumps in ~5 ms here against ~3 ms in
pydantic's compiled serializer. The same field declarations rule both: a field whose metadata
says `exclude` or `exclude_if` is left out, a type's `Serialized` (declare.py) writes it.
tests/test_json_data.py holds the two equal on finished games of every scenario.

The content and order classes met inside (host conditions, stored orders) are plain too.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from operator import attrgetter
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from .plain import serializer_of


class _Plan:
    """How the objects of one plain class are dumped, read from its declarations once: the names
    of the fields written, a getter of their values (in C), and the fields whose values need more
    than copying (`deep`: name, serializer or None, the test that leaves it out or None), with
    the serializers by field name (`serializers`, for declare.py's python-mode dump)."""

    __slots__ = ("names", "get", "deep", "serializers")

    def __init__(self, cls: type) -> None:
        hints = get_type_hints(cls, include_extras=True)
        names: list[str] = []
        deep: list[tuple[str, Callable[[Any], Any] | None, Callable[[Any], bool] | None]] = []
        for f in fields(cls):
            hint = hints[f.name]
            if f.metadata.get("exclude"):
                continue
            leave_out: Callable[[Any], bool] | None = f.metadata.get("exclude_if")
            serializer: Callable[[Any], Any] | None = serializer_of(hint)
            names.append(f.name)
            if serializer is not None or leave_out is not None or not _atomic(hint):
                deep.append((f.name, serializer, leave_out))
        self.names = tuple(names)
        self.get = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
        self.deep = tuple(deep)
        self.serializers = {name: s for name, s, _ in deep if s is not None}

    def dump(self, value: Any, without_none: bool = False) -> dict[str, Any]:
        """The object's JSON data; `without_none` leaves every None out, at any depth (pydantic's
        `exclude_none`: an order as the log and the record keep it)."""
        pairs = zip(self.names, self.get(value), strict=True)
        out = {n: v for n, v in pairs if v is not None} if without_none else dict(pairs)
        for name, serializer, leave_out in self.deep:
            if name not in out:  # a None left out
                continue
            v = out[name]
            if leave_out is not None and leave_out(v):
                del out[name]
            else:
                v = json_data(serializer(v) if serializer is not None else v)
                out[name] = _without_none(v) if without_none else v
        return out


def plan_of(cls: type) -> _Plan:
    """How a plain class's objects are dumped (worked out once per class)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _Plan(cls)
    return plan


def json_data_without_none(value: Any) -> dict[str, Any]:
    """A plain object's JSON data with every None left out (see `_Plan.dump`)."""
    return plan_of(type(value)).dump(value, without_none=True)


def _without_none(value: Any) -> Any:
    if type(value) is dict:
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if type(value) is list:
        return [_without_none(v) for v in value]
    return value


def _atomic(hint: Any) -> bool:
    """A field declared a string, a number, a bool, a literal of those or None: written as it is."""
    if hint in _AS_IS:
        return True
    origin = get_origin(hint)
    if origin is Annotated:  # an id, a bounded number: its bounds are for checking only
        return _atomic(get_args(hint)[0])
    if origin is Literal:
        return all(isinstance(a, (str, int, bool)) for a in get_args(hint))
    if origin in (Union, UnionType):
        return all(_atomic(a) for a in get_args(hint))
    return False


_PLANS: dict[type, _Plan] = {}
_AS_IS = (str, int, float, bool, type(None))  # as pydantic's JSON mode leaves them (inf too)


def json_data(value: Any) -> Any:
    """`value` as JSON data: dicts, lists, strings, numbers, booleans and None."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is dict:  # the common containers first, by their exact type (the digest's hot path)
        return {
            k if type(k) is str else _key(k): v if type(v) in _AS_IS else json_data(v)
            for k, v in value.items()
        }
    if kind is list:
        return [v if type(v) in _AS_IS else json_data(v) for v in value]
    if kind in _PLANS or is_dataclass(value) and not isinstance(value, type):
        return plan_of(kind).dump(value)
    if isinstance(value, (str, int, float)):  # subclasses (enums)
        return value
    if isinstance(value, dict):
        return {_key(k): json_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [json_data(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "model_dump"):  # a pydantic model (a save's or a summary's)
        return value.model_dump(mode="json")
    raise TypeError(f"no JSON form for {kind.__name__}")


def _key(key: Any) -> Any:
    return key if isinstance(key, str) else json_data(key)
