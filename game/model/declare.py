"""How the content, rules, orders and quote classes are declared: plain frozen dataclasses, with
what pydantic needs to check them written as data, so that importing them imports no pydantic.

A game whose world comes from the content cache (game/world_cache.py) never checks a file before
its first screen, and pydantic's import and the internals its first model loads were a third of
the game's own start-up (bench/tui.py). So these classes are declared here without it:

- `Field(default, ge=0, description=...)` is a dataclass field whose metadata holds pydantic's
  field arguments; `Rule(pattern=...)` carries the same arguments inside `Annotated[...]`.
- `field_validator` and `model_validator` only mark a method; nothing runs them at run time.
- `Strict` makes each subclass a keyword-only dataclass with one shared `__init__`, equality,
  hash and repr (plain.py says why), frozen like the pydantic models it replaces.

Pydantic comes in where data from outside is checked: `game.model.checked` builds, when first
asked, a pydantic model mirroring each class (same name, fields, bounds, descriptions and
validators) and turns what it validated back into these classes.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    ClassVar,
    Literal,
    TypeVar,
    dataclass_transform,
)

from .json_data import json_data, json_data_without_none, plan_of
from .plain import Plain, Serialized, names, values, wrong_fields

F = TypeVar("F")

# The attribute a checking method is marked with: ("after", ()) or ("field", field names).
CHECK_MARK = "__drawdown_check__"


def Field(default: Any = MISSING, *, default_factory: Any = MISSING, **check: Any) -> Any:  # noqa: N802 - pydantic's name, as every declaration reads it
    """A field with pydantic's arguments (bounds, pattern, description, discriminator...) kept as
    its metadata: pydantic reads a dataclass field's metadata as `Field(...)` arguments."""
    return field(default=default, default_factory=default_factory, metadata=check)


class Rule:
    """Pydantic's field arguments for a type, inside `Annotated[...]` (an id's pattern, a
    probability's bounds, a union's discriminator): what `Field(...)` is for a field."""

    __slots__ = ("check",)

    def __init__(self, **check: Any) -> None:
        self.check = check

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.check.items())
        return f"Rule({shown})"

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        # Where pydantic meets it directly (a stdlib dataclass or model outside this package):
        # the type with the same arguments as a pydantic `Field`.
        from pydantic import Field as PydanticField  # checking only: never at start-up

        return handler(Annotated[source, PydanticField(**self.check)])


def model_validator(*, mode: Literal["after"]) -> Callable[[F], F]:
    """Marks a method that checks the whole object once its fields are checked (pydantic's
    `model_validator(mode="after")`, applied by the checking mirror)."""

    def mark(method: F) -> F:
        setattr(method, CHECK_MARK, ("after", ()))
        return method

    return mark


def field_validator(*names: str) -> Callable[[F], F]:
    """Marks a classmethod that checks these fields (pydantic's `field_validator`, applied by the
    checking mirror; `info.data` holds the fields declared before)."""

    def mark(method: F) -> F:
        setattr(method, CHECK_MARK, ("field", names))
        return method

    return mark


# Where a checked object keeps the fields its file gave (pydantic's `model_fields_set`), when
# some were left to their defaults: `given` reads it.
GIVEN = "__given__"

S = TypeVar("S", bound="Strict")


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(Field, field))
class Strict(Plain):
    """The base of the checked data classes: each subclass is a keyword-only dataclass, frozen,
    built as `Model(**fields)` without checking (what comes from outside is checked by
    `game.model.checked` first). One `__init__` for all, refusing a field the class does not have
    or a required one left out."""

    __slots__ = ()
    # where pydantic checks one directly (inside a state it loads): unknown keys refused
    __pydantic_config__ = {"extra": "forbid"}  # pydantic's ConfigDict (a TypedDict)

    # Each class's fields: name → default (MISSING if required); and those made by a factory.
    _template: ClassVar[dict[str, Any]]
    _factories: ClassVar[dict[str, Any]]
    _required: ClassVar[frozenset[str]]
    if TYPE_CHECKING:  # what makes it a dataclass to the type checker (each subclass is one)
        __dataclass_fields__: ClassVar[dict[str, Any]]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        # No generated method: Python 3.11 compiles each with its own exec (plain.py). A class
        # without a docstring would get its signature as one, worked out by `inspect` (a fifth
        # of the cost) and then shown as its documentation by the schema and reference.
        doc = cls.__dict__.get("__doc__")
        cls.__doc__ = ""
        dataclass(init=False, repr=False, eq=False, kw_only=True)(cls)
        cls.__doc__ = doc
        template: dict[str, Any] = {}
        factories: dict[str, Any] = {}
        for f in fields(cls):
            template[f.name] = f.default
            if f.default_factory is not MISSING:
                factories[f.name] = f.default_factory
                template[f.name] = None
        cls._template = template
        cls._factories = factories
        cls._required = frozenset(
            n for n, d in template.items() if d is MISSING and n not in factories
        )

    def __init__(self, **given: Any) -> None:
        template = self._template
        if not self._required <= given.keys() or not given.keys() <= template.keys():
            raise TypeError(self._wrong(given))
        state = self.__dict__
        state.update(template)
        for name, make in self._factories.items():
            if name not in given:
                state[name] = make()
        state.update(given)

    @classmethod
    def _wrong(cls, given: dict[str, Any]) -> str:
        return wrong_fields(cls, cls._template, cls._required, given)

    @classmethod
    def of(cls: type[S], state: dict[str, Any]) -> S:
        """An object with exactly these field values, as they are (the content cache's and the
        checking mirror's way back): no defaults filled in, nothing checked."""
        obj = object.__new__(cls)
        obj.__dict__.update(state)
        return obj

    def given(self) -> frozenset[str]:
        """The fields its file gave (all of them for an object built in code)."""
        found: frozenset[str] | None = self.__dict__.get(GIVEN)
        return frozenset(names(type(self))) if found is None else found

    # Pydantic's names for what the game's code asks of these objects, with pydantic's results
    # (the digest hashes some of them: a stored order, an order as logged). Checking data and
    # reading pydantic's view of the fields are checked.py's `check` and `fields_of`.

    @property
    def model_fields_set(self) -> frozenset[str]:
        return self.given()

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        exclude: set[str] | frozenset[str] = frozenset(),
        exclude_none: bool = False,
        exclude_unset: bool = False,
    ) -> dict[str, Any]:
        """Its fields as plain data (dicts, lists; dates as text in "json" mode), as pydantic's
        `model_dump` gives a model; `exclude` names top-level fields to leave out."""
        out: dict[str, Any]
        if mode == "json" and not exclude_unset:  # the common case (an order logged): json_data
            out = json_data_without_none(self) if exclude_none else json_data(self)
        else:
            out = _data(self, mode == "json", exclude_none, exclude_unset)
        for name in exclude:
            out.pop(name, None)
        return out

    def model_copy(self: S, *, update: dict[str, Any] | None = None) -> S:
        """A copy with these fields changed (not checked, as pydantic's `model_copy`)."""
        state = {name: getattr(self, name) for name in names(type(self))}
        state.update(update or {})
        return type(self).of(state)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(tuple(_hashable(v) for v in values(self)))


def _data(value: Any, json: bool, exclude_none: bool, exclude_unset: bool) -> Any:
    if isinstance(value, Strict):
        plan = plan_of(type(value))
        keep = value.given() if exclude_unset else None
        out: dict[str, Any] = {}
        for name in plan.names:
            if keep is not None and name not in keep:
                continue
            v = getattr(value, name)
            if exclude_none and v is None:
                continue
            serializer = plan.serializers.get(name)
            if serializer is not None:
                v = serializer(v)
            out[name] = _data(v, json, exclude_none, exclude_unset)
        return out
    if isinstance(value, list):
        return [_data(v, json, exclude_none, exclude_unset) for v in value]
    if isinstance(value, tuple):
        items = [_data(v, json, exclude_none, exclude_unset) for v in value]
        return items if json else tuple(items)
    if isinstance(value, dict):
        return {k: _data(v, json, exclude_none, exclude_unset) for k, v in value.items()}
    if json and isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _hashable(v)) for k, v in value.items())
    return value


__all__ = [
    "CHECK_MARK",
    "GIVEN",
    "Field",
    "Rule",
    "Serialized",
    "Strict",
    "field_validator",
    "model_validator",
    "names",
]
