"""`drawdown` and `drawdown play`: check the scenario or save first (printing problems, exit 1),
then start the terminal game."""

from __future__ import annotations

import argparse
import gc
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .app import DrawdownApp


def prepare(args: argparse.Namespace) -> tuple[DrawdownApp | None, int | None]:
    """(app, None) ready to run, or (None, exit code) after printing what is wrong.

    Everything made here (Textual, the content models, the scenario) lives as long as the
    program, so the cycle collector is kept off while it is built and then told to leave it
    alone (gc.freeze): a full collection otherwise walks all of it, ~0.1 s, and landed on
    the odd keypress as a 100 ms stall."""
    gc.disable()
    try:
        return _prepare(args)
    finally:
        gc.freeze()
        gc.enable()


def _prepare(args: argparse.Namespace) -> tuple[DrawdownApp | None, int | None]:
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    from ..files import WriteProblem
    from ..saves import saves_dir
    from .app import DrawdownApp

    saves = getattr(args, "saves", None)
    try:
        saves_dir(saves)  # a saves folder that cannot be made is said here, not in the menu
    except WriteProblem as err:
        print(f"drawdown: no place for saves: {err}", file=sys.stderr)
        return None, 1
    scenario = getattr(args, "scenario", None)
    load = getattr(args, "load", None)
    trainee = getattr(args, "trainee", None)
    if load and getattr(args, "watch", False):
        return load_watched(load, scenario, saves, trainee)
    if load:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..saves import SaveError, load_game

        try:
            game, info = load_game(load)
        except SaveError as err:
            print(f"drawdown: {err}", file=sys.stderr)
            return None, 1
        return DrawdownApp(game, info.scenario, saves=saves, trainee=trainee), None
    if scenario:
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from ..content import resolve_scenario
        from ..engine import Game
        from ..errors import ContentError
        from ..worlds import load_world

        try:
            world = load_world(scenario)
            watch = str(resolve_scenario(scenario)) if getattr(args, "watch", False) else None
        except ContentError as err:
            for problem in err.problems:
                print(problem, file=sys.stderr)
            return None, 1
        seed = getattr(args, "seed", None)
        if seed is None:
            # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
            from ..training.exercises import default_seed

            # An exercise plays with its own seed, so a whole class gets the same game.
            seed = default_seed(scenario, random.randrange(1, 100_000))
        return DrawdownApp(
            Game(world, seed), scenario, saves=saves, watch=watch, trainee=trainee
        ), None
    return DrawdownApp(saves=saves, trainee=trainee), None


def load_watched(
    load: str, scenario: str | None, saves: str | None, trainee: str | None
) -> tuple[DrawdownApp | None, int | None]:
    """`play --load SAVE --watch`: the save goes on, and the scenario (or exercise) it was
    played from is followed as `play FILE --watch` follows it. A save made with content edited
    since is played again on the content as it is now, as a reload would (its orders that the
    content refuses are refused, and said); a save that its own content does not reproduce is
    refused as without --watch."""
    # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
    from ..content import resolve_scenario
    from ..errors import ContentError
    from ..saves import SaveError, load_game, read_save
    from ..training.replay import replay_onto
    from ..worlds import load_world
    from .app import DrawdownApp
    from .controllers.live_reload import rebased_lines

    try:
        info = read_save(load)
    except SaveError as err:
        print(f"drawdown: {err}", file=sys.stderr)
        return None, 1
    try:
        named = resolve_scenario(scenario) if scenario else None
        path = resolve_scenario(info.scenario)
        world = load_world(info.scenario)
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return None, 1
    if named is not None and named.resolve() != path.resolve():
        print(
            f"drawdown play: {load} was played from {info.scenario}, not {scenario}: "
            "--load --watch follows the save's own scenario (leave SCENARIO out)",
            file=sys.stderr,
        )
        return None, 2
    told: list[str] = []
    if world.content_hash == info.content_hash:
        try:
            game, info = load_game(load)
        except SaveError as err:
            print(f"drawdown: {err}", file=sys.stderr)
            return None, 1
    else:
        rebased = replay_onto(world, info.seed, info.record, None)
        game = rebased.game
        head = (
            f"{path.name} (or a file it uses) changed since {Path(load).name} was saved: the "
            f"save's orders were played again on it as it is now, to day {game.state.day} "
            f"({game.state.date:%-d %b}), seed {game.seed}"
        )
        told = rebased_lines(
            head,
            rebased,
            stop="It now first refuses an order of the save",
            later="later order(s) are refused too",
        )
    return DrawdownApp(
        game, info.scenario, saves=saves, watch=str(path), trainee=trainee, told=told
    ), None


def cmd_play(args: argparse.Namespace) -> int:
    app, code = prepare(args)
    if app is None:
        return code if code is not None else 1
    app.run()
    return 0
