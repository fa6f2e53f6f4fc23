"""Training in the terminal game, driven by Textual's pilot: exercises from the menu, instructor
controls, the turn timer, undo rules, hints, fog of war, the results file, the review and the
replay (from the end of a game and from a save). Polls, never sleeps: the timer is ticked by hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from waiting import until_app as until  # noqa: E402

from game.engine import Game  # noqa: E402
from game.model.log import OrderApplied  # noqa: E402
from game.orders_file import load_orders, play_orders  # noqa: E402
from game.saves import save_game  # noqa: E402
from game.ui.app import DrawdownApp  # noqa: E402
from game.ui.screens.decision import DecisionDialog  # noqa: E402
from game.ui.screens.game import GameScreen, Ordered  # noqa: E402
from game.ui.screens.instructor import InstructorScreen  # noqa: E402
from game.ui.screens.menu import ExercisePicker, MenuScreen  # noqa: E402
from game.ui.screens.orders import ConvoyDialog  # noqa: E402
from game.ui.screens.replay import ReplayScreen  # noqa: E402
from game.ui.screens.results import ResultsScreen  # noqa: E402
from game.ui.screens.review import ReviewScreen  # noqa: E402
from game.ui.widgets.map import MapView, segment  # noqa: E402
from game.ui.widgets.panels import EventLog  # noqa: E402
from game.ui.widgets.status import StatusBar  # noqa: E402
from game.worlds import load_world  # noqa: E402

SIZE = (100, 40)
ORDERS = Path(__file__).parent / "data" / "training_orders.toml"

TIMED = """\
id = "timed"
title = "Timed sandbox"
scenario = "sandbox"
seed = 3

[options]
hints = false
turn_seconds = 5
undo = false
instructor_code = ""

[[injects]]
id = "checkpoint"
title = "Checkpoint"
text = "Gendarmes stop a convoy."
held = true
default = "wait"
hint = "Waiting costs days."

[[injects.choices]]
id = "wait"
label = "Wait"
"""


def make_app(tmp_path: Path, game: Game | None = None, ref: str | None = None, **kw):
    app = DrawdownApp(game, ref, saves=str(tmp_path), seed=1, **kw)
    app.animation_level = "none"
    return app


def timed_exercise(tmp_path: Path) -> tuple[Game, str]:
    path = tmp_path / "timed.toml"
    path.write_text(TIMED)
    return Game(load_world(path), 3), str(path)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def close_and_read_log(pilot, app, screen: GameScreen, text: str) -> None:
    """Close the dialog on top, open the Log pane and wait until it shows `text`."""
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is screen, "back to the game")
    await pilot.press("4")
    log = screen.query_one(EventLog)
    await until(pilot, lambda: any(text in s.text for s in log.lines), f"{text!r} in the log")


async def game_screen(pilot, app) -> GameScreen:
    await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
    await pilot.pause()
    return app.screen


async def test_exercise_from_the_menu_with_the_trainee_name(tmp_path):
    app = make_app(tmp_path, trainee="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ExercisePicker), "exercise picker")
        picker = app.screen
        assert picker.query_one("#trainee").value == "Ana"  # from --trainee
        ol = picker.query_one("#exercises")
        ol.highlighted = list(picker.exercises).index("sandbox-basics")
        await until(pilot, lambda: "scenario sandbox" in screen_text(app), "its briefing")
        assert "Close Ber on time" in screen_text(app)  # its learning objectives
        field = picker.query_one("#trainee")
        field.focus()
        field.value = ""
        await pilot.press(*"Bea", "enter")
        screen = await game_screen(pilot, app)
        assert screen.exercise.id == "sandbox-basics" and screen.trainee == "Bea"
        assert screen.game.seed == 8 and screen.game.scenario.id == "sandbox"


async def test_instructor_code_release_and_hint(tmp_path):
    app = make_app(tmp_path, Game(load_world("sandbox-basics"), 8), "sandbox-basics")
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, InstructorScreen), "instructor")
        await pilot.press(*"wrong", "enter")
        await until(pilot, lambda: "Wrong code" in screen_text(app), "refusal")
        assert not app.screen.unlocked and not app.screen.query("#release-0")
        await pilot.press(*"minusma", "enter")
        await until(pilot, lambda: app.screen.query("#release-0"), "release buttons")
        await pilot.click("#release-0")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the inject's decision")
        await until(pilot, lambda: "Advice" in screen_text(app), "the decision drawn")
        game = screen.game
        assert "convoy-stopped" in game.state.fired
        assert any(
            isinstance(e.data, OrderApplied) and e.data.order_kind == "release"
            for e in game.state.log
        )
        assert "Advice: Waiting costs days" in screen_text(app)  # hints on in this exercise
        await close_and_read_log(pilot, app, screen, "Advice: Waiting")
        await pilot.press("u")  # the trainee cannot take back the instructor's release
        await until(pilot, lambda: "cannot be undone" in notes(app), "undo refused")
        assert "convoy-stopped" in screen.game.state.fired


async def test_instructor_needs_an_exercise(tmp_path):
    app = make_app(tmp_path, Game(load_world("sandbox"), 1), "sandbox")
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        await pilot.press("i")
        await until(pilot, lambda: "need an exercise" in notes(app), "explained")
        assert app.screen is screen


async def test_turn_timer_warns_advances_keeps_a_draft_and_pauses(tmp_path):
    """The timer warns before its end, advances the day at zero, keeps a half-filled order open
    (re-quoted for the new day, what was typed intact), closes what holds nothing typed, and
    says in the log what it did."""
    game, ref = timed_exercise(tmp_path)
    app = make_app(tmp_path, game, ref)
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        screen.timer.ticker.pause()  # the test ticks it by hand
        screen.timer.left = 15
        screen.timer.show()
        bar = screen.query_one(StatusBar)
        assert "0:15 left" in str(bar.render())
        screen.timer.tick(2)
        assert "0:13 left" in str(bar.render()) and screen.game.state.day == 0
        assert "seconds left" not in notes(app)
        screen.timer.tick(3)
        await until(
            pilot, lambda: "10 seconds left: the day advances at zero" in notes(app), "warned"
        )
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        dialog = app.screen
        dialog.query_one("#people").value = "12"
        screen.timer.tick(10)
        await until(pilot, lambda: screen.game.state.day == 1, "the day advanced")
        assert app.screen is dialog and dialog.query_one("#people").value == "12"
        await until(pilot, lambda: "still open" in notes(app), "time is up, said")
        assert "0:05 left" in str(bar.render())
        assert any("turn timer ended 1 Aug" in line for line in screen.timer.log)
        await close_and_read_log(pilot, app, screen, "turn timer ended")
        # a list with nothing typed is closed when time is up
        await pilot.press("g")
        await until(pilot, lambda: app.screen is not screen, "engage dialog")
        screen.timer.tick(5)
        await until(pilot, lambda: app.screen is screen, "engage dialog closed")
        assert screen.game.state.day == 2 and "closed: EngageDialog" in screen.timer.log[-1]
        # the instructor (no code in this exercise) pauses the timer
        await pilot.press("i")
        await until(pilot, lambda: app.screen.query("#pause-timer"), "instructor controls")
        await pilot.click("#pause-timer")
        await until(pilot, lambda: screen.timer.paused, "paused")
        screen.timer.tick(10)
        assert screen.game.state.day == 2 and "timer paused" in str(bar.render())


async def test_undo_follows_the_exercise(tmp_path):
    game, ref = timed_exercise(tmp_path)
    app = make_app(tmp_path, game, ref)
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        screen.post_message(Ordered({"kind": "engage"}))
        await until(pilot, lambda: len(screen.game.record) == 1, "order given")
        await pilot.press("u")
        await until(pilot, lambda: "does not allow undo" in notes(app), "undo refused")
        assert len(screen.game.record) == 1
    app = make_app(tmp_path, Game(load_world("sandbox-basics"), 8), "sandbox-basics")
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        screen.post_message(Ordered({"kind": "engage"}))
        await until(pilot, lambda: len(screen.game.record) == 1, "order given")
        await pilot.press("u")
        await until(pilot, lambda: not screen.game.record, "undone")


async def test_hints_off_hide_the_advice(tmp_path):
    game, ref = timed_exercise(tmp_path)
    app = make_app(tmp_path, game, ref)
    async with app.run_test(size=SIZE) as pilot:
        screen = await game_screen(pilot, app)
        screen.post_message(Ordered({"kind": "release", "event": "checkpoint"}))
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "decision")
        await until(pilot, lambda: "Checkpoint" in screen_text(app), "decision drawn")
        assert "Advice" not in screen_text(app)


FOG = 'id = "fog"\ntitle = "Fog"\nscenario = "sandbox"\nseed = 1\n\n[options]\nfog_of_war = true\n'
ROAD = "─│╱╲"  # the map's road glyphs


def road_colours(app, a: str, b: str) -> set[str]:
    """The colours the player sees on the map's road from site a to site b (labels that cross it
    left out)."""
    view = app.screen.query_one(MapView)
    assert view.layout_now is not None, "the map has not been drawn"
    region, pos = view.content_region, view.layout_now.sites
    strips = app.screen._compositor.render_strips()
    seen = set()
    for x, y in segment(*pos[a], *pos[b])[1:-1]:
        column = 0
        for piece in strips[region.y + y]:
            if column <= region.x + x < column + piece.cell_length:
                if piece.text[region.x + x - column] in ROAD:
                    seen.add(str(piece.style.color))
                break
            column += piece.cell_length
    assert seen, f"no road drawn from {a} to {b}"
    return seen


def intel_rows(text: str) -> dict[str, list[str]]:
    """The Intel pane's roads table as the player reads it: each stretch (its name and length, as
    wrapped over the table's lines) with the IED and ambush odds shown beside it."""
    rows: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if "││" not in line:  # the pane's table rows start beside the map's right border
            continue
        cells = [c.strip() for c in line.split("││", 1)[1].split("│")]
        if len(cells) < 4:
            continue
        if cells[2]:  # a stretch's first line: its odds
            rows.append((cells[1], [cells[2], cells[3]]))
        elif rows:
            rows[-1] = (f"{rows[-1][0]} {cells[1]}".strip(), rows[-1][1])
    return dict(rows)


async def what_the_player_sees(tmp_path: Path, fog: bool) -> tuple[Game, dict[str, set[str]], str]:
    """Seed 1 of the sandbox, with or without fog: the map's road colours and the Intel pane."""
    if fog:
        path = tmp_path / "fog.toml"
        path.write_text(FOG)
        game, ref = Game(load_world(path), 1), str(path)
    else:
        game, ref = Game(load_world("sandbox"), 1), "sandbox"
    app = make_app(tmp_path, game, ref)
    async with app.run_test(size=SIZE) as pilot:
        await game_screen(pilot, app)
        roads = {
            "timbuktu-gao": road_colours(app, "timbuktu", "gao"),
            "gao-labbezanga": road_colours(app, "gao", "labbezanga"),
        }
        await pilot.press("5")
        # The pane's title paints a frame before its tables have their rows: wait for the rows of
        # the whole Timbuktu–Gao road, the one the test reads.
        route = next(r for r in game.world.theatre.routes if r.id == "timbuktu-gao")
        names = {f"{stretch.name} ({stretch.km} km)" for stretch in route.stretches}
        await until(pilot, lambda: names <= intel_rows(screen_text(app)).keys(), "the Intel roads")
        return game, roads, screen_text(app)


async def test_fog_of_war_shows_the_estimate_only(tmp_path):
    """Under fog the map colours each road and the Intel pane gives each stretch's odds from the
    player's intelligence estimate, not the truth. On seed 1 the estimate of the Timbuktu–Gao
    road is lower than the truth: with fog it looks safer than Gao–Labbezanga, without it, as
    dangerous."""
    game, plain, plain_text = await what_the_player_sees(tmp_path, fog=False)
    _, fog, fog_text = await what_the_player_sees(tmp_path, fog=True)
    assert plain["timbuktu-gao"] == plain["gao-labbezanga"]
    assert fog["timbuktu-gao"] != fog["gao-labbezanga"] == plain["gao-labbezanga"]
    assert "your intelligence's estimate" in fog_text
    assert "estimate" not in plain_text.split("Roads (")[1].split(")")[0]
    route = next(r for r in game.world.theatre.routes if r.id == "timbuktu-gao")
    truth, estimate = game.road_threat(route.id), game.road_threat(route.id, estimate=True)
    assert truth != estimate
    for stretch, real, guess in zip(route.stretches, truth, estimate, strict=True):
        name = f"{stretch.name} ({stretch.km} km)"
        assert intel_rows(plain_text)[name] == [f"{real[0]:.0%}", f"{real[1]:.0%}"]
        assert intel_rows(fog_text)[name] == [f"{guess[0]:.0%}", f"{guess[1]:.0%}"]


async def test_end_writes_results_then_review_then_replay(tmp_path):
    game = Game(load_world("sandbox-basics"), 8)
    play_orders(game, load_orders(ORDERS))
    game.play_to_end()
    app = make_app(tmp_path, game, "sandbox-basics", trainee="Ana")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "results")
        written = list(tmp_path.glob("*.result.json"))
        assert len(written) == 1 and json.loads(written[0].read_text())["trainee"] == "Ana"
        assert str(written[0]) in notes(app)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen), "review")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: "Ana" in app.screen.query_one("#review").source, "review text")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen), "replay")
        replay = app.screen
        await pilot.press("end", "left")
        assert replay.cursor.position == replay.cursor.last - 1
        await pilot.press("home")
        assert replay.cursor.position == 0
        assert replay.cursor.game().state.date == game.scenario.start


async def test_load_a_save_to_replay_it(tmp_path):
    game = Game(load_world("sandbox"), 1)
    game.order({"kind": "engage"})
    game.advance()
    save_game(game, tmp_path / "mine.toml", "sandbox")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
        await pilot.press("l")
        await until(pilot, lambda: app.screen.query("#replay"), "load dialog")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ReplayScreen), "replay")
        assert app.screen.cursor.last == 1
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "back to the menu")
