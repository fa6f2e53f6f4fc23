"""Order dialogs: each one builds an order as plain data, checks it with the engine as the player
types, and hands it back to the game screen. None of them changes the game: the game screen sends
what they return. One module per dialog; what they share is in `base`."""

from ....engine import Game
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
        order = entry.get("order") or {}
        if order.get("kind") in ("request_movement", "request_flight"):
            preset = {k: v for k, v in order.items() if k not in ("ref", "date", "depart", "kind")}
            if order["kind"] == "request_movement":
                return ConvoyDialog(game, preset=preset)
            return FlightDialog(game, preset=preset)
    return None
