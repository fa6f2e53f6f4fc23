"""One pre-loaded parent that forks each classroom game, instead of a fresh interpreter per visitor.

A fresh `python -m game.serve.session` pays the interpreter, Textual, pydantic, the models and the
engine before it draws anything: about 1 s of CPU, so twenty visitors at once on two cores waited
~10 s for their menu (bench/serve.py). This parent imports all of that once (and freezes it out of
the cycle collector's way, so forked children share its pages); per visitor it forks, and the
child is the game: its stdin, stdout and stderr are the pipes textual-serve made for the visitor's
command (game/serve/spawn.py passes them over a Unix socket with SCM_RIGHTS), its environment and
folder are that command's, and it runs game.serve.session.main with the same options.

textual-serve is not changed: it still starts a command per websocket and talks to it over pipes;
the command is only a few lines that hand the pipes over and wait for the game's exit status. The
socket sits in a folder only this user can enter (made by the server) and the parent checks each
caller's user id; it is single-threaded (a select loop), so a fork never copies a lock held by
another thread.

    python -m game.serve.forking SOCKET      (started and stopped by the classroom server)
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import random
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from .spawn import LENGTH

SPAWN = Path(__file__).resolve().parent / "spawn.py"
MAX_REQUEST = 1 << 20  # bytes: options and an environment, never more
POLL_SECONDS = 1.0  # how often the parent looks whether the server is still there


def supported() -> bool:
    """Can games be forked here (Unix sockets that carry file descriptors, and fork)?"""
    return hasattr(os, "fork") and hasattr(socket, "AF_UNIX") and hasattr(socket, "send_fds")


def spawn_command(path: str) -> list[str]:
    """The start of the command textual-serve runs per game (the session options follow)."""
    return [sys.executable, "-S", str(SPAWN), path]


def preload() -> None:
    """Import (and warm) what every game needs before its menu is drawn."""
    # imported here, in the parent only: the server that starts it needs none of this
    import textual.drivers.web_driver  # noqa: F401 - the driver every game runs with

    # imported here too: the games' own modules, loaded once for every game forked
    from ..content import catalogue
    from ..engine import Game  # noqa: F401 - the first game screen needs it at once
    from ..training.exercises import catalogue as exercises
    from ..ui.screens.game import warm_up  # the game screen, as for a direct start
    from . import session  # noqa: F401 - the app and everything its menu imports

    catalogue()  # the menu lists the scenarios and exercises: parsed once, here
    exercises()
    # what a game leaves for after its first frame (the models' validators, some engine code),
    # built and loaded once for every game forked
    warm_up()


def read_request(conn: socket.socket) -> tuple[list[int], dict[str, object]]:
    """The caller's three standard streams and its request (argv, env, cwd)."""
    _, fds, _, _ = socket.recv_fds(conn, 1, 3)
    try:
        if len(fds) != 3:
            raise ValueError("expected three file descriptors")
        head = _read_exactly(conn, LENGTH.size)
        (size,) = LENGTH.unpack(head)
        if size > MAX_REQUEST:
            raise ValueError("request too large")
        request = json.loads(_read_exactly(conn, size))
        if not (
            isinstance(request, dict)
            and isinstance(request.get("argv"), list)
            and all(isinstance(a, str) for a in request["argv"])
            and isinstance(request.get("env"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in request["env"].items())
            and isinstance(request.get("cwd"), str)
        ):
            raise ValueError("malformed request")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return fds, request


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(min(65536, size - len(data)))
        if not chunk:
            raise ValueError("the caller went away")
        data += chunk
    return data


def same_user(conn: socket.socket) -> bool:
    """Is the caller this user (Linux: SO_PEERCRED; elsewhere the private folder guards it)?"""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return True
    creds = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    uid: int = struct.unpack("3i", creds)[1]
    return uid == os.getuid()


def become_game(
    fds: list[int], request: dict[str, object], sockets: list[socket.socket], pipes: list[int]
) -> None:
    """In the forked child: take the caller's streams, environment and folder, run the game,
    exit with its status. Never returns."""
    code = 1
    try:
        for sock in sockets:  # the parent's: detached first, so no object closes a reused fd
            os.close(sock.detach())
        for fd in pipes:
            os.close(fd)
        signal.set_wakeup_fd(-1)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        env = request["env"]
        assert isinstance(env, dict)
        os.environ.clear()
        os.environ.update(env)
        # Textual reads its settings (driver, frame rate, colours) from the environment when
        # imported: read them again from the visitor's command's environment.
        import textual.constants

        importlib.reload(textual.constants)
        random.seed()  # not the parent's sequence: every game draws its own
        os.chdir(str(request["cwd"]))
        argv = request["argv"]
        assert isinstance(argv, list)
        sys.argv = ["game.serve.session", *argv]
        # imported by the parent already (preload): this only looks it up
        from .session import main

        code = main(list(argv))
    except SystemExit as err:
        code = err.code if isinstance(err.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(path: str) -> int:
    """Accept callers on the socket and fork a game for each, until the server goes away."""
    preload()
    server = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the loop through wake_w
    games: dict[int, socket.socket] = {}  # a game's pid → the connection its status goes to
    gc.collect()
    gc.freeze()  # what is loaded now is shared with every game: the collector leaves it alone
    while os.getppid() == server:
        ready, _, _ = select.select([listener.fileno(), wake_r], [], [], POLL_SECONDS)
        if wake_r in ready:
            try:
                while os.read(wake_r, 512):
                    pass
            except BlockingIOError:
                pass
        reap(games)
        if listener.fileno() not in ready:
            continue
        conn, _ = listener.accept()
        try:
            if not same_user(conn):
                conn.close()
                continue
            conn.settimeout(5)
            fds, request = read_request(conn)
        except (OSError, ValueError):
            conn.close()
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            become_game(fds, request, [listener, conn, *games.values()], [wake_r, wake_w])
        for fd in fds:
            os.close(fd)
        games[pid] = conn
    return 0


def reap(games: dict[int, socket.socket]) -> None:
    """Tell each ended game's caller its exit status."""
    while games:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        conn = games.pop(pid, None)
        if conn is None:
            continue
        try:
            conn.sendall(LENGTH.pack(os.waitstatus_to_exitcode(status) & 0xFF))
        except OSError:
            pass  # the caller is gone: nobody to tell
        conn.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m game.serve.forking SOCKET", file=sys.stderr)
        return 2
    try:
        return serve(args[0])
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())


class Parent:
    """The pre-loaded parent as the classroom server runs it: started with the server, in a
    folder only this user can enter, stopped with it (games already forked end on their own,
    saved, when their websocket closes)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="drawdown-games-"))  # mode 0700
        self.path = str(self.folder / "games.sock")
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        return spawn_command(self.path)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game.serve.forking", self.path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
