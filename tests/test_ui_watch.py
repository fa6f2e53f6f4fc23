"""`drawdown play FILE --watch`: every file the game is made from is followed (the theatre too),
and a reload keeps the player's game — the same day and the same orders, played again on the
new content — says where the orders stop applying, and keeps the last good game when a file is
broken."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from test_ui import SIZE, log_text, until
from waiting import until_app

from game.cli import build_parser
from game.content import CONTENT_DIR
from game.engine import Game
from game.saves import save_game
from game.training.replay import replay_onto
from game.ui.app import DrawdownApp
from game.ui.launch import prepare
from game.ui.screens.game import GameScreen
from game.ui.screens.orders import ConvoyDialog, DispatchDialog, FlightDialog, SiteOrderDialog
from game.worlds import content_files, load_world

SANDBOX = CONTENT_DIR / "scenarios" / "sandbox.toml"
THEATRE = CONTENT_DIR / "theatres" / "sandbox.toml"
# A request that names its road: it stops applying when the theatre renames that road.
BY_ROAD = {
    "kind": "request_movement",
    "origin": "ber",
    "destination": "timbuktu",
    "people": 100,
    "vehicles": 25,
    "via": ["ber-timbuktu"],
}


def own_copy(tmp_path: Path) -> tuple[Path, Path]:
    """The sandbox scenario and its theatre as the author's own files, side by side."""
    scenario, theatre = tmp_path / "mine.toml", tmp_path / "theatre.toml"
    scenario.write_text(
        SANDBOX.read_text().replace('theatre = "sandbox"', 'theatre = "theatre.toml"')
    )
    theatre.write_text(THEATRE.read_text())
    return scenario, theatre


def edit(path: Path, old: str, new: str, stamp: int) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    os.utime(path, ns=(stamp, stamp))  # a new time even within the clock's resolution


def played(scenario: Path) -> Game:
    """Two days played: an engage, a request naming its road, a day; another request, a day."""
    game = Game(load_world(scenario), 5)
    assert game.order({"kind": "engage"}).ok
    assert game.order(BY_ROAD).ok
    game.advance()
    south = {"kind": "request_movement", "origin": "timbuktu", "destination": "gao"}
    assert game.order(dict(south, people=10, vehicles=5)).ok
    game.advance()
    return game


@dataclass
class Watched:
    pilot: Any
    app: DrawdownApp
    screen: GameScreen
    scenario: Path
    theatre: Path


@contextlib.asynccontextmanager
async def watched(tmp_path: Path) -> AsyncIterator[Watched]:
    """The author's own copy of the sandbox, two days played, open with --watch."""
    scenario, theatre = own_copy(tmp_path)
    game = played(scenario)
    app = DrawdownApp(game, str(scenario), saves=str(tmp_path), watch=str(scenario))
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, GameScreen), "game")
        assert app.screen.game is game
        yield Watched(pilot, app, app.screen, scenario, theatre)


def flat(text: str) -> str:
    """Text as one line: the log pane wraps its lines at its width."""
    return " ".join(text.split())


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


def test_the_watched_files_are_all_the_game_is_made_of(tmp_path):
    scenario, theatre = own_copy(tmp_path)
    rules = CONTENT_DIR / "rules" / "standard.toml"
    assert content_files(scenario) == [scenario, theatre.resolve(), rules]
    exercise = tmp_path / "drill.toml"
    exercise.write_text('id = "drill"\ntitle = "Drill"\nscenario = "mine.toml"\nseed = 3\n')
    assert content_files(exercise) == [exercise, scenario.resolve(), theatre.resolve(), rules]
    # a scenario whose file is broken still names its theatre (its key is read, not its model)
    edit(scenario, 'title = "Sandbox: get out of Ber"', "title = 12", 1)
    assert content_files(scenario)[1] == theatre.resolve()


def test_orders_replayed_on_new_content_say_where_they_stop(tmp_path):
    scenario, theatre = own_copy(tmp_path)
    game = played(scenario)
    same = replay_onto(load_world(scenario), game.seed, game.record, game.world)
    assert same.refused == [] and same.cut == "" and same.game.digest() == game.digest()
    edit(theatre, 'id = "ber-timbuktu"', 'id = "ber-tim"', 1)
    moved = replay_onto(load_world(scenario), game.seed, game.record, game.world)
    assert moved.game.record == game.record and moved.game.state.day == 2
    assert [(r.day, r.order["kind"], r.reason) for r in moved.refused] == [
        (0, "request_movement", "there is no route 'ber-timbuktu'")
    ]
    # an order the old content refused too is not news: only what stopped applying is said
    refused_before = Game(load_world(scenario), 5)
    refused_before.order(BY_ROAD)
    again = replay_onto(load_world(scenario), 5, refused_before.record, refused_before.world)
    assert again.refused == []
    # a deadline brought forward ends the game sooner: the record is cut there, and says so
    edit(theatre, 'id = "ber-tim"', 'id = "ber-timbuktu"', 2)
    world = load_world(scenario)
    sooner = world.scenario.model_copy(update={"deadline": dt.date(2023, 8, 1)})
    short = replay_onto(world.model_copy(update={"scenario": sooner}), 5, game.record, game.world)
    assert short.game.finished and short.refused == []
    assert short.cut == "the game now ends on 1 Aug 2023: the orders after it were not replayed"


async def test_editing_the_theatre_reloads_the_same_day_and_orders(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        before = screen.game
        assert screen.game.world.theatre.sites[0].threat == 0.08
        edit(w.theatre, "threat = 0.08", "threat = 0.3", 1)
        await until(pilot, lambda: screen.game is not before, "reloaded")
        game = screen.game
        assert game.world.theatre.sites[0].threat == 0.3  # the new theatre is played
        assert game.state.day == 2 and game.record == before.record and game.seed == 5
        said = "Reloaded theatre.toml: day 2 (3 Aug), seed 5; all 3 orders replayed"
        await until(pilot, lambda: said in notes(app), "said")
        assert "all 3 orders replayed" in flat(await log_text(pilot, app))


async def test_an_edit_that_refuses_an_order_says_which_and_why(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        before = screen.game
        edit(w.theatre, 'id = "ber-timbuktu"', 'id = "ber-tim"', 1)
        await until(pilot, lambda: screen.game is not before, "reloaded")
        said = (
            "The orders stop applying on 1 Aug: request movement Ber → Timbuktu refused: "
            "there is no route 'ber-timbuktu'"
        )
        await until(pilot, lambda: said in notes(app), "said")
        assert said in flat(await log_text(pilot, app))
        assert screen.game.state.day == 2
        # the request for the renamed road was refused: only the one from Timbuktu stands
        origins = [r.order.origin for r in screen.game.state.requests.values()]
        assert origins == ["timbuktu"]


async def test_a_broken_file_is_shown_and_the_game_kept(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        game = screen.game
        problems = screen.query_one("#problems")
        edit(w.theatre, "threat = 0.08", 'threat = "high"', 1)
        await until(pilot, lambda: problems.has_class("shown"), "problems shown")
        assert "theatre.toml:" in str(problems.render())
        await until(pilot, lambda: "the last good version keeps running" in notes(app), "said")
        assert screen.game is game and game.state.day == 2  # the game runs on, untouched
        await pilot.press("n")
        await until(pilot, lambda: screen.game.state.day == 3, "played on")
        # mended: the game reloads on its own day, and the problems go
        edit(w.theatre, 'threat = "high"', "threat = 0.08", 2)
        await until(pilot, lambda: not problems.has_class("shown"), "problems gone")
        await until(pilot, lambda: screen.game is not game, "reloaded")
        assert screen.game.state.day == 3 and screen.game.digest() == game.digest()
        # the scenario file is followed as before: its own edits still reload
        edit(w.scenario, "relations = 45", "relations = 55", 3)
        await until(pilot, lambda: screen.game.world.scenario.host.relations == 55, "relations")
        assert screen.game.state.day == 3


def test_the_help_says_what_watch_does():
    parser = build_parser()
    assert "--watch: reload it as you edit it" in " ".join(parser.format_help().split())
    play = parser._subparsers._group_actions[0].choices["play"].format_help()
    assert "theatre, rules" in " ".join(play.split())
    assert "play your orders again on the new content" in " ".join(play.split())


async def test_a_dialog_open_during_a_reload_quotes_the_new_game(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConvoyDialog), "convoy dialog")
        dialog, before = app.screen, screen.game
        edit(w.theatre, "threat = 0.08", "threat = 0.3", 1)
        await until(pilot, lambda: screen.game is not before, "reloaded")
        assert app.screen is dialog and dialog.game is screen.game


GOUNDAM = """[[sites]]
id = "goundam"
name = "Goundam"
kind = "camp"
region = "Timbuktu"
lat = 16.41
lon = -3.67
coords_assumed = true
airfield = "helipad"
threat = 0.05
garrison = { burkina = 30 }
stocks = { containers = 5 }
source = "game assumption: a camp an author adds while playing"

[[routes]]
id = "ber-timbuktu"
"""
FIRST_ROAD = '[[routes]]\nid = "ber-timbuktu"'


def ids(picker) -> list[str]:
    return [sid for _, sid in picker.choices]


async def opened(w: Watched, key: str, kind: type) -> Any:
    """The order dialog a key opens over the watched game."""
    await w.pilot.press(key)
    app = w.app
    return await until_app(
        w.pilot, lambda: isinstance(app.screen, kind) and app.screen, kind.__name__
    )


async def reloaded(w: Watched, old: str, new: str, stamp: int) -> None:
    """Edit the theatre and wait for the game under the dialog to be replaced."""
    before = w.screen.game
    edit(w.theatre, old, new, stamp)
    await until_app(w.pilot, lambda: w.screen.game is not before, "reloaded")


async def test_an_open_dialog_offers_the_sites_a_reload_adds_and_removes(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        dialog = await opened(w, "c", ConvoyDialog)
        origin, destination = dialog.query_one("#origin"), dialog.query_one("#destination")
        assert "goundam" not in ids(origin) + ids(destination)
        await pilot.press("7")  # people: what the player typed stays through the reloads
        # the author adds a camp: the open dialog offers it, from and to
        await reloaded(w, FIRST_ROAD, GOUNDAM, 1)
        await until_app(pilot, lambda: "goundam" in ids(origin), "the new camp offered")
        assert "goundam" in ids(destination) and dialog.game is screen.game
        kept = origin.value
        assert dialog.query_one("#people").value == "7" and kept != "goundam"
        origin.value = "goundam"
        await until_app(pilot, lambda: "At Goundam" in str(dialog.query_one("#available").render()))
        assert "goundam" not in ids(destination)  # never where it leaves from
        # and removes it again: the origin chosen is gone, another is chosen and the player told
        await reloaded(w, GOUNDAM, FIRST_ROAD, 2)
        await until_app(pilot, lambda: "goundam" not in ids(origin), "the camp gone")
        assert "goundam" not in ids(destination) and origin.value == ids(origin)[0]
        assert dialog.query_one("#people").value == "7" and app.screen is dialog
        said = f"Goundam can no longer be chosen: the origin is now {origin.choices[0][0]}."
        await until_app(pilot, lambda: said in notes(app), "the player told")


async def test_site_and_flight_dialogs_follow_a_reload_and_keep_the_choice(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        dialog = await opened(w, "h", SiteOrderDialog)
        site = dialog.query_one("#site")
        site.value = "timbuktu"
        await reloaded(w, FIRST_ROAD, GOUNDAM, 1)
        await until_app(pilot, lambda: "goundam" in ids(site), "the new camp offered")
        assert site.value == "timbuktu"  # the player's choice is kept
        await until_app(pilot, lambda: "Timbuktu" in str(dialog.query_one("#detail").render()))
        await pilot.press("escape")
        await until_app(pilot, lambda: app.screen is screen, "back to the game")
        # a flight: the new camp's helipad is an airfield to fly from
        flight = await opened(w, "f", FlightDialog)
        assert "goundam" in ids(flight.query_one("#origin"))
        await reloaded(w, GOUNDAM, FIRST_ROAD, 2)
        await until_app(pilot, lambda: "goundam" not in ids(flight.query_one("#origin")), "gone")
        assert ids(flight.query_one("#aircraft")) == ["c130", "mi8"]


# --------------------------------------------------------------------------- play --load SAVE --watch


def saved(tmp_path: Path) -> tuple[Path, Path, Path, Game]:
    """The author's own copy, two days played and saved as `play FILE` saves it."""
    scenario, theatre = own_copy(tmp_path)
    game = played(scenario)
    save = save_game(game, tmp_path / "mine-save.toml", str(scenario))
    return scenario, theatre, save, game


def play_args(*argv: str) -> Any:
    return build_parser().parse_args(["play", *argv])


async def test_a_loaded_save_is_watched_like_a_new_game(tmp_path):
    scenario, theatre, save, game = saved(tmp_path)
    app, code = prepare(play_args("--load", str(save), "--watch", "--saves", str(tmp_path)))
    assert code is None and app is not None and app.told == []
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_app(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "game"
        )
        assert screen.game.digest() == game.digest() and screen.game.state.day == 2
        assert screen.watcher is not None and screen.watcher.path == scenario
        before = screen.game
        edit(theatre, "threat = 0.08", "threat = 0.3", 1)
        await until_app(pilot, lambda: screen.game is not before, "reloaded")
        assert screen.game.world.theatre.sites[0].threat == 0.3
        assert screen.game.record == game.record and screen.game.state.day == 2
        said = "Reloaded theatre.toml: day 2 (3 Aug), seed 5; all 3 orders replayed"
        await until_app(pilot, lambda: said in notes(app), "said")


async def test_a_save_of_content_edited_since_is_played_on_the_content_as_it_is(tmp_path, capsys):
    scenario, theatre, save, game = saved(tmp_path)
    edit(theatre, 'id = "ber-timbuktu"', 'id = "ber-tim"', 1)  # edited while no game ran
    # without --watch the save is refused, as before: its content has changed
    assert prepare(play_args("--load", str(save))) == (None, 1)
    assert "has changed since this game was saved" in capsys.readouterr().err
    app, code = prepare(play_args("--load", str(save), "--watch", "--saves", str(tmp_path)))
    assert code is None and app is not None
    assert app.told == [
        "mine.toml (or a file it uses) changed since mine-save.toml was saved: the save's "
        "orders were played again on it as it is now, to day 2 (3 Aug), seed 5",
        "It now first refuses an order of the save on 1 Aug: request movement Ber → "
        "Timbuktu refused: there is no route 'ber-timbuktu'",
    ]
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_app(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "game"
        )
        assert screen.game.record == game.record and screen.game.state.day == 2
        assert [r.order.origin for r in screen.game.state.requests.values()] == ["timbuktu"]
        await until_app(pilot, lambda: app.told[1] in notes(app), "told in a toast")
        assert app.told[1] in flat(await log_text(pilot, app))
        # and the file is followed from there on
        before = screen.game
        edit(theatre, 'id = "ber-tim"', 'id = "ber-timbuktu"', 2)
        await until_app(pilot, lambda: screen.game is not before, "reloaded")
        assert screen.game.digest() == game.digest()
    assert save.read_text() == save_game(game, tmp_path / "again.toml", str(scenario)).read_text()


def test_load_watch_refuses_another_scenario_and_says_a_broken_one(tmp_path, capsys):
    scenario, theatre, save, _ = saved(tmp_path)
    assert prepare(play_args("sandbox", "--load", str(save), "--watch")) == (None, 2)
    err = capsys.readouterr().err
    assert f"{save} was played from {scenario}, not sandbox" in err
    assert "Traceback" not in err
    # the save's own file, named: the same as leaving it out
    app, code = prepare(play_args(str(scenario), "--load", str(save), "--watch"))
    assert code is None and app is not None
    edit(theatre, "threat = 0.08", 'threat = "high"', 1)
    assert prepare(play_args("--load", str(save), "--watch")) == (None, 1)
    err = capsys.readouterr().err
    assert f"{theatre}:" in err and "threat" in err and "Traceback" not in err


def test_the_help_and_the_guide_say_watch_goes_on_from_a_save():
    play = build_parser()._subparsers._group_actions[0].choices["play"].format_help()
    assert "With --load, follow the save's scenario" in " ".join(play.split())
    guide = (Path(__file__).parent.parent / "docs" / "authoring.md").read_text()
    assert "drawdown play --load saves/autosave-my-first-12.toml --watch" in guide
    assert "(not `--load`)" not in guide


async def test_the_dispatch_dialog_lists_the_requests_of_the_reloaded_game(tmp_path):
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        by_road, south = screen.game.state.requests
        dialog = await opened(w, "d", DispatchDialog)
        listed = dialog.query_one("#requests")
        dialog.query_one("#requests").highlighted = 0
        await until_app(pilot, lambda: dialog.selected == by_road, "the request by the road")
        # the road is renamed: the request that named it is refused, and leaves the list
        await reloaded(w, 'id = "ber-timbuktu"', 'id = "ber-tim"', 1)
        await until_app(pilot, lambda: listed.option_count == 1, "one request left")
        # the one left is numbered as the first now: the same number, another request
        (left,) = screen.game.state.requests.values()
        assert left.order.origin == "timbuktu" and dialog.selected == left.id == by_road
        said = (
            "The request chosen (Ber → Timbuktu) is no longer open: "
            f"now {left.id} (Timbuktu → Gao)."
        )
        await until_app(pilot, lambda: said in notes(app), "the player told")
        assert dialog.query_one("#people").value == "10"  # its own counts, not the old one's
        assert app.screen is dialog and "Timbuktu → Gao" in str(
            dialog.query_one("#detail").render()
        )
        # the road is back: the Timbuktu request keeps the choice and what the player typed
        dialog.query_one("#people").value = "8"
        await reloaded(w, 'id = "ber-tim"', 'id = "ber-timbuktu"', 2)
        await until_app(pilot, lambda: listed.option_count == 2, "both requests again")
        assert dialog.selected == south and dialog.query_one("#people").value == "8"


async def test_a_decision_open_during_a_reload_follows_the_event(tmp_path):
    """The decision dialog shows the event as the reloaded game has it, and closes, saying so,
    when the reloaded game no longer waits for that decision."""
    # imported here: only this test opens the decision dialog
    from game.ui.screens.decision import DecisionDialog

    scenario, theatre = own_copy(tmp_path)
    game = Game(load_world(scenario), 5)
    while not game.state.pending_choices:
        game.advance()
    assert game.state.date == dt.date(2023, 8, 9)  # the event fired on the 8th
    app = DrawdownApp(game, str(scenario), saves=str(tmp_path), watch=str(scenario))
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        # a decision waiting: the game opens it over its screen
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "decision")
        dialog, screen = app.screen, app.screen_stack[-2]
        assert isinstance(screen, GameScreen)
        w = Watched(pilot, app, screen, scenario, theatre)

        def labels() -> list[str]:
            return [str(b.label) for b in app.screen.query("Button")]

        assert labels()[0] == "1. Bring the departure forward"
        before = w.screen.game
        edit(scenario, 'label = "Bring the departure forward"', 'label = "Leave Ber early"', 1)
        await until_app(pilot, lambda: w.screen.game is not before, "reloaded")
        await until_app(pilot, lambda: labels()[:1] == ["1. Leave Ber early"], "new label")
        assert app.screen is dialog and dialog.game is w.screen.game

        before = w.screen.game
        edit(scenario, "date = 2023-08-08", "date = 2023-08-20", 2)
        await until_app(pilot, lambda: w.screen.game is not before, "reloaded again")
        await until_app(pilot, lambda: app.screen is w.screen, "the dialog closed")
        said = "Fighting near Ber: no longer waiting for a decision in the reloaded game."
        await until_app(pilot, lambda: said in notes(app), "told why")
        assert not w.screen.game.state.pending_choices


# --------------------------------------------------------------------------- an edit that cuts the game short

CUT = "The orders after the cut are kept: revert the edit and they are played again"
PLAY_ON = "an order or a day played from here drops them"


async def test_an_edit_that_ends_the_game_sooner_is_undone_by_reverting_it(tmp_path):
    """The orders after a cut are dropped from the game, not from the record the reload keeps:
    the file reverted, the game is back on its day with every order."""
    scenario, theatre = own_copy(tmp_path)
    edit(scenario, "deadline = 2023-08-31", "deadline = 2023-09-04", 1)
    game = played(scenario)
    while game.state.day < 31:
        game.advance()
    south = {"kind": "request_movement", "origin": "timbuktu", "destination": "gao"}
    assert game.order(dict(south, people=5, vehicles=2)).ok  # an order after the cut to come
    game.advance()
    assert game.state.day == 32 and not game.finished and not game.state.pending_choices
    app = DrawdownApp(game, str(scenario), saves=str(tmp_path), watch=str(scenario))
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        screen = await until_app(
            pilot, lambda: isinstance(app.screen, GameScreen) and app.screen, "game"
        )
        # the deadline brought forward: the game ends on it, the orders after it not replayed
        edit(scenario, "deadline = 2023-09-04", "deadline = 2023-08-31", 2)
        await until_app(pilot, lambda: screen.game is not game, "cut")
        cut = screen.game
        assert cut.finished and cut.state.day == 30 and len(cut.record) == 34
        said = [
            "Reloaded mine.toml: day 30 (31 Aug), seed 5",
            "The game now ends on 31 Aug 2023: the orders after it were not replayed",
            CUT,
        ]
        await until_app(pilot, lambda: ".\n".join(said) + "." in notes(app), "said")
        log = flat(await log_text(pilot, app))
        assert all(line in log for line in said)
        # another edit while cut: still the whole record is played, and cut again
        edit(theatre, "threat = 0.08", "threat = 0.3", 3)
        await until_app(pilot, lambda: screen.game is not cut, "reloaded while cut")
        assert screen.game.state.day == 30 and screen.game.world.theatre.sites[0].threat == 0.3
        # both edits reverted: the game is back on its day, every order given again
        again = screen.game
        edit(theatre, "threat = 0.3", "threat = 0.08", 4)
        await until_app(pilot, lambda: screen.game is not again, "the theatre reverted")
        again = screen.game
        edit(scenario, "deadline = 2023-08-31", "deadline = 2023-09-04", 5)
        await until_app(pilot, lambda: screen.game is not again, "the deadline reverted")
        assert screen.game.state.day == 32 and screen.game.record == game.record
        assert screen.game.digest() == game.digest()
        said_back = "Reloaded mine.toml: day 32 (2 Sep), seed 5; all 4 orders replayed"
        await until_app(pilot, lambda: said_back in notes(app), "said")


async def test_playing_on_from_a_cut_drops_the_orders_after_it(tmp_path):
    """A cut game the player plays on from is theirs again: its own record is kept, the orders
    after the cut are dropped (and said), and reverting the edit no longer brings them back."""
    async with watched(tmp_path) as w:
        pilot, app, screen = w.pilot, w.app, w.screen
        before = screen.game
        tail = before.record[3:]  # the Timbuktu request on day 1 and that day
        assert [e.get("order", {}).get("origin") for e in tail] == ["timbuktu", None]
        # two days a turn: the record's day 1 falls between the game's turns, the game is cut
        edit(w.scenario, "deadline = 2023-08-31", "deadline = 2023-08-31\nturn_days = 2", 1)
        await until_app(pilot, lambda: screen.game is not before, "cut")
        cut = screen.game
        assert cut.state.day == 2 and cut.record == before.record[:3] and not cut.finished
        said = (
            "The turns no longer fall on the same days (the record's day 1, the game's day 2): "
            "replayed up to there"
        )
        await until_app(pilot, lambda: f"{said}.\n{CUT}; {PLAY_ON}." in notes(app), "said")
        # the player gives an order on the cut game's day: the orders after the cut are dropped
        new = {
            "kind": "request_movement",
            "origin": "timbuktu",
            "destination": "gao",
            "people": 20,
            "vehicles": 5,
        }
        assert screen.give(new).ok
        dropped = (
            "Played on from the cut: the orders kept after it are dropped (1 order, 1 turn); "
            "reverting the edit no longer brings them back"
        )
        await until_app(pilot, lambda: dropped in notes(app), "the drop said")
        assert dropped in flat(await log_text(pilot, app))
        mine = list(screen.game.record)
        assert mine[:3] == before.record[:3] and mine[3]["day"] == 2
        # reverted: the player's new record is played, and the old tail does not come back
        played_on = screen.game
        edit(w.scenario, "deadline = 2023-08-31\nturn_days = 2", "deadline = 2023-08-31", 2)
        await until_app(pilot, lambda: screen.game is not played_on, "reverted")
        assert screen.game.state.day == 1 and screen.game.record == before.record[:3]
        assert all(e not in screen.game.record for e in tail)
        # the new record is the one kept now: two days a turn again gives the new order back
        reverted = screen.game
        edit(w.scenario, "deadline = 2023-08-31", "deadline = 2023-08-31\nturn_days = 2", 3)
        await until_app(pilot, lambda: screen.game is not reverted, "turns of two days again")
        assert screen.game.record == mine and screen.game.state.day == 2
        people = [r.order.people for r in screen.game.state.requests.values()]
        assert people == [100, 20]
