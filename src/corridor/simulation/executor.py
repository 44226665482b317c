"""One interface for running many independent jobs (replications): local processes or a Dask cluster."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

from corridor.optional import import_optional

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs ``fn(item)`` for every item and yields results as they finish (any order)."""

    def map_unordered(self, fn: Callable[[Any], R], items: Iterable[Any]) -> Iterator[R]:
        """Results of ``fn`` over ``items``, as they complete."""
        ...


class LocalExecutor:
    """Worker processes on this machine (one per core by default); ``workers=1`` runs in-process."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)

    def map_unordered(self, fn: Callable[[Any], R], items: Iterable[Any]) -> Iterator[R]:
        """Results of ``fn`` over ``items``, as they complete."""
        pending_items = list(items)
        if self.workers == 1 or len(pending_items) <= 1:
            for item in pending_items:
                yield fn(item)
            return
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            queue = iter(pending_items)
            running: set[Future[R]] = set()
            try:
                for item in queue:
                    running.add(pool.submit(fn, item))
                    if len(running) >= 2 * self.workers:
                        break
                while running:
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield future.result()
                        nxt = next(queue, None)
                        if nxt is not None:
                            running.add(pool.submit(fn, nxt))
            except BaseException:
                for future in running:
                    future.cancel()
                pool.shutdown(wait=False, cancel_futures=True)
                raise


class DaskExecutor:
    """Jobs on a Dask cluster at ``address`` (needs the optional ``dask[distributed]`` package)."""

    def __init__(self, address: str) -> None:
        distributed = import_optional("dask.distributed", "dask")
        self.client = distributed.Client(address)

    def map_unordered(self, fn: Callable[[Any], R], items: Iterable[Any]) -> Iterator[R]:
        """Results of ``fn`` over ``items``, as they complete."""
        futures = self.client.map(fn, list(items), pure=False)
        for future in import_optional("dask.distributed", "dask").as_completed(futures):
            yield future.result()
