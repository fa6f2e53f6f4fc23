"""The rules core never imports the UI: importing game.engine and game.model loads no textual or rich."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import sys, game.engine, game.model.content, game.model.state, game.model.orders, "
    "game.engine.game, game.bots.policies; "
    "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
    "print(','.join(bad))"
)


def test_engine_and_model_do_not_import_textual_or_rich():
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_does_no_io():
    """No module of the engine or model opens files, sockets or reads the clock."""
    from pathlib import Path

    import game

    root = Path(game.__file__).parent
    forbidden = (
        "open(",
        "socket",
        "time.time",
        "datetime.now",
        "date.today",
        "os.environ",
        "print(",
    )
    for folder in ("engine", "model"):
        for path in (root / folder).glob("*.py"):
            text = path.read_text()
            for word in forbidden:
                assert word not in text, f"{path.name} uses {word}"
