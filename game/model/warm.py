"""Build ahead of need what a game defers: the validators and serializers of its models.

The orders and quote models are built with `defer_build`: a new game's first screen needs none of
them (bench/tui.py start-up); the first order given and the first quote would each pay for theirs
(~15-35 ms each). A screen calls `build_deferred` once the first frame is up, while the player
reads it. Built once per process; later calls cost nothing.

The state needs nothing built: the digest writes its JSON form in plain Python (`json_data.py`),
and its adapter (`adapters.py`) is built only where a state is checked from outside.
"""

from .orders import ORDER_ADAPTER
from .quote import CampOutlook, Check, Quote


def build_deferred() -> None:
    ORDER_ADAPTER.rebuild()
    for model in (Check, Quote, CampOutlook):
        model.model_rebuild()
