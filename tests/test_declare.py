"""The content, rules, orders and quote classes are plain (game/model/declare.py) and checked
through pydantic mirrors (game/model/checked.py): the mirror checks what the pydantic models did,
the plain objects dump as the models did, and building them checks nothing."""

from __future__ import annotations

import dataclasses
import json

import pytest
from pydantic import BaseModel, ValidationError

from game.content import catalogue
from game.model.checked import check, fields_of, model_of, to_mirror
from game.model.content import Event, Route, Scenario, Stocks, Theatre
from game.model.declare import Strict
from game.model.orders import RequestMovement, parse_order
from game.worlds import load_world


def every_plain_class() -> list[type[Strict]]:
    out: list[type[Strict]] = []
    todo = list(Strict.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("game.model."):
            out.append(cls)
    return out


def test_every_plain_class_has_a_mirror_with_its_name_fields_and_documentation():
    classes = every_plain_class()
    assert len(classes) > 80
    for cls in classes:
        model = model_of(cls)
        assert issubclass(model, BaseModel)
        assert model.__name__ == cls.__name__
        assert model.__doc__ == cls.__doc__
        assert list(model.model_fields) == [f.name for f in dataclasses.fields(cls)]
        assert list(fields_of(cls)) == list(model.model_fields)


def everything_in(value: object) -> list[object]:
    out = [value]
    if isinstance(value, Strict):
        for f in dataclasses.fields(value):
            out += everything_in(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for v in value:
            out += everything_in(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            out += everything_in(k) + everything_in(v)
    return out


@pytest.mark.parametrize("ref", [i.id for i in catalogue()])
def test_a_world_holds_no_pydantic_object(ref, monkeypatch):
    """Checked content comes back plain all the way down, [rules] layers' values included."""
    monkeypatch.setenv("DRAWDOWN_CACHE", "off")  # checked now, not read back from the cache
    world = load_world(ref)
    assert [x for x in everything_in(world) if isinstance(x, BaseModel)] == []


@pytest.mark.parametrize("ref", [i.id for i in catalogue()])
def test_a_world_dumps_as_its_mirror_does(ref):
    """The plain dump (the digest hashes stored orders through it; exercises re-check dumped
    scenarios) gives what pydantic's dump of the same data gives, in both modes."""
    world = load_world(ref)
    for obj, cls in ((world.scenario, Scenario), (world.theatre, Theatre)):
        mirrored = to_mirror(obj)
        for mode in ("python", "json"):
            assert obj.model_dump(mode=mode) == mirrored.model_dump(mode=mode)
        assert json.dumps(obj.model_dump(mode="json")) == json.dumps(
            mirrored.model_dump(mode="json")
        )
        assert check(cls, obj.model_dump(), strict=True) == obj


def test_building_checks_nothing_and_checking_refuses_what_the_models_refused():
    # built in code: the engine's own values, taken as they are
    assert Stocks(containers=-5).containers == -5
    with pytest.raises(TypeError, match="no field 'crates'"):
        Stocks(crates=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'id' is required"):
        Route(a="x", b="y", days=1, stretches=[])  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Stocks().containers = 1  # type: ignore[misc]
    # checked from outside: bounds, patterns, unknown keys, no coercion, validators
    route = {"id": "r", "a": "x", "b": "y", "days": 2, "stretches": [{"name": "s", "km": 5}]}
    assert check(Route, route, strict=True).km == 5
    for bad, words in (
        ({**route, "id": "R!"}, "String should match pattern"),
        ({**route, "days": "2"}, "Input should be a valid integer"),
        ({**route, "stretches": []}, "at least 1 item"),
        ({**route, "surplus": 1}, "Extra inputs are not permitted"),
    ):
        with pytest.raises(ValidationError, match=words):
            check(Route, bad, strict=True)
    event = {
        "id": "e",
        "title": "t",
        "text": "x",
        "trigger": {"kind": "date", "date": "2023-08-02"},
    }
    with pytest.raises(ValidationError, match="a historical event needs a source"):
        check(Event, {**event, "historical": True})  # an after-validator, written on the class
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        check(Event, {**event, "trigger": {"kind": "someday"}})


def test_an_order_is_checked_as_the_tagged_union_straight_into_its_plain_class():
    order = parse_order({"kind": "request_movement", "origin": "ber", "destination": "gao"})
    assert type(order) is RequestMovement and order.people == 0
    for bad, words in (
        ({"kind": "teleport"}, "does not match any of the expected tags"),
        ({"kind": "cancel", "request": "r1", "surplus": 1}, "surplus"),
        ({"kind": "request_movement", "origin": "Ber!", "destination": "gao"}, "pattern"),
        (
            {
                "kind": "request_flight",
                "origin": "a",
                "destination": "b",
                "aircraft": "c",
                "sorties": 0,
            },
            "greater than or equal to 1",
        ),
    ):
        with pytest.raises(ValidationError, match=words):
            parse_order(bad)


def test_a_copy_changes_what_it_is_told_and_keeps_the_rest():
    stocks = Stocks(containers=3, vehicles=2)
    assert stocks.model_copy(update={"vehicles": 0}) == Stocks(containers=3)
    assert stocks == Stocks(containers=3, vehicles=2) and hash(stocks) == hash(
        Stocks(containers=3, vehicles=2)
    )
