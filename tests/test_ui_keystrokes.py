"""Keystroke budget: closing one camp as a player would, keys counted (issue 11). The typed path
types each count; the fast path fills the convoy with everything at the camp (ctrl+a). Both go
through the same screens; the budget holds the fast path to a bound."""

from __future__ import annotations

import os

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest  # noqa: E402
from test_ui import make_app, until  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui.screens.decision import DecisionDialog  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.orders import ConvoyDialog, DispatchDialog, SiteOrderDialog  # noqa: E402
from game.ui.screens.results import ResultsScreen  # noqa: E402
from game.worlds import load_world  # noqa: E402


async def close_camp(tmp_path, scenario: str, seed: int, camp: str, fast: bool) -> int:
    """Keys pressed from the game screen until `camp` is closed (handed over or emptied)."""
    game = Game(load_world(scenario), seed)
    app = make_app(tmp_path, game)
    keys = 0

    async def press(*seq: str) -> None:
        nonlocal keys
        keys += len(seq)
        await pilot.press(*seq)

    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        screen = app.screen
        table = screen.query_one("#sites")
        row = table.get_row_index(camp)
        await press(*["down"] * row)
        await press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        site = game.state.sites[camp]
        if fast:
            await press("ctrl+a")
        else:
            counts = (site.headcount, site.containers, site.vehicles, site.sensitive, site.trucks)
            for i, n in enumerate(counts):
                await press(*str(n))
                if i < len(counts) - 1:
                    await press("tab")
        await press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "requested")
        for _ in range(60):
            if isinstance(app.screen, DecisionDialog):
                await press("2")  # the tutorial's prefect asks for trucks: keep them for the convoy
                continue
            if game.requests_usable_today():
                break
            await press("a")
            await pilot.pause()
        await press("d")
        await until(pilot, lambda: isinstance(app.screen, DispatchDialog), "dispatch dialog")
        await press("ctrl+d")
        await until(pilot, lambda: app.screen is screen, "dispatched")
        for _ in range(60):
            if game.state.sites[camp].closed or isinstance(app.screen, ResultsScreen):
                break
            if isinstance(app.screen, DecisionDialog):
                await press("1")
                continue
            if not game.state.convoys and game.check({"kind": "handover", "site": camp}).ok:
                await press("h")
                await until(pilot, lambda: isinstance(app.screen, SiteOrderDialog), "handover")
                await press("ctrl+s")
                await until(pilot, lambda: app.screen is screen, "handed over")
                continue
            await press("a")
            await pilot.pause()
        assert game.state.sites[camp].closed or game.state.sites[camp].headcount == 0
    return keys


BUDGETS = [("tutorial", 2, "ansongo", 20)]


@pytest.mark.parametrize("scenario,seed,camp,budget", BUDGETS)
async def test_closing_a_camp_stays_within_the_keystroke_budget(
    tmp_path, scenario, seed, camp, budget
):
    typed = await close_camp(tmp_path, scenario, seed, camp, fast=False)
    fast = await close_camp(tmp_path, scenario, seed, camp, fast=True)
    print(f"{scenario} {camp}: typed {typed} keys, fast {fast} keys")
    assert fast < typed
    assert fast <= budget
