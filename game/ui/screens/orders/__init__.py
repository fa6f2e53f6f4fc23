"""Order dialogs: each one builds an order as plain data, checks it with the engine as the player
types, and hands it back to the game screen. None of them changes the game: the game screen sends
what they return. One module per dialog; what they share is in `base`."""

from ....engine import Game
from ....model.orders import MoveUnauthorized, RequestMovement, RequestOrder, parse_order
from .base import ConfirmDialog, Dialog, count_input
from .convoy import ConvoyDialog
from .dispatch import DispatchDialog
from .evacuation import EvacuationDialog
from .flight import FlightDialog
from .host import ConcedeDialog, EngageDialog
from .site import SiteOrderDialog

__all__ = [
    "ConcedeDialog",
    "ConfirmDialog",
    "ConvoyDialog",
    "Dialog",
    "DispatchDialog",
    "EngageDialog",
    "EvacuationDialog",
    "FlightDialog",
    "SiteOrderDialog",
    "count_input",
    "repeat_dialog",
]


def repeat_dialog(game: Game) -> Dialog | None:
    """The dialog of the last convoy or flight request given, its fields filled as they were
    (a new request: its own ref, no date), or None if there has been none."""
    for entry in reversed(game.record):
        if "order" not in entry:
            continue  # a day's advance
        order = parse_order(entry["order"])  # the record holds orders the engine read
        if isinstance(order, RequestOrder) and not isinstance(order, MoveUnauthorized):
            preset = order.model_dump(
                mode="json", exclude_none=True, exclude={"ref", "date", "depart", "kind"}
            )
            if isinstance(order, RequestMovement):
                return ConvoyDialog(game, preset=preset)
            return FlightDialog(game, preset=preset)
    return None
