"""The second edition's levers from the keyboard at 80x24: concessions (o), the contributors'
consent from the destroy dialog (x, then ^k), convoy overwatch, flight purposes (resupply to a camp
or a convoy) and the selected camp's outlook under the Sites table. Each dialog shows the engine's
quote as it stands, sends what the engine takes, and will not send what it would refuse."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import make_app, sandbox, type_into, until  # noqa: E402
from textual.widgets import Button, Checkbox, Select  # noqa: E402

from game.model.orders import purpose_of  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.orders import (  # noqa: E402
    ConcedeDialog,
    ConvoyDialog,
    FlightDialog,
    SiteOrderDialog,
)
from game.ui.widgets.panels import SiteOutlook, SitesTable  # noqa: E402

SMALL = (80, 24)


def shown(dialog, widget: str) -> str:
    return str(dialog.query_one(f"#{widget}").render())


async def open_dialog(pilot, app, key: str, kind):
    await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    return app.screen


async def test_concession_dialog_quotes_sends_and_refuses(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, app, "o", ConcedeDialog)
        assert dialog.query_one("#site", Select).value == "ber"  # the selected site
        quote = game.quote({"kind": "concede", "offer": "leave_equipment", "site": "ber"})
        await until(pilot, lambda: quote.words in shown(dialog, "detail"), "the quote's words")
        assert "approvals +10%" in shown(dialog, "detail")
        # more containers than Ber holds: the engine's reason, and no sending
        await type_into(pilot, app, "containers", "999")
        reason = game.check(
            {"kind": "concede", "offer": "leave_equipment", "site": "ber", "containers": 999}
        ).reason
        assert reason
        await until(pilot, lambda: reason in shown(dialog, "problem"), "the engine's reason")
        assert dialog.query_one("#send", Button).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and not game.state.concessions
        # the schedule instead: sent, and the engine holds the concession
        dialog.query_one("#offer", Select).value = "share_schedule"
        await until(pilot, lambda: "ambush odds" in shown(dialog, "detail"), "schedule quote")
        assert not dialog.query_one("#send", Button).disabled
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        await until(pilot, lambda: game.state.concessions, "the concession made")
        assert game.state.concessions[0].site == "ber"
        assert game.record[-1]["order"]["offer"] == "share_schedule"


async def test_destroy_dialog_asks_the_contributors_first(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, app, "x", SiteOrderDialog)
        assert "Ask the contributing countries first" in shown(dialog, "detail")
        assert "no consent held" in shown(dialog, "detail")  # the destroy quote's words
        assert not dialog.query_one("#consent", Button).disabled
        await pilot.press("ctrl+k")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        await until(pilot, lambda: "ber" in game.state.consents, "consent asked")
        # asked once: the second time the engine refuses, and the dialog says why
        dialog = await open_dialog(pilot, app, "x", SiteOrderDialog)
        reason = game.check({"kind": "ask_consent", "site": "ber"}).reason
        assert "already asked" in reason
        assert reason in shown(dialog, "detail")
        assert dialog.query_one("#consent", Button).disabled
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert app.screen is dialog
        assert sum(r.get("order", {}).get("kind") == "ask_consent" for r in game.record) == 1


async def test_convoy_overwatch_is_quoted_and_requested(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, app, "c", ConvoyDialog)
        dialog.query_one("#destination", Select).value = "timbuktu"
        await type_into(pilot, app, "people", "30")
        await type_into(pilot, app, "vehicles", "6")
        dialog.query_one("#overwatch", Checkbox).value = True
        await until(pilot, lambda: "overwatch asked" in shown(dialog, "estimate"), "overwatch")
        # too many people for the seats: the engine's reason, request disabled
        await type_into(pilot, app, "people", "999")
        await until(pilot, lambda: "cannot go" in shown(dialog, "estimate"), "refusal")
        assert dialog.query_one("#request", Button).disabled
        await type_into(pilot, app, "people", "30")
        await until(pilot, lambda: not dialog.query_one("#request", Button).disabled, "legal")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        await until(pilot, lambda: "r1" in game.state.requests, "request sent")
        assert game.state.requests["r1"].order.overwatch is True


async def test_flight_purpose_resupply_to_a_camp_and_a_convoy(tmp_path):
    game = sandbox()
    game.order(
        {
            "kind": "move_unauthorized",
            "origin": "ber",
            "destination": "timbuktu",
            "people": 180,
            "vehicles": 30,
        }
    )
    convoy = game.state.convoys[0].id
    app = make_app(tmp_path, game)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_dialog(pilot, app, "f", FlightDialog)
        dialog.query_one("#origin", Select).value = "gao"
        dialog.query_one("#purpose", Select).value = "resupply"
        destination = dialog.query_one("#destination", Select)
        await until(
            pilot,
            lambda: any(v == convoy for _, v in destination._options),
            "the convoy offered as a destination",
        )
        destination.value = convoy
        await until(pilot, lambda: "days of fuel" in shown(dialog, "estimate"), "resupply quote")
        order = dialog.build()
        assert order["purpose"] == "resupply" and order["destination"] == convoy
        added = game.quote(order).supply_days_added
        await until(
            pilot, lambda: f"adds {added:.1f} days of supply" in shown(dialog, "cost"), "days"
        )
        # containers on a resupply flight: the engine refuses, and says why
        await type_into(pilot, app, "containers", "2")
        reason = game.check({**order, "containers": 2}).reason
        await until(pilot, lambda: reason in shown(dialog, "estimate"), "the engine's reason")
        assert dialog.query_one("#request", Button).disabled
        await type_into(pilot, app, "containers", "0")
        await until(pilot, lambda: not dialog.query_one("#request", Button).disabled, "legal")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        sent = [r for r in game.state.requests.values() if r.kind == "flight"]
        assert sent and purpose_of(sent[0].order) == "resupply"
        assert sent[0].order.destination == convoy


async def test_selected_camp_outlook_under_the_sites_table(tmp_path):
    game = sandbox()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        outlook = app.screen.query_one(SiteOutlook)
        ber = game.camp_outlook("ber")
        await until(pilot, lambda: str(outlook.render()).startswith("Ber:"), "Ber's outlook")
        text = str(outlook.render())
        assert f"{ber.seizure_if_left:.1%}/d" in text and "army there" in text
        assert f"supply {game.supply_outlook('ber').days_left:.0f} d" in text
        assert outlook.region.height >= 1  # on screen at 80x24
        app.screen.query_one(SitesTable).focus()
        await pilot.press("down")
        await until(pilot, lambda: str(outlook.render()).startswith("Timbuktu"), "follows cursor")
