"""A scratch copy of the game's context, for trying an order without changing the game."""

from __future__ import annotations

import copy

from ..model.state import State
from .context import Ctx
from .open_requests import SETTLED, OpenRequests

# Requests no order can change any more (dispatch and cancel refuse them, SETTLED): shared with
# a scratch copy, not copied. A denied or expired request can still be sent without authorization
# or cancelled, so it is copied.


def scratch(ctx: Ctx) -> Ctx:
    """A copy of the context whose state can be changed freely.

    Log, history and estimates are left behind (orders only append to them), and settled requests
    are shared rather than copied (no order changes them; a new request is a new object), so a
    trial costs a fraction of a deep copy of a late-game state.
    """
    st = ctx.state
    log, history, estimates, requests = st.log, st.history, st.estimates, st.requests
    settled = {k: r for k, r in requests.items() if r.status in SETTLED}
    live = {k: r for k, r in requests.items() if r.status not in SETTLED}
    st.log, st.history, st.estimates, st.requests = [], [], [], live
    try:
        clone: State = st.model_copy(deep=True)
    finally:
        st.log, st.history, st.estimates, st.requests = log, history, estimates, requests
    if settled:
        clone.requests = {k: settled.get(k) or clone.requests[k] for k in requests}
    other = copy.copy(ctx)
    other.state = clone
    other.open = OpenRequests()  # the copy's own: never the game's cache
    return other
