"""The classroom server on loopback (aiohttp's test client; no browser): Host and Origin checks,
no directory listings, joining by name into one folder per trainee, the cap on live games, the
instructor console and its code, and the trainee's game following the console (Textual's pilot)."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestClient, TestServer

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from ports import free_port  # noqa: E402
from waiting import until_app as until  # noqa: E402
from waiting import until_async  # noqa: E402

from game.cli import main  # noqa: E402
from game.engine import Game  # noqa: E402
from game.saves import load_game, save_game  # noqa: E402
from game.serve import control  # noqa: E402
from game.serve.command import generated_code  # noqa: E402
from game.serve.roster import JoinError, Roster, folder_key  # noqa: E402
from game.serve.server import ClassConfig, ClassroomServer  # noqa: E402
from game.serve.session import ClassroomApp  # noqa: E402
from game.training.exercises import exercise_for  # noqa: E402
from game.training.results import write_result  # noqa: E402
from game.ui.screens.game import GameScreen  # noqa: E402
from game.ui.store import autosave, list_saves  # noqa: E402
from game.worlds import load_world  # noqa: E402

EXERCISE = "sandbox-basics"  # holds the inject 'convoy-stopped'
HELD = "convoy-stopped"
# A stand-in for the game process: says it is a Textual app, then waits to be told to quit.
FAKE_GAME = (
    "import sys; print('__GANGLION__', flush=True); "
    "[sys.exit(0) for chunk in iter(lambda: sys.stdin.buffer.read1(65536), b'') if b'quit' in chunk]"
)


class Recording(ClassroomServer):
    """Keeps each game's process, so a test can wait for it to end before its loop closes."""

    def __init__(self, *args, **kw) -> None:
        super().__init__(*args, **kw)
        self.processes: list = []

    async def _process_messages(self, websocket, app_service) -> None:
        self.processes.append(app_service._process)
        await super()._process_messages(websocket, app_service)

    async def ended(self) -> None:
        await until_async(lambda: not self.games.slots, "every game to end", 30)
        for process in self.processes:
            await process.wait()


class FakeGames(Recording):
    def trainee_command(self, trainee) -> str:
        import shlex

        return shlex.join([sys.executable, "-c", FAKE_GAME])


def config(tmp_path: Path, port: int, **kw) -> ClassConfig:
    kw.setdefault("instructor_code", "teach-me-42")
    return ClassConfig(
        folder=tmp_path / "class-a",
        name="Class A",
        public_url=f"http://127.0.0.1:{port}",
        port=port,
        **kw,
    )


async def client_for(server: ClassroomServer) -> TestClient:
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1", port=server.port))
    await client.start_server()
    return client


@pytest.fixture
async def classroom(tmp_path):
    """A server on a free loopback port (fake games), and a way to make more clients."""
    port = free_port()
    server = FakeGames(config(tmp_path, port, max_games=2))
    clients: list[TestClient] = []

    async def new_client(srv: ClassroomServer = server) -> TestClient:
        client = await client_for(srv) if not clients else TestClient(clients[0].server)
        if clients:
            await client.start_server()
        clients.append(client)
        return client

    yield server, new_client
    # each game's process has ended before the loop closes (tests close their websockets)
    await server.ended()
    for client in reversed(clients):
        await client.close()


def origin(server: ClassroomServer) -> dict[str, str]:
    return {"Origin": server.public_url}


async def join(client: TestClient, server: ClassroomServer, name: str, **form):
    return await client.post(
        "/join", data={"name": name, **form}, headers=origin(server), allow_redirects=False
    )


# --------------------------------------------------------------------------- Host and Origin


async def test_a_foreign_host_is_refused_and_ours_answers(classroom):
    server, new_client = classroom
    client = await new_client()
    ours = await client.get("/")
    assert ours.status == 200 and "Class A" in await ours.text()
    rebound = await client.get("/", headers={"Host": f"evil.example:{server.port}"})
    assert rebound.status == 421
    assert server.public_url in await rebound.text()
    # another name for loopback is sent to the public address (where the cookies live)
    alias = await client.get(
        "/x?y=1", headers={"Host": f"localhost:{server.port}"}, allow_redirects=False
    )
    assert alias.status == 302 and alias.headers["Location"] == f"{server.public_url}/x?y=1"


async def test_the_websocket_takes_only_our_own_origin(classroom):
    server, new_client = classroom
    client = await new_client()
    assert (await join(client, server, "Ana")).status == 303
    for foreign in ("http://evil.example", f"http://localhost:{server.port}", "null", ""):
        with pytest.raises(WSServerHandshakeError) as refused:
            await client.ws_connect("/ws", headers={"Origin": foreign} if foreign else {})
        assert refused.value.status == 403
    assert not server.games.slots  # no game was started for them
    ws = await client.ws_connect("/ws", headers=origin(server))
    assert server.games.playing("ana")
    await ws.close()
    await until_async(lambda: not server.games.slots, "the game to end")


async def test_a_form_posted_from_another_site_is_refused(classroom):
    server, new_client = classroom
    client = await new_client()
    r = await client.post("/join", data={"name": "Ana"}, headers={"Origin": "http://evil.example"})
    assert r.status == 403
    assert not (server.roster.folder / "ana").exists()


async def test_static_files_are_served_but_never_listed(classroom):
    server, new_client = classroom
    client = await new_client()
    assert (await client.get("/static/js/textual.js")).status == 200
    for folder in ("/static/", "/static/js/", "/static/fonts"):
        r = await client.get(folder)
        assert r.status in (403, 404) and "textual.js" not in await r.text()


# --------------------------------------------------------------------------- joining


async def test_a_trainee_joins_by_name_and_gets_the_game_page(classroom):
    server, new_client = classroom
    client = await new_client()
    r = await join(client, server, "  Aïssata   Maïga ")
    assert r.status == 303
    page = await (await client.get("/")).text()
    assert "<title>Drawdown — Aïssata Maïga</title>" in page
    assert f"ws://127.0.0.1:{server.port}/ws" in page
    card = json.loads((server.roster.folder / "aissata-maiga" / "trainee.json").read_text())
    assert card == {"name": "Aïssata Maïga", "key": "aissata-maiga"}
    assert "Not Aïssata Maïga?" in page  # a trainee who typed the wrong name can start again
    r = await client.post("/leave", headers=origin(server), allow_redirects=False)
    assert r.status == 303
    assert 'action="/join"' in await (await client.get("/")).text()


async def test_the_class_code_is_asked_and_guesses_are_limited(tmp_path):
    port = free_port()
    server = FakeGames(config(tmp_path, port, class_code="mali23"))
    client = await client_for(server)
    try:
        assert "Class code" in await (await client.get("/")).text()
        for _ in range(5):
            r = await join(client, server, "Ana", code="nope")
            assert r.status == 403 and "not the code of this class" in await r.text()
        r = await join(client, server, "Ana", code="mali23")  # right, but too late
        assert r.status == 429 and "Too many wrong codes" in await r.text()
        assert server.roster.trainees() == []
        r = await client.post(
            "/instructor/login", data={"code": "teach-me-42"}, headers=origin(server)
        )
        assert "/instructor/logout" in await r.text()  # the console: not locked out by them
        server.join_attempts.failures.clear()
        assert (await join(client, server, "Ana", code="mali23")).status == 303
    finally:
        await client.close()


def test_names_are_made_safe_for_files_and_kept_as_typed(tmp_path):
    roster = Roster(tmp_path)
    assert folder_key("../../etc/passwd") == "etc-passwd"
    assert folder_key("Ana María O'Neil") == "ana-maria-o-neil"
    assert folder_key("محمد").startswith("trainee-")  # nothing ASCII left: a stable hash
    assert folder_key("محمد") == folder_key("محمد") != folder_key("أحمد")
    t = roster.join("../../etc/passwd")
    assert (tmp_path / "etc-passwd" / "trainee.json").is_file() and t.name == "../../etc/passwd"
    assert roster.join("Ana") == roster.join("Ana")  # the same trainee, back again
    with pytest.raises(JoinError, match="too close"):
        roster.join("ANA")  # would share Ana's folder
    with pytest.raises(JoinError, match="Type your name"):
        roster.join(" \t\x00")
    assert [t.name for t in roster.trainees()] == ["../../etc/passwd", "Ana"]
    assert roster.get("..") is None and roster.get("nobody") is None


def test_a_class_has_a_limit_on_new_names(tmp_path, monkeypatch):
    from game.serve import roster as module

    monkeypatch.setattr(module, "MAX_TRAINEES", 2)
    roster = Roster(tmp_path)
    roster.join("Ana"), roster.join("Bea")
    with pytest.raises(JoinError, match="has its 2 trainees"):
        roster.join("Cheick")
    assert roster.join("Ana").key == "ana"  # those who joined still come back


async def test_two_trainees_never_see_each_others_saves(tmp_path):
    roster = Roster(tmp_path / "class")
    ana, bea = roster.join("Ana"), roster.join("Bea")
    ana_dir, bea_dir = roster.trainee_dir(ana.key), roster.trainee_dir(bea.key)
    ana_game = Game(load_world(EXERCISE), 8)
    ana_game.advance()
    autosave(ana_game, EXERCISE, str(ana_dir))
    bea_game = Game(load_world(EXERCISE), 8)
    for _ in range(4):
        bea_game.advance()
    autosave(bea_game, EXERCISE, str(bea_dir))  # Bea's is the newest in the class
    save_game(bea_game, bea_dir / "bea-own.toml", EXERCISE)
    assert [e.path.parent for e in list_saves(str(ana_dir))] == [ana_dir]
    app = ClassroomApp(
        folder=str(ana_dir), name="Ana", key=ana.key, control=str(roster.folder / "control.json")
    )
    async with app.run_test(size=(100, 40)) as pilot:
        app.action_continue()
        screen = await game_screen(pilot, app)
        assert screen.game.state.day == ana_game.state.day != bea_game.state.day
        assert screen.trainee == "Ana"  # the results will carry her name
        app.start_game(Game(load_world(EXERCISE), 8), EXERCISE, trainee="Someone Else")
        await until(pilot, lambda: app.screen is not screen, "a new game")
        assert (await game_screen(pilot, app)).trainee == "Ana"


# --------------------------------------------------------------------------- the cap


async def test_the_cap_refuses_the_next_visitor_with_a_class_full_page(classroom):
    server, new_client = classroom  # at most 2 games
    sockets = []
    for name in ("Ana", "Bea"):
        client = await new_client()
        await join(client, server, name)
        sockets.append(await client.ws_connect("/ws", headers=origin(server)))
    assert len(server.games) == 2
    late = await new_client()
    await join(late, server, "Cheick")
    page = await late.get("/")
    assert page.status == 503 and "The class is full" in await page.text()
    with pytest.raises(WSServerHandshakeError) as refused:
        await late.ws_connect("/ws", headers=origin(server))
    assert refused.value.status == 503
    assert not server.games.playing("cheick")
    # Ana reopening her tab is not a new seat: the newest tab wins, the older one is closed.
    first = await new_client()
    await join(first, server, "Ana")
    again = await first.ws_connect("/ws", headers=origin(server))
    closing = await sockets[0].receive(timeout=10)  # Ana's older tab is closed by the server
    assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)
    await until_async(lambda: len(server.games.slots) == 2, "one seat per trainee")
    await sockets[1].close()
    await until_async(lambda: not server.games.full("cheick"), "a seat free")
    assert (await late.get("/")).status == 200
    await again.close()


# --------------------------------------------------------------------------- the console


async def test_the_console_needs_its_code_and_limits_guesses(classroom):
    server, new_client = classroom
    client = await new_client()
    assert (await client.get("/instructor/status.json")).status == 403
    assert "Instructor code" in await (await client.get("/instructor")).text()
    for _ in range(5):
        r = await client.post("/instructor/login", data={"code": "minusma"}, headers=origin(server))
        assert r.status == 403
    r = await client.post("/instructor/login", data={"code": "teach-me-42"}, headers=origin(server))
    assert r.status == 429  # the right code, after too many wrong ones
    assert (await client.get("/instructor/status.json")).status == 403


async def login(client: TestClient, server: ClassroomServer) -> None:
    r = await client.post(
        "/instructor/login",
        data={"code": server.config.instructor_code},
        headers=origin(server),
        allow_redirects=False,
    )
    assert r.status == 303


async def test_the_console_sees_two_trainees_and_releases_an_inject_to_one(classroom):
    server, new_client = classroom
    trainee = await new_client()
    for name in ("Ana", "Bea"):
        await join(trainee, server, name)
    for key, days in (("ana", 2), ("bea", 5)):
        game = Game(load_world(EXERCISE), 8)
        game.order({"kind": "engage"})
        for _ in range(days):
            game.advance()
        autosave(game, EXERCISE, str(server.roster.trainee_dir(key)))
    instructor = await new_client()
    await login(instructor, server)
    status = await (await instructor.get("/instructor/status.json")).json()
    by_key = {t["key"]: t for t in status["trainees"]}
    assert [t["name"] for t in status["trainees"]] == ["Ana", "Bea"]
    assert by_key["ana"]["day"] == 2 and by_key["bea"]["day"] == 5
    assert by_key["ana"]["held_injects"] == [
        {"id": HELD, "title": by_key["ana"]["held_injects"][0]["title"]}
    ]
    assert by_key["ana"]["ratings"] and by_key["ana"]["score"] is not None
    assert any("day 0" in d for d in by_key["bea"]["last_decisions"])
    page = await (await instructor.get("/instructor")).text()
    assert "Ana" in page and "Bea" in page and f"Release {HELD}" in page
    r = await instructor.post(
        "/instructor/release",
        data={"trainee": "bea", "event": HELD},
        headers=origin(server),
        allow_redirects=False,
    )
    assert r.status == 303
    orders = control.read_control(server.control_path)
    assert [(c.trainee, c.event) for c in orders.commands] == [("bea", HELD)]
    assert orders.for_trainee("ana", 0) == [] and len(orders.for_trainee("bea", 0)) == 1
    # a trainee cannot give the instructor's orders
    r = await trainee.post(
        "/instructor/release",
        data={"trainee": "*", "event": HELD},
        headers=origin(server),
        allow_redirects=False,
    )
    assert r.status == 303 and r.headers["Location"] == "/instructor"
    assert len(control.read_control(server.control_path).commands) == 1
    review = await instructor.get("/instructor/review/ana")
    assert review.status == 200 and "<html" in (await review.text()).lower()
    assert (await trainee.get("/instructor/review/ana", allow_redirects=False)).status == 303
    debrief = await instructor.get("/instructor/debrief")
    assert debrief.status == 404 and "No trainee has finished" in await debrief.text()
    for key, name in (("ana", "Ana"), ("bea", "Bea")):  # both finish
        game = Game(load_world(EXERCISE), 8)
        game.play_to_end()
        write_result(
            game, EXERCISE, server.roster.trainee_dir(key), name, exercise_for(EXERCISE)[0]
        )
    debrief = await instructor.get("/instructor/debrief")
    assert debrief.status == 200 and "Ana" in (text := await debrief.text()) and "Bea" in text
    page = await (await instructor.get("/instructor")).text()
    for link in re.findall(r'href="(/instructor[^"]*)"', page):
        assert (await instructor.get(link)).status == 200, link  # every link of the console


async def test_pause_from_the_console_reaches_the_control_file(classroom):
    server, new_client = classroom
    instructor = await new_client()
    await login(instructor, server)
    await instructor.post("/instructor/pause", data={"paused": "1"}, headers=origin(server))
    assert control.read_control(server.control_path).paused
    page = await (await instructor.get("/instructor")).text()
    assert "Resume everyone" in page
    await instructor.post("/instructor/pause", data={"paused": "0"}, headers=origin(server))
    assert not control.read_control(server.control_path).paused


# --------------------------------------------------------------------------- the trainee's game


def classroom_app(tmp_path: Path, key: str, **kw) -> ClassroomApp:
    folder = tmp_path / key
    folder.mkdir(parents=True, exist_ok=True)
    app = ClassroomApp(
        Game(load_world(EXERCISE), 8),
        EXERCISE,
        folder=str(folder),
        name=key.title(),
        key=key,
        control=str(tmp_path / control.CONTROL),
        **kw,
    )
    app.animation_level = "none"
    return app


async def test_the_game_releases_what_the_console_sent_to_this_trainee_only(tmp_path):
    control.release(tmp_path / control.CONTROL, HELD, "ana")  # before this game: not replayed
    app = classroom_app(tmp_path, "ana")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await game_screen(pilot, app)
        await pilot.press("i")  # the content's instructor code is no way in, in a class
        await until(pilot, lambda: "console holds these controls" in notes(app), "refusal")
        app.poll()
        assert HELD not in screen.game.state.released
        control.release(tmp_path / control.CONTROL, HELD, "bea")
        app.poll()
        assert HELD not in screen.game.state.released  # Bea's, not Ana's
        control.release(tmp_path / control.CONTROL, HELD, "ana")
        app.poll()
        assert HELD in screen.game.state.released or HELD in screen.game.state.fired
        saved, _ = load_game(max((tmp_path / "ana").glob("autosave-*.toml")))
        assert HELD in saved.state.released or HELD in saved.state.fired  # the console sees it
        app.poll()  # read again: applied once only
        assert [r for r in screen.game.record if r.get("order", {}).get("kind") == "release"] == [
            r for r in saved.record if r.get("order", {}).get("kind") == "release"
        ]


async def test_an_idle_game_is_saved_and_ends(tmp_path):
    app = classroom_app(tmp_path, "ana", idle_seconds=600)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await game_screen(pilot, app)
        screen.game.order({"kind": "engage"})  # not yet autosaved
        app.poll()
        assert app.is_running  # not idle yet
        app.last_input -= 560
        app.poll()
        await until(pilot, lambda: "closed in a minute" in notes(app), "the warning")
        await pilot.press("m")  # a key: not idle any more
        app.poll()
        assert app.is_running
        app.last_input -= 600
        app.poll()
        await until(pilot, lambda: not app.is_running, "the game to end")
    saved, _ = load_game(max((tmp_path / "ana").glob("autosave-*.toml")))
    assert saved.record == screen.game.record and saved.record  # the order given is kept


async def test_a_game_closed_by_the_server_saves_its_last_orders(tmp_path):
    from textual import messages

    app = classroom_app(tmp_path, "ana")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await game_screen(pilot, app)
        screen.game.order({"kind": "engage"})
        app.post_message(messages.ExitApp())  # what textual-serve's "quit" becomes
        await until(pilot, lambda: not app.is_running, "the game to end")
    saved, _ = load_game(max((tmp_path / "ana").glob("autosave-*.toml")))
    assert saved.record == screen.game.record and saved.record


async def game_screen(pilot, app) -> GameScreen:
    await until(pilot, lambda: isinstance(app.screen, GameScreen), "the game screen")
    await pilot.pause()
    return app.screen


def notes(app) -> str:
    return "\n".join(n.message for n in app._notifications)


# --------------------------------------------------------------------------- the command


def test_serving_beyond_loopback_needs_a_public_url(capsys, tmp_path):
    assert main(["--saves", str(tmp_path), "serve", "--host", "0.0.0.0"]) == 2
    assert "--public-url" in capsys.readouterr().err
    assert main(["serve", "--public-url", "ftp://x", "--port", "9"]) == 2
    assert main(["serve", "--instructor-code", "abc"]) == 2
    assert "at least 6" in capsys.readouterr().err


def test_a_class_folder_that_cannot_be_made_is_a_message(capsys, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    assert main(["--saves", str(tmp_path / "file"), "serve"]) == 1
    assert "cannot use the saves folder" in capsys.readouterr().err
    (tmp_path / "saves").mkdir()
    (tmp_path / "saves" / "c").write_text("not a folder")
    assert main(["--saves", str(tmp_path / "saves"), "serve", "--class", "C"]) == 1
    assert "cannot use the class folder" in capsys.readouterr().err


def test_the_start_says_what_is_exposed(capsys, tmp_path):
    from game.serve.command import announce

    cfg = config(tmp_path, 8000, host="0.0.0.0", class_code="mali23")
    announce(cfg, generated=True, exposed=True)
    out = capsys.readouterr().out
    assert "type their name and the class code" in out and "code: teach-me-42  (generated" in out
    assert "EXPOSED: anyone who can reach 0.0.0.0:8000 can join as any name" in out
    announce(config(tmp_path, 8000), generated=False, exposed=False)
    assert "EXPOSED" not in capsys.readouterr().out


def test_a_generated_code_is_long_and_readable():
    codes = {generated_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(len(c) == 14 and c.count("-") == 2 and not set(c) & set("01ilo") for c in codes)


async def test_a_real_game_starts_in_the_trainees_folder(tmp_path):
    port = free_port()
    server = Recording(config(tmp_path, port))
    client = await client_for(server)
    try:
        await join(client, server, "Ana")
        ws = await client.ws_connect("/ws?width=100&height=40", headers=origin(server))
        await drawn(ws, b"Exercises")  # the main menu, drawn by the trainee's own game
        command = server.trainee_command(server.roster.get("ana"))
        assert str(server.roster.trainee_dir("ana").resolve()) in command and "Ana" in command
        await ws.close()
        await server.ended()
    finally:
        await client.close()


# --------------------------------------------------------------------------- in a browser

BROWSER_KEEPS = {"ctrl+w", "ctrl+t", "ctrl+n", "ctrl+tab", "ctrl+shift+w", "ctrl+shift+t"}


def test_no_command_is_bound_only_to_a_key_the_browser_keeps():
    import importlib
    import inspect
    import pkgutil

    import game.ui.screens
    import game.ui.widgets
    from game.ui.app import DrawdownApp

    classes = [DrawdownApp]
    for package in (game.ui.screens, game.ui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes += [
                c
                for _, c in inspect.getmembers(module, inspect.isclass)
                if c.__module__.startswith("game.")  # ours, not Textual's own widgets
            ]
    checked = 0
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            key = binding.key if hasattr(binding, "key") else binding[0]
            keys = {k.strip() for k in key.split(",")}
            assert not keys <= BROWSER_KEEPS, f"{cls.__name__}: {key} only"
            checked += 1
    assert checked > 20


async def test_the_page_fits_a_1024_by_768_screen(classroom):
    from game.serve.server import FONT_SIZE
    from game.ui.widgets.panels import SitesTable

    server, new_client = classroom
    client = await new_client()
    await join(client, server, "Ana")
    page = await (await client.get("/")).text()
    assert f'data-font-size="{FONT_SIZE}"' in page
    columns = int(1024 // (0.6 * FONT_SIZE))  # Roboto Mono: 0.6 em a cell
    rows = int((768 - 130) // (1.2 * FONT_SIZE))  # less the browser's own bars
    app = ClassroomApp(
        Game(load_world("drawdown-2023"), 1),
        "drawdown-2023",
        folder=str(server.roster.trainee_dir("ana")),
        name="Ana",
        key="ana",
        control=str(server.control_path),
    )
    async with app.run_test(size=(columns, rows)) as pilot:
        screen = await game_screen(pilot, app)
        table = screen.query_one(SitesTable)
        await until(pilot, lambda: table.row_count > 10, "the sites")
        assert table.virtual_size.width <= table.scrollable_content_region.width  # not cut


def test_a_name_reaches_the_game_as_typed_whatever_it_holds(tmp_path):
    import shlex

    from game.serve.forking import SPAWN
    from game.serve.session import parse

    server = ClassroomServer(config(tmp_path, 8000))
    name = "--idle=0 'O\"Neil'; rm -rf ~ $(id)"
    trainee = server.roster.join(name)
    argv = shlex.split(server.trainee_command(trainee))
    if server.parent is not None:  # forked from the pre-loaded parent (test_serve_forking.py)
        assert argv[:4] == [sys.executable, "-S", str(SPAWN), server.parent.path]
        args = parse(argv[4:])
    else:
        assert argv[:3] == [sys.executable, "-m", "game.serve.session"]
        args = parse(argv[3:])
    assert args.name == name and args.idle == server.config.idle_seconds
    assert Path(args.folder) == server.roster.trainee_dir(trainee.key).resolve()


async def test_end_to_end_two_real_games_and_a_release_to_one(tmp_path):
    """Two trainees continue their autosaved exercise in real game processes; the console
    releases the held inject to Ana only, and sees it land in her game alone."""
    port = free_port()
    server = Recording(config(tmp_path, port))
    for name in ("Ana", "Bea"):
        trainee = server.roster.join(name)
        game = Game(load_world(EXERCISE), 8)
        game.advance()
        autosave(game, EXERCISE, str(server.roster.trainee_dir(trainee.key)))
    clients = [await client_for(server)]
    for _ in range(2):
        clients.append(TestClient(clients[0].server))
        await clients[-1].start_server()
    ana, bea, instructor = clients
    sockets = []
    try:
        for client, name in ((ana, "Ana"), (bea, "Bea")):
            await join(client, server, name)
            ws = await client.ws_connect("/ws?width=120&height=38", headers=origin(server))
            sockets.append(ws)
            await drawn(ws, b"Exercises")  # the menu
            await ws.send_json(["stdin", "c"])  # Continue: their own autosave
            await drawn(ws, b"Sites")
        await login(instructor, server)

        async def held() -> dict[str, list[str]]:
            status = await (await instructor.get("/instructor/status.json")).json()
            return {t["key"]: [i["id"] for i in t["held_injects"]] for t in status["trainees"]}

        assert await held() == {"ana": [HELD], "bea": [HELD]}
        await instructor.post(
            "/instructor/release", data={"trainee": "ana", "event": HELD}, headers=origin(server)
        )

        async def released_to_ana() -> bool:
            return not (await held())["ana"]

        # the game polls the control file once a second
        await until_async(released_to_ana, "Ana's game to take the release", step=0.05)
        assert await held() == {"ana": [], "bea": [HELD]}
    finally:
        for ws in sockets:
            await ws.close()
        await server.ended()
        for client in reversed(clients):
            await client.close()


async def drawn(ws, text: bytes, seconds: float = 60) -> None:
    seen = b""
    deadline = time.monotonic() + seconds
    while text not in seen:
        msg = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        assert msg.type == WSMsgType.BINARY, msg
        seen += msg.data


async def test_stopping_the_server_closes_every_game_first(classroom):
    server, new_client = classroom
    sockets = []
    for name in ("Ana", "Bea"):
        client = await new_client()
        await join(client, server, name)
        sockets.append(await client.ws_connect("/ws", headers=origin(server)))
    await until_async(lambda: all(s.websocket for s in server.games.slots.values()), "games open")
    await server.on_shutdown(None)
    for ws in sockets:
        closing = await ws.receive(timeout=10)
        assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING)


TIMED = "ber-2023-leaving-ber"  # a bundled exercise with a turn clock


async def test_the_console_pauses_and_resumes_every_clock(tmp_path):
    (tmp_path / "ana").mkdir()
    app = ClassroomApp(
        Game(load_world(TIMED), 3),
        TIMED,
        folder=str(tmp_path / "ana"),
        name="Ana",
        key="ana",
        control=str(tmp_path / control.CONTROL),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await game_screen(pilot, app)
        seconds = screen.options.turn_seconds
        assert seconds > 5 and not screen.timer.paused
        control.set_paused(tmp_path / control.CONTROL, True)
        app.poll()
        assert screen.timer.paused
        await until(pilot, lambda: "instructor paused the clock" in notes(app), "the notice")
        left = screen.timer.left
        screen.timer.tick(5)
        assert screen.timer.left == left  # the clock stands still
        app.start_game(Game(load_world(TIMED), 3), TIMED)  # a new game: paused too
        await until(pilot, lambda: app.screen is not screen, "the new game")
        second = await game_screen(pilot, app)
        app.poll()
        assert second.timer.paused
        control.set_paused(tmp_path / control.CONTROL, False)
        app.poll()
        assert not second.timer.paused
        second.timer.tick(5)
        assert second.timer.left == seconds - 5


def test_the_command_line_does_not_import_the_server_until_serve():
    import subprocess

    code = "import sys, game.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'aiohttp', 'textual_serve', 'jinja2'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
