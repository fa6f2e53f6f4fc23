"""Classroom games forked from one pre-loaded parent (game/serve/forking.py): the command
textual-serve runs hands its pipes over, the forked game draws its menu on them, ends when told
and reports its exit status; with no parent to reach, the command runs the game itself."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest
from waiting import until

from game.serve import forking
from game.serve.server import ClassroomServer

pytestmark = pytest.mark.skipif(
    not forking.supported() or not Path("/proc").is_dir(), reason="no fork, Unix sockets or /proc"
)

# What textual-serve puts in a game's environment (textual_serve/app_service.py).
WEB = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "COLUMNS": "120",
    "ROWS": "38",
}


def options(folder: Path) -> list[str]:
    return [
        f"--folder={folder}",
        "--name=Ana",
        "--key=ana",
        f"--control={folder / 'control.json'}",
    ]


def quit_packet() -> bytes:
    payload = json.dumps({"type": "quit"}).encode()
    return b"M" + len(payload).to_bytes(4, "big") + payload


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def children_of(pid: int) -> list[int]:
    return [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _safe_parent(int(p.name)) == pid
    ]


def _safe_parent(pid: int) -> int:
    try:
        return parent_of(pid)
    except (OSError, ValueError, IndexError):
        return 0


async def play_to_menu(
    command: list[str], folder: Path, parent_pid: int = 0
) -> tuple[int, list[int], list[int]]:
    """Run the command as textual-serve would: (its exit status, its children and the parent's
    children while the menu is up)."""
    proc = await asyncio.create_subprocess_exec(
        *command,
        *options(folder),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(os.environ) | WEB,
    )
    assert proc.stdout is not None and proc.stdin is not None
    seen = b""
    while b"Exercises" not in seen:  # the main menu, drawn by the game on our pipes
        chunk = await asyncio.wait_for(proc.stdout.read(65536), 60)
        assert chunk, "the game ended before drawing its menu"
        seen += chunk
    assert seen.startswith(b"__GANGLION__\n")  # the web driver's greeting, first
    own = children_of(proc.pid)
    forked = children_of(parent_pid) if parent_pid else []
    proc.stdin.write(quit_packet())
    await proc.stdin.drain()
    return await asyncio.wait_for(proc.wait(), 60), own, forked


@pytest.fixture
def parent(tmp_path: Path):
    parent = forking.Parent()
    parent.start()

    def listening() -> bool:
        assert parent.process is not None and parent.process.poll() is None, "parent died"
        return os.path.exists(parent.path)

    until(listening, "the parent to listen", timeout=60, step=0.05)
    yield parent
    parent.stop()


async def test_a_forked_game_draws_its_menu_and_reports_its_exit(tmp_path, parent) -> None:
    folder = tmp_path / "ana"
    folder.mkdir()
    assert parent.process is not None
    code, own, forked = await play_to_menu(parent.command(), folder, parent.process.pid)
    assert code == 0
    assert own == []  # the command only waited: the game was not its child...
    assert len(forked) == 1  # ...but the pre-loaded parent's
    assert parent.process.poll() is None  # still serving
    assert children_of(parent.process.pid) == []  # and the ended game was reaped


async def test_two_games_at_once_are_both_forked(tmp_path, parent) -> None:
    folders = [tmp_path / n for n in ("ana", "bea")]
    for f in folders:
        f.mkdir()
    results = await asyncio.gather(*(play_to_menu(parent.command(), f) for f in folders))
    assert [code for code, _, _ in results] == [0, 0]


async def test_without_the_parent_the_command_runs_the_game_itself(tmp_path) -> None:
    folder = tmp_path / "ana"
    folder.mkdir()
    missing = str(tmp_path / "no-such.sock")
    code, own, _ = await play_to_menu(forking.spawn_command(missing), folder)
    assert code == 0
    assert own == []  # exec'd: the command became the game


def test_the_server_forks_games_unless_told_not_to(tmp_path) -> None:
    from test_serve import config

    forked = ClassroomServer(config(tmp_path, 8000))
    assert forked.parent is not None
    assert forked.trainee_command(forked.roster.join("Ana")).split()[:2] == [sys.executable, "-S"]
    fresh = ClassroomServer(config(tmp_path / "b", 8000, fork_games=False))
    assert fresh.parent is None
    assert "game.serve.session" in fresh.trainee_command(fresh.roster.join("Ana"))
