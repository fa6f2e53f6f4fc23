"""Memory per game and time to the main menu under `drawdown serve`, with 1, 10 and 20 visitors.

    .venv/bin/python bench/serve.py [--visitors 1 10 20] [--no-fork]    # prints a Markdown table

DESIGN.md: 20 browser visitors reach a usable menu within 4 s on 2 cores. Games are forked from
the server's pre-loaded parent (game/serve/forking.py); --no-fork measures a fresh interpreter per
visitor, as before.

Starts a real server on a free loopback port (a throwaway class folder), then for each count
joins that many trainees at once, opens their websockets together as browsers would, and times
each from opening the websocket to the menu drawn by its own game process. With all of them
open it reads the memory of every game process (RSS, and PSS, which shares the pages processes
have in common fairly) from /proc. Linux only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

MENU = b"Exercises"  # on the main menu's buttons


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Every descendant of a process (the games: sh -c, then python)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        found += kids
        todo += kids
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return fields["Rss"], fields["Pss"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _argv(pid: int) -> list[bytes]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return []


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0


def is_game(pid: int) -> bool:
    """A game's Python process: a fresh `python -m game.serve.session`, or a game forked from
    the pre-loaded parent (`python -m game.serve.forking`, whose command line it keeps) — not
    the parent itself, the `sh -c` or the spawn.py that wait for it."""
    argv = _argv(pid)
    if argv[1:3] == [b"-m", b"game.serve.session"]:
        return True
    forked = [b"-m", b"game.serve.forking"]
    return argv[1:3] == forked and _argv(_parent(pid))[1:3] == forked


async def visit(base: str, name: str) -> tuple[float, aiohttp.ClientWebSocketResponse, object]:
    """Join as `name`, open the game; seconds from opening the websocket to the menu drawn."""
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    headers = {"Origin": base}
    async with session.post(f"{base}/join", data={"name": name}, headers=headers) as r:
        assert r.status == 200, r.status
    start = time.perf_counter()
    ws = await session.ws_connect(f"{base}/ws?width=120&height=38", headers=headers)
    seen = b""
    while MENU not in seen:
        msg = await ws.receive(timeout=120)
        if msg.type != aiohttp.WSMsgType.BINARY:
            raise RuntimeError(f"{name}: the game closed before its menu ({msg.type})")
        seen += msg.data
    return time.perf_counter() - start, ws, session


async def round_of(base: str, server_pid: int, count: int) -> dict[str, float]:
    visits = await asyncio.gather(*(visit(base, f"Trainee {count}-{i}") for i in range(count)))
    times = [t for t, _, _ in visits]
    await asyncio.sleep(2)  # let every game settle after drawing its first screen
    games = [p for p in children(server_pid) if is_game(p)]
    mem = [memory_kib(p) for p in games]
    cpu = [cpu_seconds(p) for p in games]
    for _, ws, session in visits:
        await ws.close()
        await session.close()
    while any(is_game(p) for p in children(server_pid)):
        await asyncio.sleep(0.2)  # every game saved and ended before the next round
    return {
        "visitors": count,
        "games": len(games),
        "median_s": statistics.median(times),
        "max_s": max(times),
        "rss_mib": statistics.mean(r for r, _ in mem) / 1024,
        "pss_mib": statistics.mean(p for _, p in mem) / 1024,
        "total_pss_mib": sum(p for _, p in mem) / 1024,
        "cpu_s": statistics.median(cpu),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--visitors", type=int, nargs="+", default=[1, 10, 20])
    ap.add_argument("--no-fork", action="store_true", help="a fresh interpreter per visitor")
    args = ap.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as saves:
        server = subprocess.Popen(
            [sys.executable, "-m", "game.cli", "--saves", saves, "serve", "--port", str(port)]
            + ["--class", "bench", "--max-games", str(max(args.visitors) + 5)]
            + (["--no-fork"] if args.no_fork else []),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)
            # a class joins after the server is up: let the pre-loaded parent finish loading
            # (until then each game is started fresh, as with --no-fork)
            time.sleep(0 if args.no_fork else 5)
            print(
                f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; "
                f"games {'fresh per visitor' if args.no_fork else 'forked'}"
            )
            print(
                "| visitors | games | time to menu, median (s) | slowest (s) | RSS per game (MiB) "
                "| PSS per game (MiB) | PSS all games (MiB) | CPU per game to the menu (s) |"
            )
            print("|---|---|---|---|---|---|---|---|")
            for count in args.visitors:
                r = asyncio.run(round_of(base, server.pid, count))
                print(
                    f"| {r['visitors']} | {r['games']} | {r['median_s']:.2f} | {r['max_s']:.2f} "
                    f"| {r['rss_mib']:.0f} | {r['pss_mib']:.0f} | {r['total_pss_mib']:.0f} "
                    f"| {r['cpu_s']:.2f} |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
