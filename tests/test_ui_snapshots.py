"""Snapshots of the main screens (layout only; Textual is pinned, so they are stable)."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from game.engine import Game  # noqa: E402
from game.ui.app import DrawdownApp  # noqa: E402
from game.worlds import load_world  # noqa: E402


def app_for(tmp_path, game: Game | None = None) -> DrawdownApp:
    return DrawdownApp(game, "sandbox" if game else None, saves=str(tmp_path), seed=1)


def sandbox_after(days: int) -> Game:
    game = Game(load_world("sandbox"), 1)
    game.order(
        {
            "kind": "request_movement",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 180,
            "vehicles": 30,
            "escort": "light",
        }
    )
    for _ in range(days):
        game.advance()
    game.order({"kind": "dispatch", "request": "r1"})
    game.advance()
    return game


async def settle(pilot) -> None:
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


async def plan_convoy(pilot) -> None:
    await settle(pilot)
    await pilot.press("c", "1", "8", "0", "tab", "tab", "3", "0")
    await pilot.pause()


def test_menu(snap_compare, tmp_path):
    assert snap_compare(app_for(tmp_path), terminal_size=(80, 24))


def test_game_screen_wide(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, sandbox_after(3)), terminal_size=(120, 36), run_before=settle
    )


def test_game_screen_80x24(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, sandbox_after(3)), terminal_size=(80, 24), run_before=settle
    )


def test_convoy_dialog(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, Game(load_world("sandbox"), 1)),
        terminal_size=(100, 30),
        run_before=plan_convoy,
    )


def test_results(snap_compare, tmp_path):
    game = sandbox_after(3)
    game.play_to_end()
    assert snap_compare(app_for(tmp_path, game), terminal_size=(100, 30), run_before=settle)


def test_help(snap_compare, tmp_path):
    async def open_help(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(
        app_for(tmp_path, Game(load_world("sandbox"), 1)),
        terminal_size=(100, 30),
        run_before=open_help,
    )


def test_game_screen_160x50(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, sandbox_after(3)), terminal_size=(160, 50), run_before=settle
    )


def test_convoy_dialog_80x24(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, Game(load_world("sandbox"), 1)),
        terminal_size=(80, 24),
        run_before=plan_convoy,
    )


def test_convoy_dialog_160x50(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, Game(load_world("sandbox"), 1)),
        terminal_size=(160, 50),
        run_before=plan_convoy,
    )


def approved_request() -> Game:
    """A convoy request the host has answered (Ber to Timbuktu, sandbox seed 1, day 3)."""
    game = Game(load_world("sandbox"), 1)
    game.order({"kind": "request_movement", "origin": "ber", "destination": "timbuktu",
                "people": 180, "vehicles": 30})  # fmt: skip
    for _ in range(3):
        game.advance()
    return game


async def open_dispatch(pilot) -> None:
    await settle(pilot)
    await pilot.press("d")
    await pilot.pause()


def test_dispatch_dialog_80x24(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, approved_request()), terminal_size=(80, 24), run_before=open_dispatch
    )


def test_dispatch_dialog_160x50(snap_compare, tmp_path):
    assert snap_compare(
        app_for(tmp_path, approved_request()), terminal_size=(160, 50), run_before=open_dispatch
    )


def campaign_map_app(tmp_path) -> DrawdownApp:
    """The whole campaign on day 3: thirteen camps, exits, airfields and the race for the north."""
    game = Game(load_world("drawdown-2023"), 1)
    for _ in range(3):
        game.advance()
    return DrawdownApp(game, "drawdown-2023", saves=str(tmp_path), seed=1)


async def show_map(pilot) -> None:
    await settle(pilot)
    await pilot.press("m")
    await pilot.pause()


def test_map_80x24(snap_compare, tmp_path):
    """The map over the whole screen (`m`): below 100 columns it is not beside the panes."""
    assert snap_compare(campaign_map_app(tmp_path), terminal_size=(80, 24), run_before=show_map)


def test_map_160x50(snap_compare, tmp_path):
    assert snap_compare(campaign_map_app(tmp_path), terminal_size=(160, 50), run_before=settle)
