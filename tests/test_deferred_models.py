"""A new game builds its state as plain dataclasses, without validating it, and builds no
validator before the first frame (start-up, bench/tui.py): the orders' and quote's deferred
validators are built when `build_deferred` runs, and the state's adapter (game/model/adapters.py)
only where a state is checked from outside: a game in play, its digest included, never builds it.
What a new game builds must be what validation would give."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.content import catalogue
from game.engine import Game
from game.model import adapters
from game.model.state import State
from game.worlds import load_world


@pytest.mark.parametrize("ref", [i.id for i in catalogue()])
def test_a_new_games_state_is_what_validating_it_gives(ref):
    """engine/setup.py builds the state without validation: validating it again changes nothing,
    down to each value's JSON type and Python type (an int where a float belongs would show as
    "3" where "3.0" is meant, and change every digest were it dumped as it is)."""
    state = Game(load_world(ref), 1).state
    again = adapters.load(State, adapters.dump(state))
    assert again == state
    assert json.dumps(adapters.dump(again, mode="json"), sort_keys=True) == json.dumps(
        adapters.dump(state, mode="json"), sort_keys=True
    )
    assert repr(again) == repr(state)  # 3 and 3.0 are equal; their reprs are not


DEFERRED = """
import sys
from game.engine import Game
from game.model import adapters
from game.worlds import load_world

def built():
    if "pydantic" not in sys.modules:
        return [False, False]
    from game.model.orders import checker_built

    return [True, checker_built()]

game = Game(load_world("sandbox"), 1)
game.advance()
print(built(), len(adapters.built()))
from game.model.warm import build_deferred
build_deferred()
print(built(), len(adapters.built()))
game.order({"kind": "cancel", "request": "r9"})
print(game.state.log[-1].data.what, game.state.log[-1].text)
print(len(game.digest()), sorted(c.__name__ for c in adapters.built()))
"""


def _run(program: str, cache: Path) -> list[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("DRAWDOWN_CACHE", None)
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, env=env
    )
    return run.stdout.split("\n")


def test_a_new_game_defers_pydantic_until_build_deferred(tmp_path):
    """A game whose world comes from the content cache imports no pydantic through its first
    day: its classes are plain (game/model/declare.py); `build_deferred` (after the first
    frame) imports it and builds the checker of the orders a player gives."""
    _run("from game.worlds import load_world; load_world('sandbox')", tmp_path)  # the cache
    out = _run(DEFERRED, tmp_path)
    assert out[0] == "[False, False] 0"  # a new game and its first day: no pydantic at all
    assert out[1] == "[True, True] 0"
    assert out[2].startswith("refused ")  # orders still parse and are refused with a reason
    assert "r9" in out[2]
    assert out[3] == "32 []"  # the digest writes the state's JSON in plain Python (json_data.py)


PRELOADED = """
from game.model import adapters
from game.model.orders import checker_built
from game.serve.forking import preload
preload()
print([len(adapters.built()), checker_built()])
"""


def test_the_classroom_parent_builds_them_once_for_every_game_it_forks(tmp_path):
    out = _run(PRELOADED, tmp_path)
    assert out[0] == "[0, True]"


def test_an_adapter_is_built_once_and_checks_what_it_loads():
    """One adapter per class (later calls return it); loading refuses what does not fit, with
    pydantic's message naming the field."""
    assert adapters.adapter(State) is adapters.adapter(State)
    state = Game(load_world("sandbox"), 1).state
    data = adapters.dump(state, mode="json")
    with pytest.raises(ValueError, match=r"sites\.ber\.containers\n  Input should be a valid int"):
        adapters.load(
            State, {**data, "sites": {**data["sites"], "ber": {"id": "ber", "containers": "x"}}}
        )
    with pytest.raises(ValueError, match=r"1 validation error for State\nsurplus\n  Unexpected"):
        adapters.load(State, {**data, "surplus": 1})
    with pytest.raises(AttributeError):
        state.surplus = 1  # type: ignore[attr-defined]
