"""Waiting in tests for something to happen, never for a fixed time: poll a condition until it
holds, or fail after a deadline saying what was awaited (and, in a Textual app, on which screen).

`until` blocks (processes, files), `until_async` yields to the event loop between polls (servers,
websockets; the condition may be a coroutine function), `until_app` lets a running Textual app
process its messages between polls. Each returns the condition's first true value, so a poll can
hand back what it found. The deadline is generous: it is reached only when the behaviour is
broken, and a loaded machine must not be mistaken for that.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

TIMEOUT = 30.0  # seconds
STEP = 0.01  # seconds between polls


def _timed_out(message: str | Callable[[], str], timeout: float) -> AssertionError:
    said = message() if callable(message) else message
    return AssertionError(f"timed out after {timeout:g} s waiting for {said}")


def until(
    condition: Callable[[], Any],
    message: str | Callable[[], str],
    timeout: float = TIMEOUT,
    step: float = STEP,
) -> Any:
    """Call `condition` every `step` seconds until it returns something true; return that."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() >= deadline:
            raise _timed_out(message, timeout)
        time.sleep(step)
    return value


async def until_async(
    condition: Callable[[], Any],
    message: str | Callable[[], str],
    timeout: float = TIMEOUT,
    step: float = STEP,
    pause: Callable[[], Awaitable[object]] | None = None,
) -> Any:
    """`until` for a test running an event loop: between polls, await `pause()` (else sleep
    `step`), so that the servers and apps under test get on. `condition` may return an awaitable."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if time.monotonic() >= deadline:
            raise _timed_out(message, timeout)
        await (pause() if pause else asyncio.sleep(step))


async def until_app(
    pilot: Any, condition: Callable[[], Any], what: str = "condition", timeout: float = TIMEOUT
) -> Any:
    """Poll a condition while a Textual app (driven by `pilot`) runs: between polls the app
    handles what is queued for it and redraws."""

    def message() -> str:
        try:
            screen = type(pilot.app.screen).__name__
        except Exception:  # the app has stopped: no screen to name
            screen = "none"
        return f"{what} (screen: {screen})"

    return await until_async(condition, message, timeout, pause=lambda: pilot.pause(STEP))
