"""The training screens (replay, instructor, review) driven with Textual's pilot in a bare app."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Button, Input, Static

from game.engine import Game
from game.orders_file import load_orders, play_orders
from game.training.exercises import exercise_for
from game.ui.screens.instructor import InstructorScreen, held_injects
from game.ui.screens.replay import ReplayScreen
from game.ui.screens.review import ReviewScreen
from game.worlds import load_world

ORDERS = Path(__file__).parent / "data" / "training_orders.toml"


def played() -> Game:
    game = Game(load_world("sandbox-basics"), 8)
    play_orders(game, load_orders(ORDERS))
    return game


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.answer: object = "unset"

    def on_mount(self) -> None:
        self.push_screen(self.first, self.got)

    def got(self, value) -> None:
        self.answer = value


async def test_replay_screen_steps_forward_and_back():
    game = played()
    app = Host(ReplayScreen.of_game(game))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        status = screen.query_one("#replay-status", Static)
        assert "2023-08-01" in str(status.render()) and "turn 0" in str(status.render())
        await pilot.press("right", "right", "right")
        assert screen.cursor.position == 3
        assert "Convoy stopped at a checkpoint" in screen.day_text()
        await pilot.press("end")
        assert screen.cursor.game().digest() == game.digest()
        await pilot.press("left", "home")
        assert screen.cursor.position == 0
        assert screen.cursor.game().digest() == Game(game.world, game.seed).digest()
        await pilot.press("escape")
        assert app.answer is None


async def test_instructor_screen_needs_the_code_and_releases_a_held_inject():
    game = Game(load_world("sandbox-basics"), 8)
    code = exercise_for("sandbox-basics")[0].options.instructor_code
    app = Host(InstructorScreen(game, code))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert not screen.query(Button).filter("#release-0")
        screen.query_one(Input).value = "wrong"
        await pilot.press("enter")
        assert not screen.unlocked and not screen.query("#release-0")
        screen.query_one(Input).value = code
        await pilot.press("enter")
        await pilot.pause()
        assert screen.unlocked
        await pilot.click("#release-0")
        await pilot.pause()
    assert app.answer == {"kind": "release", "event": "convoy-stopped"}
    assert game.order(app.answer).ok and held_injects(game) == []


async def test_instructor_screen_shows_each_inject_expected_against_actual():
    game = played()  # the trainee waited at the checkpoint, as the MSEL expects
    exercise = exercise_for("sandbox-basics")[0]
    app = Host(InstructorScreen(game, "", exercise=exercise))
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#instructor-msel")
        assert view.region.width > 100  # the wide layout, not the 64-column box
        text = "\n".join(str(c) for col in view.table.columns for c in col._cells)
        assert "Convoy stopped at a checkpoint" in text and "as expected: Wait" in text
        assert "Wait for the ministry to confirm the authorization" in text


async def test_instructor_screen_pauses_the_timer():
    game = Game(load_world("sandbox-basics"), 8)
    app = Host(InstructorScreen(game, ""))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#pause-timer")
        await pilot.pause()
    assert app.answer == {"kind": "pause_timer"}


async def test_review_screen_shows_objectives_and_opens_the_replay():
    game = played()
    app = Host(ReviewScreen(game, exercise_for("sandbox-basics")[0], "Ana"))
    async with app.run_test(size=(120, 40)) as pilot:
        # The review is built in a worker, with its progress shown, then its sections arrive.
        await app.workers.wait_for_complete()
        await pilot.pause()
        md = app.screen.query_one("#review")
        assert "Close Ber on time" in md.source and "NOT MET" in md.source and "Ana" in md.source
        assert "Grade of the decisions" in md.source and "Improvement plan" in md.source
        assert not app.screen.query_one("#review-progress").display
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
