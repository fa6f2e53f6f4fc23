"""The game screen's tables change only the rows that changed each day (bench/tui.py): what they
show is exactly what a table drawn afresh from the game would show."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import make_app, screen_text, until  # noqa: E402
from textual.pilot import Pilot  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.widgets.panels import GameTable, SitesTable  # noqa: E402
from game.worlds import load_world  # noqa: E402


def shown(table: GameTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def redrawn(table: GameTable) -> list[str]:
    """The same table with every render cache dropped: drawn from its data alone."""
    table._clear_caches()
    table._update_count += 1
    return shown(table)


@contextlib.asynccontextmanager
async def campaign(tmp_path: Path) -> AsyncIterator[tuple[Pilot[None], GameScreen]]:
    """drawdown-2023 on its game screen."""
    app = make_app(tmp_path, Game(load_world("drawdown-2023"), 1))
    async with app.run_test(size=(110, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        yield pilot, cast(GameScreen, app.screen)


async def test_rows_changed_in_place_show_what_a_fresh_table_shows(tmp_path) -> None:
    async with campaign(tmp_path) as (pilot, screen):
        app = pilot.app
        table = screen.query_one(SitesTable)
        await pilot.pause()
        changed_days = 0
        for _ in range(40):
            if app.screen is not screen:
                await pilot.press("escape")
                continue
            before = list(table._values)
            await pilot.press("n")
            await pilot.pause()
            changed_days += table._values != before
            expected = [values for _, values in table.rows_of(screen.game)]
            assert table._values == expected
            assert [
                [table.get_cell(key, column) for column in table.COLUMNS] for key in table._keys
            ] == [list(values) for values in expected]
            assert shown(table) == redrawn(table)
        assert changed_days >= 5  # the in-place path was taken, and often


def test_the_historical_figures_are_named_in_words_not_dotted_paths():
    """The results screen compared 'sites.handed_o…' (a summary's dotted path, cut off) with the
    record; a player reads what the figure is."""
    from rich.console import Console

    from game.ui.screens.results import ResultsScreen

    game = Game(load_world("tutorial"), 1)
    assert game.scenario.historical.figures  # the tutorial compares some
    console = Console(width=60, file=io.StringIO(), record=True)
    console.print(ResultsScreen(game).history())
    text = console.export_text()
    for key in game.scenario.historical.figures:
        assert key not in text
    assert re.search(r"^ Sites handed over +1 +0 *$", text, re.MULTILINE)


async def test_the_log_pane_keeps_its_last_lines_while_the_game_keeps_every_entry(
    tmp_path, monkeypatch
) -> None:
    """The pane holds a bounded number of rendered lines (memory over a campaign); the newest
    entry is always the last line shown and the game's own log loses nothing."""
    from game.ui.widgets.panels import EventLog

    monkeypatch.setattr(EventLog, "MAX_LINES", 6)
    async with campaign(tmp_path) as (pilot, screen):
        app = pilot.app
        await pilot.press("4")  # the log tab: the pane joins the screen, knows its width, writes
        pane = screen.query_one(EventLog)
        await pilot.pause()
        while len(screen.game.state.log) < 20:
            if app.screen is not screen:
                await pilot.press("escape")
                continue
            await pilot.press("n")
            await pilot.pause()
        assert len(screen.game.state.log) >= 20
        assert len(pane.lines) == 6
        shown = " ".join(line.text for line in pane.lines)
        assert screen.game.state.log[-1].text[:12] in shown  # the newest entry is kept
        assert screen.game.state.log[0].text[:12] not in shown  # the oldest scrolled away


async def test_hidden_panes_join_the_screen_when_first_shown(tmp_path) -> None:
    """The first screen mounts only the Sites pane (start-up, widgets/tabs.py); each other pane
    joins when first shown, by a click on its tab or by its key, and shows its game."""
    from game.ui.widgets.panels import EventLog, IntelView, MovesTable, RequestsTable
    from game.ui.widgets.tabs import Panes, TabStrip

    async with campaign(tmp_path) as (pilot, screen):
        panes = {
            "2": ("tab-moves", MovesTable),
            "3": ("tab-requests", RequestsTable),
            "4": ("tab-log", EventLog),
            "5": ("tab-intel", IntelView),
        }
        for _, widget in panes.values():
            assert not screen.query(widget)
        screen.note("A note before the Log pane was built")  # kept for it
        await pilot.click(TabStrip, offset=(9, 1))  # under "Moves" (the bar under it)
        assert screen.query_one(Panes).active == "tab-moves"
        assert screen.query_one("#tab-moves").query(MovesTable)
        for key, (pane, widget) in panes.items():
            await pilot.press(key)
            assert screen.query_one(Panes).active == pane
            assert screen.query_one(f"#{pane}").query(widget)
        await until(pilot, lambda: "Roads (threat per stretch" in screen_text(pilot.app), "intel")
        await pilot.press("4")
        log = screen.query_one(EventLog)
        await until(pilot, lambda: any("A note before" in s.text for s in log.lines), "the note")


async def test_a_requests_table_not_yet_shown_is_on_the_row_a_drawn_one_is_on(tmp_path) -> None:
    """`d` dispatches the request under the Requests table's cursor. Before the pane is first
    shown the table is not drawn; it follows the game as a drawn table's cursor does (the same
    request while it is listed, else the first row), so the key does as it always did."""
    from game.ui.widgets.panels import RequestsTable

    game = Game(load_world("sandbox"), 1)
    sc = game.ctx.scenario  # the host says yes at once: requests go from waiting to approved
    game.ctx.scenario = sc.model_copy(
        update={"host": sc.host.model_copy(update={"approve": 1.0, "conditions_share": 0.0})}
    )
    app = make_app(tmp_path, game)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        screen = cast(GameScreen, app.screen)
        await pilot.press("3")  # drawn and kept up to date from now on
        drawn = screen.query_one(RequestsTable)
        unshown = RequestsTable()
        unshown.follow(screen.game)
        assert unshown.selected_key() is None
        for day in range(12):
            if day % 3 == 0:  # a new request, listed above the older ones once approved
                order = dict(kind="request_movement", origin="ber", destination="timbuktu",
                             people=20, vehicles=4, escort="light")  # fmt: skip
                assert screen.give(order, announce=False).ok
            else:
                screen.advance(until_news=False)
            unshown.follow(screen.game)
            await until(pilot, lambda: drawn.row_count == len(screen.game.state.requests), "rows")
            assert unshown.selected_key() == drawn.selected_key()
            if app.screen is not screen:
                await pilot.press("escape")
        first = [r.id for r in RequestsTable.in_order(screen.game)][0]
        assert drawn.selected_key() != first  # the cursor stayed on a row that moved down


async def test_a_site_name_shows_as_the_scenario_writes_it(tmp_path) -> None:
    """A name from a scenario file is shown as written, not read as Rich markup or emoji codes."""
    world = load_world("sandbox")
    sites = [
        s.model_copy(update={"name": "[b]Ber[/b] :x:"}) if s.id == "ber" else s
        for s in world.theatre.sites
    ]
    world = world.model_copy(update={"theatre": world.theatre.model_copy(update={"sites": sites})})
    app = make_app(tmp_path, Game(world, 1))
    async with app.run_test(size=(110, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        await pilot.pause()
        table = app.screen.query_one(SitesTable)
        assert any(line.startswith(" [b]Ber[/b] :x: ") for line in shown(table))
        assert "[b]Ber[/b] :x:" in screen_text(app)
