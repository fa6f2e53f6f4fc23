"""How a bot answers an event's choice: the default, the option history took, or a branch.

- ``default``: the event's default option (else its first).
- ``historical``: the option marked ``historical = true`` where the event has one, else the default.
- ``all``: every branch of every choice is explored across games: each game takes, for each event,
  an option drawn deterministically from the seed and the event id (so the same seed always takes
  the same branch, whatever else happens in the game).
"""

from __future__ import annotations

import random
from typing import Literal

from ..engine import Game
from ..model.content import Event

ChoiceMode = Literal["default", "historical", "all"]
CHOICE_MODES: tuple[ChoiceMode, ...] = ("default", "historical", "all")


def option_for(event: Event, mode: str, seed: int) -> str:
    """The option id a bot takes for this event under a choice mode."""
    default = event.default or event.choices[0].id
    if mode == "historical":
        return next((c.id for c in event.choices if c.historical), default)
    if mode == "all":
        r = random.Random(f"choices:{seed}:{event.id}")
        return r.choice(event.choices).id
    return default


def answer_choices(game: Game, mode: str, seed: int) -> None:
    """Answer every pending choice of the day under the mode."""
    for pending in list(game.state.pending_choices):
        event = game.event(pending.event)
        if event is None or not event.choices:
            continue
        game.order(
            {"kind": "choose", "event": pending.event, "choice": option_for(event, mode, seed)}
        )
