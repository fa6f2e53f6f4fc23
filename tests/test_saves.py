"""Saves: save → load gives the identical game; bad saves are refused cleanly and left untouched."""

from __future__ import annotations

import hashlib
import os

import pytest

from game.bots.policies import STYLES, Planner
from game.engine import Game
from game.model import adapters
from game.saves import SaveError, load_game, read_save, save_game, write_atomic


def half_played(world, seed=4):
    game = Game(world, seed)
    bot = Planner(game, STYLES["cautious"], seed)
    for _ in range(12):
        bot.play_day()
        game.advance()
    return game


def test_save_load_gives_identical_state(sandbox, tmp_path):
    game = half_played(sandbox)
    path = save_game(game, tmp_path / "game.toml")
    loaded, info = load_game(path)
    assert info.day == game.state.day == loaded.state.day
    assert loaded.digest() == game.digest()
    assert adapters.dump(loaded.state) == adapters.dump(game.state)
    # and it plays on identically
    game.play_to_end()
    loaded.play_to_end()
    assert loaded.digest() == game.digest()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda b: b[: len(b) // 2], "not a readable save"),
        (lambda b: b"\x00\xff garbage", "not a readable save"),
        (lambda b: b'format = "something-else"\n', "not a Drawdown save"),
        (
            lambda b: b.replace(b"format_version = 1", b"format_version = 99"),
            "save format version 99",
        ),
        (lambda b: b.replace(b"seed = 4", b"seed = 5"), "replaying the log gives a different game"),
        (lambda b: b.replace(b'kind = "engage"', b'kind = "teleport"', 1), "does not replay"),
        (lambda b: b.replace(b'scenario = "sandbox"', b'scenario = "no-such"'), "cannot be loaded"),
    ],
)
def test_bad_saves_are_refused_and_untouched(sandbox, tmp_path, mangle, message):
    path = save_game(half_played(sandbox), tmp_path / "bad.toml")
    path.write_bytes(mangle(path.read_bytes()))
    before = _digest(path)
    with pytest.raises(SaveError) as err:
        load_game(path)
    assert message in str(err.value)
    assert _digest(path) == before


def test_missing_save(tmp_path):
    with pytest.raises(SaveError, match="cannot read the save"):
        read_save(tmp_path / "nope.toml")


def test_atomic_write_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "save.toml"
    write_atomic(path, b"old")

    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["save.toml"]


def test_replay_verify_command(sandbox, tmp_path, capsys):
    from game.cli import main

    path = save_game(half_played(sandbox), tmp_path / "g.toml")
    assert main(["replay", str(path), "--verify"]) == 0
    assert "reproduces exactly" in capsys.readouterr().out
    path.write_bytes(path.read_bytes().replace(b"seed = 4", b"seed = 6"))
    assert main(["replay", str(path), "--verify"]) == 1
    assert "does NOT reproduce" in capsys.readouterr().err
