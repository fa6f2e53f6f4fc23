"""Tab panes whose widgets are mounted when the pane is first shown.

The game screen's hidden panes (Moves, Requests, Log, Intel) were styled, laid out and kept up
to date from the first frame, though the first screen shows only the Sites pane: ~16 ms of
CPU at start-up (bench/tui.py) and, every day, tables nobody looked at. Their widgets are made
(and bound to the game) when the screen is composed, so nothing about them changes, but they
join the screen only when their pane is first shown, by a key, a click or `active`.
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane


class PaneOnDemand(TabPane):
    """A tab pane that holds the widgets composed into it until it is first shown."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self._waiting: list[Widget] = []

    def compose_add_child(self, widget: Widget) -> None:
        self._waiting.append(widget)  # `with PaneOnDemand(...): yield ...` lands here

    @property
    def filled(self) -> bool:
        return not self._waiting

    def fill(self) -> None:
        """Mount the pane's widgets (once)."""
        if self._waiting:
            widgets, self._waiting = self._waiting, []
            self.mount_all(widgets)


class TabsOnDemand(TabbedContent):
    """Tabbed panes that fill a `PaneOnDemand` as it becomes the active pane, in the same call
    that shows it (Textual runs this watcher right after its own), so no empty pane is drawn."""

    def watch_active(self, active: str) -> None:
        pane = self.get_pane(active) if active else None
        if isinstance(pane, PaneOnDemand):
            pane.fill()
