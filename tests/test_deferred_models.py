"""A new game builds its state without validating it and defers its models' validators to after
the first frame (start-up, bench/tui.py): what it builds must be what validation would give, and
the deferred validators must be built once `build_deferred` runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from game.content import catalogue
from game.engine import Game
from game.model.state import State
from game.worlds import load_world


@pytest.mark.parametrize("ref", [i.id for i in catalogue()])
def test_a_new_games_state_is_what_validating_it_gives(ref):
    """engine/setup.py makes the state with model_construct: validating it again changes nothing,
    down to each value's JSON type (an int where a float belongs would change every digest)."""
    state = Game(load_world(ref), 1).state
    again = State.model_validate(state.model_dump())
    assert json.dumps(again.model_dump(mode="json"), sort_keys=True) == json.dumps(
        state.model_dump(mode="json"), sort_keys=True
    )


DEFERRED = """
from game.engine import Game
from game.model.orders import ORDER_ADAPTER
from game.model.quote import Quote
from game.model.state import State
from game.worlds import load_world

def built():
    return [State.__pydantic_complete__, Quote.__pydantic_complete__, ORDER_ADAPTER.pydantic_complete]

game = Game(load_world("sandbox"), 1)
print(built())
from game.model.warm import build_deferred
build_deferred()
print(built())
game.order({"kind": "cancel", "request": "r9"})
print(game.state.log[-1].data.what, game.state.log[-1].text)
"""


def test_a_new_game_defers_its_validators_until_build_deferred():
    out = subprocess.run(
        [sys.executable, "-c", DEFERRED], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "[False, False, False]"  # a new game built none of them
    assert out[1] == "[True, True, True]"
    assert out[2].startswith("refused ")  # orders still parse and are refused with a reason
    assert "r9" in out[2]


PRELOADED = """
from game.model.orders import ORDER_ADAPTER
from game.model.state import State
from game.serve.forking import preload
preload()
print([State.__pydantic_complete__, ORDER_ADAPTER.pydantic_complete])
"""


def test_the_classroom_parent_builds_them_once_for_every_game_it_forks():
    out = subprocess.run(
        [sys.executable, "-c", PRELOADED], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "[True, True]"
