"""TUI benchmarks: start-up time against a minimal Textual app, the advance-day redraw, peak memory.

    .venv/bin/python bench/tui.py [--reps 7] [--campaign drawdown-2023]

Each start-up is a fresh process (imports included) that exits at the first frame by which its
whole first screen has been painted: for Drawdown, the complete game screen of `play sandbox
--seed 1` (status bar with the date, map, sites table); for the baseline, a one-label Textual app
started the same way. Both are headless with the same frame probe (see PROBE). Figures are medians.
Then one process plays a whole campaign key by key (default drawdown-2023) for the advance-day
redraw and the peak memory (DESIGN.md: <= 1.3x, <= 16 ms at the 90th percentile, <= 60 MiB),
with the campaign's content cache warm like the start-up's (a first game of that scenario, with
the cache cold, is played before it and its peak memory given too).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Both programs run with the same probe: every frame the app would send to the terminal is
# rendered to text (as a real terminal's driver does; headless Textual skips that step), and the
# program exits at the first frame by which everything it must show has been painted. For
# Drawdown that is the COMPLETE game screen: the status bar (date and the people out), the map
# (a site's label) and the sites table (its header and last row).
PROBE = """
import re, resource, sys, time
START = time.perf_counter()
_CONTROL = re.compile(r"\\x1b\\[[0-9;?]*[A-Za-z]")

def exit_when_painted(app, marks):
    shown = []
    display = app._display

    def probe(screen, renderable):
        display(screen, renderable)
        if renderable is None or not hasattr(renderable, "render_segments"):
            return
        shown.append(_CONTROL.sub("\\n", renderable.render_segments(app.console)))
        if all(any(m in frame for frame in shown) for m in marks):
            app._display = display
            print(f"first complete frame {time.perf_counter() - START:.4f}", file=sys.stderr)
            app.exit()

    app._display = probe
"""

BASELINE = (
    PROBE
    + """
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("hello")

app = Minimal()
exit_when_painted(app, ["hello"])
app.run(headless=True, size=(100, 30))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
)

DRAWDOWN = (
    PROBE
    + """
import tempfile
from game.cli import build_parser
from game.ui.launch import prepare

saves = tempfile.mkdtemp()
app, _ = prepare(build_parser().parse_args(["--saves", saves, "play", "sandbox", "--seed", "1"]))
exit_when_painted(
    app, ["Tue 1 Aug 2023", "out 0/310 people", "Timbuktu 90", "Site ", "Labbezanga bord"]
)
app.run(headless=True, size=(100, 30))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
)

BASELINE_KEYS = """
import asyncio, statistics, time
from textual.app import App
from textual.widgets import Footer, Static

class Minimal(App):
    BINDINGS = [("n", "bump", "Bump")]
    def compose(self):
        yield Static("0", id="s")
        yield Footer()
    def action_bump(self):
        self.query_one("#s").update(str(time.perf_counter()))

async def main():
    app = Minimal()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        trips = []
        for _ in range(20):
            t0 = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            trips.append(time.perf_counter() - t0)
    print(statistics.median(trips) * 1000)

asyncio.run(main())
"""

WHOLE_GAME = """
import collections, functools, resource, statistics, sys, tempfile, time, json
from game.cli import build_parser
from game.ui.launch import prepare

saves = tempfile.mkdtemp()
app, _ = prepare(build_parser().parse_args(["--saves", saves, "play", sys.argv[1], "--seed", "1"]))
timings = []
cpu = []
phases = []
full = []
trips = []
display = app._display

def painted(screen, renderable):
    # headless Textual skips writing the frame: render it to terminal text, as a terminal's
    # driver would, so the frame's whole cost is counted
    display(screen, renderable)
    if renderable is not None and hasattr(renderable, "render_segments"):
        t = time.thread_time()
        renderable.render_segments(app.console)
        spent["terminal text"] += time.thread_time() - t

app._display = painted
spent = collections.Counter()  # CPU seconds per phase of the key being measured
wall = collections.Counter()  # wall-clock seconds of the frame's phases
depth = collections.Counter()  # a phase nested in itself (a layout pass paints) counts once

def timed(phase, method):
    @functools.wraps(method)  # Textual counts a watcher's parameters
    def run(*args, **kwargs):
        if depth[phase]:
            return method(*args, **kwargs)
        depth[phase] += 1
        t, c = time.perf_counter(), time.thread_time()
        try:
            return method(*args, **kwargs)
        finally:
            depth[phase] -= 1
            wall[phase] += time.perf_counter() - t
            spent[phase] += time.thread_time() - c
    return run

async def auto(pilot):
    from textual.widget import Widget
    from game.engine import Game
    from game.ui.screens.game import GameScreen
    while not isinstance(pilot.app.screen, GameScreen):
        await pilot.pause(0.001)
    await pilot.pause()
    screen = pilot.app.screen
    # The frame's work: Textual paints on its screen-update timer (paced at 60 fps); time what
    # the screen does when it fires (layout if needed, the changed widgets, the terminal text).
    screen._refresh_layout = timed("layout", screen._refresh_layout)
    screen._compositor_refresh = timed("frame", screen._compositor_refresh)
    Game.advance = timed("engine", Game.advance)
    render_lines = Widget.render_lines

    def rendered(self, crop):  # per widget class, in the game screen's frame: its own lines
        if not (depth["frame"] or depth["layout"]) or self.screen is not screen:
            return render_lines(self, crop)
        t = time.thread_time()
        try:
            return render_lines(self, crop)
        finally:
            spent["render " + type(self).__name__] += time.thread_time() - t

    Widget.render_lines = rendered
    while not screen.game.finished:
        if pilot.app.screen is not screen:   # a decision dialog: leave it for the default
            await pilot.press("escape")
            continue
        day = screen.game.state.day
        # the key's work up to the repainted screen: the action (engine, every bound widget)
        # then the next frame as Textual paints it; the pacing wait between them (up to one
        # frame) is not work and is left out; the autosave follows the frame (after_turn).
        # CPU time too: on a shared machine the wall clock also counts other processes' turns.
        spent.clear()
        wall.clear()
        t0, c0 = time.perf_counter(), time.thread_time()
        screen.action_next_day()
        action = time.perf_counter() - t0
        spent["action"] = time.thread_time() - c0
        await pilot.pause()
        timings.append(action + wall["layout"] + wall["frame"])
        cpu.append(spent["action"] + spent["layout"] + spent["frame"])
        phases.append(dict(spent))
        # worst case: the whole screen laid out and rendered again (what a resize costs)
        t0 = time.perf_counter()
        screen._refresh_layout()
        screen._compositor.render_strips()
        full.append(time.perf_counter() - t0)
        await pilot.pause()
        # the same key through the pilot, round trip (includes the pilot's own waits)
        if not screen.game.finished and pilot.app.screen is screen:
            t0 = time.perf_counter()
            await pilot.press("n")
            await pilot.pause()
            trips.append(time.perf_counter() - t0)
        assert screen.game.state.day != day or screen.game.finished
    pilot.app.exit()

app.run(headless=True, size=(100, 40), auto_pilot=auto)
print(json.dumps({"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "timings": timings, "cpu": cpu, "phases": phases, "full": full, "trips": trips}))
"""


def pct90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.9)]


def report_day_key(data: dict[str, Any]) -> None:
    """The advance-day key: wall and CPU time per key, and where a key's CPU time goes (per
    phase, on all keys and on the slowest tenth by the wall clock)."""
    ms = [t * 1000 for t in data["timings"]]
    print(
        f"advance-day key to repainted frame: median {statistics.median(ms):.1f} ms, "
        f"90th pct {pct90(ms):.1f} ms, max {max(ms):.1f} ms over {len(ms)} days"
        "   (target <= 16 ms)"
    )
    cpu = [t * 1000 for t in data["cpu"]]
    print(
        f"  the same keys in CPU time (this process's own work): median "
        f"{statistics.median(cpu):.1f} ms, 90th pct {pct90(cpu):.1f} ms, max {max(cpu):.1f} ms"
    )
    phases = data["phases"]
    slow_cut = pct90(ms)
    slow = [p for p, t in zip(phases, ms, strict=True) if t >= slow_cut]

    def mean(rows: list[dict[str, float]], key: str) -> float:
        return sum(r.get(key, 0.0) for r in rows) / max(1, len(rows)) * 1000

    names = sorted({k for p in phases for k in p}, key=lambda k: -mean(phases, k))
    print("  where a key's CPU time goes (mean ms per key: all keys | slowest tenth):")
    for name in ("action", "engine", "layout", "frame", "terminal text"):
        if name in names:
            print(f"    {name:<28} {mean(phases, name):6.2f} | {mean(slow, name):6.2f}")
    renders = [n for n in names if n.startswith("render ")]
    for name in renders[:8]:
        print(f"    {name:<28} {mean(phases, name):6.2f} | {mean(slow, name):6.2f}")
    print(
        "    (action: the engine and every bound widget; frame: the compositor with the widgets'"
        " renders and the terminal text; layout: a reflow, which paints a frame itself)"
    )


# Bytecode caching on (an installed game has its .pyc files), a throwaway content cache, warmed by
# the first run as a player's first game warms theirs.
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def env_for(root: Path) -> dict[str, str]:
    return BASE_ENV | {
        "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="drawdown-bench-cache-"),
        "PYTHONPATH": str(root),
    }


ENV = env_for(ROOT)


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(code: str, *args: str, root: Path = ROOT, env: dict[str, str] = ENV) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
        env=env,
    )
    return time.perf_counter() - t0, proc.stdout.strip().splitlines()[-1]


class Starts:
    """Start-ups of one program from one checkout: wall time, CPU time, peak RSS."""

    def __init__(self, code: str, root: Path = ROOT) -> None:
        self.code, self.root = code, root
        self.env = ENV if root == ROOT else env_for(root)
        self.wall: list[float] = []
        self.cpu: list[float] = []  # CPU seconds per process: less shaken by a busy machine
        self.rss_kib = 0
        run(code, root=root, env=self.env)  # warm the file cache and the content cache

    def once(self) -> None:
        c0 = cpu_of_children()
        t, rss = run(self.code, root=self.root, env=self.env)
        self.wall.append(t)
        self.cpu.append(cpu_of_children() - c0)
        self.rss_kib = max(self.rss_kib, int(rss))

    def line(self, label: str) -> str:
        wall, cpu = statistics.median(self.wall), statistics.median(self.cpu)
        return (
            f"{label}: {wall * 1000:7.0f} ms (median of {len(self.wall)}; CPU {cpu * 1000:.0f} ms)"
        )

    def ratio(self, base: Starts) -> tuple[float, float]:
        m = statistics.median
        return m(self.wall) / m(base.wall), m(self.cpu) / m(base.cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument(
        "--campaign", default="drawdown-2023", help="the scenario played to its end, key by key"
    )
    parser.add_argument(
        "--startup-only", action="store_true", help="only the start-up ratio (quick, while working)"
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="another checkout (e.g. `git archive` of an older commit) whose game start-up runs "
        "interleaved with this one's: a before/after from the same run",
    )
    args = parser.parse_args()

    base, game = Starts(BASELINE), Starts(DRAWDOWN)
    other = Starts(DRAWDOWN, args.against.resolve()) if args.against else None
    for _ in range(args.reps):  # interleaved, so drift hits all alike
        for starts in (base, game, other):
            if starts is not None:
                starts.once()
    print(base.line("start-up, minimal Textual app "))
    print(game.line("start-up, drawdown game screen"))
    ratio, cpu_ratio = game.ratio(base)
    print(f"start-up ratio                : {ratio:7.2f}x   (target <= 1.3x; CPU {cpu_ratio:.2f}x)")
    game_rss, base_rss = game.rss_kib, base.rss_kib
    print(
        f"first screen peak memory      : {game_rss / 1024:7.1f} MiB (minimal app {base_rss / 1024:.1f} MiB)"
    )
    if other is not None:
        print(other.line(f"start-up, game screen of {args.against}"))
        o_ratio, o_cpu = other.ratio(base)
        print(
            f"  its ratio: {o_ratio:.2f}x (CPU {o_cpu:.2f}x); first screen peak memory "
            f"{other.rss_kib / 1024:.1f} MiB"
        )
    if args.startup_only:
        return 0

    # The campaign's first game reads its content cold (validated, then cached); every later
    # game of that scenario reads the cache, as the start-up above does: the figures are from
    # the second game, and the first game's peak memory is given beside them.
    _, cold = run(WHOLE_GAME, args.campaign)
    _, out = run(WHOLE_GAME, args.campaign)
    data = json.loads(out)
    ms = sorted(t * 1000 for t in data["timings"])
    report_day_key(data)
    whole = sorted(t * 1000 for t in data["full"])
    print(
        f"whole screen re-rendered after it (worst case, as on a resize): median "
        f"{statistics.median(whole):.1f} ms, 90th pct {whole[int(len(whole) * 0.9)]:.1f} ms"
    )
    trips = sorted(t * 1000 for t in data["trips"])
    _, base_trip = run(BASELINE_KEYS)
    print(
        f"same key via pilot, round trip : median {statistics.median(trips):.1f} ms "
        f"(a one-label app: {float(base_trip):.1f} ms — the pilot's own waits)"
    )
    mib = data["maxrss_kib"] / 1024
    print(
        f"peak memory, whole {args.campaign} game: {mib:.1f} MiB (minimal app "
        f"{base_rss / 1024:.1f} MiB; first screen {game_rss / 1024:.1f} MiB)   (target <= 60 MiB)"
    )
    print(
        f"  the same game as the scenario's first, its content cache cold: "
        f"{json.loads(cold)['maxrss_kib'] / 1024:.1f} MiB"
    )

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    p90 = ms[int(len(ms) * 0.9)]
    print(
        f"DESIGN bars: start-up {ratio:.2f}x (<= 1.3x: {verdict(ratio <= 1.3)}); "
        f"advance-day redraw median {statistics.median(ms):.0f} ms, 90th pct {p90:.0f} ms "
        f"(<= 16 ms: {verdict(p90 <= 16)}); memory {mib:.0f} MiB (<= 60 MiB: {verdict(mib <= 60)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
