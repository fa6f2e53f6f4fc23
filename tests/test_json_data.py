"""The digest hashes the state's JSON form written in plain Python (game/model/json_data.py): it
must be exactly what pydantic's adapter of the state gives (game/model/adapters.py), which reads
the same declarations, for any state a game reaches."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from game.bots.policies import play
from game.content import catalogue
from game.engine import Game
from game.model import adapters
from game.model.json_data import json_data
from game.model.state import State
from game.worlds import load_world


def same_as_pydantic(state: State) -> None:
    ours, theirs = json_data(state), adapters.dump(state, mode="json")
    assert ours == theirs
    # and the same text, as the digest writes it (3 and 3.0 are equal, their JSON is not)
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)


@pytest.mark.parametrize("ref", [i.id for i in catalogue()])
@pytest.mark.parametrize("policy", ["cautious", "bold"])
def test_a_finished_games_state_dumps_as_pydantic_dumps_it(ref, policy):
    """Every kind of log entry, request, convoy, estimate and record a bot's game reaches."""
    game = play(load_world(ref), 2, policy)
    assert game.finished and len(game.state.log) > 10
    same_as_pydantic(game.state)


def test_fields_left_out_or_written_by_their_declaration():
    game = Game(load_world("sandbox"), 1)
    state = game.state
    site = state.sites["ber"]
    site.handed = {"containers": 4}  # Field(exclude=True): never in the digest
    state.ledger.after_handover = {}  # Field(exclude_if=empty): left out while empty
    data = json_data(state)
    assert "handed" not in data["sites"]["ber"]
    assert "after_handover" not in data["ledger"]
    state.ledger.after_handover = {"containers": 2}
    assert json_data(state)["ledger"]["after_handover"] == {"containers": 2}
    site.target_date = dt.date(2023, 9, 1)
    site.threat = float("inf")  # as pydantic's JSON mode leaves it (json.dumps writes Infinity)
    assert json_data(state)["sites"]["ber"]["target_date"] == "2023-09-01"
    assert json_data(state)["sites"]["ber"]["threat"] == float("inf")
    same_as_pydantic(state)


def test_a_request_keeps_its_order_as_it_was_stored():
    """A stored request's order is written by its PlainSerializer (no date; `auto` and `every`
    only when set), as games saved before those fields existed were hashed."""
    game = Game(load_world("sandbox"), 1)
    order = {"kind": "request_movement", "origin": "ber", "destination": "timbuktu"}
    order.update(people=20, vehicles=5)
    assert game.order(order).ok
    stored = json_data(game.state)["requests"]["r1"]["order"]
    assert stored["origin"] == "ber" and "date" not in stored
    assert "auto" not in stored and "every" not in stored
    same_as_pydantic(game.state)


def test_something_it_cannot_write_is_said():
    with pytest.raises(TypeError, match="no JSON form for object"):
        json_data({"x": object()})
