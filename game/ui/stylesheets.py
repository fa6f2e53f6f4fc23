"""The app's two stylesheets. The game screen's (drawdown.tcss) is read at start-up; the other
screens' (screens.tcss: dialogs, menus, results, training) is not needed by a game's first screen
and its parsing was ~22 M of the first frame's ~330 M instructions (start-up, bench/tui.py).

Each of the other screens names it as its CSS_PATH, so Textual reads it when the first of them
is shown (re-parsing and re-applying every style as it does); the game screen reads it ahead of
that, once its first frame is painted (`read_screens_css`), and a start on the menu reads both."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

HERE = os.path.dirname(os.path.abspath(__file__))
GAME_CSS = os.path.join(HERE, "drawdown.tcss")
SCREENS_CSS = os.path.join(HERE, "screens.tcss")


def read_screens_css(app: App[Any]) -> None:
    """Add the other screens' styles to the app's stylesheet, parsed on their own: they style no
    widget of the game screen, so nothing shown is styled again (Textual, reading a screen's
    CSS_PATH, would parse every style again and re-apply them to every widget)."""
    stylesheet = app.stylesheet
    if not stylesheet.has_source(SCREENS_CSS):
        stylesheet.read(SCREENS_CSS)
        stylesheet.parse()
