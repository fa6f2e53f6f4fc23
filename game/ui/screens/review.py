"""The after-action review at the end of a game: the report's Markdown, on screen, with the
replay one key away.

The review is built in a worker thread while the screen shows its progress; the summary appears
first, then the whole review. It is drawn with Rich's Markdown in one scrolling view: Textual's
Markdown widget builds a widget per block and took many seconds on a campaign's review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from ...training.report import to_markdown
from ...training.review import Review, build_review
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Static

if TYPE_CHECKING:
    from ...engine import Game
    from ...model.exercise import Exercise


def sections(markdown: str) -> list[str]:
    """The document cut before each second-level heading (the title is the first piece)."""
    parts = markdown.split("\n## ")
    return [parts[0]] + [f"\n## {p}" for p in parts[1:]]


class ReviewText(Static):
    """The review's Markdown, drawn by Rich; `source` is the Markdown shown."""

    source = ""

    def show(self, markdown: str) -> None:
        self.source = markdown
        self.update(RichMarkdown(markdown))


class ReviewScreen(Screen[None]):
    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)
    BINDINGS = [
        Binding("r", "replay", "Replay"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, game: Game, exercise: Exercise | None = None, trainee: str = "") -> None:
        super().__init__()
        self.game = game
        self.exercise = exercise
        self.trainee = trainee
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        yield Static("Building the after-action review…", id="review-progress")
        with VerticalScroll(id="review-scroll"):
            yield ReviewText(id="review")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#review-scroll").focus()
        self.run_worker(self._build, thread=True, exclusive=True, name="review")

    def _build(self) -> None:
        review = build_review(self.game, self.exercise, self.trainee)
        self.review = review
        text = to_markdown(review, brief=True)
        parts = sections(text)
        self.app.call_from_thread(self._show, "".join(parts[:2]), "Loading the details…")
        self.app.call_from_thread(self._show, text, "")

    def _show(self, markdown: str, progress: str) -> None:
        self.query_one("#review", ReviewText).show(markdown)
        note = self.query_one("#review-progress", Static)
        note.update(progress)
        note.display = bool(progress)

    def action_replay(self) -> None:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .replay import ReplayScreen

        title = self.review.title if self.review else self.game.scenario.title
        self.app.push_screen(ReplayScreen.of_game(self.game, f"Replay: {title}"))

    def action_close(self) -> None:
        self.dismiss(None)
