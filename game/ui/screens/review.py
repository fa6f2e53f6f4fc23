"""The after-action review at the end of a game: the report's Markdown, on screen, with the
replay one key away.

The review is built in a worker thread while the screen shows its progress; the summary appears
first and the longer sections follow, so a campaign's review opens at once."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Markdown, Static

from ...training.report import to_markdown
from ...training.review import Review, build_review
from ..widgets.keys import KeyBar


def sections(markdown: str) -> list[str]:
    """The document cut before each second-level heading (the summary is the first piece)."""
    parts = markdown.split("\n## ")
    return [parts[0]] + [f"\n## {p}" for p in parts[1:]]


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("r", "replay", "Replay"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, game, exercise=None, trainee: str = "") -> None:
        super().__init__()
        self.game = game
        self.exercise = exercise
        self.trainee = trainee
        self.review: Review | None = None

    def compose(self) -> ComposeResult:
        yield Static("Building the after-action review…", id="review-progress")
        yield Markdown("", id="review")
        yield KeyBar()

    def on_mount(self) -> None:
        self.run_worker(self._build, thread=True, exclusive=True, name="review")

    def _build(self) -> None:
        review = build_review(self.game, self.exercise, self.trainee)
        self.review = review
        parts = sections(to_markdown(review, brief=True))
        self.app.call_from_thread(self._show_first, parts[0] + "".join(parts[1:2]))
        rest = parts[2:]
        for i, part in enumerate(rest, 1):
            self.app.call_from_thread(self._append, part, i, len(rest))

    async def _show_first(self, text: str) -> None:
        await self.query_one("#review", Markdown).update(text)
        self.query_one("#review-progress", Static).update("Loading the details…")

    async def _append(self, text: str, done: int, total: int) -> None:
        await self.query_one("#review", Markdown).append(text)
        progress = self.query_one("#review-progress", Static)
        if done == total:
            progress.display = False
        else:
            progress.update(f"Loading the details… {done} of {total} sections")

    def action_replay(self) -> None:
        from .replay import ReplayScreen

        title = self.review.title if self.review else self.game.scenario.title
        self.app.push_screen(ReplayScreen.of_game(self.game, f"Replay: {title}"))

    def action_close(self) -> None:
        self.dismiss(None)
