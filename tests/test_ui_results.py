"""The results screen's "What really happened": the scenario's record beside the player's game,
drawn from the typed record with Rich's tables and text (not through Markdown: bench/tui.py,
peak memory)."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from rich.console import Console

from game.engine import Game
from game.model.content import World
from game.ui.screens.results import ResultsScreen
from game.worlds import load_world


def shown(world: World, width: int = 60) -> str:
    game = Game(world, 1)
    game.play_to_end()
    console = Console(width=width, file=io.StringIO(), record=True)
    console.print(ResultsScreen(game).history())
    return console.export_text()


def with_record(world: World, **fields: object) -> World:
    sc = world.scenario
    record = sc.historical.model_copy(update=fields)
    return world.model_copy(update={"scenario": sc.model_copy(update={"historical": record})})


def test_the_record_is_shown_beside_the_game():
    world = load_world("drawdown-2023")
    hist = world.scenario.historical
    game = Game(world, 1)
    game.play_to_end()
    summary = game.summary()
    console = Console(width=60, file=io.StringIO(), record=True)
    console.print(ResultsScreen(game).history())
    text = console.export_text()
    lines = [line.rstrip() for line in text.splitlines()]
    assert lines[0].strip() == "What really happened"
    flat = " ".join(text.split())
    assert " ".join(hist.summary.split()) in flat  # the whole paragraph, wrapped
    # every figure of the record: in words, then and the player's
    assert re.search(r"Figure +Then +You", text)
    for key, then in hist.figures.items():
        words = key.replace(".", " ").replace("_", " ").capitalize()
        yours = summary.figure(key)
        row = f" {re.escape(words)} +{then:g} +{yours}"
        assert any(re.fullmatch(row, line) for line in lines), (key, then, yours)
        assert key not in text  # not its dotted path
    # every timeline entry: a bullet, its date with the year, what happened, its source
    assert "Timeline" in lines
    bullets = [line for line in lines if line.startswith(" • ")]
    assert len(bullets) == len(hist.timeline)
    for entry, bullet in zip(hist.timeline, bullets, strict=True):
        assert bullet.startswith(f" • {entry.date.day} {entry.date:%b} {entry.date.year} ")
    unspaced = "".join(text.split())  # a long source (a URL) is folded over lines
    for entry in hist.timeline:
        assert "".join(f"{entry.text} ({entry.source})".split()) in unspaced


def test_a_long_source_goes_on_over_lines_not_cut():
    world = load_world("tutorial")
    source = world.scenario.historical.timeline[0].source
    assert len(source) > 60  # a URL longer than the pane is wide
    text = shown(world, width=40)
    assert "…" not in text
    assert source.replace(" ", "") in text.replace("\n", "").replace(" ", "")


def test_the_record_is_shown_as_written_not_read_as_markdown():
    """Content is plain text: a star, an underscore or a hash is what the author wrote."""
    world = with_record(
        load_world("sandbox"),
        summary="# Not a heading: *stars*, _underscores_ and [A1](x) stay.",
    )
    text = shown(world)
    assert "# Not a heading: *stars*, _underscores_ and [A1](x) stay." in text


def test_a_scenario_with_no_record_says_so():
    text = shown(load_world("sandbox"))
    assert (
        text.split()
        == "What really happened This scenario has no historical record to compare with.".split()
    )


def test_the_results_screen_draws_without_markdown_code():
    """Preloaded while the player reads the first screen and drawn at the end of every game: it
    brings in neither Rich's Markdown nor markdown-it (~2.5 MiB for the whole game)."""
    code = """
import io, sys
from rich.console import Console
from game.engine import Game
from game.ui.screens.results import ResultsScreen
from game.worlds import load_world
game = Game(load_world("drawdown-2023"), 1)
game.play_to_end()
screen = ResultsScreen(game)
Console(file=io.StringIO()).print(screen.score_table(), screen.history())
print(sorted(m for m in sys.modules if m.startswith(("rich.markdown", "markdown_it", "pygments"))))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["[]"]
