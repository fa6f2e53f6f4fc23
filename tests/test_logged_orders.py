"""The log keeps each order as it was given (its JSON form, hashed by the digest); readers take it
typed through `given` and ask `names` what it names, never reading it by its keys."""

from dataclasses import astuple
from typing import get_args

from game.engine import Game
from game.model import log
from game.model import orders as o
from game.model.checked import fields_of
from game.worlds import load_world


def test_names_knows_every_order_kind():
    kinds = get_args(get_args(o.Order)[0])
    assert len(kinds) == 13
    minimal = {
        "site": "gao",
        "origin": "ber",
        "destination": "gao",
        "aircraft": "c130",
        "request": "r1",
        "event": "e1",
        "choice": "a",
        "offer": "hold_camp",
    }
    for kind in kinds:
        fields = {k: v for k, v in minimal.items() if k in fields_of(kind)}
        tag = get_args(fields_of(kind)["kind"].annotation)[0]
        named = [part for part in astuple(o.names(o.parse_order({"kind": tag, **fields}))) if part]
        assert named, kind.__name__
        assert set(named) <= set(minimal.values())


def test_names_of_each_part():
    def named(**order: str) -> o.Names:
        return o.names(o.parse_order(order))

    move = named(kind="request_movement", origin="ber", destination="gao", ref="out")
    assert move == o.Names(origin="ber", destination="gao", ref="out")
    assert named(kind="move_unauthorized", origin="ber", destination="gao").origin == "ber"
    assert named(kind="dispatch", request="r2") == o.Names(request="r2")
    assert named(kind="handover", site="ber") == o.Names(site="ber")
    assert named(kind="release", event="e9") == o.Names(event="e9")
    assert o.names(None) == o.Names() and not any(astuple(o.Names()))


def test_logged_orders_read_typed_and_stay_as_given():
    game = Game(load_world("sandbox"), 1)
    given = {"kind": "ask_consent", "site": "ber"}
    game.order(dict(given))
    game.order({"kind": "handover", "site": "nowhere"})
    applied = [e.data for e in game.state.log if isinstance(e.data, log.OrderApplied)]
    refused = [e.data for e in game.state.log if isinstance(e.data, log.OrderRefused)]
    assert [d.order for d in applied] == [given]  # the JSON form, exactly as given
    assert applied[0].given == o.parse_order(given)
    assert isinstance(refused[0].given, o.Handover) and refused[0].given.site == "nowhere"
    # A log entry that holds no order at all (a save edited by hand) types as None, names nothing.
    broken = log.OrderRefused(order={"kind": "no_such_order"}, reason="unknown")
    assert broken.given is None and o.names(broken.given) == o.Names()
