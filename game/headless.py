"""Headless commands: list scenarios, run a scripted game from an orders file, replay a save."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .content import catalogue
from .engine import Game
from .errors import ContentError
from .model.saved import GameSummary
from .orders_file import load_orders, play_orders
from .worlds import load_world

DEFAULT_SEED = 1


def print_problems(err: ContentError) -> int:
    for p in err.problems:
        print(p, file=sys.stderr)
    return 1


def cmd_scenarios(args: argparse.Namespace) -> int:
    rows = catalogue()
    width = max((len(r.id) for r in rows), default=2)
    for r in rows:
        print(f"{r.id:<{width}}  {r.start} → {r.deadline}  {r.title} — {r.summary}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    try:
        world = load_world(args.scenario)
        orders = load_orders(Path(args.orders), world)
    except ContentError as err:
        return print_problems(err)
    # imported when needed: training and saving stay out of a plain run's start-up
    from .training.exercises import default_seed

    seed = default_seed(args.scenario, DEFAULT_SEED) if args.seed is None else args.seed
    game = Game(world, seed)
    refused = play_orders(game, orders, args.orders)
    for line in refused:
        print(line, file=sys.stderr)
    summary = game.summary()
    # The result is shown before anything is written: a save that cannot go loses nothing.
    if args.json:
        print(json.dumps(summary.model_dump(mode="json"), sort_keys=False), flush=True)
    else:
        print(format_summary(summary), flush=True)
    return write_outputs(game, args)


def write_outputs(game: Game, args: argparse.Namespace) -> int:
    """The results file (exercises, trainees) and the save (--save); 1 if either could not go."""
    # imported when needed: training and saving stay out of a plain run's start-up
    from .files import WriteProblem
    from .training.after_game import results_after_game

    code = 0
    try:
        path = results_after_game(
            game, args.scenario, getattr(args, "trainee", None), getattr(args, "saves", None)
        )
        if path is not None:
            print(f"results: {path}", file=sys.stderr)
    except WriteProblem as err:
        print(f"drawdown: the results file was not written: {err}", file=sys.stderr)
        code = 1
    if args.save:
        # imported when needed: training and saving stay out of a plain run's start-up
        from .saves import save_game

        trainee = getattr(args, "trainee", None)
        # The trainee's name travels with the save, so its review names them too.
        try:
            save_game(
                game,
                Path(args.save),
                ref=args.scenario,
                extra={"trainee": trainee} if trainee else None,
            )
        except WriteProblem as err:
            print(f"drawdown: the game was not saved: {err}", file=sys.stderr)
            code = 1
    return code


def format_summary(s: GameSummary) -> str:
    p, c, sites = s.personnel, s.containers, s.sites
    return "\n".join(
        [
            f"{s.scenario} (seed {s.seed}) — ended {s.final_date} ({s.end_reason or 'in progress'})",
            f"People:     {p.withdrawn} of {p.total} out; {p.remaining} remain; "
            f"{p.killed} killed, {p.wounded} wounded",
            f"Containers: {c.repatriated} home, {c.handed_over} handed over, {c.destroyed} destroyed, "
            f"{c.lost} lost, {c.remaining} remain (of {c.total})",
            f"Sites:      {sites.closed} of {sites.total} closed, {sites.closed_on_time} on time, "
            f"{sites.seized} seized",
            f"Relations:  {s.host_relations:.0f}",
            f"Score:      {s.score:.1f}  grade {s.grade}",
            f"Digest:     {s.digest}",
        ]
    )


def cmd_replay(args: argparse.Namespace) -> int:
    # imported when needed: training and saving stay out of a plain run's start-up
    from .saves import SaveError, load_game

    try:
        game, info = load_game(args.save, check_digest=False)
    except SaveError as err:
        print(f"drawdown: {err}", file=sys.stderr)
        return 1
    digest = game.digest()
    if args.verify:
        if digest != info.digest:
            print(
                f"{args.save}: does NOT reproduce: replay gives {digest}, save says {info.digest}",
                file=sys.stderr,
            )
            return 1
        print(f"{args.save}: reproduces exactly (day {game.state.day}, digest {digest})")
        return 0
    for entry in game.state.log:
        print(f"{game.date_of(entry.day)}  {entry.kind:<9} {entry.text}")
    print(format_summary(game.summary()))
    return 0
