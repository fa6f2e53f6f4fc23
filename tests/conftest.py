"""Shared fixtures: the bundled sandbox world, and worlds with one part of the content changed."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
# Pilot's `press` waits for the app to go idle in steps of textual._wait.SLEEP_GRANULARITY (1/50 s),
# until a step passes with under SLEEP_IDLE (1/20 of a step) of CPU: at least 40 ms a key however
# quick the app, most of the suite's wall time. Steps of 5 ms ask the same question (a step with
# under 1/20 of it spent working) four times as often; what a test asserts still waits for its
# condition (`until`), never for a step.
import textual._wait  # noqa: E402

textual._wait.SLEEP_GRANULARITY = 0.005
textual._wait.SLEEP_IDLE = textual._wait.SLEEP_GRANULARITY / 20
# The content cache (game/world_cache.py) of a test run is its own, not the user's. The workers of
# a parallel run (pytest-xdist) share the one their controller made, as a serial run's tests share
# theirs, so each world is worked out once a run, not once a worker.
if "PYTEST_XDIST_WORKER" not in os.environ:
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="drawdown-test-cache-")
TEST_CACHE = os.environ["XDG_CACHE_HOME"]

from game.model.content import SiteSetup, World  # noqa: E402
from game.model.saved import SimGame  # noqa: E402
from game.worlds import load_world  # noqa: E402


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (in pyproject's addopts): the whole suite runs on every core, but a run of named
    files or tests (`pytest tests/test_ui.py::test_resize_keeps_everything`) runs in this process,
    where starting workers would cost more than they save, and `print` and breakpoints work.
    `-n 2` asks for workers whatever the run; None leaves the count to pytest-xdist (the cores)."""
    here = config.invocation_params.dir
    if all((here / arg).is_dir() for arg in config.args):
        return None
    return 0


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller, or a serial run: the cache's maker
        shutil.rmtree(TEST_CACHE, ignore_errors=True)


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


def with_site(world: World, site: str, **changes) -> World:
    """The same world with how one site starts changed (its [[sites]] entry, added if missing)."""
    sc = world.scenario
    sites = [s.model_copy(update=changes) if s.id == site else s for s in sc.sites]
    if not any(s.id == site for s in sites):
        sites.append(SiteSetup(id=site, **changes))
    return world.model_copy(update={"scenario": sc.model_copy(update={"sites": sites})})


@pytest.fixture(scope="session")
def idle_sim_game(sandbox: World) -> SimGame:
    """One real bot game of `sim` (idle, sandbox seed 1): a complete, valid SimGame to vary."""
    from game.bots.sim import one_game

    return one_game(sandbox, 1, "idle")


@pytest.fixture
def sim_game(idle_sim_game: SimGame) -> Callable[..., SimGame]:
    """Crafted `sim` games for the balance report: a real game with some figures changed
    (e.g. sim_game(score=60.0, grade="C", closures={...}))."""

    def make(**changes: Any) -> SimGame:
        return idle_sim_game.model_copy(update=changes)

    return make


@dataclass
class Ran:
    """What a `drawdown` command did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def drawdown_here(*args: str) -> Ran:
    """`drawdown ARGS` run in this process, as the entry point runs it (`cli.main`), with its
    output captured. A child process costs about a second of start-up; only the tests of the
    process itself (signals, limits, hash seeds, worker processes) need one."""
    from game.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Ran(code, out.getvalue(), err.getvalue())
