"""The key bar at the foot of every screen: the screen's shown bindings, drawn as one line.

Textual's Footer mounts one widget per key and restyles them all whenever the bindings change (a
focus change, a new day that enables a key); on the game screen that cost more than everything
else on the first screen. This bar is a single widget that redraws one line of text, and a click
on a key presses it. A key that does not fit is left out, so the screen's BINDINGS order is the
priority order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.screen import Screen


def declared_order(screen: Screen[Any]) -> list[ActiveBinding]:
    """The screen's active bindings in the order they were declared: the screen's own first,
    then the focused widget's, then the app's; within each, its BINDINGS order (so a binding
    with two keys shows its first). Textual lists them by the focused widget's keys first, which
    reorders the bar whenever a field takes the focus."""
    app = screen.app

    def rank(item: tuple[str, ActiveBinding]) -> tuple[int, int]:
        key, active = item
        owner = 0 if active.node is screen else 2 if active.node is app else 1
        keys = list(active.node._bindings.key_to_bindings)
        return owner, keys.index(key) if key in keys else len(keys)

    return [active for _, active in sorted(screen.active_bindings.items(), key=rank)]


class KeyBar(Widget):
    """One line of `key description` pairs; disabled keys dimmed; the command palette key last."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keybar--key", "keybar--description", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; background: $footer-background;
        .keybar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .keybar--description { color: $footer-description-foreground; background: $footer-description-background; }
        .keybar--disabled { text-style: dim; }
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        self.refresh()

    def entries(self) -> list[tuple[str, str, str, bool]]:
        """(key, shown key, description, enabled) for each shown action, palette key last."""
        app = self.app
        seen: set[str] = set()
        out = []
        palette = None
        for _node, binding, enabled, _tip in declared_order(self.screen):
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, app.get_key_display(binding), binding.description, enabled)
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            out.append((binding.key, app.get_key_display(binding), binding.description, enabled))
        if palette is not None:
            out.append(palette)
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        text_style = self.get_component_rich_style("keybar--description")
        dim = self.get_component_rich_style("keybar--disabled")
        width = self.content_size.width or 80
        line = Text(no_wrap=True, overflow="crop")
        spans = []
        for key, shown, description, enabled in self.entries():
            piece = Text.assemble((f" {shown}", key_style), (f" {description}", text_style))
            if not enabled:
                piece.stylize(dim)
            if line.cell_len + piece.cell_len > width:
                continue  # too wide: a later, shorter key may still fit
            start = line.cell_len
            line.append_text(piece)
            spans.append((start, line.cell_len, key, enabled))
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
