"""A scratch copy of the game's context, for trying an order without changing the game.

`Game.check` and `Game.quote` try an order on one, so it is made often (the UI asks for each
approved request whether it can go) and must be cheap: the state is copied by `clone`, which knows
what the state is made of (plain containers, mutable models, frozen models and atoms) instead of
going through `copy.deepcopy`'s general machinery, and the parts no order reads are left behind.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from ..model.state import Mutable, State
from .context import Ctx
from .open_requests import SETTLED

# What an order only ever appends to and never reads: a scratch copy starts them empty.
LEFT_BEHIND = frozenset({"log", "history", "estimates", "flight_estimates"})
# Values shared, never copied: immutable.
ATOMS = frozenset({str, int, float, bool, type(None), dt.date})

_set = object.__setattr__


def clone(value: Any, memo: dict[int, Any]) -> Any:
    """A deep copy of a piece of state: atoms and frozen models (orders, content conditions) are
    shared, containers and mutable models copied; an object met twice is copied once (`memo`, by
    id, as `copy.deepcopy` does)."""
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
        out = _clone_model(value, {k: clone(v, memo) for k, v in value.__dict__.items()})
    elif getattr(kind, "model_config", {}).get("frozen"):  # a frozen model: never changed
        out = value
    else:  # nothing else is in the state today; anything new is still copied correctly
        out = copy.deepcopy(value)
    memo[id(value)] = out
    return out


def _clone_model(model: Mutable, fields: dict[str, Any]) -> Any:
    """A model of the same class holding `fields`, without validating them again."""
    out = type(model).__new__(type(model))
    _set(out, "__dict__", fields)
    _set(out, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    _set(out, "__pydantic_extra__", copy.deepcopy(model.__pydantic_extra__))
    _set(out, "__pydantic_private__", copy.deepcopy(model.__pydantic_private__))
    return out


def scratch(ctx: Ctx) -> Ctx:
    """A copy of the context whose state can be changed freely.

    Log, history and estimates are left behind (orders only append to them), and settled requests
    are shared rather than copied (no order changes them, SETTLED; a new request is a new object),
    so a trial costs a fraction of a deep copy of a late-game state.
    """
    st = ctx.state
    memo: dict[int, Any] = {}
    fields: dict[str, Any] = {}
    for name, value in st.__dict__.items():
        if name in LEFT_BEHIND:
            fields[name] = []
        elif name == "requests":
            fields[name] = {
                k: r if r.status in SETTLED else clone(r, memo) for k, r in value.items()
            }
        else:
            fields[name] = clone(value, memo)
    state = _clone_model(st, fields)
    assert isinstance(state, State)
    return ctx.over(state)
