"""The game screen's tables change only the rows that changed each day (bench/tui.py): what they
show is exactly what a table drawn afresh from the game would show."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import cast

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import make_app, until  # noqa: E402
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
    from game.engine import Game
    from game.ui.screens.results import ResultsScreen
    from game.worlds import load_world

    game = Game(load_world("tutorial"), 1)
    assert game.scenario.historical.figures  # the tutorial compares some
    text = ResultsScreen(game).history()
    for key in game.scenario.historical.figures:
        assert key not in text
    assert "| Sites handed over |" in text


async def test_the_log_pane_keeps_its_last_lines_while_the_game_keeps_every_entry(
    tmp_path, monkeypatch
) -> None:
    """The pane holds a bounded number of rendered lines (memory over a campaign); the newest
    entry is always the last line shown and the game's own log loses nothing."""
    from game.ui.widgets.panels import EventLog

    monkeypatch.setattr(EventLog, "MAX_LINES", 6)
    async with campaign(tmp_path) as (pilot, screen):
        app = pilot.app
        pane = screen.query_one(EventLog)
        await pilot.press("4")  # the log tab: the pane knows its width and writes
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
