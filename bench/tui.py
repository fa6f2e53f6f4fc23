"""TUI benchmarks: start-up time against a minimal Textual app, the advance-day redraw, peak memory.

    .venv/bin/python bench/tui.py [--reps 7]

Each start-up is a fresh process (imports included) that exits as soon as its first screen is up:
for Drawdown, the game screen of `play sandbox --seed 1`; for the baseline, a one-label Textual app
started the same way (headless, with an auto-pilot that exits). Figures are medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import resource, sys
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("hello")

async def auto(pilot):
    await pilot.pause()
    pilot.app.exit()

Minimal().run(headless=True, size=(100, 30), auto_pilot=auto)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

DRAWDOWN = """
import resource, sys, tempfile
from game.cli import build_parser
from game.ui.launch import prepare

saves = tempfile.mkdtemp()
app, _ = prepare(build_parser().parse_args(["--saves", saves, "play", "sandbox", "--seed", "1"]))

async def auto(pilot):
    from game.ui.screens.game import GameScreen
    while not isinstance(pilot.app.screen, GameScreen):
        await pilot.pause(0.001)
    await pilot.pause()
    pilot.app.exit()

app.run(headless=True, size=(100, 30), auto_pilot=auto)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

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
import resource, statistics, sys, tempfile, time, json
from game.cli import build_parser
from game.ui.launch import prepare

saves = tempfile.mkdtemp()
app, _ = prepare(build_parser().parse_args(["--saves", saves, "play", "sandbox", "--seed", "1"]))
timings = []
trips = []

async def auto(pilot):
    from game.ui.screens.game import GameScreen
    from game.ui.widgets.status import StatusBar
    while not isinstance(pilot.app.screen, GameScreen):
        await pilot.pause(0.001)
    await pilot.pause()
    screen = pilot.app.screen
    while not screen.game.finished:
        if pilot.app.screen is not screen:   # a decision dialog: leave it for the default
            await pilot.press("escape")
            continue
        day = screen.game.state.day
        # the UI's own work for the key: the action (engine, autosave, every bound widget)
        # and repainting the whole screen
        t0 = time.perf_counter()
        screen.action_next_day()
        screen._refresh_layout()
        screen._compositor.render_strips()
        timings.append(time.perf_counter() - t0)
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
print(json.dumps({"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "timings": timings, "trips": trips}))
"""


def run(code: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return time.perf_counter() - t0, proc.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()

    run(BASELINE)  # warm the file cache for both
    run(DRAWDOWN)
    base, game = [], []
    base_rss = game_rss = 0
    for _ in range(args.reps):  # interleaved, so drift hits both alike
        t, rss = run(BASELINE)
        base.append(t)
        base_rss = max(base_rss, int(rss))
        t, rss = run(DRAWDOWN)
        game.append(t)
        game_rss = max(game_rss, int(rss))
    b, g = statistics.median(base), statistics.median(game)
    print(f"start-up, minimal Textual app : {b * 1000:7.0f} ms (median of {args.reps})")
    print(f"start-up, drawdown game screen: {g * 1000:7.0f} ms (median of {args.reps})")
    print(f"start-up ratio                : {g / b:7.2f}x   (target <= 1.5x)")

    _, out = run(WHOLE_GAME)
    data = json.loads(out)
    ms = sorted(t * 1000 for t in data["timings"])
    print(
        f"advance-day key: work + repaint: median {statistics.median(ms):.1f} ms, "
        f"90th pct {ms[int(len(ms) * 0.9)]:.1f} ms, max {ms[-1]:.1f} ms over {len(ms)} days"
        "   (target < 50 ms)"
    )
    trips = sorted(t * 1000 for t in data["trips"])
    _, base_trip = run(BASELINE_KEYS)
    print(
        f"same key via pilot, round trip : median {statistics.median(trips):.1f} ms "
        f"(a one-label app: {float(base_trip):.1f} ms — the pilot's own waits)"
    )
    mib = data["maxrss_kib"] / 1024
    print(
        f"peak memory, whole sandbox game: {mib:.1f} MiB (minimal app {base_rss / 1024:.1f} MiB; first screen {game_rss / 1024:.1f} MiB)   (target < 80 MiB)"
    )

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    ratio, p90 = g / b, ms[int(len(ms) * 0.9)]
    print(
        f"DESIGN bars: start-up {ratio:.2f}x (<= 1.5x: {verdict(ratio <= 1.5)}); "
        f"advance-day redraw median {statistics.median(ms):.0f} ms, 90th pct {p90:.0f} ms "
        f"(< 50 ms: {verdict(p90 < 50)}); memory {mib:.0f} MiB (< 80 MiB: {verdict(mib < 80)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
