"""What the player sees after the advance-day key: the day's incidents in the status bar (not in
toasts, which reflow the whole screen: bench/tui.py), every one of them in the Log pane, and the
alert gone once a quiet day follows or another game takes the screen; the map exactly as drawn
afresh, though only its changed rows were painted."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import log_text, make_app, until  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.widgets.map import MapView, draw  # noqa: E402
from game.ui.widgets.panels import SiteOutlook, SitesTable  # noqa: E402
from game.worlds import load_world  # noqa: E402

SIZE = (110, 40)
SERIOUS = ("incident", "security")


def status_line(screen: GameScreen) -> str:
    """The status bar's second line, as the game screen shows it (under a dialog, if one is open)."""
    return "\n".join(s.text for s in screen._compositor.render_strips()).splitlines()[1]


def shown_in(screen: GameScreen, widget) -> list[str]:
    """The lines of the widget's content as the screen shows them."""
    region = widget.content_region
    shown = "\n".join(s.text for s in screen._compositor.render_strips()).splitlines()
    return [line[region.x : region.right] for line in shown[region.y : region.bottom]]


def words(text: str) -> str:
    """Text with its wrapping undone (the Log pane wraps long lines)."""
    return " ".join(text.split())


async def days_played(pilot, screen: GameScreen, keys: int, before_each=lambda: None):
    """Press the day key up to `keys` times (a decision dialog is left with escape, for the
    default), yielding how many days went by after each."""
    days = 0
    for _ in range(keys):
        if pilot.app.screen is not screen:
            await pilot.press("escape")
            continue
        before_each()
        await press_next_day(pilot, screen)
        days += 1
        yield days


async def press_next_day(pilot, screen: GameScreen) -> None:
    day = screen.game.state.day
    await pilot.press("n")
    await until(pilot, lambda: screen.game.state.day != day, "the next day")
    await pilot.pause()


async def test_a_days_incident_shows_in_the_status_bar_and_the_log_not_in_a_toast(tmp_path):
    # drawdown-2023, seed 1: on the first day Kidal comes under indirect fire (1 wounded)
    app = make_app(tmp_path, Game(load_world("drawdown-2023"), 1))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        screen = app.screen
        await pilot.pause()
        assert "⚠" not in status_line(screen)
        await press_next_day(pilot, screen)
        (fire,) = [e for e in screen.game.state.log if e.kind in SERIOUS]
        assert fire.text.startswith("Kidal comes under indirect fire: 1 wounded")
        assert "⚠ Incident: Kidal comes under indirect fire: 1 wounded" in status_line(screen)
        assert not app._notifications  # no toast: nothing mounted, nothing reflowed
        assert fire.text in words(await log_text(pilot, app))
        # a quiet day: the alert goes, the bar shows the latest news again
        await press_next_day(pilot, screen)
        assert not [e for e in screen.game.state.log[-5:] if e.day >= 1 and e.kind in SERIOUS]
        assert "⚠" not in status_line(screen)


async def test_several_incidents_in_a_day_are_counted_and_all_in_the_log(tmp_path):
    game = Game(load_world("drawdown-2023"), 1)
    while game.state.day < 60:  # day 61 has three places under indirect fire (seed 1)
        game.advance()
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        screen = app.screen
        await pilot.pause()
        start = len(game.state.log)
        await press_next_day(pilot, screen)
        fired = [e for e in game.state.log[start:] if e.kind in SERIOUS]
        assert len(fired) == 3
        line = status_line(screen)
        assert "⚠ 3 incidents (all in Log, 4): " + fired[0].text[:30] in line
        assert not app._notifications
        log = words(await log_text(pilot, app))
        for entry in fired:
            assert entry.text in log
        # undo takes the day back: the alert was that day's, so it goes with it
        screen.replace_game(Game(load_world("drawdown-2023"), 1))
        await pilot.pause()
        assert "⚠" not in status_line(screen)


async def test_the_map_repaints_only_changed_rows_and_shows_a_fresh_drawing(tmp_path):
    """After each day the map on screen is exactly a fresh drawing of the game, though only the
    rows whose cells changed were painted again."""
    app = make_app(tmp_path, Game(load_world("drawdown-2023"), 1))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        screen = app.screen
        view = screen.query_one(MapView)
        await pilot.pause()
        repainted: list[int] = []
        real_refresh = view.refresh

        def refresh(*regions, **kwargs):
            repainted.extend(region.y for region in regions)
            return real_refresh(*regions, **kwargs)

        view.refresh = refresh
        partial_days = 0
        async for _ in days_played(pilot, screen, 60, before_each=repainted.clear):
            width, height = view.content_size
            fresh = draw(screen.game, width, height, view.fog)[1].plain.splitlines()
            assert shown_in(screen, view) == fresh
            partial_days += 0 < len(repainted) < height
        assert partial_days >= 5  # the row-by-row path was taken, and often


async def test_the_outlook_is_redrawn_only_on_days_it_reads_differently(tmp_path):
    app = make_app(tmp_path, Game(load_world("drawdown-2023"), 1))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
        screen = app.screen
        outlook = screen.query_one(SiteOutlook)
        site = screen.query_one(SitesTable).selected_key()
        await pilot.pause()
        updates: list[str] = []
        real_update = outlook.update

        def update(content, **kwargs):
            updates.append(str(content))
            return real_update(content, **kwargs)

        outlook.update = update
        days = 0
        async for _ in days_played(pilot, screen, 60):
            days += 1
            expected = SiteOutlook.outlook(screen.game, site).plain
            assert str(outlook.render()) == expected
            assert words("\n".join(shown_in(screen, outlook))) == words(expected)
        # redrawn when it changed, and only then: never twice the same words in a row
        assert 0 < len(updates) < days
        assert all(before != after for before, after in zip(updates, updates[1:], strict=False))
