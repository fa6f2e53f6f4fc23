"""Nothing typed crashes the game and nothing given is lost, driven by Textual's pilot: numbers out
of the model's range are said in the field (never a traceback, never pydantic's report), a refused
order keeps its dialog open, orders survive the menu and a quit, and ctrl+q asks first."""

from __future__ import annotations

import os

import pytest
from textual.widgets import Static

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import SIZE, make_app, sandbox, screen_text, type_into, until  # noqa: E402
from test_ui_levers import open_dialog, shown  # noqa: E402

from game.saves import load_game  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.menu import MenuScreen, ScenarioPicker  # noqa: E402
from game.ui.screens.orders import (  # noqa: E402
    ConfirmDialog,
    ConvoyDialog,
    DispatchDialog,
    EngageDialog,
    FlightDialog,
    SiteOrderDialog,
)
from game.ui.store import latest_autosave  # noqa: E402

HUGE = "99999999999"


@pytest.mark.parametrize(
    "key,cls,field,sends",
    [
        ("c", ConvoyDialog, "people", ("ctrl+r", "ctrl+u")),
        ("f", FlightDialog, "people", ("ctrl+r",)),
        ("x", SiteOrderDialog, "containers", ("ctrl+s",)),
    ],
)
async def test_a_huge_number_is_said_in_the_field_not_crashed(tmp_path, key, cls, field, sends):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, key, cls)
        await type_into(pilot, app, field, HUGE)
        words = f"{field}: a whole number from 0 to 100000"
        await until(pilot, lambda: words in shown(dialog, "problem"), "the field's problem")
        for line in dialog.query(Static):
            assert "validation error" not in str(line.render())
        for send in sends:
            await pilot.press(send)
        await pilot.pause()
        assert app.is_running and app.screen is dialog
        assert words in shown(dialog, "problem")
        # what was typed is kept, up to one digit more than the largest number allowed
        assert dialog.query_one(f"#{field}").value == HUGE[:7]
        assert not app.screen_stack[1].game.record  # nothing reached the engine
        assert "validation error" not in screen_text(app)


async def test_a_long_run_of_digits_then_another_key_does_not_freeze(tmp_path):
    """Textual's own integer field pattern backtracks exponentially on a long run of digits
    followed by any other key: the app froze. Ours takes digits only, by a linear pattern."""
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "c", ConvoyDialog)
        await pilot.press(*"9" * 60, ".", "e", "-", "x")
        await pilot.pause()
        assert dialog.query_one("#people").value == "9999999"
        assert "people: a whole number from 0 to 100000" in shown(dialog, "problem")


async def test_flight_sorties_are_held_to_the_model_range(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "f", FlightDialog)
        await type_into(pilot, app, "people", "10")
        for sorties in ("51", "0"):
            await type_into(pilot, app, "sorties", sorties)
            await pilot.press("ctrl+r")
            await until(
                pilot, lambda: "sorties: a whole number from 1 to 50" in shown(dialog, "problem")
            )
        assert app.is_running and app.screen is dialog


async def test_a_huge_seed_is_said_on_the_picker(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ScenarioPicker), "picker")
        await type_into(pilot, app, "seed", "9" * 30)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "seed: a whole number from 0 to" in shown(app.screen, "problem"))
        assert isinstance(app.screen, ScenarioPicker)


async def test_a_refused_order_keeps_its_dialog_and_says_why(tmp_path):
    """Pressing the host on a request while the ministry will not see the mission: the engine
    refuses it, the dispatch dialog stays open with the engine's reason."""
    game = sandbox()
    game.order({"kind": "request_movement", "origin": "ber", "destination": "timbuktu",
                "people": 10, "vehicles": 5})  # fmt: skip
    game.order({"kind": "engage"})  # the ministry will not see the mission again for days
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: "Refused: " in shown(dialog, "problem"), "the reason")
        assert "the ministry will see you again on 2023-08-04" in shown(dialog, "problem")
        assert app.screen is dialog


async def test_orders_given_today_survive_the_menu_and_continue(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, "g", EngageDialog)
        await pilot.press("enter")  # meet the ministry
        screen = app.screen_stack[-1]
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "engaged")
        screen = app.screen
        assert [e["order"]["kind"] for e in screen.game.record] == ["engage"]
        digest = screen.game.digest()
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "continued")
        assert app.screen.game.digest() == digest
        assert [e["order"]["kind"] for e in app.screen.game.record] == ["engage"]


async def test_ctrl_q_asks_first_even_from_a_dialog_and_saves(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "c", ConvoyDialog)
        await type_into(pilot, app, "people", "40")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked")
        assert "Quit Drawdown on 1 Aug 2023?" in screen_text(app)
        await pilot.press("ctrl+q")  # asked once, not twice
        await pilot.press("n")
        await until(pilot, lambda: app.screen is dialog, "back to the dialog")
        assert app.is_running and dialog.query_one("#people").value == "40"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        app.screen.give({"kind": "engage"})
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked again")
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running, "quit")
    saved, _ = load_game(latest_autosave(str(tmp_path)))
    assert [e["order"]["kind"] for e in saved.record] == ["engage"]


async def test_ctrl_q_on_the_menu_quits_at_once(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "quit")
