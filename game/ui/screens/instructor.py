"""Instructor controls, behind the exercise's instructor code: release a held inject, pause or
resume the turn timer, and (given the exercise) see each inject's expected action against what the
trainee actually did.

The screen changes nothing itself: it dismisses with what the instructor asked for —
``{"kind": "release", "event": ID}`` (an order for the game screen to send) or
``{"kind": "pause_timer"}`` — or None if closed.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from ..stylesheets import SCREENS_CSS
from ..widgets.text import Label, as_written

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.exercise import Exercise


def held_injects(game: Game) -> list[tuple[str, str]]:
    """(id, title) of the held events not yet released."""
    st = game.state
    return [
        (e.id, e.title)
        for e in game.scenario.events
        if e.held and e.id not in st.released and e.id not in st.fired
    ]


class InstructorScreen(ModalScreen[dict[str, str] | None]):
    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)
    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self,
        game: Game,
        code: str = "",
        timer_paused: bool = False,
        exercise: Exercise | None = None,
    ) -> None:
        super().__init__()
        self.game = game
        self.exercise = exercise
        self.code = code
        self.timer_paused = timer_paused
        self.unlocked = not code

    def compose(self) -> ComposeResult:
        with Vertical(id="instructor"):
            yield Label("Instructor controls", id="instructor-title")
            yield Input(placeholder="Instructor code", password=True, id="instructor-code")
            yield Label("", id="instructor-message")
            yield Vertical(id="instructor-actions")

    def on_mount(self) -> None:
        if self.unlocked:
            self.show_actions()
        else:
            self.query_one("#instructor-code", Input).focus()

    @on(Input.Submitted, "#instructor-code")
    def check_code(self, event: Input.Submitted) -> None:
        if hmac.compare_digest(event.value.encode(), self.code.encode()):
            self.unlocked = True
            self.show_actions()
        else:
            event.input.value = ""
            self.query_one("#instructor-message", Label).update("Wrong code.")

    def show_actions(self) -> None:
        self.query_one("#instructor-code", Input).display = False
        self.query_one("#instructor-message", Label).update("")
        box = self.query_one("#instructor-actions", Vertical)
        buttons = [
            Button(as_written(f"Release: {title}"), id=f"release-{i}", name=eid)
            for i, (eid, title) in enumerate(held_injects(self.game))
        ]
        if not buttons:
            buttons.append(Button("No held injects left", disabled=True))
        word = "Resume" if self.timer_paused else "Pause"
        buttons.append(Button(f"{word} the turn timer", id="pause-timer"))
        box.mount_all(buttons)
        if self.exercise is not None and self.exercise.injects:
            # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
            from ..widgets.msel import MselView

            box.mount(MselView(self.game, self.exercise, id="instructor-msel"))
            self.query_one("#instructor", Vertical).add_class("with-msel")
        buttons[0].focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if not self.unlocked:
            return
        if event.button.id == "pause-timer":
            self.dismiss({"kind": "pause_timer"})
        elif event.button.name:
            self.dismiss({"kind": "release", "event": event.button.name})

    def action_close(self) -> None:
        self.dismiss(None)
