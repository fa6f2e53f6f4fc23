"""The rules: pure, deterministic functions of (content, seed, orders). No I/O, no UI."""

from typing import TYPE_CHECKING

from .game import Game
from .orders import Result

if TYPE_CHECKING:
    from .quote import RoadOdds

__all__ = ["Game", "Result", "RoadOdds"]


def __getattr__(name: str) -> object:
    if name == "RoadOdds":
        # imported when first needed: the first screen paints before this code loads (start-up, bench/tui.py)
        from .quote import RoadOdds

        return RoadOdds
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
