"""The planner as a player drives it (issue 11): plan a site's evacuation and file it, pickers that
filter as you type and offer no impossible choice, repeat the last request, standing flights and
dispatch on approval, and partly using an approval from the dispatch dialog."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_rules_approvals import ANSONGO  # noqa: E402
from test_ui import make_app, sandbox, until  # noqa: E402
from textual.widgets import Checkbox, Select, Static  # noqa: E402

from game.bots.evacuation import plan_evacuation, totals  # noqa: E402
from game.engine import Game  # noqa: E402
from game.model.orders import RequestMovement  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.orders import (  # noqa: E402
    ConvoyDialog,
    DispatchDialog,
    EvacuationDialog,
    FlightDialog,
)
from game.ui.screens.orders.evacuation import leg_words  # noqa: E402
from game.ui.widgets.fields import SitePicker  # noqa: E402
from game.worlds import load_world  # noqa: E402


def options(picker: Select) -> list[str]:
    return [str(v) for _, v in picker._options if v is not Select.NULL]


async def open_game(pilot, app) -> GameScreen:
    await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
    return app.screen


async def select_site(pilot, screen: GameScreen, site: str) -> None:
    table = screen.query_one("#sites")
    await until(pilot, lambda: table.row_count > 0, "sites")
    steps = table.get_row_index(site) - table.cursor_row
    await pilot.press(*(["down"] * steps if steps >= 0 else ["up"] * -steps))


def north_app(tmp_path):
    """north-2023 on its first day, and the app that plays it."""
    game = Game(load_world("north-2023"), 1)
    return game, make_app(tmp_path, game)


async def open_plan(pilot, app, site: str) -> tuple[GameScreen, EvacuationDialog]:
    """The game screen, and the evacuation plan of `site` opened from it with p."""
    screen = await open_game(pilot, app)
    await select_site(pilot, screen, site)
    await pilot.press("p")
    await until(pilot, lambda: isinstance(app.screen, EvacuationDialog), "planner")
    return screen, app.screen


# ------------------------------------------------------------------ the plan, without a screen


def test_the_plan_empties_a_north_camp_within_the_engines_limits():
    game = Game(load_world("north-2023"), 1)
    site = game.state.sites["tessalit"]
    plan = plan_evacuation(game, "tessalit")
    assert all(leg.quote.ok for leg in plan.legs), [leg.quote.reason for leg in plan.legs]
    moved = {k: 0 for k in ("people", "containers", "vehicles", "sensitive", "trucks")}
    for leg in plan.legs:
        for k in moved:
            moved[k] += getattr(leg.order, k, 0)
        assert game.check(leg.order).ok
        if isinstance(leg.order, RequestMovement):
            assert leg.order.trucks + leg.order.vehicles <= 60  # bounded columns
            assert leg.order.destination == "gao"  # the nearest exit by road
    # everyone and every vehicle, truck and sensitive item goes; the containers the trucks
    # cannot carry are said to be left
    assert moved["people"] == site.headcount
    assert moved["vehicles"] == site.vehicles and moved["trucks"] == site.trucks
    assert moved["sensitive"] == site.sensitive
    assert moved["containers"] + plan.left["containers"] == site.containers
    t = totals([leg.quote for leg in plan.legs])
    assert t.legs == len(plan.legs) == t.ok
    assert t.killed == sum(leg.quote.expected_killed for leg in plan.legs)
    assert t.days == max(leg.quote.expected_days or leg.quote.travel_days for leg in plan.legs)


def test_a_camp_with_nothing_has_no_plan():
    game = Game(load_world("north-2023"), 1)
    plan = plan_evacuation(game, "ber")
    assert plan.legs == [] and plan.left == {}


# ------------------------------------------------------------------ the planner dialog


async def test_planning_an_evacuation_files_the_accepted_legs(tmp_path):
    game, app = north_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        screen, dialog = await open_plan(pilot, app, "tessalit")
        legs = len(dialog.legs)
        assert legs >= 3
        text = str(dialog.query_one("#totals", Static).render())
        assert f"{legs} of {legs} accepted" in text and "killed" in text
        note = str(dialog.query_one("#left", Static).render())
        # trucks from Gao are barred from the Kidal region: the line does not offer them
        assert "Not carried: 190 containers. Containers: hand over or destroy." in note
        last = plan_evacuation(game, "tessalit").garrison_leg + 1
        assert f"Leg {last} takes the last 150 (the garrison): send it last." in note
        await pilot.press("down", "space")  # drop the second leg
        assert dialog.accepted[1] is False
        assert f"{legs - 1} of {legs} accepted" in str(dialog.query_one("#totals", Static).render())
        await pilot.press("a")  # and dispatch the rest on approval
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "filed")
        filed = list(game.state.requests.values())
        assert len(filed) == legs - 1
        assert all(r.order.origin == "tessalit" and r.order.auto for r in filed)


async def test_an_air_exits_plan_says_its_containers_ship_out_and_keeps_the_option_in_view(
    tmp_path,
):
    """Drawdown-2023's Gao at 80×24: the line offered trucks to a hub with 200 of its own whose
    containers ship out from there; the true advice is longer, so the list of legs gives up rows
    and the option and buttons stay in view."""
    game = Game(load_world("drawdown-2023"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        _, dialog = await open_plan(pilot, app, "gao")
        note = str(dialog.query_one("#left", Static).render())
        assert "bring trucks" not in note
        assert "Containers: they ship out from here, 12 a day (about 150 days)." in " ".join(
            note.split()
        )
        auto = dialog.query_one("#auto", Checkbox).region
        buttons = dialog.query_one("#file").region
        assert auto.height == 1 and auto.bottom <= buttons.y - 1  # not under the button row
        await pilot.press("a")
        assert dialog.query_one("#auto", Checkbox).value is True


async def test_a_long_refusal_keeps_the_option_and_buttons_in_view_at_80x24(tmp_path):
    """Refused legs stay in the plan with the engine's reasons under it: the list of legs gives
    up rows for those lines as it does for the notes, so nothing slides under the button row."""
    from game.engine.orders import Result

    game = Game(load_world("drawdown-2023"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        _, dialog = await open_plan(pilot, app, "gao")
        reason = "the host refuses every movement in the region this week (test)"
        dialog.submit = lambda order, announce=True: Result(False, reason)
        await pilot.press("ctrl+r")
        problem = dialog.query_one("#problem", Static)
        await until(pilot, lambda: str(problem.render()).startswith("Refused: "), "refused")
        await pilot.pause()
        assert len(dialog.legs) > 1  # every leg refused: all kept
        said = " ".join(problem.render().plain.split())
        assert said.count(reason) == 1 and " legs)" in said  # one reason, how many legs it took
        shown = problem.region
        assert shown.height > 1  # the reasons wrap over several lines
        auto = dialog.query_one("#auto", Checkbox).region
        buttons = dialog.query_one("#file").region
        assert auto.height == 1 and auto.bottom <= shown.y
        assert shown.bottom <= buttons.y  # the whole refusal above the buttons
        assert len(problem.render().plain.splitlines()) <= shown.height


def test_a_leg_that_names_a_contingent_says_so():
    """Ménaka's plan flies the police and civilians its garrison column cannot seat, by
    contingent; the leg says whose seats they are, as the engine will take only them."""
    game = Game(load_world("drawdown-2023"), 1)
    plan = plan_evacuation(game, "menaka")
    (flight,) = [leg for leg in plan.legs if leg.order.people and leg.order.contingent]
    name = game.contingent(flight.order.contingent).name
    assert leg_words(game, flight).startswith(
        f"Flight → Gao (logistics hub): {flight.order.people} people, "
    )
    assert f", only {name}" in leg_words(game, flight)


async def test_editing_a_leg_changes_it_before_it_is_filed(tmp_path):
    game = Game(load_world("tutorial"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_game(pilot, app)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, EvacuationDialog), "planner")
        planner = app.screen
        assert planner.legs[0].order.sensitive == 2
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "edit the leg")
        convoy = app.screen
        assert convoy.query_one("#people").value == "130"  # filled from the leg
        assert convoy.query_one("#sensitive").value == "2"
        convoy.query_one("#sensitive").value = ""
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is planner, "back to the plan")
        assert planner.legs[0].order.sensitive == 0
        assert game.state.requests == {}  # nothing filed until the plan is
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "filed")
        assert game.state.requests["r1"].order.sensitive == 0


async def test_editing_a_leg_keeps_the_contingent_the_plan_named(tmp_path):
    """The flight dialog has no contingent field: an edited Ménaka flight used to come back
    unnamed, and the engine would then seat troops on it, the garrison column's escort."""
    game = Game(load_world("drawdown-2023"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        _, planner = await open_plan(pilot, app, "menaka")
        i = next(i for i, leg in enumerate(planner.legs) if leg.order.contingent)
        named = planner.legs[i].order.contingent
        await pilot.press(*["down"] * i, "enter")
        await until(pilot, lambda: isinstance(app.screen, FlightDialog), "edit the leg")
        app.screen.query_one("#people").value = "10"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is planner, "back to the plan")
        assert planner.legs[i].order.people == 10
        assert planner.legs[i].order.contingent == named


async def test_the_sites_table_starts_on_the_first_camp_the_player_commands(tmp_path):
    """North-2023 lists empty Ogossagou first; the cursor (and the outlook under the table)
    starts on Tessalit, the first camp with people, and p plans it at once."""
    game, app = north_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_game(pilot, app)
        table = screen.query_one("#sites")
        await until(pilot, lambda: table.row_count > 0, "sites")
        assert (
            table.get_row_index("ogossagou") == 0 and game.state.sites["ogossagou"].headcount == 0
        )
        await until(pilot, lambda: screen.selected_site() == "tessalit", "cursor on Tessalit")
        outlook = screen.query_one("#outlook", Static)
        await until(pilot, lambda: str(outlook.render()).startswith("Tessalit:"), "its outlook")
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, EvacuationDialog), "planner")
        assert app.screen.site == "tessalit"


# ------------------------------------------------------------------ pickers


async def test_site_pickers_offer_no_impossible_choice_and_filter_as_you_type(tmp_path):
    game, app = north_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_game(pilot, app)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FlightDialog), "flight dialog")
        flight = app.screen
        origin = flight.query_one("#origin", SitePicker)
        dest = flight.query_one("#destination", SitePicker)
        assert "home" not in options(origin)
        assert origin.value not in options(dest)
        # home only from an air exit: the engine refuses a flight home from anywhere else
        assert ("home" in options(dest)) == game.sites[origin.value].air_exit
        origin.value = "gao"
        await pilot.pause()
        assert "home" in options(dest)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "closed")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        convoy = app.screen
        origin = convoy.query_one("#origin", SitePicker)
        # only camps with something to move, in the scenario's order
        assert options(origin) == ["tessalit", "aguelhok", "kidal", "gao"]
        assert origin.value not in options(convoy.query_one("#destination", SitePicker))
        origin.focus()
        await pilot.press("k", "i")
        assert options(origin) == ["kidal"] and origin.value == "kidal"
        await until(pilot, lambda: "kidal" not in options(convoy.query_one("#destination")))
        await pilot.press("backspace", "backspace")
        assert options(origin) == ["tessalit", "aguelhok", "kidal", "gao"]
        assert origin.value == "kidal"


# ------------------------------------------------------------------ repeat, standing, auto


async def test_repeat_last_opens_the_last_request_filled(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_game(pilot, app)
        await pilot.press("full_stop")  # nothing to repeat yet: a word, no dialog
        assert app.screen is screen
        order = dict(
            kind="request_flight",
            origin="timbuktu",
            destination="gao",
            aircraft="c130",
            people=10,
            every=3,
        )
        assert screen.give(order).ok
        await pilot.press("full_stop")
        await until(pilot, lambda: isinstance(app.screen, FlightDialog), "repeated")
        flight = app.screen
        assert flight.query_one("#people").value == "10"
        assert flight.query_one("#every").value == "3"
        assert flight.query_one("#origin", Select).value == "timbuktu"
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "sent")
        assert [r.order.people for r in game.state.requests.values()] == [10, 10]


async def test_the_flight_dialog_files_a_standing_flight_dispatched_on_approval(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_game(pilot, app)
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FlightDialog), "flight dialog")
        flight = app.screen
        flight.query_one("#origin", Select).value = "timbuktu"
        await pilot.pause()
        flight.query_one("#destination", Select).value = "gao"
        flight.query_one("#people").value = "10"
        flight.query_one("#every").value = "4"
        flight.query_one("#auto", Checkbox).value = True
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "sent")
        (req,) = game.state.requests.values()
        assert req.order.every == 4 and req.order.auto is True


async def test_the_dispatch_dialog_sends_an_approval_without_what_its_condition_excludes(tmp_path):
    game = Game(load_world("tutorial"), 1)
    assert game.order(dict(ANSONGO)).ok
    while game.state.requests["r1"].status == "pending":
        game.advance()
    game.order(
        {
            "kind": "choose",
            "event": "prefect-trucks",
            "choice": game.event("prefect-trucks").choices[1].id,
        }
    )
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await open_game(pilot, app)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DispatchDialog), "dispatch dialog")
        dialog = app.screen
        detail = str(dialog.query_one("#detail", Static).render())
        assert "Within its conditions (0 sensitive), ^l:" in detail
        await pilot.press("ctrl+l")  # leave behind what the conditions exclude
        await until(pilot, lambda: app.screen is screen, "dispatched")
        (convoy,) = game.state.convoys
        assert convoy.authorized and convoy.cargo.sensitive == 0
        assert game.state.sites["ansongo"].sensitive == 2


async def test_a_refused_leg_stays_in_the_plan_with_its_reason(tmp_path):
    from game.engine.orders import Result

    game, app = north_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        screen, dialog = await open_plan(pilot, app, "tessalit")
        kinds = [leg.order.kind for leg in dialog.legs]
        give = dialog.submit

        def refuse_flights(order, announce=True):  # the engine takes the convoys, not flights
            if order.kind == "request_flight":
                return Result(False, "flights refused for the test")
            return give(order, announce)

        dialog.submit = refuse_flights
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen is dialog  # still open
        assert [leg.order.kind for leg in dialog.legs] == [
            k for k in kinds if k == "request_flight"
        ]
        assert "Refused: flights refused for the test" in str(
            dialog.query_one("#problem", Static).render()
        )
        assert len(game.state.requests) == kinds.count("request_movement")


async def test_filing_a_plan_says_so_once_not_a_toast_per_leg(tmp_path):
    """At 80×24 six toasts, one per leg, covered the whole screen: one message names them all."""
    game, app = north_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, dialog = await open_plan(pilot, app, "tessalit")
        legs = len(dialog.legs)
        app.clear_notifications()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "filed")
        filed = list(game.state.requests)
        assert len(filed) == legs
        (note,) = app._notifications
        assert f"{legs} requests filed" in note.message
        assert all(ref in note.message for ref in filed)
        due = game.answer_date(filed[0])
        assert f"answers expected from {due.day} {due:%b}" in note.message
