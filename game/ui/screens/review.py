"""The after-action review at the end of a game: the report's Markdown, on screen, with the
replay one key away."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Markdown

from ...training.report import to_markdown
from ...training.review import build_review
from ..widgets.keys import KeyBar


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("r", "replay", "Replay"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, game, exercise=None, trainee: str = "") -> None:
        super().__init__()
        self.game = game
        self.review = build_review(game, exercise, trainee)

    def compose(self) -> ComposeResult:
        yield Markdown(to_markdown(self.review), id="review")
        yield KeyBar()

    def action_replay(self) -> None:
        from .replay import ReplayScreen

        self.app.push_screen(ReplayScreen.of_game(self.game, f"Replay: {self.review.title}"))

    def action_close(self) -> None:
        self.dismiss(None)
