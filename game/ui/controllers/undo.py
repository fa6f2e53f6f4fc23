"""Undo: take back the last order given today, when the exercise allows it. The game is rebuilt
from its record without that order (the engine's `Game.undo`); an instructor's release stays."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..roles import GameHost


class Undo:
    def __init__(self, host: GameHost) -> None:
        self.host = host

    def take_back(self) -> None:
        host = self.host
        if not host.options.undo:
            host.notify(
                "This exercise does not allow undo: orders stand once given.",
                title="Refused",
                severity="warning",
                timeout=5,
            )
            return
        record = host.game.record
        last = record[-1] if record else {}
        if last.get("order", {}).get("kind") == "release":
            host.notify("The instructor's release cannot be undone.", severity="warning", timeout=5)
            return
        try:
            game = host.game.undo()
        except ValueError as err:
            host.notify(str(err), severity="warning", timeout=4)
            return
        host.replace_game(game)
        host.notify("Last order taken back.", timeout=3)
