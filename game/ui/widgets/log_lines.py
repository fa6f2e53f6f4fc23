"""The Log pane's lines: a RichLog built when the pane is first shown (see `panels.EventLog`).

Kept out of `panels` because importing `RichLog` pulls in `rich.pretty` and `attrs` (~15 ms of
start-up, bench/tui.py) for a pane the first screen does not show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import RichLog

from ...model.log import EventFired
from .. import present as p

if TYPE_CHECKING:
    from textual import events

    from ...engine import Game


class LogLines(RichLog):
    """The game's log, newest at the bottom; rewritten when the game is replaced (undo, reload).

    `notes` is the pane's list of lines from the screen, shared with the pane so that notes
    made before these lines existed are shown too."""

    def __init__(self, notes: list[tuple[int, str]], hints: bool, max_lines: int) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, max_lines=max_lines)
        self.hints = hints  # the events' advice, unless an exercise turns hints off
        self.notes = notes  # (log length when noted, text)
        self.shown_game: Game | None = None
        self._shown = 0
        self._game_id = 0
        self._width = 0
        self._notes_shown = 0

    def on_resize(self, event: events.Resize) -> None:
        """Write what waited for a width, and wrap everything again if the width changed."""
        width = self.scrollable_content_region.width
        if width >= 10 and self._width and width != self._width:
            self._shown = self._notes_shown = 0
            self.clear()
        self.show_game(self.shown_game)

    def show_game(self, game: Game | None) -> None:
        self.shown_game = game
        if game is None:
            return
        log = game.state.log
        if id(game) != self._game_id or len(log) < self._shown:
            self.clear()
            self._shown = self._notes_shown = 0
            self._game_id = id(game)
        # Lines are wrapped when written: wrap them at the pane's real width (RichLog would use 78
        # columns at least and crop the ends in a narrower pane); until it is known, wait.
        width = self.scrollable_content_region.width
        if width < 10:
            return
        self._width = width
        for index, entry in enumerate(log[self._shown :], self._shown):
            self._write_notes(index, width)
            line = Text(f"{p.short_date(p.date_of(game, entry.day)):>6} ", "dim")
            line.append(entry.text, p.LOG_STYLE.get(entry.kind, ""))
            self.write(line, width=width)
            data = entry.data
            event = game.event(data.event) if self.hints and isinstance(data, EventFired) else None
            if event is not None and event.hint:
                self.write(Text(f"{'':>6} Advice: {event.hint}", "italic"), width=width)
        self._shown = len(log)
        self._write_notes(len(log), width)

    def _write_notes(self, upto: int, width: int) -> None:
        while self._notes_shown < len(self.notes) and self.notes[self._notes_shown][0] <= upto:
            self.write(Text(f"{'':>6} {self.notes[self._notes_shown][1]}", "magenta"), width=width)
            self._notes_shown += 1
