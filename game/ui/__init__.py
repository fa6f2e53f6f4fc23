"""The Textual interface. Renders the engine's state and sends it orders; holds no game state."""
