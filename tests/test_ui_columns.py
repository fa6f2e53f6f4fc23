"""The game screen's tables at 80 columns: every status, headcount, route and cargo shown whole
(nothing past the pane's edge, nothing cut below a row), the Intel roads table's columns all
titled, and a camp no longer the mission's not offered as one to leave."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402
from test_ui import make_app, until  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.widgets.panels import IntelView, RequestsTable, SiteOutlook, SitesTable  # noqa: E402
from game.worlds import load_world  # noqa: E402


def north_with_requests() -> Game:
    """North-2023 five days on: Tessalit drawing down and thin after a convoy left without
    authorization, and three requests refused with the host's long reason."""
    game = Game(load_world("north-2023"), 1)
    for order in (
        dict(kind="move_unauthorized", origin="tessalit", destination="gao", people=200,
             vehicles=40, escort="light"),
        dict(kind="request_movement", origin="aguelhok", destination="gao", people=100,
             containers=20, vehicles=20, trucks=10, escort="light"),
        dict(kind="request_flight", origin="kidal", destination="gao", aircraft="airliner",
             people=100),
        dict(kind="request_flight", origin="kidal", destination="gao", aircraft="c130",
             people=10, sensitive=2),
    ):  # fmt: skip
        assert game.order(order).ok
    for _ in range(5):
        game.advance()
    return game


def lines_of(cell: object, width: int) -> int:
    text = cell if isinstance(cell, Text) else Text(str(cell))
    return len(text.wrap(Console(width=200), width))


def assert_whole(table) -> None:
    """Nothing past the table's right edge, and every cell's wrapped lines within its row."""
    assert table.virtual_size.width <= table.scrollable_content_region.width
    for row_key, row in table.rows.items():
        for column_key, column in table.columns.items():
            cell = table.get_cell(row_key, column_key)
            width = column.get_render_width(table) - 2 * table.cell_padding
            assert lines_of(cell, width) <= row.height, (row_key.value, column_key.value, cell)


async def sites_table(pilot, app) -> tuple[GameScreen, SitesTable]:
    """The game screen once its sites table is filled."""
    await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
    sites = app.screen.query_one(SitesTable)
    await until(pilot, lambda: sites.row_count > 0, "sites")
    return app.screen, sites


async def test_sites_and_requests_are_whole_at_80_columns(tmp_path):
    game = north_with_requests()
    assert game.state.sites["tessalit"].status == "drawing_down"
    assert {r.status for r in game.state.requests.values()} == {"denied"}
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, sites = await sites_table(pilot, app)
        assert str(sites.get_cell("tessalit", "Status")) == "◐ closing"
        assert str(sites.get_cell("tessalit", "People")) == "116 thin"
        assert_whole(sites)
        await pilot.press("3")
        requests = screen.query_one(RequestsTable)
        await until(pilot, lambda: requests.row_count == 3, "requests")
        await pilot.pause()
        assert "under review by the defence staff" in str(requests.get_cell("r2", "Status"))
        assert_whole(requests)


async def test_a_cell_that_grows_in_place_is_not_cut(tmp_path):
    """Sites rows are updated in place from day to day: a status that grows ('● open' to
    '◐ closing') and a headcount that turns thin keep whole in their fixed columns."""
    game = Game(load_world("north-2023"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, sites = await sites_table(pilot, app)
        assert str(sites.get_cell("tessalit", "Status")) == "● open"
        order = dict(kind="move_unauthorized", origin="tessalit", destination="gao", people=200,
                     vehicles=40, escort="light")  # fmt: skip
        assert screen.give(order, announce=False).ok
        await until(
            pilot, lambda: str(sites.get_cell("tessalit", "Status")) == "◐ closing", "update"
        )
        assert_whole(sites)
        assert screen.give({"kind": "reinforce", "site": "tessalit"}, announce=False).ok
        await until(pilot, lambda: str(sites.get_cell("tessalit", "Status")) == "◐ +QRF", "QRF")
        assert_whole(sites)
        # a request's status grows from 'waiting; answer due …' to the host's reason, in place
        request = dict(kind="request_movement", origin="aguelhok", destination="gao",
                       people=100, vehicles=20, escort="light")  # fmt: skip
        assert screen.give(request, announce=False).ok
        await pilot.press("3")
        requests = screen.query_one(RequestsTable)
        await until(pilot, lambda: requests.row_count == 1, "the request")
        before = requests.rows[requests.coordinate_to_cell_key((0, 0)).row_key].height
        while game.state.requests["r2"].status == "pending":
            game.advance()  # the days pass as the screen's day key passes them
            screen.mutate_reactive(GameScreen.game)
            await pilot.pause()
        await until(pilot, lambda: "refused" in str(requests.get_cell("r2", "Status")), "answer")
        assert requests.rows[requests.coordinate_to_cell_key((0, 0)).row_key].height > before
        assert_whole(requests)


def test_every_column_of_the_intel_roads_table_has_a_title():
    game = Game(load_world("north-2023"), 1)
    roads = IntelView.intel(game).renderables[0]
    assert [str(c.header) for c in roads.columns] == ["Route", "Stretch", "IED", "Ambush", "Note"]


def test_a_handed_over_camp_is_not_offered_as_one_to_leave():
    """The outlook said 'if left, seized …/day' of a camp already handed over."""
    game = Game(load_world("tutorial"), 1)
    away = dict(kind="move_unauthorized", origin="ansongo", destination="labbezanga", people=10,
                vehicles=2, sensitive=2, trucks=1)  # fmt: skip
    assert game.order(away).ok
    while not game.check({"kind": "handover", "site": "ansongo"}).ok:
        game.advance()
    assert "if left, seized" in str(SiteOutlook.outlook(game, "ansongo"))
    assert game.order({"kind": "handover", "site": "ansongo"}).ok
    text = str(SiteOutlook.outlook(game, "ansongo"))
    assert text == f"Ansongo: handed over on {game.state.date.day} {game.state.date:%b}"
