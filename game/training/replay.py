"""Stepping through a recorded game day by day, forward and back (for the replay screen).

Position 0 is the start, before any order; position N is the game after its N-th turn was resolved
(the next day's orders not yet given); the last position is the whole record. The game at a
position is rebuilt from the record with ``Game.replay(..., upto=...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


# --------------------------------------------------------------------------- onto new content


@dataclass(frozen=True)
class Refusal:
    """An order of the record that the new content refuses, though the old one took it."""

    day: int
    order: dict[str, Any]
    reason: str


@dataclass(frozen=True)
class Rebased:
    """A record replayed on changed content (`play --watch`): the game it gives, the orders that
    stopped applying (in the order given) and, if the record could not be followed to its end,
    why."""

    game: Game
    refused: list[Refusal] = field(default_factory=list)
    cut: str = ""

    @property
    def first(self) -> Refusal | None:
        return self.refused[0] if self.refused else None


def replay_onto(
    world: World, seed: int, record: list[dict[str, Any]], before: World | None
) -> Rebased:
    """Give the record's orders again, day by day, on `world` (content edited since the game
    began on `before`). Unlike `Game.replay` it never raises: an order the new content refuses
    is refused in the game as it would be in play, and the record stops being followed where
    the new content ends the game sooner or its turns fall on other days.

    `refused` holds the orders that `before` took and `world` refuses; without `before` (a
    save made with content that is no longer there), every order `world` refuses."""
    game = Game(world, seed)
    given, cut = follow(game, record)
    now_refused = [g for g in given if not g.ok]
    if not now_refused:
        return Rebased(game, [], cut)
    if before is None:
        return Rebased(
            game, [Refusal(g.day, record[g.index]["order"], g.reason) for g in now_refused], cut
        )
    took = {g.index: g.ok for g in follow(Game(before, seed), record)[0]}
    refused = [
        Refusal(g.day, record[g.index]["order"], g.reason) for g in now_refused if took.get(g.index)
    ]
    return Rebased(game, refused, cut)


@dataclass(frozen=True)
class Given:
    index: int  # in the record
    day: int
    ok: bool
    reason: str  # why it was refused


def follow(game: Game, record: list[dict[str, Any]]) -> tuple[list[Given], str]:
    """Give the record's entries to `game` while they fit its days: what became of each order,
    and why the record was not followed to its end ("" if it was)."""
    given: list[Given] = []
    for index, entry in enumerate(record):
        day = int(entry.get("day", -1))
        if game.finished:
            return given, (
                f"the game now ends on {game.state.date:%-d %b %Y}: the orders after it "
                "were not replayed"
            )
        if day != game.state.day:
            return given, (
                f"the turns no longer fall on the same days (the record's day {day}, "
                f"the game's day {game.state.day}): replayed up to there"
            )
        if entry.get("advance"):
            game.advance()
            continue
        try:
            result = game.order(entry["order"])
        except (KeyError, ValueError) as err:  # an order the models cannot read
            given.append(Given(index, day, False, str(err)))
            continue
        given.append(Given(index, day, result.ok, result.message))
    return given, ""
