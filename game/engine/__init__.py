"""The rules: pure, deterministic functions of (content, seed, orders). No I/O, no UI."""

from .game import Game
from .orders import Result
from .quote import RoadOdds

__all__ = ["Game", "Result", "RoadOdds"]
