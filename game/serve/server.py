"""The classroom server: textual-serve's Server, extended.

textual-serve runs one game process per websocket and has no hook for who may connect or which
command a connection runs. Rather than re-implement it, this subclass keeps its websocket handler,
page and download handlers and adds around them: a middleware for Host and Origin (guard.py), a
static route without directory listings, the join page, a cap on live games, one game per trainee
(the newest tab wins), and the instructor console. The command each connection runs is picked per
trainee through a context variable that textual-serve's handler reads as ``self.command``.
"""

from __future__ import annotations

import asyncio
import secrets
import shlex
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from . import control, forking
from .guard import Attempts, Guard, is_loopback
from .roster import JoinError, Roster, Trainee
from .status import ClassStatus, StatusReader

TEMPLATES = Path(__file__).parent / "templates"
# The page's font size in px (textual-serve's default is 16). Roboto Mono is 0.6 em wide, so a
# 1024 px wide window holds 1024 / 8.4 = 121 columns at 14 px (106 at 16): enough for the game
# screen's wide layout to show the sites table whole (it needs 118). ?fontsize=N overrides it.
FONT_SIZE = 14
TRAINEE_COOKIE = "drawdown_trainee"
INSTRUCTOR_COOKIE = "drawdown_instructor"

_command: ContextVar[str | None] = ContextVar("drawdown_command", default=None)
_slot: ContextVar[int] = ContextVar("drawdown_slot", default=0)


@dataclass
class ClassConfig:
    folder: Path  # the class folder: one subfolder per trainee, and the control file
    name: str
    public_url: str
    host: str = "127.0.0.1"
    port: int = 8000
    instructor_code: str = ""
    class_code: str = ""
    max_games: int = 32
    idle_seconds: float = 1800.0
    fork_games: bool = True  # fork each game from a pre-loaded parent (game/serve/forking.py)


@dataclass
class Slot:
    """A live game (or one starting): whose it is and its websocket once open."""

    key: str
    websocket: web.WebSocketResponse | None = None


class Games:
    """The live games: at most `cap`, one per trainee."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.slots: dict[int, Slot] = {}
        self._next = 0

    def __len__(self) -> int:
        return len({s.key for s in self.slots.values()})

    def full(self, key: str) -> bool:
        """No room for this trainee (a trainee already playing can always reopen their game)."""
        return len(self) >= self.cap and all(s.key != key for s in self.slots.values())

    def playing(self, key: str) -> bool:
        return any(s.key == key for s in self.slots.values())

    def reserve(self, key: str) -> int:
        self._next += 1
        self.slots[self._next] = Slot(key)
        return self._next

    def others(self, key: str, slot: int) -> list[Slot]:
        return [s for i, s in self.slots.items() if s.key == key and i != slot]


def _cookie(response: web.StreamResponse, name: str, value: str, secure: bool) -> None:
    response.set_cookie(name, value, httponly=True, samesite="Strict", path="/", secure=secure)


class ClassroomServer(Server):
    def __init__(self, config: ClassConfig) -> None:
        super().__init__(
            "",
            host=config.host,
            port=config.port,
            title="Drawdown",
            public_url=config.public_url.rstrip("/"),
            templates_path=TEMPLATES,
        )
        self.config = config
        self.guard = Guard(self.public_url, loopback=is_loopback(config.host))
        self.roster = Roster(config.folder)
        self.control_path = config.folder / control.CONTROL
        self.games = Games(config.max_games)
        self.status_reader = StatusReader(self.roster)
        self.trainee_sessions: dict[str, Trainee] = {}
        self.instructor_sessions: set[str] = set()
        # Guesses at the class code and at the instructor's are counted apart: trainees mistyping
        # the class code (behind a proxy, all from one address) never lock the instructor out.
        self.join_attempts = Attempts()
        self.attempts = Attempts()
        self.secure = self.public_url.startswith("https:")  # cookies only over TLS then
        # Games forked from one pre-loaded parent, where the system allows it; else (or while
        # it starts) each game is a fresh interpreter.
        self.parent = forking.Parent() if config.fork_games and forking.supported() else None

    # textual-serve reads self.command when a websocket opens: give it this trainee's game.
    @property
    def command(self) -> str:
        return _command.get() or ""

    @command.setter
    def command(self, value: str) -> None:
        pass  # set by Server.__init__; each connection's command comes from _command

    def trainee_command(self, trainee: Trainee) -> str:
        """The shell command for this trainee's game (every value quoted, and given as
        --option=value so a name starting with '-' is still a value)."""
        options = {
            "folder": str(self.roster.trainee_dir(trainee.key).resolve()),
            "name": trainee.name,
            "key": trainee.key,
            "control": str(self.control_path.resolve()),
            "idle": str(self.config.idle_seconds),
        }
        if self.parent is not None:
            parts = self.parent.command()
        else:
            parts = [sys.executable, "-m", "game.serve.session"]
        return shlex.join(parts + [f"--{k}={v}" for k, v in options.items()])

    # ------------------------------------------------------------------ the app

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard.middleware])
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_page, name="index"),
                web.post("/join", self.handle_join),
                web.post("/leave", self.handle_leave),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
                web.get("/instructor", self.handle_console),
                web.post("/instructor/login", self.handle_login),
                web.post("/instructor/logout", self.handle_logout),
                web.get("/instructor/status.json", self.handle_status),
                web.post("/instructor/release", self.handle_release),
                web.post("/instructor/pause", self.handle_pause),
                web.get("/instructor/review/{key}", self.handle_review),
                web.get("/instructor/debrief", self.handle_debrief),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        # cmd_serve has said what is served and where
        if self.parent is not None:
            self.parent.start()

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every game's websocket, so each game is told to quit (and saves) now rather than
        when aiohttp gives up waiting on its handler."""
        sockets = [s.websocket for s in self.games.slots.values() if s.websocket is not None]
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
        if self.parent is not None:
            self.parent.stop()

    def render(
        self, request: web.Request, template: str, status: int = 200, **context: Any
    ) -> web.Response:
        context.setdefault("class_name", self.config.name)
        context.setdefault("public_url", self.public_url)
        return aiohttp_jinja2.render_template(template, request, context, status=status)

    # ------------------------------------------------------------------ trainees

    def trainee_of(self, request: web.Request) -> Trainee | None:
        return self.trainee_sessions.get(request.cookies.get(TRAINEE_COOKIE, ""))

    async def handle_page(self, request: web.Request) -> web.StreamResponse:
        trainee = self.trainee_of(request)
        if trainee is None:
            return self.render(request, "join.html", needs_code=bool(self.config.class_code))
        if self.games.full(trainee.key):
            return self.render(request, "full.html", status=503, trainee=trainee)
        # textual-serve's page (its handler unwrapped from its template), with our template.
        # The ignore: aiohttp_jinja2.template sets __wrapped__, which its types do not declare.
        context = await Server.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
        context["trainee"] = trainee
        if "fontsize" not in request.query:
            context["font_size"] = FONT_SIZE
        return self.render(request, "app_index.html", **context)

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        who = request.remote or "?"
        needs_code = bool(self.config.class_code)
        name = str(form.get("name", ""))

        def refuse(message: str, status: int = 400) -> web.StreamResponse:
            return self.render(
                request,
                "join.html",
                status=status,
                needs_code=needs_code,
                message=message,
                name=name,
            )

        if needs_code:
            if self.join_attempts.blocked(who):
                return refuse(
                    f"Too many wrong codes: try again in {self.join_attempts.wait_seconds(who)} s.",
                    429,
                )
            if not secrets.compare_digest(
                str(form.get("code", "")).strip().encode(), self.config.class_code.encode()
            ):
                self.join_attempts.failed(who)
                return refuse("That is not the code of this class.", 403)
        try:
            trainee = self.roster.join(name)
        except JoinError as err:
            return refuse(str(err))
        except OSError as err:
            return refuse(
                f"The server cannot keep your games ({err.strerror}): tell the instructor.", 500
            )
        token = secrets.token_urlsafe(24)
        self.trainee_sessions[token] = trainee
        response = web.HTTPSeeOther("/")
        _cookie(response, TRAINEE_COOKIE, token, self.secure)
        raise response

    async def handle_leave(self, request: web.Request) -> web.StreamResponse:
        self.trainee_sessions.pop(request.cookies.get(TRAINEE_COOKIE, ""), None)
        response = web.HTTPSeeOther("/")
        response.del_cookie(TRAINEE_COOKIE, path="/")
        raise response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        trainee = self.trainee_of(request)
        if trainee is None:
            raise web.HTTPForbidden(text="Join the class first: reload the page.\n")
        if self.games.full(trainee.key):
            raise web.HTTPServiceUnavailable(text="The class is full.\n")
        slot = self.games.reserve(trainee.key)
        command = _command.set(self.trainee_command(trainee))
        current = _slot.set(slot)
        try:
            # The newest tab wins: an older game of this trainee is closed (and saves itself).
            for old in self.games.others(trainee.key, slot):
                if old.websocket is not None:
                    await old.websocket.close()
            return await super().handle_websocket(request)
        finally:
            _command.reset(command)
            _slot.reset(current)
            self.games.slots.pop(slot, None)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        slot = self.games.slots.get(_slot.get())
        if slot is not None:
            slot.websocket = websocket  # so a newer tab of this trainee can close it
        await super()._process_messages(websocket, app_service)

    # ------------------------------------------------------------------ the instructor

    def instructor(self, request: web.Request) -> bool:
        return request.cookies.get(INSTRUCTOR_COOKIE, "") in self.instructor_sessions

    def require_instructor(self, request: web.Request) -> None:
        if not self.instructor(request):
            raise web.HTTPSeeOther("/instructor")

    async def handle_console(self, request: web.Request) -> web.StreamResponse:
        if not self.instructor(request):
            return self.render(request, "login.html")
        status = await self.class_status()
        return self.render(request, "console.html", board=status)

    async def handle_login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        who = request.remote or "?"
        if self.attempts.blocked(who):
            message = f"Too many wrong codes: try again in {self.attempts.wait_seconds(who)} s."
            return self.render(request, "login.html", status=429, message=message)
        code = str(form.get("code", "")).strip()
        if not secrets.compare_digest(code.encode(), self.config.instructor_code.encode()):
            self.attempts.failed(who)
            return self.render(request, "login.html", status=403, message="Wrong code.")
        token = secrets.token_urlsafe(24)
        self.instructor_sessions.add(token)
        response = web.HTTPSeeOther("/instructor")
        _cookie(response, INSTRUCTOR_COOKIE, token, self.secure)
        raise response

    async def handle_logout(self, request: web.Request) -> web.StreamResponse:
        self.instructor_sessions.discard(request.cookies.get(INSTRUCTOR_COOKIE, ""))
        response = web.HTTPSeeOther("/instructor")
        response.del_cookie(INSTRUCTOR_COOKIE, path="/")
        raise response

    async def class_status(self) -> ClassStatus:
        def read() -> ClassStatus:
            trainees = [
                self.status_reader.trainee(t, self.games.playing(t.key))
                for t in self.roster.trainees()
            ]
            return ClassStatus(
                class_name=self.config.name,
                paused=control.read_control(self.control_path).paused,
                playing=len(self.games),
                max_games=self.games.cap,
                trainees=trainees,
            )

        # Replaying autosaves takes a few ms each: not on the loop that carries every game.
        return await asyncio.to_thread(read)

    async def handle_status(self, request: web.Request) -> web.StreamResponse:
        if not self.instructor(request):
            raise web.HTTPForbidden(text="The instructor's code first.\n")
        status = await self.class_status()
        return web.json_response(text=status.model_dump_json())

    async def handle_release(self, request: web.Request) -> web.StreamResponse:
        self.require_instructor(request)
        form = await request.post()
        event = str(form.get("event", ""))
        trainee = str(form.get("trainee", control.EVERYONE))
        if not event or (trainee != control.EVERYONE and self.roster.get(trainee) is None):
            raise web.HTTPBadRequest(text="Release what, to whom?\n")
        control.release(self.control_path, event, trainee)
        raise web.HTTPSeeOther("/instructor")

    async def handle_pause(self, request: web.Request) -> web.StreamResponse:
        self.require_instructor(request)
        form = await request.post()
        control.set_paused(self.control_path, form.get("paused") == "1")
        raise web.HTTPSeeOther("/instructor")

    async def handle_review(self, request: web.Request) -> web.StreamResponse:
        self.require_instructor(request)
        trainee = self.roster.get(request.match_info["key"])
        if trainee is None:
            raise web.HTTPNotFound(text="No such trainee.\n")
        # imported when a review is asked for: the training reports stay out of the server's start-up
        from .reviews import review_page

        html = await asyncio.to_thread(review_page, self.roster.trainee_dir(trainee.key))
        if html is None:
            raise web.HTTPNotFound(text=f"{trainee.name} has no game to review yet.\n")
        return web.Response(text=html, content_type="text/html")

    async def handle_debrief(self, request: web.Request) -> web.StreamResponse:
        self.require_instructor(request)
        # imported when a review is asked for: the training reports stay out of the server's start-up
        from .reviews import debrief_page

        html = await asyncio.to_thread(debrief_page, self.roster)
        if html is None:
            raise web.HTTPNotFound(text="No trainee has finished a game yet.\n")
        return web.Response(text=html, content_type="text/html")
