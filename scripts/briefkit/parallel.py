"""Both cores where it pays: a pool of forked processes over batches of work, results in input order.

Forked workers inherit what the parent built (the registry, the site graph) instead of
receiving it pickled, so only the small work items and the results cross processes.
Where fork is not available (or one CPU is), the work runs in the calling process:
the output is the same either way, only the time differs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

WORKERS = 2
PARALLEL_FROM = 500  # items of work (briefings to read, pages to render) before worker processes pay for their start
Item = TypeVar("Item")
Result = TypeVar("Result")

_CONTEXT: Any = None  # what the parent set before forking: the workers read it, never pickle it


def worker_count() -> int:
    """Worker processes to use: at most WORKERS, at most the CPUs this process may run on, 1 without fork."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(WORKERS, cpus))


def _run(job: tuple[Callable[[Any, list], list], list]) -> list:
    function, batch = job
    return function(_CONTEXT, batch)


def fork_map(function: Callable[[Any, list[Item]], list[Result]], items: Sequence[Item], context: Any,
             min_items: int, meanwhile: Callable[[], None] | None = None) -> list[Result]:
    """function(context, batch) over batches of items; in worker processes when there are min_items or more.

    function must be a module-level function (it is sent to the workers by name) and
    return one result per item; the results come back in the order of items. meanwhile, when
    given, runs in this process while the workers run (before the work, without workers).
    """
    return list(fork_iter(function, items, context, min_items, meanwhile))


def fork_iter(function: Callable[[Any, list[Item]], list[Result]], items: Sequence[Item], context: Any,
              min_items: int, meanwhile: Callable[[], None] | None = None) -> Iterator[Result]:
    """fork_map yielding results one by one, in order: the caller can use and drop each as it comes."""
    global _CONTEXT
    count = worker_count()
    if len(items) < min_items or count < 2:
        if meanwhile is not None:
            meanwhile()
        yield from function(context, list(items))
        return
    size = max(20, len(items) // (count * 8))  # a few batches per worker: a slow batch does not idle the other
    batches = [list(items[start:start + size]) for start in range(0, len(items), size)]
    _CONTEXT = context
    # Everything the parent holds is out of the cyclic collector's sight while the workers run, as the gc
    # module's documentation advises before a fork: a worker's collections do not walk (and so copy) the
    # pages of what it inherited, nor do the parent's walk the linked site again while it renders.
    gc.freeze()
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = pool.map(_run, [(function, batch) for batch in batches])  # submitted, the workers forked
            try:
                if meanwhile is not None:
                    meanwhile()
                for part in parts:
                    yield from part
            finally:
                # now, not when collected: a caller that stops early cancels the batches not begun (map's generator)
                parts.close()  # type: ignore[attr-defined]
    finally:
        _CONTEXT = None
        gc.unfreeze()
