"""The command textual-serve runs for one trainee's game: hand this process's stdin, stdout and
stderr to the pre-loaded parent (game/serve/forking.py), which forks the game onto them, then wait
for the game to end and exit with its status.

Run as a file with `python -S` (standard library only, no site packages: it starts in a few
milliseconds): ``python -S game/serve/spawn.py SOCKET SESSION-OPTIONS...``. If the parent cannot
be reached (not started yet, gone, or a system without Unix sockets), it runs the game itself:
``python -m game.serve.session SESSION-OPTIONS...``, exactly what it would have forked.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys

LENGTH = struct.Struct("!I")


def hand_over(path: str, argv: list[str]) -> socket.socket:
    """Send our three standard streams and what the game needs to the parent; the connection
    then carries the game's exit status back."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        socket.send_fds(conn, [b"F"], [0, 1, 2])
        request = json.dumps({"argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}).encode()
        conn.sendall(LENGTH.pack(len(request)) + request)
    except BaseException:
        conn.close()
        raise
    return conn


def exit_status(conn: socket.socket) -> int:
    """The game's exit status, once it has ended (1 if the parent went away first)."""
    data = b""
    while len(data) < LENGTH.size:
        chunk = conn.recv(LENGTH.size - len(data))
        if not chunk:
            return 1
        data += chunk
    return int(LENGTH.unpack(data)[0]) & 0xFF


def run_here(argv: list[str]) -> None:
    """No parent to fork from: become the game (a fresh interpreter, as before forking)."""
    os.execv(sys.executable, [sys.executable, "-m", "game.serve.session", *argv])


def main() -> int:
    if len(sys.argv) < 2:
        print("usage: python -S spawn.py SOCKET SESSION-OPTIONS...", file=sys.stderr)
        return 2
    path, argv = sys.argv[1], sys.argv[2:]
    try:
        conn = hand_over(path, argv)
    except (OSError, AttributeError, ValueError):  # AttributeError: no send_fds on this system
        run_here(argv)
        return 1  # not reached: execv replaced this process
    with conn:
        return exit_status(conn)


if __name__ == "__main__":
    sys.exit(main())
