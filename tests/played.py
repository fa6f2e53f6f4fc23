"""A game part-played by a bot, for tests that need a lived-in state (requests, convoys, conditions)."""

from __future__ import annotations

from game.bots.policies import POLICIES
from game.engine import Game
from game.worlds import load_world


def played(scenario: str, seed: int, days: int, policy: str = "cautious") -> Game:
    """The game after the bot has played `days` days of it."""
    game = Game(load_world(scenario), seed)
    bot = POLICIES[policy](game, seed)
    while game.state.day < days and not game.finished:
        bot.play_day()
        game.advance()
    return game
