"""The game screen's tabbed panes, in few widgets: a tab strip that draws every title and the
bar under the active one as one widget, and panes that join the screen when first shown.

Textual's TabbedContent builds its tab row from ten widgets (Tabs, its three containers, a Tab
per title, the underline), each styled, laid out and painted for the first frame: ~125 M of the
start-up's ~2,500 M instructions (bench/tui.py's program under callgrind), ~20 ms; the hidden
panes were built and kept up to date from the first frame too (~66 M). The strip draws what
Textual's Tabs draws, cell for cell (the same styles; tests/test_ui_tabs.py compares the two),
and answers the same way (a click on a title or on the bar under it, left and right while it
has the focus, the bar sliding to the new tab, the row scrolled to the active tab when it does
not fit); `Panes` does what TabbedContent did for the game screen (`active`, and a pane whose
widget takes the focus is shown), over `Pane`s, which do what its TabPane did (Textual's TabPane
comes with TabbedContent and Tabs: ~4 ms of start-up to import them, bench/tui.py), and shows
one pane at a time itself, without a ContentSwitcher (~16 M instructions of the first frame).
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.strip import Strip
from textual.widget import Widget


class TabStrip(Widget, can_focus=True):
    """The tab titles on one line and the bar under the active title on the next."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous tab", show=False),
        Binding("right", "move(1)", "Next tab", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tabstrip--tab",
        "tabstrip--hover",
        "tabstrip--active",
        "tabstrip--bar",
    }
    # Textual's Tab, Tabs and Underline styles (textual/widgets/_tabs.py), one class per state.
    DEFAULT_CSS = """
    TabStrip {
        width: 100%; height: 2;
        & > .tabstrip--tab { color: $foreground 50%; }
        & > .tabstrip--hover { color: $foreground; }
        & > .tabstrip--active { color: $foreground; }
        & > .tabstrip--bar { color: $block-cursor-background; background: $foreground 10%; }
        &:focus > .tabstrip--active {
            text-style: $block-cursor-text-style;
            color: $block-cursor-foreground;
            background: $block-cursor-background;
        }
        &:focus > .tabstrip--bar { background: $foreground 30%; }
        &:ansi > .tabstrip--tab { text-style: dim; }
        &:ansi > .tabstrip--hover { text-style: dim; }
        &:ansi > .tabstrip--active { text-style: not dim bold; }
        &:ansi > .tabstrip--bar { color: $block-cursor-background; background: $border-blurred; }
    }
    """

    active: reactive[str] = reactive("", init=False)
    highlight_start: reactive[float] = reactive(0.0)
    highlight_end: reactive[float] = reactive(0.0)
    hovered: reactive[int | None] = reactive(None)

    class Activated(Message):
        """A tab was picked (a click, or left and right): its pane's id."""

        def __init__(self, pane: str) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, tabs: list[tuple[str, str]], active: str) -> None:
        super().__init__()
        self.tabs = tabs  # (pane id, title)
        self._scroll = 0  # columns of the row scrolled out of view on the left
        self.set_reactive(TabStrip.active, active)
        self.highlight_start, self.highlight_end = self.span(active)

    def span(self, pane: str) -> tuple[int, int]:
        """The columns of a tab's title (without the space either side), from the strip's left."""
        x = 0
        for tab, title in self.tabs:
            if tab == pane:
                return x + 1, x + 1 + len(title)
            x += len(title) + 2
        return 0, 0

    def shift(self) -> int:
        """How far the row is scrolled (only when it is wider than the strip)."""
        return self._scroll

    def centre_active(self) -> None:
        """Scroll the row as Tabs scrolls its tabs (`scroll_to_center` of the active tab, with
        its origin kept visible): the same columns at every width and step."""
        left = 0
        for tab, title in self.tabs:
            if tab == self.active:
                break
            left += len(title) + 2
        else:
            return
        span, width = len(self.active_title()) + 2, self.size.width
        most = max(0, sum(len(title) + 2 for _, title in self.tabs) - width)
        scroll = self._scroll
        scroll += int(left + span / 2 - (scroll + width / 2) + 0.5)
        scroll = max(0, min(most, scroll))
        if not scroll <= left < scroll + width:  # keep the tab's first column in view
            scroll = max(0, min(most, left if left < scroll else left + span - width))
        self._scroll = scroll

    def active_title(self) -> str:
        return next((title for tab, title in self.tabs if tab == self.active), "")

    def tab_at(self, x: int) -> str | None:
        x += self.shift()
        left = 0
        for tab, title in self.tabs:
            if left <= x < left + len(title) + 2:
                return tab
            left += len(title) + 2
        return None

    def on_resize(self) -> None:
        self.centre_active()

    def watch_active(self, before: str, active: str) -> None:
        self.centre_active()
        start, end = self.span(active)
        if before and self.app.animation_level != "none":  # the bar slides, as under Tabs
            self.animate("highlight_start", float(start), duration=0.3, level="basic")
            self.animate("highlight_end", float(end), duration=0.3, level="basic")
        else:
            self.highlight_start, self.highlight_end = start, end

    def render_line(self, y: int) -> Strip:
        """The titles (y 0) or the bar (y 1), styled cell for cell as Tabs draws them: a title's
        padding and the rest of the row carry the background only."""
        width = self.size.width
        background = Style(bgcolor=self.rich_style.bgcolor)
        shift = self.shift()
        if y == 0:
            segments = []
            for index, (tab, title) in enumerate(self.tabs):
                state = (
                    "active" if tab == self.active else "hover" if index == self.hovered else "tab"
                )
                style = self.get_component_rich_style(f"tabstrip--{state}")
                pad = Style(bgcolor=style.bgcolor)
                segments += [Segment(" ", pad), Segment(title, style), Segment(" ", pad)]
            row = Strip(segments).crop(shift, shift + width)
            return row.extend_cell_length(width, background)
        if y == 1:
            bar = self.get_component_rich_style("tabstrip--bar")
            underline = Bar(
                highlight_range=(self.highlight_start - shift, self.highlight_end - shift),
                highlight_style=Style.from_color(bar.color),
                background_style=Style.from_color(bar.bgcolor),
            )
            console = self.app.console
            lines = console.render_lines(underline, console.options.update_width(width))
            return Strip(Segment.apply_style(lines[0], background), width)
        return Strip.blank(width, background)

    def pick(self, pane: str | None) -> None:
        if pane is not None and pane != self.active:
            self.post_message(self.Activated(pane))

    def action_move(self, step: int) -> None:
        panes = [tab for tab, _ in self.tabs]
        here = panes.index(self.active) if self.active in panes else -1
        self.pick(panes[(here + step) % len(panes)] if here >= 0 else panes[0 if step > 0 else -1])

    def on_click(self, event: events.Click) -> None:
        # a click on a title, or on the bar under it (a larger target, as under Tabs)
        self.focus()
        self.pick(self.tab_at(event.x))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        tab = self.tab_at(event.x) if event.y == 0 else None
        self.hovered = next((i for i, (t, _) in enumerate(self.tabs) if t == tab), None)

    def on_leave(self) -> None:
        self.hovered = None


class Pane(Widget):
    """One pane under the tab strip: its title and its widgets (Textual's TabPane, as Panes uses
    it: the same style, and a widget inside taking the focus says so)."""

    DEFAULT_CSS = """
    Pane { height: auto; }
    """

    class Focused(Message):
        """A widget in the pane took the focus."""

        def __init__(self, pane: Pane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id)
        self.title = title

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.post_message(self.Focused(self))


class Panes(Widget):
    """Tab panes under a tab strip; `active` is the shown pane's id. Only the first pane joins
    the screen with it: the others (their widgets made and bound with the screen all the same)
    are mounted in the same call that first shows them, so no empty pane is drawn."""

    DEFAULT_CSS = """
    Panes { height: auto; & > TabStrip { dock: top; } }
    """

    active: reactive[str] = reactive("", init=False)

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._panes: list[Pane] = []

    def compose_add_child(self, widget: Widget) -> None:
        assert isinstance(widget, Pane)
        self._panes.append(widget)

    def compose(self) -> ComposeResult:
        first = self._panes[0].id or ""
        self.set_reactive(Panes.active, first)
        yield TabStrip([(pane.id or "", pane.title) for pane in self._panes], first)
        yield self._panes[0]

    def watch_active(self, active: str) -> None:
        # The panes shown and hidden here, as a ContentSwitcher between them did (one widget
        # fewer to style, lay out and paint for the first frame, bench/tui.py).
        pane = next(pane for pane in self._panes if pane.id == active)
        with self.app.batch_update():
            for other in self._panes:
                if other.parent is not None:
                    other.display = other is pane
            if pane.parent is None:  # first shown: it joins the screen (in the tabs' order)
                later = self._panes[self._panes.index(pane) + 1 :]
                self.mount(pane, before=next((p for p in later if p.parent is not None), None))
        self.query_one(TabStrip).active = active

    @on(TabStrip.Activated)
    def _picked(self, event: TabStrip.Activated) -> None:
        event.stop()
        self.active = event.pane

    @on(Pane.Focused)
    def _focused_inside(self, event: Pane.Focused) -> None:
        event.stop()  # a widget in a pane took the focus: show its pane
        if event.pane.id is not None:
            self.active = event.pane.id
