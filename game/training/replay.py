"""Stepping through a recorded game day by day, forward and back (for the replay screen).

Position 0 is the start, before any order; position N is the game after its N-th turn was resolved
(the next day's orders not yet given); the last position is the whole record. The game at a
position is rebuilt from the record with ``Game.replay(..., upto=...)``.
"""

from __future__ import annotations

from typing import Any

from ..engine import Game
from ..model.content import World


class ReplayCursor:
    def __init__(self, world: World, seed: int, record: list[dict[str, Any]]) -> None:
        self.world = world
        self.seed = seed
        self.record = list(record)
        # cuts[i]: how many record entries make up the game at position i.
        self.cuts = [0] + [i + 1 for i, entry in enumerate(self.record) if entry.get("advance")]
        if self.cuts[-1] != len(self.record):
            self.cuts.append(len(self.record))
        self.position = 0
        self._cache: dict[int, Game] = {}

    @property
    def last(self) -> int:
        return len(self.cuts) - 1

    def game(self, position: int | None = None) -> Game:
        pos = self.position if position is None else position
        pos = max(0, min(self.last, pos))
        if pos not in self._cache:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[pos] = Game.replay(self.world, self.seed, self.record, upto=self.cuts[pos])
        return self._cache[pos]

    def step(self, delta: int) -> Game:
        self.position = max(0, min(self.last, self.position + delta))
        return self.game()

    def go(self, position: int) -> Game:
        self.position = max(0, min(self.last, position))
        return self.game()

    @classmethod
    def of(cls, game: Game) -> ReplayCursor:
        return cls(game.world, game.seed, game.record)
