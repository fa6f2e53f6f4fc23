"""Keys a player presses to close one camp, every way the keystroke test knows (issue 11):
typed counts, the fast fill (ctrl+a), each leg by hand, and the evacuation planner.

    .venv/bin/python bench/keystrokes.py

The suite (tests/test_ui_keystrokes.py) holds the planner to its budget and plays the cheaper
comparison paths; this plays them all, north-2023's by-hand path included (about 40 s), and
prints the counts to compare.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from test_ui_keystrokes import ALL_HOWS, BUDGETS, close_camp  # noqa: E402


async def main() -> None:
    for scenario, seed, camp, budget in BUDGETS:
        counts = []
        for how in ALL_HOWS[scenario]:
            with tempfile.TemporaryDirectory() as folder:
                counts.append(f"{how} {await close_camp(Path(folder), scenario, seed, camp, how)}")
        print(f"{scenario} seed {seed}, {camp}: " + ", ".join(counts) + f" keys (budget {budget})")


if __name__ == "__main__":
    asyncio.run(main())
