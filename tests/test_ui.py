"""The terminal game, driven by Textual's pilot: whole flows on the sandbox scenario, saves, the
command line's error paths, resizes and random keys (live reload: test_ui_watch.py). Asserts on
the game state and on what the screen shows."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from invariants import check_invariants  # noqa: E402
from textual.screen import ModalScreen  # noqa: E402
from waiting import until_app as until  # noqa: E402

from game.engine import Game  # noqa: E402
from game.ui import present as p  # noqa: E402
from game.ui.app import DrawdownApp  # noqa: E402
from game.ui.screens.decision import DecisionDialog  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.screens.menu import MenuScreen, ScenarioPicker  # noqa: E402
from game.ui.screens.orders import ConfirmDialog, ConvoyDialog, DispatchDialog, SiteOrderDialog  # noqa: E402
from game.ui.screens.results import ResultsScreen  # noqa: E402
from game.ui.widgets.map import MapView, draw  # noqa: E402
from game.ui.widgets.panels import EventLog, RequestsTable, SitesTable  # noqa: E402
from game.ui.widgets.status import StatusBar  # noqa: E402
from game.worlds import load_world  # noqa: E402

SIZE = (100, 40)


def make_app(tmp_path: Path, game: Game | None = None, **kwargs) -> DrawdownApp:
    app = DrawdownApp(game, "sandbox" if game else None, saves=str(tmp_path), seed=1, **kwargs)
    app.animation_level = "none"
    return app


def sandbox(seed: int = 1) -> Game:
    return Game(load_world("sandbox"), seed)


async def log_text(pilot, app) -> str:
    """What the Log pane shows (it is drawn once visible, so look at it as a player would)."""
    await pilot.press("4")
    log = app.screen.query_one(EventLog)
    # the pane writes what came while it was hidden once it is shown (it needs its width): wait
    # for the game's last entry, not just for lines written before
    last = app.screen.game.state.log[-1].text[:30]
    await until(pilot, lambda: any(last in s.text for s in log.lines), "the log drawn")
    text = "\n".join(strip.text for strip in log.lines)
    await pilot.press("1")
    return text


def screen_text(app) -> str:
    """The characters on the screen, as the player sees them."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def status_text(screen: GameScreen) -> str:
    return str(screen.query_one(StatusBar).render())


def cell(table, row: str, column: str) -> str:
    return str(table.get_cell(row, column))


async def type_into(pilot, app, field: str, text: str) -> None:
    widget = app.screen.query_one(f"#{field}")
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


BER_EVENT = "fighting-near-ber"


async def test_whole_game_from_the_menu(tmp_path):
    """Menu → scenario → convoy → answer → dispatch → arrival → event → handover → results."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ScenarioPicker), "picker")
        picker = app.screen.query_one("#scenarios")
        picker.highlighted = picker.get_option_index("sandbox")
        await until(
            pilot, lambda: "Ber's camp must close" in app.screen.briefing("sandbox"), "brief"
        )
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game screen")
        screen = app.screen
        game = screen.game
        assert game.seed == 1 and game.scenario.id == "sandbox"
        assert "Tue 1 Aug 2023" in status_text(screen)
        # This test walks the screens; the host's answer is the engine's dice (tested in
        # test_rules_fairness.py and test_rules_host.py), so here the host always says yes.
        sc = game.ctx.scenario
        host = sc.host.model_copy(update={"approve": 1.0, "conditions_share": 0.0})
        game.ctx.scenario = sc.model_copy(update={"host": host})

        # plan a convoy from Ber (the first site, selected) to Timbuktu
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        dialog = app.screen
        dialog.query_one("#destination").value = "timbuktu"
        await type_into(pilot, app, "people", "180")
        await type_into(pilot, app, "vehicles", "30")
        await until(pilot, lambda: "IED" in str(dialog.query_one("#estimate").render()), "estimate")
        estimate = str(dialog.query_one("#estimate").render())
        assert "that the convoy meets an IED" in estimate
        # the estimate follows the fields: too many people for the seats is said at once
        await type_into(pilot, app, "people", "999")
        await until(
            pilot, lambda: "cannot go" in str(dialog.query_one("#estimate").render()), "refusal"
        )
        await type_into(pilot, app, "people", "180")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen is screen, "back to the game")
        assert game.state.requests["r1"].status == "pending"
        assert "Movement request r1 sent" in await log_text(pilot, app)
        await pilot.press("3")  # the Requests pane, built when first shown
        requests = screen.query_one(RequestsTable)
        await until(pilot, lambda: requests.row_count == 1, "the request listed")
        assert cell(requests, "r1", "Id") == "r1"
        await pilot.press("1")

        # advance until the host answers, then dispatch
        await pilot.press("a")
        await until(pilot, lambda: game.state.requests["r1"].status != "pending", "answer")
        assert game.state.requests["r1"].status == "approved"
        assert "approved" in await log_text(pilot, app)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DispatchDialog), "dispatch dialog")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: game.state.convoys, "convoy on the road")
        map_view = screen.query_one(MapView)

        def map_current() -> bool:  # the map repaints only when its drawing changed: did it?
            drawn = draw(game, *map_view.content_size, map_view.fog)[1].plain.splitlines()
            shown = screen_text(app)
            return all(line in shown for line in drawn)

        assert cell(screen.query_one(SitesTable), "ber", "People").startswith("20")

        # the convoy arrives (or meets trouble): the log and the sites table say so
        for _ in range(10):
            if not game.state.convoys or game.state.pending_choices:
                break
            await pilot.press("n")
            if app.screen is screen:
                await until(pilot, map_current, "the convoy moves on the map")
        await until(pilot, lambda: not game.state.convoys or game.state.pending_choices, "arrival")

        def other_decision() -> bool:  # a decision this walk-through does not answer
            return isinstance(app.screen, DecisionDialog) and app.screen.event.id != BER_EVENT

        # the convoy arrives, and the event of 8 August asks for a decision (in either order):
        # answer it with its first option
        for _ in range(40):
            if other_decision():
                await pilot.press("escape")
            if isinstance(app.screen, DecisionDialog):
                assert "Bring the departure forward" in str(
                    app.screen.query_one("#choice-leave-early").label
                )
                await pilot.press("1")
                await until(
                    pilot, lambda: game.state.fired.get(BER_EVENT) == "leave-early", "choice"
                )
            if not game.state.convoys and game.state.fired.get(BER_EVENT):
                break
            await pilot.press("n")
        assert game.state.fired.get(BER_EVENT) == "leave-early"
        log = (await log_text(pilot, app)).lower()
        assert "reaches timbuktu" in log and "decision on 'fighting near ber'" in log
        assert int(cell(screen.query_one(SitesTable), "timbuktu", "People").split()[0]) > 90

        # destroy Ber's sensitive items (confirmed), then hand Ber over
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, SiteOrderDialog), "destroy dialog")
        for name, value in (("containers", "0"), ("vehicles", "0"), ("sensitive", "4")):
            await type_into(pilot, app, name, value)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "confirmation")
        await pilot.press("y")
        await until(pilot, lambda: "ber" in game.state.destruction, "destruction under way")
        for _ in range(20):  # the people at Ber destroy a few items a day
            if game.state.sites["ber"].sensitive == 0 or app.screen is not screen:
                break
            await pilot.press("a")
        await until(pilot, lambda: game.state.sites["ber"].sensitive == 0, "destroyed")
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, SiteOrderDialog), "handover dialog")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: game.state.sites["ber"].status == "handed_over", "handover")
        assert cell(screen.query_one(SitesTable), "ber", "Status") == "○ handed"

        # play to the end: the results screen shows the grade and the parts
        for _ in range(40):
            if isinstance(app.screen, ResultsScreen):
                break
            if isinstance(app.screen, DecisionDialog):
                await pilot.press("1")
            await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), "results")
        assert game.finished
        await pilot.pause()
        text = screen_text(app)
        assert f"Grade {game.summary().grade}" in text
        assert "People out safely" in text
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
    autosaves = sorted(tmp_path.glob("autosave-sandbox-*.toml"))
    assert len(autosaves) == 3


async def test_save_quit_continue_same_game(tmp_path):
    game = sandbox(7)
    game.order({"kind": "engage"})
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        for _ in range(3):
            await pilot.press("n")
        await until(pilot, lambda: app.screen.game.state.day == 3, "day 3")
        await pilot.press("s")
        await until(pilot, lambda: app.screen.__class__.__name__ == "SaveDialog", "save dialog")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "saved")
        digest = app.screen.game.digest()
        assert (tmp_path / "sandbox-2023-08-04.toml").is_file()
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu")
        assert "autosave-sandbox-3" in str(app.screen.query_one("#menu-note").render())
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "continued")
        assert app.screen.game.digest() == digest
        assert "Fri 4 Aug 2023" in status_text(app.screen)
        # and the named save loads to the same game too
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MenuScreen), "menu again")
        await pilot.press("l")
        await until(pilot, lambda: app.screen.__class__.__name__ == "LoadDialog", "load dialog")
        ol = app.screen.query_one("OptionList")
        ol.highlighted = next(
            i for i, e in enumerate(app.screen.entries) if e.path.name == "sandbox-2023-08-04.toml"
        )
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "loaded")
        assert app.screen.game.digest() == digest


async def test_refused_order_shows_its_reason(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        await pilot.press("h")  # Ber still holds sensitive items
        await until(pilot, lambda: isinstance(app.screen, SiteOrderDialog), "dialog")
        # the dialog says why before anything is sent (the engine's check), and will not send it
        dialog = app.screen
        assert "sensitive items are still at Ber" in str(dialog.query_one("#problem").render())
        assert dialog.query_one("#send").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "Refused: " in str(dialog.query_one("#problem").render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "back to the game")
        assert app.screen.game.state.sites["ber"].status == "open"
        assert not app.screen.game.record  # nothing was sent


async def test_every_command_is_in_the_palette(tmp_path):
    from game.ui.commands import COMMANDS

    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for c in COMMANDS:
            if c.action != "decide":  # offered only when a decision waits
                assert c.title in titles
        # and from the palette by name, as a player would
        await pilot.press("ctrl+p")
        await pilot.press(*"Plan a convoy")
        await until(pilot, lambda: "Plan a convoy" in screen_text(app), "palette hit")
        await pilot.press("enter")
        await until(
            pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog from palette"
        )


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_game_screen_starts_with_its_width_class(tmp_path, width):
    """Born with the class its width's breakpoint gives (start-up: the first resize then changes
    no class, and does not restyle the whole screen): the class Textual itself would give."""
    from textual.screen import Screen

    from game.ui.screens.game import width_class

    breakpoints = GameScreen.HORIZONTAL_BREAKPOINTS
    for w in (0, 40, 99, 100, 101, 200):  # the same rule as Textual's (pinned: pyproject.toml)
        assert {width_class(w, breakpoints)} == Screen._get_breakpoint_classes(None, w, breakpoints)
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=(width, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        classes = {"-narrow", "-wide"} & set(app.screen.classes)
        assert classes == {"-wide" if width >= 100 else "-narrow"}
        assert app.screen.focused is app.screen.query_one(SitesTable)


async def test_back_from_a_dialog_in_map_only_mode_the_map_has_the_focus(tmp_path):
    """The sites table takes the first focus (AUTO_FOCUS); hidden in map-only mode, it cannot
    have it, and the screen gives it to the first widget that can, as Textual would."""
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        screen = app.screen
        await pilot.press("m")
        await until(pilot, lambda: screen.focused is None, "the table hidden, unfocused")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "a dialog")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back")
        await until(pilot, lambda: screen.focused is screen.query_one(MapView), "the map focused")


async def test_resize_keeps_everything(tmp_path):
    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        await pilot.press("n")
        await until(pilot, lambda: app.screen.game.state.day == 1, "day 1")
        digest = app.screen.game.digest()
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: app.screen.has_class("-narrow"), "narrow layout")
        assert (
            app.screen.query_one("#map").display is False or not app.screen.query_one("#map").region
        )
        assert "Wed 2 Aug 2023" in status_text(app.screen)
        await pilot.press("m")
        await until(pilot, lambda: app.screen.query_one("#map").region.width > 0, "big map")
        await pilot.press("m")
        await pilot.resize_terminal(*SIZE)
        await until(pilot, lambda: app.screen.has_class("-wide"), "wide layout")
        assert app.screen.query_one("#map").region.width > 0
        assert app.screen.game.digest() == digest
        assert app.screen.query_one(SitesTable).row_count == 4


# Keys for the game screen (not q, which leaves for the menu, nor ? and s, which open screens
# that are not the game's); n is there five times so the days go by, c and f twice so the
# planners with the most fields get their share; p plans a site's evacuation, full_stop repeats
# the last request.
GAME_KEYS = list("nnnnnaccffdexrgohum12345p") + ["enter", "tab", "up", "down", "full_stop"]
# Keys for whatever dialog is open: fields, buttons, choices, every dialog's own keys, cancel.
DIALOG_KEYS = (
    list("0123456789yn")
    + ["tab", "shift+tab", "up", "down", "left", "right", "enter", "space", "backspace"]
    + ["ctrl+e", "ctrl+x", "ctrl+k"]
    # the evacuation plan's accept/drop and auto-dispatch, dispatch within the conditions
    + ["space", "a", "ctrl+l"]
    # the keys that fill a convoy and send an order, more often, so that things move
    + ["ctrl+a", "ctrl+r", "ctrl+u", "ctrl+d", "ctrl+s"] * 3
    + ["escape"] * 8  # so that a dialog is left, sooner or later, for the game
)


# Given before the keys: two convoys on the road (one carrying containers) and a destruction.
UNDER_WAY = [
    dict(kind="move_unauthorized", origin="ber", destination="timbuktu", people=100, vehicles=20),
    dict(
        kind="move_unauthorized",
        origin="timbuktu",
        destination="gao",
        people=30,
        vehicles=10,
        containers=20,
        trucks=20,
    ),
    dict(kind="destroy", site="ber", containers=10, vehicles=0, sensitive=0),
]


async def test_random_keys_in_the_game_and_its_dialogs(tmp_path):
    """200 seeded random keys, every one spent on the game screen or in a dialog open over it
    (order dialogs, decisions, confirmations), never in a menu, with two convoys and a
    destruction under way. The app never falls over; after every new day the ledgers balance and
    the status bar shows the game's date; the game gets through several days and the dialogs get
    their share of the keys."""
    rng = random.Random(20230630)
    app = make_app(tmp_path, sandbox(3))
    spent = {"game": 0, "dialog": 0}
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        screen = app.screen
        for order in UNDER_WAY:  # things moving for the ledgers to follow, whatever the keys do
            assert screen.give(order).ok
        day = screen.game.state.day
        for _ in range(200):
            top = app.screen
            assert top is screen or isinstance(top, ModalScreen), type(top).__name__
            where = "game" if top is screen else "dialog"
            spent[where] += 1
            await pilot.press(rng.choice(GAME_KEYS if where == "game" else DIALOG_KEYS))
            game = screen.game
            if game.state.day != day:
                day = game.state.day
                check_invariants(game)
                date = p.long_date(game.state.date)
                await until(
                    pilot, lambda d=date: d in status_text(screen), f"{date} on the status bar"
                )
            if game.finished:
                break
        assert app.is_running
    assert app.return_code in (None, 0)
    assert day >= 5, f"only {day} days played"
    assert spent["dialog"] >= 50 and spent["game"] >= 50, spent


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_bad_scenario_prints_problems_and_exits_1(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\ntitle = 3\n')
    proc = run_cli("play", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:2:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_save_is_reported_and_untouched(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_bytes(b'format = "drawdown-save"\nformat_version = 1\nrecord = [')
    before = bad.read_bytes()
    proc = run_cli("play", "--load", str(bad))
    assert proc.returncode == 1
    assert "not a readable save" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert bad.read_bytes() == before


def test_the_command_line_does_not_import_textual_until_play():
    code = "import sys, game.cli; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_convoy_planner_starts_where_there_is_something_to_move(tmp_path):
    """In the tutorial only Ansongo is manned: the planner starts there, not at the empty first row,
    and heads for the nearest way out."""
    game = Game(load_world("tutorial"), 1)
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game screen")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        assert app.screen.query_one("#origin").value == "ansongo"
        # the border and Gao are a day each; the border takes them out of the country
        assert app.screen.query_one("#destination").value == "labbezanga"
        assert "120 Nigerien battalion" in str(app.screen.query_one("#available").render())


async def test_random_typing_in_the_number_dialogs(tmp_path):
    """Monkey typing in every dialog with typed numbers (convoy, flight, destroy, concession, and
    the evacuation plan, whose legs open the convoy and flight dialogs):
    digits, signs, huge numbers, sends, quit and cancel; the app never falls over and never shows
    pydantic's report."""
    from game.ui.screens.orders import Dialog

    keys = list("0123456789-+e .") + ["ctrl+r", "ctrl+u", "ctrl+s", "ctrl+q", "tab", "backspace"]
    keys += ["enter", "space", "down", "a"]  # the evacuation plan: edit, accept/drop, auto
    rng = random.Random(1_000_001)
    app = make_app(tmp_path, sandbox(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        screen = app.screen
        for opener in "cfxop":
            await pilot.press(opener)
            await until(pilot, lambda: isinstance(app.screen, Dialog), "a dialog")
            for _ in range(30):
                key = rng.choice(keys)
                if key == "tab" and rng.random() < 0.3:
                    await pilot.press(*"99999999999")
                await pilot.press(key)
                if key == "ctrl+q":
                    await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "asked")
                    await pilot.press("n")
                assert "validation error" not in screen_text(app)
            while app.screen is not screen:
                await pilot.press("escape")
        assert app.is_running
    assert app.return_code in (None, 0)


async def test_problems_show_under_the_status_bar_and_push_the_map_and_panes_down(tmp_path):
    """The map and the panes sit side by side on the screen itself (no container around them:
    bench/tui.py, peak memory); a reload's problems go between the status bar and them. Only a
    game watching its files (--watch) has a place for them."""
    # imported here: only this test watches a file
    from game.content import CONTENT_DIR

    app = make_app(tmp_path, sandbox())
    async with app.run_test(size=SIZE) as pilot:
        screen = await until(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "game"
        )
        assert not screen.query("#problems")
    watched = str(CONTENT_DIR / "scenarios" / "sandbox.toml")
    app = make_app(tmp_path, sandbox(), watch=watched)
    async with app.run_test(size=SIZE) as pilot:
        screen = await until(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "game"
        )
        await pilot.pause()

        def rows() -> list[str]:
            return screen_text(app).splitlines()

        assert rows()[0].lstrip().startswith("Tue 1 Aug 2023")
        assert rows()[2].startswith("╭─ Map ") and "Sites  Moves" in rows()[2]
        screen.show_problems(["sandbox.toml:3:1: first problem", "and a second"])
        await pilot.pause()
        shown = rows()
        assert shown[0].lstrip().startswith("Tue 1 Aug 2023")
        assert shown[2].strip() == "sandbox.toml:3:1: first problem"
        assert shown[3].strip() == "and a second"
        assert shown[4].startswith("╭─ Map ") and "Sites  Moves" in shown[4]
        screen.show_problems([])
        await pilot.pause()
        assert rows()[2].startswith("╭─ Map ") and "Sites  Moves" in rows()[2]


async def test_a_decision_says_when_its_default_applies_and_it_does_then(tmp_path):
    """Fighting near Ber fires on 8 Aug; on 9 Aug the dialog says the default applies at the end
    of that day (not "on 9 Aug", read on 9 Aug as already past), and ending the day applies it."""
    game = sandbox()
    while not game.state.pending_choices:
        game.advance()
    assert game.state.date.isoformat() == "2023-08-09"
    app = make_app(tmp_path, game)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await until(
            pilot, lambda: isinstance(app.screen, DecisionDialog) and app.screen, "decision"
        )
        await pilot.pause()
        assert "Unanswered, the default applies at the end of 9 Aug." in screen_text(app)
        assert dialog.event.id == BER_EVENT
    game.advance()  # 9 Aug ends unanswered
    assert not game.state.pending_choices and game.state.fired[BER_EVENT] == "hold"
    (defaulted,) = [e for e in game.state.log if e.what == "choice_defaulted"]
    assert game.date_of(defaulted.day).isoformat() == "2023-08-09"
