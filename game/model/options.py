"""How an exercise session is played (hints, fog of war, difficulty, turn timer, undo, the
instructor's code); a plain scenario plays with the defaults.

Its own module so the game screen can take the defaults without importing every exercise model
(start-up, bench/tui.py); `game.model.exercise` uses it for an exercise file's `[options]`.
"""

from .content import Short
from .declare import Field, Strict


class Options(Strict):
    """How the session is played."""

    hints: bool = Field(default=True, description="Show the events' hints to the trainee")
    fog_of_war: bool = Field(
        default=False, description="Hide what the trainee's intelligence would not know (UI)"
    )
    approval_delta: float = Field(
        default=0.0,
        ge=-0.5,
        le=0.5,
        description="Added to the host's chance of approving a request",
    )
    threat_multiplier: float = Field(
        default=1.0, ge=0.0, le=5.0, description="Multiplies every site's and road stretch's threat"
    )
    turn_seconds: int = Field(
        default=0, ge=0, le=3600, description="Time limit per turn in seconds (0: no limit)"
    )
    undo: bool = Field(default=True, description="The trainee may undo orders within a turn")
    instructor_code: Short = Field(
        default="", description="Code that opens the instructor controls ('' means no code)"
    )
