"""Build ahead of need what a game defers: pydantic, and the checker of the orders a player gives.

The game's classes are plain (declare.py): a new game's first screen imports no pydantic
(bench/tui.py start-up). The first order given is checked by pydantic (`orders.order_checker`),
which would make that order pay pydantic's import and the checker's build (~60-100 ms). A screen
calls `build_deferred` once the first frame is up, while the player reads it. Built once per
process; later calls cost nothing.

The state needs nothing built: the digest writes its JSON form in plain Python (`json_data.py`),
and its adapter (`adapters.py`) is built only where a state is checked from outside.
"""

from .orders import order_checker


def build_deferred() -> None:
    order_checker()
