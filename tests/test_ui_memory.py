"""Memory a game does not need is not kept: the garbage that the start-up's freezes kept
(game/ui/launch.py, DrawdownApp.on_mount) and a game's screen left for another game are
collected once the app settles (DrawdownApp.settle_memory), and a plain game's end loads no
results models. Peak memory itself is measured by bench/tui.py."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from test_ui import SIZE, make_app, sandbox  # noqa: E402
from waiting import until_app as until  # noqa: E402

from game.ui.app import DrawdownApp  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402


async def test_a_game_left_for_another_is_freed(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        first = await until(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "the game"
        )
        left = weakref.ref(first)
        game = weakref.ref(first.game)
        del first
        await pilot.press("n")  # a day played, so the first game holds more than it started with
        app.start_game(sandbox(2), "sandbox")
        await until(
            pilot,
            lambda: app.screen is not left() and isinstance(app.screen, GameScreen),
            "the second game",
        )
        await until(pilot, lambda: left() is None and game() is None, "the first game freed")
        assert app.screen.game.seed == 2
        assert gc.get_freeze_count() > 0  # what lives is frozen again, out of the collector's way


async def test_the_collector_is_off_until_the_first_frame_then_on_again(tmp_path):
    """The first screen is built with the cycle collector off (start-up, bench/tui.py), which
    the first frame turns on again, as it was."""
    app = make_app(tmp_path, sandbox())
    while_built = []
    compose = GameScreen.compose

    def composed(screen):
        while_built.append(gc.isenabled())
        return compose(screen)

    assert gc.isenabled()
    GameScreen.compose = composed
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
            await until(pilot, gc.isenabled, "the collector on again after the first frame")
    finally:
        GameScreen.compose = compose
    assert while_built == [False]
    assert gc.isenabled()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def frozen_garbage() -> weakref.ref[Cycle]:
    """A cycle that is garbage, frozen as the first frame's freeze freezes what is garbage by
    then; the reference is dead once it is collected."""
    probe = Cycle()
    dropped = weakref.ref(probe)
    del probe
    gc.freeze()
    return dropped


async def test_the_garbage_frozen_at_the_start_is_collected(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        dropped = frozen_garbage()
        app.settle_soon()
        await until(pilot, lambda: dropped() is None, "the frozen garbage collected")


class Forked(DrawdownApp):
    SETTLES_MEMORY = False  # as the classroom's games (game/serve/session.py)


@pytest.mark.parametrize(("app_class", "collected"), [(DrawdownApp, True), (Forked, False)])
async def test_a_games_garbage_is_collected_before_its_results_are_shown(
    tmp_path, app_class, collected
):
    """The results screen is built on memory the game's garbage freed (the campaign's peak is
    there, bench/tui.py); a classroom's forked game, which does not settle, keeps it."""
    from game.ui.screens.results import ResultsScreen

    game = sandbox()
    while game.state.date.isoformat() < "2023-08-30":  # the last day: one key from the end
        game.advance()
    app = app_class(game, "sandbox", saves=str(tmp_path), seed=1)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        dropped = frozen_garbage()
        if app._settle is not None:  # the start's own settling: not the one looked for
            app._settle.stop()
        for _ in range(10):
            if isinstance(app.screen, ResultsScreen):
                break
            await pilot.press("1" if not isinstance(app.screen, GameScreen) else "n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "the results")
        assert (dropped() is None) is collected
    gc.unfreeze()


def test_a_plain_game_ends_without_the_results_models(tmp_path):
    """No exercise and no trainee: no results file, and its models are not even imported."""
    code = f"""
import sys
from game.engine import Game
from game.training.after_game import results_after_game
from game.worlds import load_world
game = Game(load_world("sandbox"), 1)
while not game.finished:
    game.advance()
print(results_after_game(game, "sandbox", None, {str(tmp_path)!r}))
print("game.training.results" in sys.modules, "game.model.exercise" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["None", "False", "False"]
    assert list(tmp_path.iterdir()) == []
