"""The requests an order or a day can still change, kept in filing order without rescanning them all.

A late-game state holds a couple of hundred requests, nearly all of them used or cancelled; the host's
decisions, the deadlines, the bots and the UI ask each day for the few still open. A used or cancelled
request never changes again (no order or rule touches it: see `scratch.SETTLED`) and requests are
never removed, so the open ones are the open ones seen last time, less those settled since, plus the
ones filed since (the newest entries of the dict, which keeps filing order).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from ..model.state import Request

# Requests no order can change any more (dispatch and cancel refuse them).
SETTLED = ("used", "cancelled")


class OpenRequests:
    """A cache of one requests dict's unsettled requests (rebuilt if it is given another dict)."""

    __slots__ = ("_of", "_seen", "_open")

    def __init__(self) -> None:
        self._of: dict[str, Request] | None = None
        self._seen = 0
        self._open: list[Request] = []

    def of(self, requests: dict[str, Request]) -> Sequence[Request]:
        """The requests not used or cancelled, in filing order (a new list: do not change it)."""
        n = len(requests)
        if requests is not self._of or n < self._seen:
            self._of, self._seen, self._open = requests, 0, []
        old = self._open
        if n > self._seen:
            new = list(islice(reversed(requests.values()), n - self._seen))
            new.reverse()
            old = old + new
            self._seen = n
        self._open = [r for r in old if r.status not in SETTLED]
        return self._open
