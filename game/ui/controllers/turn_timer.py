"""The exercise's turn timer: a clock on the status bar that warns before the end and, at zero,
advances the day itself. A half-filled order stays open for the new day; anything else open
above the game is closed. What it did is said in the log pane and kept in `log`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer

    from ..roles import GameHost

WARNING = 10  # not a rule: seconds before the turn timer's end when the player is warned


class TurnTimer:
    def __init__(self, host: GameHost, seconds: int) -> None:
        self.host = host
        self.seconds = seconds  # per turn; 0: no timer
        self.left = seconds
        self.paused = False
        self.ticker: Timer | None = None  # a Textual timer, ticking once a second when timed
        self.log: list[str] = []  # what the timer did, in words

    def start(self) -> None:
        if self.seconds:
            self.ticker = self.host.set_interval(1, self.tick)
            self.show()

    def restart(self) -> None:
        """A new day: the whole time again."""
        self.left = self.seconds
        self.show()

    def tick(self, seconds: int = 1) -> None:
        """One tick (or `seconds` of them); at zero the day advances by itself."""
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..screens.instructor import InstructorScreen

        host = self.host
        if not self.seconds or self.paused or host.game.finished:
            return
        if isinstance(host.app.screen, InstructorScreen):
            return  # the instructor is at the keyboard
        before = self.left
        self.left -= seconds
        if self.left > 0:
            if before > WARNING >= self.left:
                host.notify(
                    f"{self.left} seconds left: the day advances at zero.",
                    title="Turn timer",
                    severity="warning",
                    timeout=WARNING,
                )
            self.show()
            return
        self.time_up()

    def time_up(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..screens.orders import Dialog

        host, app = self.host, self.host.app
        # A dialog with typed fields stays open for the new day (its quote redone); anything
        # else open above the game (a confirmation, a list, help) is closed: time is up.
        closed = []
        while self.above() and len(app.screen_stack) > 1:
            top = app.screen
            if isinstance(top, Dialog) and top.KEEPS_DRAFT:
                break
            closed.append(type(top).__name__)
            app.pop_screen()
        kept = app.screen if self.above() else None
        day = host.game.state.date
        host.advance(until_news=False)
        if isinstance(kept, Dialog):
            kept.game_changed()
        what = f"Time is up: the turn timer ended {day:%-d %b}"
        if kept is not None:
            what += "; your unfinished order is still open, quoted for the new day"
        if closed:
            what += f"; closed: {', '.join(closed)}"
        self.log.append(what)
        host.note(what)
        host.notify(what + ".", title="Turn timer", severity="warning", timeout=8)

    def above(self) -> bool:
        """Something is open over the game screen."""
        top: object = self.host.app.screen
        return top is not self.host

    def toggle(self) -> None:
        """The instructor's pause or resume."""
        if not self.seconds:
            self.host.notify("This exercise has no turn timer.", timeout=4)
            return
        self.pause(not self.paused)
        self.host.notify("Turn timer paused." if self.paused else "Turn timer running.")

    def pause(self, paused: bool) -> None:
        """Stop or restart the clock (the classroom console pauses every trainee's)."""
        self.paused = paused
        self.show()

    def text(self) -> str:
        if self.host.game.finished:
            return ""
        if self.paused:
            return "timer paused"
        left = max(0, self.left)
        return f"{left // 60}:{left % 60:02d} left"

    def show(self) -> None:
        if self.seconds and self.host.is_mounted:
            self.host.show_clock(self.text())
