"""Pydantic where data comes in from outside: content files, rules tables, orders typed or read
from a file, exercises. The classes themselves are plain (declare.py says why); each is checked
through a pydantic model that mirrors it, built when first asked for:

- the same name, fields, defaults, bounds, descriptions and documentation, so a file's error
  messages, `drawdown schema` and the generated reference read as they did;
- its methods and properties copied, and the methods `declare.py` marked as validators applied,
  so a check is written once, on the plain class;
- frozen and refusing unknown keys; strict (no coercion across types) where a file is read, as
  the content loader and `drawdown validate` ask.

`check(cls, data)` validates data with the mirror and turns the result into the plain class;
`fields_of(cls)` gives pydantic's view of its fields (for the tools that walk the format).
"""

import dataclasses
from types import UnionType
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, field_validator, model_validator
from pydantic import Field as PydanticField
from pydantic.fields import FieldInfo

from .declare import CHECK_MARK, GIVEN, Rule, Strict
from .plain import Plain

T = TypeVar("T", bound=Strict)

CONFIG = ConfigDict(extra="forbid", frozen=True, defer_build=True)

_MIRRORS: dict[type, type[BaseModel]] = {}
_PLAIN: dict[type, type[Strict]] = {}
_BUILDING: set[type] = set()
_SKIP = frozenset(dir(Strict)) | {"__dict__", "__weakref__", "__match_args__"}


def mirror(cls: type[Strict]) -> type[BaseModel]:
    """The pydantic model that checks `cls`'s data (built once per process)."""
    found = _MIRRORS.get(cls)
    if found is None:
        found = _build(cls)
    return found


def _build(cls: type[Strict]) -> type[BaseModel]:
    _BUILDING.add(cls)
    try:
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
            "model_config": CONFIG,
        }
        for f in dataclasses.fields(cls):
            annotations[f.name] = translate(f.type)
            namespace[f.name] = _field_info(f)
        # methods and properties (the checks use them), validators as pydantic's
        for klass in reversed(cls.__mro__):
            if klass in (object, Plain, Strict):
                continue
            for name, value in vars(klass).items():
                if name in _SKIP or name in annotations or name.startswith("__"):
                    continue
                mark = getattr(value, CHECK_MARK, None)
                if mark is not None:
                    kind, names = mark
                    if kind == "after":
                        value = model_validator(mode="after")(value)
                    else:
                        value = field_validator(*names)(value)
                elif not isinstance(value, (property, classmethod, staticmethod)) and not callable(
                    value
                ):
                    continue
                namespace[name] = value
        namespace["__annotations__"] = annotations
        metaclass: Any = type(BaseModel)  # pydantic's ModelMetaclass, as `class X(BaseModel)` uses
        model: type[BaseModel] = metaclass(cls.__name__, (BaseModel,), namespace)
    finally:
        _BUILDING.discard(cls)
    _MIRRORS[cls] = model
    _PLAIN[model] = cls
    return model


def _field_info(f: "dataclasses.Field[Any]") -> FieldInfo:
    kw: dict[str, Any] = dict(f.metadata)
    if f.default is not dataclasses.MISSING:
        kw["default"] = to_mirror(f.default)
    elif f.default_factory is not dataclasses.MISSING:
        factory = f.default_factory
        kw["default_factory"] = factory if factory in (list, dict) else lambda: to_mirror(factory())
    info: FieldInfo = PydanticField(**kw)
    return info


def translate(tp: Any) -> Any:
    """A declared type as pydantic checks it: the plain classes in it by their mirrors, `Rule`
    markers by pydantic's `Field`."""
    if isinstance(tp, type) and issubclass(tp, Strict):
        found = _MIRRORS.get(tp)
        if found is not None:
            return found
        if tp in _BUILDING:  # no declared type holds itself (tests/test_declare.py builds them all)
            raise TypeError(f"{tp.__name__} holds itself: its mirror would need forward references")
        return _build(tp)
    origin = get_origin(tp)
    if origin is Annotated:
        base, *meta = get_args(tp)
        return Annotated[(translate(base), *[_meta(m) for m in meta])]
    if origin in (Union, UnionType):
        return Union[tuple(translate(a) for a in get_args(tp))]  # noqa: UP007
    if origin is Literal or origin is None:
        return tp
    if origin in (list, dict, set, frozenset, tuple):
        args = tuple(a if a is Ellipsis else translate(a) for a in get_args(tp))
        return origin[args] if args else tp
    return tp


def _meta(meta: Any) -> Any:
    if isinstance(meta, Rule):
        return PydanticField(**meta.check)
    if isinstance(meta, dataclasses.Field):
        raise TypeError(
            f"Field(...) inside Annotated[...] checks nothing: write Rule({meta.metadata})"
        )
    return meta


def check(cls: type[T], data: Any, *, strict: bool | None = None) -> T:
    """`data` checked as `cls` (pydantic's `ValidationError` if it does not fit), as a `cls`."""
    model = mirror(cls)
    # a plain object inside passes as it is, as a model instance did (to_mirror)
    checked: T = to_plain(model.model_validate(_as_given(data), strict=strict))
    return checked


def model_of(cls: type[Any]) -> type[BaseModel]:
    """The pydantic model that checks `cls`: its mirror for a plain class, else `cls` itself (a
    generated rules table, a save's model)."""
    if isinstance(cls, type) and issubclass(cls, Strict):
        return mirror(cls)
    assert isinstance(cls, type) and issubclass(cls, BaseModel), cls
    return cls


def fields_of(cls: type[Strict]) -> dict[str, FieldInfo]:
    """Pydantic's view of the class's fields (annotation with mirrors, metadata, description)."""
    return mirror(cls).model_fields


def json_schema(cls: type[Strict]) -> dict[str, Any]:
    return mirror(cls).model_json_schema()


def to_plain(value: Any) -> Any:
    """What a mirror validated, as the plain classes (lists and dicts walked)."""
    kind = type(value)
    plain = _PLAIN.get(kind)
    if plain is not None:
        state = dict(value.__dict__)
        for name in _deep(kind):
            state[name] = to_plain(state[name])
        given = value.__pydantic_fields_set__
        if len(given) != len(state):
            state[GIVEN] = frozenset(given)
        return plain.of(state)
    if kind is list:
        return [to_plain(v) for v in value]
    if kind is dict:
        return {k: to_plain(v) for k, v in value.items()}
    if kind is tuple:
        return tuple(to_plain(v) for v in value)
    return value


_DEEP: dict[type, tuple[str, ...]] = {}


def _deep(model: type[BaseModel]) -> tuple[str, ...]:
    """The mirror's fields whose values may hold other mirrors (the rest are kept as they are)."""
    found = _DEEP.get(model)
    if found is None:
        found = _DEEP[model] = tuple(
            name for name, info in model.model_fields.items() if _holds_models(info.annotation)
        )
    return found


def _holds_models(tp: Any) -> bool:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return True
    return any(_holds_models(a) for a in get_args(tp) if a is not Ellipsis)


_ATOMS = (str, int, float, bool, type(None))


def to_mirror(value: Any) -> Any:
    """A plain value as its mirror (a default shown in a schema, plain objects inside data to
    check)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if isinstance(value, Strict):
        model = mirror(type(value))
        return model.model_construct(
            **{f.name: to_mirror(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    if isinstance(value, list):
        return [to_mirror(v) for v in value]
    if isinstance(value, dict):
        return {k: to_mirror(v) for k, v in value.items()}
    return value


def _as_given(data: Any) -> Any:
    """Data to check, with any plain object inside as its mirror (passed as it is, as a model
    instance was): most data (a file's, an order's) has none and is given as it is."""
    return to_mirror(data) if _holds_plain(data) else data


def _holds_plain(value: Any) -> bool:
    kind = type(value)
    if kind in _ATOMS:
        return False
    if kind is dict:
        return any(type(v) not in _ATOMS and _holds_plain(v) for v in value.values())
    if kind is list or kind is tuple:
        return any(type(v) not in _ATOMS and _holds_plain(v) for v in value)
    return isinstance(value, Strict)


__all__ = [
    "check",
    "fields_of",
    "json_schema",
    "mirror",
    "model_of",
    "to_mirror",
    "to_plain",
    "translate",
]
