"""The first game screen is painted without the code it does not show or run (start-up,
bench/tui.py): a fresh `play` of a scenario whose world comes from the content cache has not
imported these modules by its first frame, and the game screen's warm-up loads the engine's
before the first day or order needs them."""

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
}
WARMED = ("game.engine.day", "game.engine.quote", "game.engine.score")

START = """
import json, sys, tempfile
from game.cli import build_parser
from game.ui import app as app_module
from game.ui.launch import prepare
from game.ui.screens import game as game_screen

seen = {}
painted = app_module.DrawdownApp.first_frame_painted
warm_up = game_screen.warm_up

def first_frame(app):
    seen["screen"] = type(app.screen).__name__
    seen["first frame"] = sorted(sys.modules)
    painted(app)

def warmed():
    warm_up()
    seen["warmed"] = sorted(sys.modules)
    app.exit()

app_module.DrawdownApp.first_frame_painted = first_frame
game_screen.warm_up = warmed
app, _ = prepare(build_parser().parse_args(["--saves", tempfile.mkdtemp(), "play", "sandbox"]))
app.run(headless=True, size=(100, 30))
print(json.dumps(seen))
"""


def start(cache: Path) -> dict[str, list[str] | str]:
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
    seen: dict[str, list[str] | str] = json.loads(run.stdout.strip().splitlines()[-1])
    return seen


def test_the_first_screen_is_painted_without_what_it_does_not_need(tmp_path: Path) -> None:
    start(tmp_path)  # the scenario's first game: its content is checked, and cached
    seen = start(tmp_path)
    assert seen["screen"] == "GameScreen"
    first = set(seen["first frame"])
    assert {m: why for m, why in DEFERRED.items() if m in first} == {}
    warmed = set(seen["warmed"])
    assert [m for m in WARMED if m not in warmed] == []
