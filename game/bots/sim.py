"""`drawdown sim`: bots play many games; results are identical whatever the number of jobs."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from ..content import ContentError, load_world
from ..model.content import World
from .policies import POLICIES, play

WIN_GRADES = ("A", "B", "C")


def one_game(world: World, seed: int, policy: str) -> dict[str, Any]:
    game = play(world, seed, policy)
    summary = game.summary()
    st = game.state
    summary["events_fired"] = sorted(st.fired)
    summary["closures"] = {
        sid: (s.closed_on.isoformat() if s.closed_on else None)
        for sid, s in sorted(st.sites.items())
        if s.closable
    }
    summary["targets"] = {
        sid: (s.target_date.isoformat() if s.target_date else None)
        for sid, s in sorted(st.sites.items())
        if s.closable
    }
    return summary


def _worker(args: tuple[str, int, str]) -> dict[str, Any]:
    ref, seed, policy = args
    return one_game(_world_cache(ref), seed, policy)


_CACHE: dict[str, World] = {}


def _world_cache(ref: str) -> World:
    if ref not in _CACHE:
        _CACHE[ref] = load_world(ref)
    return _CACHE[ref]


def run_games(
    ref: str, policy: str, runs: int, seed: int, jobs: int = 1, progress=None
) -> list[dict[str, Any]]:
    """Play `runs` games with seeds seed, seed+1, ...; sorted by seed whatever `jobs` is."""
    tasks = [(ref, seed + i, policy) for i in range(runs)]
    results: list[dict[str, Any]] = []
    if jobs <= 1:
        for t in tasks:
            results.append(_worker(t))
            if progress:
                progress(len(results), runs)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for r in pool.map(_worker, tasks, chunksize=max(1, runs // (jobs * 4))):
                results.append(r)
                if progress:
                    progress(len(results), runs)
    return sorted(results, key=lambda s: s["seed"])


def _dist(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    return {
        "min": ordered[0],
        "p10": ordered[max(0, int(len(ordered) * 0.1) - 0)],
        "median": statistics.median(ordered),
        "mean": round(statistics.fmean(ordered), 3),
        "p90": ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))],
        "max": ordered[-1],
    }


def summarize(games: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(games)
    fired = Counter(e for g in games for e in g["events_fired"])
    late: Counter[str] = Counter()
    for g in games:
        for sid, closed in g["closures"].items():
            target = g["targets"].get(sid)
            if closed is None or (target is not None and closed > target):
                late[sid] += 1
    return {
        "win_rate": round(sum(1 for g in games if g["grade"] in WIN_GRADES) / n, 4) if n else 0.0,
        "grades": dict(sorted(Counter(g["grade"] for g in games).items())),
        "score": _dist([g["score"] for g in games]),
        "killed": _dist([g["personnel"]["killed"] for g in games]),
        "wounded": _dist([g["personnel"]["wounded"] for g in games]),
        "withdrawn": _dist([g["personnel"]["withdrawn"] for g in games]),
        "containers_repatriated": _dist([g["containers"]["repatriated"] for g in games]),
        "containers_destroyed": _dist([g["containers"]["destroyed"] for g in games]),
        "containers_lost": _dist([g["containers"]["lost"] for g in games]),
        "sites_closed_on_time": _dist([g["sites"]["closed_on_time"] for g in games]),
        "sites_seized": _dist([g["sites"]["seized"] for g in games]),
        "events_fired": {k: round(v / n, 4) for k, v in sorted(fired.items())},
        "site_late_rate": {k: round(v / n, 4) for k, v in sorted(late.items())},
    }


def cmd_sim(args: argparse.Namespace) -> int:
    from ..cli import UsageError

    if args.policy not in POLICIES:
        raise UsageError(
            f"unknown policy {args.policy!r} (choose from {', '.join(sorted(POLICIES))})"
        )
    try:
        world = load_world(args.scenario)
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        return 1
    _CACHE[args.scenario] = world
    show = not args.no_progress and sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
            end="",
            file=sys.stderr,
            flush=True,
        )
        if done == total:
            print(file=sys.stderr)

    games = run_games(
        args.scenario, args.policy, args.runs, args.seed, args.jobs, progress if show else None
    )
    result = {
        "scenario": world.scenario.id,
        "policy": args.policy,
        "runs": args.runs,
        "seed": args.seed,
        "summary": summarize(games),
        "games": games,
    }
    if args.json:
        print(json.dumps(result))
        return 0
    s = result["summary"]
    print(
        f"{world.scenario.id}: {args.runs} games, policy {args.policy}, seeds {args.seed}..{args.seed + args.runs - 1}"
    )
    print(f"  win rate (grade C or better): {s['win_rate']:.0%}   grades {s['grades']}")
    for key in (
        "score",
        "killed",
        "wounded",
        "withdrawn",
        "containers_repatriated",
        "containers_destroyed",
        "containers_lost",
        "sites_closed_on_time",
        "sites_seized",
    ):
        d = s[key]
        print(f"  {key:<24} median {d['median']:>8}  min {d['min']:>8}  max {d['max']:>8}")
    if s["site_late_rate"]:
        print(
            "  sites closed late or never: "
            + ", ".join(f"{k} {v:.0%}" for k, v in s["site_late_rate"].items())
        )
    never = [e.id for e in world.scenario.events if e.id not in s["events_fired"] and not e.held]
    if never:
        print("  events that never fired: " + ", ".join(never))
    return 0
