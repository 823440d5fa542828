"""parallel.py: forked workers give the same results in the same order, and stop when the caller does."""

from __future__ import annotations

import os
import time
from pathlib import Path

from briefkit.parallel import fork_iter, fork_map, worker_count


def _square(context, batch):
    return [context * item * item for item in batch]


def _mark(folder, batch):
    Path(folder, f"{batch[0]}-{os.getpid()}").touch()
    time.sleep(0.2)
    return list(batch)


def test_results_come_back_in_order_in_workers_or_not():
    items = list(range(1000))
    expected = [3 * i * i for i in items]
    assert fork_map(_square, items, 3, min_items=10) == expected  # in workers (where fork is available)
    assert fork_map(_square, items, 3, min_items=10**6) == expected  # in this process


def test_a_caller_that_stops_early_does_not_wait_for_the_batches_not_begun(tmp_path: Path):
    items = list(range(320))  # fork_iter makes 16 batches of 20
    results = fork_iter(_mark, items, str(tmp_path), 10)
    assert next(results) == 0
    results.close()
    ran = len(list(tmp_path.iterdir()))
    if worker_count() > 1:
        assert ran < 16, f"{ran} of 16 batches ran after the caller stopped"
    else:
        assert ran == 16  # one process: the whole list is made before the first result


def test_what_was_frozen_for_the_workers_is_unfrozen_after_them():
    import gc

    frozen = gc.get_freeze_count()
    assert fork_map(_square, list(range(100)), 2, min_items=10) == [2 * i * i for i in range(100)]
    assert gc.get_freeze_count() == frozen
