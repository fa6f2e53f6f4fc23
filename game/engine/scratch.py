"""A scratch copy of the game's context, for trying an order without changing the game.

`Game.check` and `Game.quote` try an order on one, so it is made often (the UI asks for each
approved request whether it can go) and must be cheap: the state is copied by `clone`, which knows
what the state is made of (plain containers, its mutable dataclasses, frozen models, log data and
atoms) instead of going through `copy.deepcopy`'s general machinery, and the parts no order reads
are left behind.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..model.log import LogData
from ..model.plain import names
from ..model.state import Mutable, State
from .context import Ctx
from .open_requests import SETTLED

# What an order only ever appends to and never reads: a scratch copy starts them empty.
LEFT_BEHIND = frozenset({"log", "history", "estimates", "flight_estimates"})
# Values shared, never copied: immutable.
ATOMS = frozenset({str, int, float, bool, type(None), dt.date})

_set = object.__setattr__
_new = object.__new__


def clone(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy of a piece of state: atoms, log data and frozen models (orders, content
    conditions) are shared, containers and the state's dataclasses copied (field by field, with
    no `__init__`); an object met twice is copied once (`memo`, by id, as `copy.deepcopy` does)."""
    kind = type(value)
    if kind in ATOMS:
        return value
    done = memo.get(id(value))
    if done is not None:
        return done
    out: Any
    if kind is dict:
        out = {k: clone(v, memo) for k, v in value.items()}
    elif kind is list:
        out = [clone(v, memo) for v in value]
    elif kind is tuple:
        out = tuple(clone(v, memo) for v in value)
    elif isinstance(value, Mutable):
        out = _new(kind)
        for name in names(kind):
            _set(out, name, clone(getattr(value, name), memo))
    elif isinstance(value, LogData) or getattr(kind, "model_config", {}).get("frozen"):
        out = value  # frozen: never changed
    else:  # nothing else is in the state today; anything new is still copied correctly
        out = copy.deepcopy(value)
    memo[id(value)] = out
    return out


def scratch(ctx: Ctx) -> Ctx:
    """A copy of the context whose state can be changed freely.

    Log, history and estimates are left behind (orders only append to them), and settled requests
    are shared rather than copied (no order changes them, SETTLED; a new request is a new object),
    so a trial costs a fraction of a deep copy of a late-game state.
    """
    st = ctx.state
    memo: dict[int, Any] = {}
    state = _new(State)
    for name in names(State):
        value = getattr(st, name)
        if name in LEFT_BEHIND:
            value = []
        elif name == "requests":
            value = {k: r if r.status in SETTLED else clone(r, memo) for k, r in value.items()}
        else:
            value = clone(value, memo)
        _set(state, name, value)
    return ctx.over(state)
