"""An event waiting for the player's decision: its text, and one button per option with its text."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button

from .. import present as p
from ..stylesheets import SCREENS_CSS
from ..widgets.keys import KeyBar
from ..widgets.text import Label, Static, as_written

if TYPE_CHECKING:
    from ...engine import Game


class DecisionDialog(ModalScreen[str | None]):
    """Answer an event's choice (dismisses with the choice id; Escape leaves it for later, and an
    unanswered choice takes its default after a day)."""

    CSS_PATH = SCREENS_CSS  # read when first shown (game/ui/stylesheets.py)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "later", "Decide later"),
        *(Binding(str(i), f"pick({i - 1})", f"Option {i}", show=False) for i in range(1, 7)),
    ]

    def __init__(self, game: Game, event_id: str, hints: bool = True) -> None:
        super().__init__()
        self.game = game
        event = game.event(event_id)
        if event is None:
            raise KeyError(event_id)
        self.event = event
        self.hints = hints  # an exercise may turn the events' advice off

    def compose(self) -> ComposeResult:
        ev = self.event
        pending = next((c for c in self.game.state.pending_choices if c.event == ev.id), None)
        with Vertical(classes="dialog decision"):
            yield Label(ev.title, classes="dialog-title")
            with VerticalScroll():
                yield Static(ev.text)
                if ev.hint and self.hints:
                    yield Static(f"Advice: {ev.hint}", classes="note")
                for i, choice in enumerate(ev.choices, start=1):
                    default = " (default)" if choice.id == ev.default else ""
                    yield Button(
                        as_written(f"{i}. {choice.label}{default}"),
                        id=f"choice-{choice.id}",
                        compact=True,
                    )
                    if choice.text:
                        yield Static(choice.text, classes="choice-text")
                if pending is not None:
                    when = p.short_date(p.date_of(self.game, pending.day + 1))
                    yield Static(
                        f"Unanswered, the default applies at the end of {when}.", classes="note"
                    )
        yield KeyBar()

    def game_changed(self) -> None:
        """The game was replaced under the dialog (live reload): show the event as the new game
        has it, or close, saying so, if its choice is no longer waiting there."""
        event = self.game.event(self.event.id)
        waiting = any(c.event == self.event.id for c in self.game.state.pending_choices)
        if event is None or not waiting:
            self.notify(
                f"{self.event.title}: no longer waiting for a decision in the reloaded game.",
                title="Reloaded",
                severity="warning",
                timeout=8,
            )
            self.dismiss(None)
            return
        self.event = event
        self.refresh(recompose=True)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.event.choices):
            self.dismiss(self.event.choices[index].id)

    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id is not None:
            self.dismiss(event.button.id.removeprefix("choice-"))
