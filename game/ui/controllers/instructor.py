"""The instructor's controls on the trainee's own screen (`i`, behind the exercise's code):
release a held inject and pause the turn timer. In a class the console holds them instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..roles import GameHost
    from .turn_timer import TurnTimer


class InstructorControls:
    def __init__(self, host: GameHost, timer: TurnTimer) -> None:
        self.host = host
        self.timer = timer

    def open(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..screens.instructor import InstructorScreen

        host = self.host
        if getattr(host.app, "classroom", False):
            host.notify("In a class, the instructor's console holds these controls.", timeout=5)
            return
        if host.exercise is None:
            host.notify(
                "Instructor controls need an exercise: start one from Exercises on the main "
                "menu, or with drawdown play EXERCISE.",
                severity="warning",
                timeout=6,
            )
            return
        if isinstance(host.app.screen, InstructorScreen):
            return
        screen = InstructorScreen(
            host.game, host.options.instructor_code, self.timer.paused, host.exercise
        )
        host.app.push_screen(screen, self.asked)

    def asked(self, request: dict[str, str] | None) -> None:
        """What the instructor asked for: a release (an order like any other) or the timer."""
        if not request:
            return
        if request["kind"] == "pause_timer":
            self.timer.toggle()
        else:
            self.host.order(request)
