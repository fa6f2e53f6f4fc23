"""Build ahead of need what a game defers: the validators and serializers of its models.

The orders and quote models are built with `defer_build`, and the state's adapter
(`adapters.py`) when first asked for: a new game's first screen needs none of them (bench/tui.py
start-up); the first order given, the first save's digest and the first quote would each pay for
theirs (~15-35 ms each). A screen calls `build_deferred` once the first frame is up, while the
player reads it. Built once per process; later calls cost nothing.
"""

from .adapters import adapter
from .orders import ORDER_ADAPTER
from .quote import CampOutlook, Check, Quote
from .state import State


def build_deferred() -> None:
    ORDER_ADAPTER.rebuild()
    adapter(State)
    for model in (Check, Quote, CampOutlook):
        model.model_rebuild()
