"""The first game screen is painted without the code and styles it does not show or run
(start-up, bench/tui.py): a fresh `play` of a scenario whose world comes from the content cache
has not imported these modules nor parsed the other screens' stylesheet by its first frame, and
the game screen's warm-up loads the engine's and reads the stylesheet before the first day,
order or dialog needs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Left for later, each with why the first screen needs none of it.
DEFERRED = {
    "game.engine.day": "no day is played yet",
    "game.engine.quote": "nothing is quoted yet",
    "game.engine.score": "nothing is scored or saved yet",
    "tomllib": "a world from the content cache parses no TOML",
    "tomli_w": "no save is written yet",
    "rich._emoji_codes": "the sites table's cells are not read as markup",
    "textual.widgets._tabbed_content": "the panes are ours, not Textual's TabbedContent",
    "game.ui.screens.orders": "no order dialog is open",
    "game.ui.screens.menu": "a game started from the command line shows no menu",
    "game.ui.screens.results": "the results screen is preloaded a while after the first frame",
    "game.model.saved": "no save or summary is read or made",
    "game.authoring.locate": "no file has a problem to place",
    "pydantic": "no file or order is checked: the game's classes are plain (model/declare.py)",
    "game.model.checked": "the same: nothing is checked yet",
}
WARMED = ("game.engine.day", "game.engine.quote", "game.engine.score", "pydantic")

START = """
import json, sys, tempfile
from game.cli import build_parser
from game.ui import app as app_module
from game.ui.launch import prepare
from game.ui.screens import game as game_screen
from game.ui.stylesheets import SCREENS_CSS

seen = {}
painted = app_module.DrawdownApp.first_frame_painted

def first_frame(app):
    seen["screen"] = type(app.screen).__name__
    seen["first frame"] = sorted(sys.modules)
    seen["styled at first"] = app.stylesheet.has_source(SCREENS_CSS)
    painted(app)

warm_up = game_screen.GameScreen.warm_up

def warmed(screen):
    warm_up(screen)
    seen["warmed"] = sorted(sys.modules)
    seen["styled warm"] = app.stylesheet.has_source(SCREENS_CSS)
    app.exit()

app_module.DrawdownApp.first_frame_painted = first_frame
game_screen.GameScreen.warm_up = warmed
app, _ = prepare(build_parser().parse_args(["--saves", tempfile.mkdtemp(), "play", "sandbox"]))
app.run(headless=True, size=(100, 30))
print(json.dumps(seen))
"""


def start(cache: Path) -> dict[str, list[str] | str | bool]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("DRAWDOWN_CACHE", None)
    run = subprocess.run(
        [sys.executable, "-c", START],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    seen: dict[str, list[str] | str | bool] = json.loads(run.stdout.strip().splitlines()[-1])
    return seen


def test_the_first_screen_is_painted_without_what_it_does_not_need(tmp_path: Path) -> None:
    start(tmp_path)  # the scenario's first game: its content is checked, and cached
    seen = start(tmp_path)
    assert seen["screen"] == "GameScreen"
    first = set(seen["first frame"])
    assert {m: why for m, why in DEFERRED.items() if m in first} == {}
    warmed = set(seen["warmed"])
    assert [m for m in WARMED if m not in warmed] == []
    assert (seen["styled at first"], seen["styled warm"]) == (False, True)


def test_every_other_screen_reads_the_other_screens_styles() -> None:
    """A screen shown before the game screen's warm-up (a decision due on the first day, a key
    pressed at once, the menu) reads its styles itself."""
    import importlib
    import pkgutil

    from textual.screen import Screen

    import game.ui.screens
    from game.ui.app import DrawdownApp
    from game.ui.screens.game import GameScreen
    from game.ui.stylesheets import GAME_CSS, SCREENS_CSS

    for info in pkgutil.walk_packages(game.ui.screens.__path__, "game.ui.screens."):
        importlib.import_module(info.name)

    def screens(cls: type[Screen[object]]) -> list[type[Screen[object]]]:
        found = []
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("game."):
                found.append(sub)
            found += screens(sub)
        return found

    ours = set(screens(Screen))
    assert len(ours) > 10
    assert {s.__name__ for s in ours if s.CSS_PATH != SCREENS_CSS} == {GameScreen.__name__}
    assert [str(p) for p in DrawdownApp().css_path] == [GAME_CSS, SCREENS_CSS]  # the menu
