"""The replay screen: a recorded game stepped through day by day, forward and back.

Holds no game of its own: every position is rebuilt from the record by the ReplayCursor
(``Game.replay`` with ``upto``), and the screen only renders it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from ...training.replay import ReplayCursor
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Static

if TYPE_CHECKING:
    from ...engine import Game


class ReplayScreen(Screen[None]):
    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)
    BINDINGS = [
        Binding("right,l", "step(1)", "Day +1"),
        Binding("left,h", "step(-1)", "Day -1"),
        Binding("pagedown", "step(7)", "Week +1", show=False),
        Binding("pageup", "step(-7)", "Week -1", show=False),
        Binding("home", "go(0)", "Start"),
        Binding("end", "go(-1)", "End"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, cursor: ReplayCursor, title: str = "Replay") -> None:
        super().__init__()
        self.cursor = cursor
        self.heading = title

    @classmethod
    def of_game(cls, game: Game, title: str = "Replay") -> ReplayScreen:
        return cls(ReplayCursor.of(game), title)

    def compose(self) -> ComposeResult:
        yield Static(id="replay-status")
        with VerticalScroll():
            yield Static(id="replay-day")
        yield KeyBar()

    def on_mount(self) -> None:
        self.render_position()

    def status_text(self) -> str:
        game = self.cursor.game()
        s = game.summary()
        p = s.personnel
        return (
            f"{self.heading} — {game.state.date} (turn {self.cursor.position} of {self.cursor.last})"
            f"   people out {p.withdrawn}/{p.total}, killed {p.killed}"
            f"   relations {s.host_relations:.0f}   score {s.score:.1f}"
        )

    def day_text(self) -> str:
        game = self.cursor.game()
        pos = self.cursor.position
        if pos == 0:
            return "The start, before any order."
        previous = self.cursor.game(pos - 1)
        entries = game.state.log[len(previous.state.log) :]
        lines = [f"{game.date_of(e.day)}  {e.kind:<9} {e.text}" for e in entries]
        return "\n".join(lines) or "A quiet day."

    def render_position(self) -> None:
        self.query_one("#replay-status", Static).update(self.status_text())
        self.query_one("#replay-day", Static).update(self.day_text())

    def action_step(self, delta: int) -> None:
        self.cursor.step(delta)
        self.render_position()

    def action_go(self, position: int) -> None:
        self.cursor.go(self.cursor.last if position < 0 else position)
        self.render_position()

    def action_close(self) -> None:
        self.dismiss(None)
