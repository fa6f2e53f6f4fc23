"""The results file of a finished game, written once beside the saves (for an exercise, or a
named trainee) for the debrief, and the results screen that says where it went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..roles import game_app

if TYPE_CHECKING:
    from pathlib import Path

    from ..roles import GameHost


class ResultsFile:
    def __init__(self, host: GameHost) -> None:
        self.host = host
        self.path: Path | None = None  # where it was written, once it was

    def write(self) -> None:
        """Once per finished game; a failure is said on screen and the game goes on."""
        if self.path is not None:
            return
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ...errors import ContentError
        from ...training.after_game import results_after_game

        host = self.host
        try:
            path = results_after_game(
                host.game,
                host.ref or host.game.scenario.id,
                host.trainee,
                game_app(host.app).saves,
            )
        except (OSError, ContentError) as err:  # the disk, or an exercise file edited since
            host.notify(f"Results not written: {err}", severity="error", timeout=10)
            return
        if path is not None:
            self.path = path
            host.notify(f"Results written to {path}", title="Results", timeout=10)

    def show(self) -> None:
        """The results screen of a finished game (once: not over itself)."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..screens.results import ResultsScreen

        host = self.host
        if not host.game.finished or isinstance(host.app.screen, ResultsScreen):
            return
        # the game's garbage goes before the results screen is built, which then reuses its
        # memory rather than growing the process (bench/tui.py: the campaign's peak is here)
        game_app(host.app).settle_now()
        host.app.push_screen(ResultsScreen(host.game, host.exercise, host.trainee, self.path))
