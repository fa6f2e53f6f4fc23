"""The game screen's tab strip (game/ui/widgets/tabs.py) is one widget where Textual's Tabs is
ten (start-up, bench/tui.py): it must look and answer exactly as Textual's TabbedContent does,
cell for cell and colour for colour, in every state a player can put it in."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Button, TabbedContent, TabPane, Tabs  # noqa: E402
from textual.widgets._tabs import Underline  # noqa: E402
from waiting import until_app as until  # noqa: E402

from game.ui.widgets.tabs import Pane, Panes, TabStrip  # noqa: E402

TITLES = ("Sites", "Moves", "Requests", "Log", "Intel")


class Tabbed(App[None]):
    """Five panes under Textual's TabbedContent (its TabPanes) or under ours (our Panes), a
    button in each."""

    def __init__(self, panes: type[TabbedContent] | type[Panes]) -> None:
        super().__init__()
        self.panes = panes

    def compose(self) -> ComposeResult:
        pane = TabPane if self.panes is TabbedContent else Pane
        with self.panes(id="tabs"):
            for title in TITLES:
                with pane(title, id=f"tab-{title.lower()}"):
                    yield Button(title)


def bar_placed(app: App[None]) -> bool:
    """Textual's Tabs place the bar a refresh after a tab is made active: wait for it."""
    for tabs in app.query(Tabs):
        tab = tabs.active_tab
        want = tab.virtual_region.shrink(tab.styles.gutter).column_span if tab else (0, 0)
        bar = tabs.query_one(Underline)
        if (bar.highlight_start, bar.highlight_end) != want:
            return False
    for strip in app.query(TabStrip):  # ours slides its bar there too (when animations are on)
        if (strip.highlight_start, strip.highlight_end) != strip.span(strip.active):
            return False
    return True


async def drawn(app: App[None], steps: list[str], width: int) -> tuple[list[object], str]:
    """The screen's cells (text and style runs) after the steps, and which pane is shown."""
    async with app.run_test(size=(width, 8)) as pilot:
        await pilot.pause()
        for step in steps:
            if step.startswith(("click ", "hover ")):
                x, y = map(int, step[6:].split(","))
                if x >= width:
                    continue  # (off a narrow screen)
                await (pilot.click if step.startswith("click") else pilot.hover)(
                    "#tabs", offset=(x, y)
                )
            else:
                await pilot.press(step)
            await pilot.pause()
            await pilot.pause()
        await until(pilot, lambda: bar_placed(app), "Textual's bar under the active tab")
        rows = []
        for strip in app.screen._compositor.render_strips():
            runs: list[tuple[str, str]] = []
            for segment in strip:
                style = str(segment.style)
                if runs and runs[-1][1] == style:
                    runs[-1] = (runs[-1][0] + segment.text, style)
                else:
                    runs.append((segment.text, style))
            rows.append(runs)
        return rows, str([b.label for b in app.screen.query(Button) if b.region])


@pytest.mark.parametrize(
    "steps",
    [
        [],  # the first tab active; the strip has the focus (the first focusable widget)
        ["right"],
        ["right", "right", "left", "left", "left"],  # wraps round
        ["tab"],  # the focus on the pane's button: the strip unfocused
        ["tab", "hover 9,0"],  # a title under the mouse
        ["tab", "hover 30,0", "hover 2,5"],
        ["tab", "click 20,0"],  # a click on a title: shown, and the strip focused
        ["tab", "click 9,1"],  # a click on the bar under a title
        ["tab", "click 50,0"],  # beside the titles: nothing changes but the focus
        ["4"],  # (no binding: nothing)
        ["right", "right", "right"],  # on a narrow strip, the row scrolls to the active tab
        ["right"] * 5 + ["left", "left"],
        ["tab", "click 15,0", "right"],
    ],
)
@pytest.mark.parametrize("width", [60, 20])
async def test_the_tab_strip_draws_and_answers_as_textuals_tabs(steps, width) -> None:
    ours, shown = await drawn(Tabbed(Panes), steps, width)
    textuals, textuals_shown = await drawn(Tabbed(TabbedContent), steps, width)
    assert shown == textuals_shown
    for y, (row, textuals_row) in enumerate(zip(ours, textuals, strict=True)):
        assert row == textuals_row, f"row {y}"
