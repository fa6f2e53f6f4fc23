"""Snapshots of the evacuation planner (layout only) at 80×24 and 160×50: a north camp's plan,
its combined stakes and what no leg carries."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from game.engine import Game  # noqa: E402
from game.ui.app import DrawdownApp  # noqa: E402
from game.worlds import load_world  # noqa: E402


def north_app(tmp_path) -> DrawdownApp:
    return DrawdownApp(Game(load_world("north-2023"), 1), "north-2023", saves=str(tmp_path), seed=1)


async def open_planner(pilot) -> None:
    await pilot.pause()
    pilot.app.clear_notifications()
    table = pilot.app.screen.query_one("#sites")
    await pilot.press(*["down"] * (table.get_row_index("tessalit") - table.cursor_row), "p")
    await pilot.pause()
    await pilot.pause()


def test_evacuation_planner_80x24(snap_compare, tmp_path):
    assert snap_compare(north_app(tmp_path), terminal_size=(80, 24), run_before=open_planner)


def test_evacuation_planner_160x50(snap_compare, tmp_path):
    assert snap_compare(north_app(tmp_path), terminal_size=(160, 50), run_before=open_planner)
