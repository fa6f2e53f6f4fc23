"""Honest dispatch and visible stakes, driven by Textual's pilot and the engine's queries: the
Requests pane and the order's message agree on the answer date, conditions are said once, each
request says the day it becomes usable, `a` stops when an authorization becomes usable and on its
last day, "Ready" only when the engine's check says so, the quote's numbers are on screen and a
move without authorization asks first, stating its cost."""

from __future__ import annotations

import datetime as dt
import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import SIZE, make_app, sandbox, screen_text, type_into, until  # noqa: E402
from test_ui_levers import open_dialog, shown  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui import present as p  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.orders import ConfirmDialog, ConvoyDialog, DispatchDialog  # noqa: E402
from game.ui.widgets.panels import RequestsTable  # noqa: E402
from game.worlds import load_world  # noqa: E402

CONVOY = {"kind": "request_movement", "origin": "ber", "destination": "timbuktu",
          "people": 30, "vehicles": 10}  # fmt: skip


def host_says_yes(game: Game) -> None:
    """The host always approves, without conditions or delays (the dice are tested elsewhere)."""
    sc = game.ctx.scenario
    host = sc.host.model_copy(update={"approve": 1.0, "conditions_share": 0.0, "delay_share": 0.0})
    game.ctx.scenario = sc.model_copy(update={"host": host})


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def test_the_requests_pane_and_the_message_agree_on_the_answer_date(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(pilot, app, "c", ConvoyDialog)
        await type_into(pilot, app, "people", "30")
        await type_into(pilot, app, "vehicles", "10")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "sent")
        game = app.screen.game
        due = game.answer_date("r1")
        assert due == game.quote(CONVOY).answer_on == dt.date(2023, 8, 4)
        await until(pilot, lambda: "answer expected 2023-08-04" in notes(app), "the message")
        await pilot.press("3")  # the Requests pane, built when first shown
        requests = app.screen.query_one(RequestsTable)
        await until(pilot, lambda: requests.row_count == 1, "the request listed")
        assert "answer due 4 Aug" in str(requests.get_cell("r1", "Status"))


def test_conditions_are_said_once():
    game = sandbox()
    host_says_yes(game)
    game.order(CONVOY | {"trucks": 4})
    while game.state.requests["r1"].status != "approved":
        game.advance()
    req = game.state.requests["r1"]
    req.max_trucks, req.no_sensitive = 2, True  # as the host's conditions set them
    req.conditions[:] = ["at most 2 trucks", "no sensitive equipment"]
    detail = p.request_detail(game, req)
    assert detail.count("at most 2 trucks") == 1
    assert detail.count("no sensitive equipment") == 1


def test_each_request_says_the_day_it_becomes_usable():
    game = sandbox()
    host_says_yes(game)
    game.order(CONVOY | {"depart": "2023-08-09"})
    assert game.answer_date("r1") == dt.date(2023, 8, 4)
    assert game.usable_from("r1") == dt.date(2023, 8, 9)
    req = game.state.requests["r1"]
    assert "answer due 4 Aug, usable from 9 Aug if approved" in p.request_detail(game, req)
    while req.status != "approved":
        game.advance()
    assert game.answer_date("r1") is None
    assert game.usable_from("r1") == game.date_of(req.valid_from) == dt.date(2023, 8, 9)
    assert f"usable 9 Aug–{p.short_date(game.date_of(req.valid_until))}" in p.request_detail(
        game, req
    )


def test_until_news_stops_when_an_authorization_becomes_usable_and_on_its_last_day():
    game = sandbox()
    host_says_yes(game)
    game.order(CONVOY | {"depart": "2023-08-09"})
    stops = []
    for _ in range(12):
        game.advance_until_news(authorizations=True)
        stops.append(game.state.day)
        req = game.state.requests["r1"]
        if req.status == "approved" and game.state.day > req.valid_until:
            break
    req = game.state.requests["r1"]
    assert req.valid_from in stops and req.valid_until in stops
    assert game.requests_usable_today() == [] or game.state.day <= req.valid_until
    # on the day it stopped for it, the engine says it can go
    replay = sandbox()
    host_says_yes(replay)
    replay.order(CONVOY | {"depart": "2023-08-09"})
    while replay.state.day < req.valid_from:
        replay.advance()
    assert replay.check({"kind": "dispatch", "request": "r1"}).ok
    assert [r.id for r in replay.authorizations_expiring()] == []
    while replay.state.day < req.valid_until:
        replay.advance()
    assert [r.id for r in replay.authorizations_expiring()] == ["r1"]


async def test_dispatch_says_ready_only_when_the_engine_would_take_it(tmp_path):
    game = sandbox()
    host_says_yes(game)
    game.order(CONVOY | {"depart": "2023-08-09"})
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        detail = shown(dialog, "detail")
        assert "Ready" not in detail and "(usable from 9 Aug)" in detail
        assert dialog.query_one("#dispatch").disabled
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back")
        while game.state.day < game.day_of(dt.date(2023, 8, 9)):
            game.advance()
        app.screen.mutate_reactive(GameScreen.game)
        assert game.check({"kind": "dispatch", "request": "r1"}).ok
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        detail = shown(dialog, "detail")
        q = game.quote({"kind": "dispatch", "request": "r1"})
        assert "Ready to go now" in detail
        assert (
            f"expected {q.expected_killed:.1f} killed, {q.expected_wounded:.1f} wounded" in detail
        )
        assert not dialog.query_one("#dispatch").disabled


async def test_the_convoy_quote_shows_its_stakes_and_an_unauthorized_move_asks(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "c", ConvoyDialog)
        dialog.query_one("#destination").value = "timbuktu"
        await type_into(pilot, app, "people", "30")
        await type_into(pilot, app, "vehicles", "10")
        order = dialog.build("request_movement")
        q = game.quote(order)
        move = game.quote(order | {"kind": "move_unauthorized"})
        await until(pilot, lambda: "killed" in shown(dialog, "cost"), "the stakes")
        cost = shown(dialog, "cost")
        assert f"expected {q.expected_killed:.1f} killed, {q.expected_wounded:.1f} wounded" in cost
        assert f"{q.expected_loads_lost:.1f} containers/items at risk" in cost
        assert f"about {q.expected_days:.1f} days" in cost
        assert f"relations {move.relations:+.1f}" in shown(dialog, "unauth")
        await pilot.press("ctrl+u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked first")
        question = shown(app.screen, "question")
        assert (
            "WITHOUT authorization" in question and f"relations {move.relations:+.1f}" in question
        )
        await pilot.press("n")
        await until(pilot, lambda: app.screen is dialog, "back to the plan")
        assert not game.record and not game.state.convoys
        await pilot.press("ctrl+u")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked again")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "sent")
        assert len(game.state.convoys) == 1 and game.state.unauthorized_moves == 1


# ------------------------------------------------------------------ partly using an approval

TUTORIAL_CONVOY = {"kind": "request_movement", "origin": "ansongo", "destination": "labbezanga",
                   "people": 130, "containers": 20, "vehicles": 25, "sensitive": 2, "trucks": 12}  # fmt: skip


def tutorial_approved_after_lending_trucks() -> Game:
    """The tutorial's trap: the convoy was approved with all 12 trucks, then four were lent to the
    prefect, so the approval as it stands cannot go (8 trucks there)."""
    game = Game(load_world("tutorial"), 1)
    host_says_yes(game)
    assert game.order(TUTORIAL_CONVOY).ok
    while game.state.requests["r1"].status != "approved" or not game.authorized_today("r1"):
        game.advance()
    assert game.order({"kind": "choose", "event": "prefect-trucks", "choice": "lend"}).ok
    assert game.state.sites["ansongo"].trucks == 8
    assert not game.check({"kind": "dispatch", "request": "r1"}).ok
    return game


async def test_the_dispatch_dialog_sends_fewer_than_approved(tmp_path):
    game = tutorial_approved_after_lending_trucks()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        for name in ("people", "containers", "vehicles", "sensitive", "trucks"):
            assert dialog.query_one(f"#{name}").value == str(TUTORIAL_CONVOY[name])  # as approved
        assert not dialog.query_one("#sorties").display  # a convoy flies no sorties
        assert "12 trucks wanted, 8 there" in shown(dialog, "detail")
        assert dialog.query_one("#dispatch").disabled
        await type_into(pilot, app, "trucks", "")
        assert dialog.query_one("#trucks").placeholder == "12"  # blank: as approved
        await type_into(pilot, app, "trucks", "8")
        await type_into(pilot, app, "containers", "14")
        amended = {"kind": "dispatch", "request": "r1", "containers": 14, "trucks": 8}
        q = game.quote(amended)
        assert q.ok
        await until(pilot, lambda: "Ready to go now" in shown(dialog, "detail"), "the live quote")
        assert f"Ready to go now: {q.words}" in shown(dialog, "detail")
        assert not dialog.query_one("#dispatch").disabled
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "sent")
        (convoy,) = game.state.convoys
        assert convoy.authorized
        assert (convoy.cargo.trucks, convoy.cargo.containers, convoy.cargo.headcount) == (
            8,
            14,
            130,
        )
        assert game.state.sites["ansongo"].containers == 6
        assert game.record[-1]["order"] == amended | {"unauthorized": False}  # only what changed


async def test_more_than_approved_is_refused_with_the_engines_reason_and_the_dialog_stays(
    tmp_path,
):
    game = tutorial_approved_after_lending_trucks()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        await type_into(pilot, app, "trucks", "8")
        await type_into(pilot, app, "containers", "14")
        await type_into(pilot, app, "people", "131")
        reason = game.check(
            {"kind": "dispatch", "request": "r1", "people": 131, "containers": 14, "trucks": 8}
        ).reason
        assert "approved for 130 people; it may go with fewer, not 131" in reason
        await until(pilot, lambda: reason in shown(dialog, "detail"), "the engine's reason, live")
        assert dialog.query_one("#dispatch").disabled
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert app.screen is dialog  # kept open, with what was typed
        assert reason in shown(dialog, "problem")
        assert dialog.query_one("#people").value == "131"
        assert not game.state.convoys and game.state.sites["ansongo"].headcount == 130


async def test_every_button_of_the_dispatch_dialog_is_whole_at_80_columns(tmp_path):
    """The row shows the buttons that can do something now: pressing the host only while the
    answer is awaited, so Cancel is never cut off at 80×24."""
    game = sandbox()
    host_says_yes(game)
    game.order(CONVOY)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)  # pending: press the host
        text = screen_text(app)
        assert "Press host ^e" in text and "Cancel esc" in text
        assert not dialog.query_one("#dispatch").display
        await pilot.press("escape")
        while game.state.requests["r1"].status != "approved":
            game.advance()
        app.screen.mutate_reactive(GameScreen.game)
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)  # approved: send it
        text = screen_text(app)
        assert "Dispatch ^d" in text and "Withdraw ^x" in text and "Cancel esc" in text
        assert not dialog.query_one("#press").display


async def test_a_flight_may_fly_fewer_sorties_than_cleared(tmp_path):
    """Cleared for two sorties with one left a day, the flight could never go as approved (it
    expired): flying one sortie uses the clearance."""
    game = sandbox(seed=2)
    host_says_yes(game)
    flight = {"kind": "request_flight", "origin": "timbuktu", "destination": "gao",
              "aircraft": "c130", "people": 60, "sorties": 2}  # fmt: skip
    assert game.order(flight).ok
    while game.state.requests["r1"].status == "pending":
        game.advance()
    assert "sortie(s) left today" in game.check({"kind": "dispatch", "request": "r1"}).reason
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "d", DispatchDialog)
        assert dialog.query_one("#sorties").value == "2"
        assert not dialog.query_one("#vehicles").display and not dialog.query_one("#trucks").display
        await type_into(pilot, app, "sorties", "1")
        await type_into(pilot, app, "people", "30")
        q = game.quote({"kind": "dispatch", "request": "r1", "people": 30, "sorties": 1})
        await until(
            pilot, lambda: f"Ready to go now: {q.words}" in shown(dialog, "detail"), "quote"
        )
        await pilot.press("ctrl+d")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "sent")
        assert game.record[-1]["order"] | {"unauthorized": False} == {
            "kind": "dispatch",
            "request": "r1",
            "people": 30,
            "sorties": 1,
            "unauthorized": False,
        }
        assert game.state.sites["timbuktu"].headcount == 60


async def test_the_flight_dialog_offers_home_only_from_an_air_exit(tmp_path):
    """A flight home from Timbuktu was listed, then refused by the engine ('flights home leave
    only from an air exit'): an impossible choice is not offered."""
    from textual.widgets import Select

    from game.ui.screens.orders import FlightDialog

    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(pilot, app, "f", FlightDialog)
        for origin in ("timbuktu", "gao"):
            dialog.query_one("#origin", Select).value = origin
            await pilot.pause()
            offered = [sid for _, sid in dialog.query_one("#destination").choices]
            home_ok = game.check({"kind": "request_flight", "origin": origin, "destination": "home",
                                  "aircraft": "c130", "people": 10}).ok  # fmt: skip
            assert ("home" in offered) == home_ok == (origin == "gao")
