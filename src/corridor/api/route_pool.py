"""Routing questions answered in worker processes, so one server uses every core (issue 10).

A routing answer is CPU work in Python (the search's set-up, each option's convolution, chain
and emissions), so the server's threads share one core through the GIL. With
``CORRIDOR_ROUTE_PROCESSES`` > 0, ``POST /v1/routes`` sends the question to a pool of that many
processes (started with ``spawn``), each holding the server's network and factors, the routing
graph built and the kernels loaded; a process answers with the JSON body and its status, rendered
exactly as the server itself renders them (:func:`corridor.api.errors.error_response` for a
library error). Everything else (jobs, the shipment database, webhooks) stays in the one server
process, so nothing that holds state is shared between processes.

The work stays bounded as on the threads: :meth:`RoutePool.answer` runs in the server's thread
that would otherwise compute the answer (``run_until_gone`` in :mod:`corridor.api.routes`, which
watches the client), the deadline counts inside the worker, and a shared byte per slot is the
question's cancel flag, set when the client goes away or the server stops. At most
:data:`SLOTS_PER_PROCESS` questions per process are in flight, the others wait for a slot; a slot
is free again only once its worker has stopped. A worker ends with the server process, however
that ends (a thread in each waits on the parent's sentinel). A worker that dies (killed, out of memory) fails
its question with :class:`~corridor.errors.WorkerStoppedError` (503) and the pool is started
again.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import multiprocessing.connection
import multiprocessing.sharedctypes
import os
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse

from corridor.api.errors import error_response
from corridor.emissions.factors import FactorDataset
from corridor.errors import CorridorError, SearchLimitError, WorkerStoppedError
from corridor.network.model import Departure, Network
from corridor.routing import RouteLimits, RouteQuery
from corridor.routing.limits import Cancelled

LOG = logging.getLogger(__name__)
#: Questions in flight per worker process; more wait in the server for a free slot.
SLOTS_PER_PROCESS = 4
#: Seconds between looks at the question's cancel event while it waits for a slot or its worker.
WATCH_S = 0.2
#: Seconds start-up waits for the workers to have loaded the network and kernels.
READY_TIMEOUT_S = 120.0

# --- in the worker process -------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


class _SharedFlag:
    """A cancel flag in shared memory: :meth:`is_set` as on a :class:`threading.Event`."""

    def __init__(self, flags: Any, slot: int) -> None:
        self._flags = flags
        self._slot = slot

    def is_set(self) -> bool:
        return bool(self._flags[self._slot])


def _exit_with_parent(sentinel: int) -> None:
    """End this worker when the server process ends, however it ends (a SIGKILL runs no shutdown)."""
    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def _start_worker(network: Network, factors: FactorDataset, flags: Any) -> None:
    """Keep the server's network, factors and flags; build the graph and load the kernels now."""
    from corridor.routing.graph import routing_graph
    from corridor.routing.kernels import warm_up

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_exit_with_parent, args=(parent.sentinel,), daemon=True, name="corridor-parent-watch"
        ).start()
    _WORKER.update(network=network, factors=factors, flags=flags)
    warm_up()
    routing_graph(network)


def _ready() -> bool:
    return bool(_WORKER)


@dataclass(frozen=True)
class Question:
    """What a worker needs of one ``POST /v1/routes``: the question, its limits and how to answer."""

    query: RouteQuery
    limits: RouteLimits
    include: tuple[str, ...] = ()
    currency: str = "USD"
    departures: tuple[Departure, ...] = ()


def _answer(slot: int, question: Question) -> tuple[int, bytes]:
    """The status and JSON body of one question, as the server would render them."""
    from corridor.routing import route_query
    from corridor.routing.io import answer_with

    limits = dataclasses.replace(question.limits, cancelled=_SharedFlag(_WORKER["flags"], slot))
    network: Network = _WORKER["network"]
    try:
        result = route_query(
            network, question.query, factors=_WORKER["factors"], limits=limits, departures=question.departures
        )
        answer = answer_with(network, result, question.include, question.currency)
    except CorridorError as err:
        response = error_response(err)
        return response.status_code, bytes(response.body)
    return 200, bytes(JSONResponse(answer).body)


# --- in the server ---------------------------------------------------------------------------


class RoutePool:
    """``processes`` workers answering routing questions; see the module's description."""

    def __init__(self, processes: int, network: Network, factors: FactorDataset) -> None:
        if processes < 1:
            raise ValueError(f"a pool needs at least one process, got {processes}")
        self.processes = processes
        self._network = network
        self._factors = factors
        self._context = multiprocessing.get_context("spawn")
        self._flags = self._context.RawArray("b", processes * SLOTS_PER_PROCESS)
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        for slot in range(processes * SLOTS_PER_PROCESS):
            self._free.put(slot)
        self._lock = threading.Lock()
        self._stopping = False
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.processes,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self._network, self._factors, self._flags),
        )

    def wait_ready(self, timeout_s: float = READY_TIMEOUT_S) -> None:
        """Start every worker and wait until each has loaded the network and kernels."""
        futures = [self._executor.submit(_ready) for _ in range(self.processes)]
        for future in futures:
            future.result(timeout=timeout_s)

    def shutdown(self) -> None:
        """Stop the questions under way (their flags) and the workers."""
        with self._lock:
            self._stopping = True
            for slot in range(len(self._flags)):
                self._flags[slot] = 1
            self._executor.shutdown(wait=False, cancel_futures=True)

    def answer(
        self,
        query: RouteQuery,
        limits: RouteLimits,
        include: Sequence[str],
        currency: str,
        departures: tuple[Departure, ...],
    ) -> tuple[int, bytes]:
        """The status and JSON body for ``query``, computed in a worker; blocks the calling thread.

        ``limits.cancelled`` (the caller's event) stops the question: it is passed on to the
        worker through the slot's flag.

        Raises
        ------
        SearchLimitError
            The question was cancelled (the worker's own answer is then that error too).
        WorkerStoppedError
            The worker died while answering.

        """
        cancelled = limits.cancelled
        slot = self._take_slot(cancelled)
        self._flags[slot] = 0
        try:
            question = Question(
                query, dataclasses.replace(limits, cancelled=None), tuple(include), currency, departures
            )
            status, body = self._wait(slot, question, cancelled)
        finally:
            self._flags[slot] = 1
            self._free.put(slot)
        if status != 200 and cancelled is not None and cancelled.is_set():
            detail = json.loads(body).get("detail", {})
            raise SearchLimitError(str(detail.get("message", "the question was cancelled")))
        return status, body

    def _take_slot(self, cancelled: Cancelled | None) -> int:
        while True:
            try:
                return self._free.get(timeout=WATCH_S)
            except queue.Empty:
                if cancelled is not None and cancelled.is_set():
                    raise SearchLimitError("the question was cancelled (stopped before it started)") from None

    def _wait(self, slot: int, question: Question, cancelled: Cancelled | None) -> tuple[int, bytes]:
        """The worker's answer; ``cancelled`` reaches the worker through the slot's flag."""
        executor = self._executor
        try:
            future = executor.submit(_answer, slot, question)
            while True:
                try:
                    return future.result(timeout=WATCH_S)
                except TimeoutError:
                    if cancelled is not None and cancelled.is_set():
                        self._flags[slot] = 1  # the worker stops at its next check
                        if future.cancel():
                            raise SearchLimitError(
                                "the question was cancelled (stopped before it started)"
                            ) from None
        except (BrokenProcessPool, RuntimeError) as err:  # RuntimeError: submitted after shutdown
            if isinstance(err, SearchLimitError):
                raise
            self._restart(executor)
            raise WorkerStoppedError("the routing worker stopped while answering; ask again") from err

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace a pool whose worker died (once, whichever question saw it first)."""
        with self._lock:
            if self._executor is broken and not self._stopping:
                LOG.error("a routing worker process died; starting the pool again")
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._start()
