"""Shared fixtures: the bundled sandbox world, and worlds with one part of the content changed."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# The content cache (game/world_cache.py) of a test run is its own, not the user's.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="drawdown-test-cache-")

from game.model.content import World  # noqa: E402
from game.worlds import load_world  # noqa: E402


@pytest.fixture(scope="session")
def sandbox() -> World:
    return load_world("sandbox")


def with_host(world: World, **changes) -> World:
    """The same world with the host government's settings changed (e.g. approve=1.0)."""
    sc = world.scenario
    return world.model_copy(
        update={"scenario": sc.model_copy(update={"host": sc.host.model_copy(update=changes)})}
    )


def without_events(world: World) -> World:
    sc = world.scenario
    return world.model_copy(update={"scenario": sc.model_copy(update={"events": []})})


def with_rules(world: World, section: str, **changes) -> World:
    """The same world with some rules of one section of the rules table changed."""
    rules = world.rules
    part = getattr(rules, section).model_copy(update=changes)
    return world.model_copy(update={"rules": rules.model_copy(update={section: part})})
