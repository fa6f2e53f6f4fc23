"""Worker processes for `sim`: never more than the machine's CPUs, never more tasks in flight than
a few per worker (tasks are drawn lazily from an iterator), and workers that exit when the process
that started them dies, so a killed `sim` leaves nothing running."""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_WORKER = 4
WATCH_SECONDS = 0.5


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool_size(jobs: int) -> int:
    """The number of worker processes for `jobs`: at least 1, at most the CPUs this process may
    use (more only share the same cores, and thousands exhaust the machine)."""
    return max(1, min(int(jobs), cpu_count()))


def _watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the parent process is gone."""

    started_by = os.getppid()  # the parent itself, or a fork server that dies with it

    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            if os.getppid() != started_by or not _alive(parent):
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ordered_map(fn: Callable[[T], R], tasks: Iterable[T], jobs: int) -> Iterator[R]:
    """fn over tasks, results in task order. One job runs here; more use worker processes that
    die with this one, with at most IN_FLIGHT_PER_WORKER tasks each waiting at a time."""
    workers = pool_size(jobs)
    if workers <= 1:
        for task in tasks:
            yield fn(task)
        return
    pending: deque[Future[Any]] = deque()
    source = iter(tasks)
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)
    ) as pool:
        try:
            for task in source:
                pending.append(pool.submit(fn, task))
                if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
