"""`drawdown sim`: bots play many games; results are identical whatever the number of jobs."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import files
from ..engine import Game
from ..errors import ContentError, UsageError
from ..files import WriteProblem
from ..model import log
from ..model.content import World
from ..model.orders import OrdersFile
from ..model.saved import SimGame
from ..orders_file import load_orders
from ..saves import save_game
from ..worlds import load_world
from .policies import MAIN_POLICIES, POLICIES, drive
from .workers import ordered_map

WIN_GRADES = ("A", "B", "C")


def one_game(
    world: World,
    seed: int,
    policy: str,
    choices: str | None = None,
    orders: OrdersFile | None = None,
    path: str = "orders",
    save_to: Path | None = None,
    ref: str | None = None,
) -> SimGame:
    """One bot game's summary, with what the balance report needs; with `save_to`, the game is
    also saved there (a normal save: play --load, replay, report), named by scenario, policy and
    seed."""
    game = Game(world, seed)
    refused = drive(game, POLICIES[policy](game, seed, choices), orders, path)
    saved = None
    if save_to is not None:
        name = save_to / f"{world.scenario.id}-{policy}-{seed}.toml"
        saved = str(save_game(game, name, ref=ref or world.scenario.id))
    st = game.state
    # The sites to close (those that stay open are not expected to, so never "late").
    staying = game.staying()
    closing = [(sid, s) for sid, s in sorted(st.sites.items()) if s.closable and sid not in staying]
    return SimGame(
        **dict(game.summary()),
        save=saved,
        orders_refused=refused if orders is not None else None,
        events_fired=sorted(st.fired),
        # The option each event took (the branch this game explored), from the typed log.
        choices={e.data.event: e.data.choice for e in st.log if isinstance(e.data, log.ChoiceMade)},
        closures={sid: (s.closed_on.isoformat() if s.closed_on else None) for sid, s in closing},
        targets={sid: (s.target_date.isoformat() if s.target_date else None) for sid, s in closing},
    )


def _worker(
    args: tuple[str, int, str, str | None, str | None, str | None],
) -> SimGame:
    ref, seed, policy, choices, orders, save_dir = args
    script = _orders_cache(orders) if orders else None
    folder = Path(save_dir) if save_dir else None
    return one_game(
        _world_cache(ref), seed, policy, choices, script, orders or "orders", folder, ref
    )


_CACHE: dict[str, World] = {}
_ORDERS: dict[str, OrdersFile] = {}


def _orders_cache(path: str) -> OrdersFile:
    if path not in _ORDERS:
        _ORDERS[path] = load_orders(Path(path))
    return _ORDERS[path]


def _world_cache(ref: str) -> World:
    if ref not in _CACHE:
        _CACHE[ref] = load_world(ref)
    return _CACHE[ref]


def run_games(
    ref: str,
    policy: str,
    runs: int,
    seed: int,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    choices: str | None = None,
    orders: str | None = None,
    save_dir: str | None = None,
) -> list[SimGame]:
    """Play `runs` games with seeds seed, seed+1, ...; sorted by seed whatever `jobs` is."""
    if jobs > 1:
        # Loaded here once, before the workers start: forked workers inherit the world (and the
        # orders) instead of each loading and validating them again before its first game.
        _world_cache(ref)
        if orders:
            _orders_cache(orders)
    tasks = (  # drawn lazily
        (ref, seed + i, policy, choices, orders, save_dir) for i in range(runs)
    )
    results: list[SimGame] = []
    for r in ordered_map(_worker, tasks, jobs):
        results.append(r)
        if progress:
            progress(len(results), runs)
    return sorted(results, key=lambda s: s.seed)


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


def _on_time(game: SimGame, sid: str) -> bool:
    """Did this game close the site by its own target date?"""
    closed, target = game.closures.get(sid), game.targets.get(sid)
    return closed is not None and (target is None or closed <= target)


def _closure_spread(games: list[SimGame]) -> dict[str, dict[str, Any]]:
    """Per site: earliest, median and latest closure date, and how many games never closed it."""
    out: dict[str, dict[str, Any]] = {}
    sites = sorted({sid for g in games for sid in g.closures})
    for sid in sites:
        dates = sorted(d for g in games if (d := g.closures.get(sid)))
        never = sum(1 for g in games if not g.closures.get(sid))
        target = next((t for g in games if (t := g.targets.get(sid))), None)
        on_time = sum(
            1 for g in games if (d := g.closures.get(sid)) and (target is None or d <= target)
        )
        out[sid] = {
            "target": target,
            "earliest": dates[0] if dates else None,
            "median": dates[len(dates) // 2] if dates else None,
            "latest": dates[-1] if dates else None,
            "never": never,
            "on_time_rate": round(on_time / len(games), 4) if games else 0.0,
        }
    return out


def summarize(games: list[SimGame]) -> dict[str, Any]:
    n = len(games)
    fired = Counter(e for g in games for e in g.events_fired)
    late = Counter(sid for g in games for sid in g.closures if not _on_time(g, sid))
    return {
        "win_rate": round(sum(1 for g in games if g.grade in WIN_GRADES) / n, 4) if n else 0.0,
        "grades": dict(sorted(Counter(g.grade for g in games).items())),
        "score": _dist([g.score for g in games]),
        "killed": _dist([g.personnel.killed for g in games]),
        "wounded": _dist([g.personnel.wounded for g in games]),
        "withdrawn": _dist([g.personnel.withdrawn for g in games]),
        "containers_repatriated": _dist([g.containers.repatriated for g in games]),
        "containers_handed_over": _dist([g.containers.handed_over for g in games]),
        "containers_destroyed": _dist([g.containers.destroyed for g in games]),
        "containers_lost": _dist([g.containers.lost for g in games]),
        "sites_closed_on_time": _dist([g.sites.closed_on_time for g in games]),
        "sites_seized": _dist([g.sites.seized for g in games]),
        "events_fired": {k: round(v / n, 4) for k, v in sorted(fired.items())},
        "site_late_rate": {k: round(v / n, 4) for k, v in sorted(late.items())},
        "closures": _closure_spread(games),
        "branches": branches(games),
    }


def branches(games: list[SimGame]) -> dict[str, dict[str, dict[str, float]]]:
    """Per event and option taken: how many games took it, their mean score and win rate (with
    `--choices all`, every branch of every choice)."""
    taken: dict[str, dict[str, list[SimGame]]] = {}
    for g in games:
        for event, option in g.choices.items():
            taken.setdefault(event, {}).setdefault(option, []).append(g)
    return {
        event: {
            option: {
                "games": len(gs),
                "mean_score": round(statistics.fmean(x.score for x in gs), 3),
                "win_rate": round(sum(1 for x in gs if x.grade in WIN_GRADES) / len(gs), 4),
            }
            for option, gs in sorted(options.items())
        }
        for event, options in sorted(taken.items())
    }


def _games_named(games: list[tuple[str, SimGame]], limit: int = 3) -> str:
    """' — e.g. cautious seed 3 (saved as PATH), …': the games behind a warning (each with the
    policy that played it), to open."""
    if not games:
        return ""
    named = [
        f"{policy} seed {g.seed}" + (f" ({g.save})" if g.save else "")
        for policy, g in games[:limit]
    ]
    more = f" and {len(games) - limit} more" if len(games) > limit else ""
    return " — e.g. " + ", ".join(named) + more


def warnings_for(
    world: World,
    summaries: dict[str, dict[str, Any]],
    games: dict[str, list[SimGame]] | None = None,
) -> list[str]:
    """What an author should look at: unwinnable or trivial play, sites nobody closes on time,
    events that never fire; with the games, each warning names some games behind it (the best
    of a policy that never wins, the ones that missed a site's date)."""
    out: list[str] = []
    names = {s.id: s.name for s in world.theatre.sites}
    played = [(p, g) for p, gs in (games or {}).items() for g in gs]
    for policy, s in summaries.items():
        if policy == "random" and s["win_rate"] >= 0.5:
            out.append(f"random wins {s['win_rate']:.0%} of games: the scenario may be too easy")
        if policy != "random" and s["win_rate"] == 0:
            best = sorted((pg for pg in played if pg[0] == policy), key=lambda pg: -pg[1].score)
            out.append(f"{policy} never wins (grade C or better){_games_named(best, 1)}")
    if "cautious" in summaries and "random" in summaries:
        if summaries["cautious"]["score"]["median"] <= summaries["random"]["score"]["median"]:
            out.append("cautious play does no better than random orders")
    sites = sorted({sid for s in summaries.values() for sid in s["closures"]})
    for sid in sites:
        spreads = [s["closures"][sid] for s in summaries.values() if sid in s["closures"]]
        if spreads and spreads[0]["target"] and all(sp["on_time_rate"] == 0 for sp in spreads):
            who = (
                "no policy closes"
                if len(summaries) > 1
                else f"policy {next(iter(summaries))} never closes"
            )
            late = [pg for pg in played if not _on_time(pg[1], sid)]
            out.append(
                f"{who} {names.get(sid, sid)} by its target date ({spreads[0]['target']})"
                + _games_named(late)
            )
    held = {e.id for e in world.scenario.events if e.held}
    for event in world.scenario.events:
        if event.id in held:
            continue
        if all(event.id not in s["events_fired"] for s in summaries.values()):
            out.append(f"event {event.id!r} never fires")
    return out


def _progress_printer() -> Callable[[int, int], None]:
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

    return progress


def cmd_sim(args: argparse.Namespace) -> int:
    if args.policy != "all" and args.policy not in POLICIES:
        raise UsageError(
            f"unknown policy {args.policy!r} (choose from {', '.join(sorted(POLICIES))}, or all)"
        )
    orders = getattr(args, "orders", None)
    choices = getattr(args, "choices", None)
    try:
        world = load_world(args.scenario)
        if orders:
            # a bad orders file, or one dated inside a turn: PATH:LINE: message, exit 1
            _ORDERS[orders] = load_orders(Path(orders), world)
    except ContentError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        return 1
    _CACHE[args.scenario] = world
    save_dir = getattr(args, "save_dir", None)
    if save_dir:
        try:
            files.make_folder(save_dir)  # made before playing: a folder that cannot be, exit 1
        except WriteProblem as err:
            print(f"drawdown: {err}", file=sys.stderr)
            return 1
    show = not args.no_progress and sys.stderr.isatty()
    policies = list(MAIN_POLICIES) if args.policy == "all" else [args.policy]
    games: dict[str, list[SimGame]] = {}
    for policy in policies:
        if show and len(policies) > 1:
            print(f"{policy}:", file=sys.stderr)
        games[policy] = run_games(
            args.scenario,
            policy,
            args.runs,
            args.seed,
            args.jobs,
            _progress_printer() if show else None,
            choices,
            orders,
            save_dir,
        )
    summaries = {policy: summarize(g) for policy, g in games.items()}
    result: dict[str, Any] = {
        "scenario": world.scenario.id,
        "policy": args.policy,
        "runs": args.runs,
        "seed": args.seed,
        "choices": choices or "policy",
        "orders": orders,
    }
    if args.policy == "all":
        result["summary"] = summaries
        result["games"] = [{"policy": p, **g.to_json()} for p in policies for g in games[p]]
    else:
        result["summary"] = summaries[args.policy]
        result["games"] = [g.to_json() for g in games[args.policy]]
    result["warnings"] = warnings_for(world, summaries, games)
    refused = [(g.seed, g.orders_refused) for gs in games.values() for g in gs if g.orders_refused]
    if refused:
        seed, lines = refused[0]
        result["warnings"].append(
            f"orders from {orders} were refused or skipped in {len(refused)} game(s); "
            f"seed {seed}: {lines[0]}"
        )
    if args.json:
        print(json.dumps(result))
        return 0
    print(report_text(world, args, summaries, result["warnings"]))
    return 0


def report_text(
    world: World,
    args: argparse.Namespace,
    summaries: dict[str, dict[str, Any]],
    warnings: list[str],
) -> str:
    """The balance report as text: one column per policy."""
    policies = list(summaries)
    last = args.seed + args.runs - 1
    lines = [f"{world.scenario.id}: {args.runs} games per policy, seeds {args.seed}..{last}", ""]
    width = max(12, *(len(p) + 2 for p in policies))
    lines.append(f"{'':<28}" + "".join(f"{p:>{width}}" for p in policies))
    lines.append(
        f"{'win rate (grade C or better)':<28}"
        + "".join(f"{summaries[p]['win_rate']:>{width}.0%}" for p in policies)
    )
    rows = [
        ("score", "score"),
        ("killed", "killed"),
        ("wounded", "wounded"),
        ("people withdrawn", "withdrawn"),
        ("containers home", "containers_repatriated"),
        ("containers handed over", "containers_handed_over"),
        ("containers destroyed", "containers_destroyed"),
        ("containers lost", "containers_lost"),
        ("sites closed on time", "sites_closed_on_time"),
        ("sites seized", "sites_seized"),
    ]
    for label, key in rows:
        lines.append(
            f"{label + ' (median)':<28}"
            + "".join(f"{summaries[p][key]['median']:>{width}g}" for p in policies)
        )
    lines += ["", "Closure dates (earliest / median / latest; target):"]
    names = {s.id: s.name for s in world.theatre.sites}
    first = summaries[policies[0]]["closures"]
    for sid in first:
        for p in policies:
            c = summaries[p]["closures"][sid]
            span = (
                f"{c['earliest']} / {c['median']} / {c['latest']}"
                if c["earliest"]
                else "never closed"
            )
            never = f", never in {c['never']} games" if c["never"] and c["earliest"] else ""
            lines.append(
                f"  {names.get(sid, sid)[:24]:<24} {p:<11} {span}; target {c['target'] or '—'}"
                f"; on time {c['on_time_rate']:.0%}{never}"
            )
    if getattr(args, "choices", None) == "all":
        lines += ["", "Branches (option taken: games, mean score, win rate):"]
        for p in policies:
            for event, options in summaries[p]["branches"].items():
                for option, b in options.items():
                    lines.append(
                        f"  {p:<11} {event:<28} {option:<20} {b['games']:>3} games  "
                        f"score {b['mean_score']:5.1f}  wins {b['win_rate']:.0%}"
                    )
    lines += ["", "Events fired (share of games):"]
    for event in world.scenario.events:
        shares = " ".join(
            f"{p} {summaries[p]['events_fired'].get(event.id, 0):.0%}" for p in policies
        )
        lines.append(f"  {event.id:<32} {shares}")
    lines += ["", "Warnings:" if warnings else "Warnings: none"]
    lines += [f"  - {w}" for w in warnings]
    return "\n".join(lines)
