"""Time to open the after-action review of a whole campaign (quality bar: well under a second).

    .venv/bin/python bench/review.py

Plays the drawdown-2023 campaign exercise with the cautious bot, then measures, as medians of a
few runs: building the review data (tasks, luck, chains, MSEL), rendering it as Markdown and as
HTML, and, on the review screen, the time from pushing it to the summary shown and to the last
section loaded.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App  # noqa: E402

from game.bots.policies import play  # noqa: E402
from game.training.exercises import exercise_for  # noqa: E402
from game.training.report import to_html, to_markdown  # noqa: E402
from game.training.review import build_review  # noqa: E402
from game.ui.screens.review import ReviewScreen  # noqa: E402
from game.worlds import load_world  # noqa: E402

REF = "drawdown-2023-campaign"
RUNS = 3


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


async def screen_times(game, exercise) -> tuple[float, float]:
    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(ReviewScreen(game, exercise, "bench"))

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        t = time.perf_counter()
        first = full = None
        while full is None:
            await pilot.pause(0.005)
            screen = app.screen
            if not isinstance(screen, ReviewScreen):
                continue
            review = screen.query_one("#review")
            # Laid out means drawn: its height comes from rendering the Markdown to lines.
            if first is None and "Grade of the decisions" in review.source and review.size.height:
                first = time.perf_counter() - t
            if "Digest of the final state" in review.source and review.size.height > 100:
                full = time.perf_counter() - t
        return first or full, full


def main() -> None:
    exercise = exercise_for(REF)[0]
    game = play(load_world(REF), exercise.seed, "cautious")
    build = statistics.median(timed(lambda: build_review(game, exercise, "b")) for _ in range(RUNS))
    review = build_review(game, exercise, "b")
    md = statistics.median(timed(lambda: to_markdown(review)) for _ in range(RUNS))
    html = statistics.median(timed(lambda: to_html(review)) for _ in range(RUNS))
    first, full = asyncio.run(screen_times(game, exercise))
    print(f"campaign log: {len(game.state.log)} entries")
    print(f"build review data: {build * 1000:.0f} ms")
    print(f"render Markdown:   {md * 1000:.0f} ms; HTML: {html * 1000:.0f} ms")
    print(
        f"review screen: summary shown after {first * 1000:.0f} ms, complete after {full * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
