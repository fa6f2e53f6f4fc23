"""Golden games: scenario + seed + orders (or a bot) → an exact summary kept as data beside them.

After a deliberate rules change, regenerate with DRAWDOWN_REGEN_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.bots.policies import play
from game.engine import Game
from game.orders_file import load_orders, play_orders
from game.worlds import load_world

HERE = Path(__file__).parent / "golden"
CASES = [
    ("sandbox", 1, "sandbox-evacuation.orders.toml"),
    ("sandbox", 1, "empty.orders.toml"),
    ("sandbox", 5, "policy:cautious"),
    ("sandbox", 9, "policy:bold"),
]


def summary_for(scenario: str, seed: int, how: str) -> dict:
    world = load_world(scenario)
    if how.startswith("policy:"):
        return play(world, seed, how.split(":", 1)[1]).summary()
    game = Game(world, seed)
    play_orders(game, load_orders(HERE / how))
    return game.summary()


@pytest.mark.parametrize(("scenario", "seed", "how"), CASES)
def test_golden_game(scenario, seed, how):
    expected_path = (
        HERE / f"{scenario}-{seed}-{how.replace(':', '-').removesuffix('.orders.toml')}.json"
    )
    actual = summary_for(scenario, seed, how)
    if os.environ.get("DRAWDOWN_REGEN_GOLDEN"):
        expected_path.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n")
    expected = json.loads(expected_path.read_text())
    assert actual == expected


def test_golden_evacuation_is_a_real_game():
    """The evacuation plan actually moves people and equipment (so the golden data means something)."""
    s = summary_for("sandbox", 1, "sandbox-evacuation.orders.toml")
    assert s["personnel"]["withdrawn"] == 20
    assert s["containers"]["destroyed"] > 0
    assert (
        s["personnel"]["total"]
        == s["personnel"]["withdrawn"] + s["personnel"]["remaining"] + s["personnel"]["killed"]
    )
