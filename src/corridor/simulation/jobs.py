"""Simulation runs as jobs: submitted, run in a worker process, polled, cancelled, expired.

The job manager is the library side of ``/v1/simulations``; the API only parses and renders.

- Each job runs in its own worker process (in its own process group, with any
  replication processes it starts), so its memory is not the server's and
  cancelling it stops it at once: the group is killed.
- A job has an ``owner`` (the API passes the caller's organisation); callers
  see and cancel only their own jobs, admins all.
- At most ``max_jobs`` jobs are queued or running in all, ``max_jobs_per_owner``
  per owner, counted and admitted under one lock.
- Finished jobs (done, failed, cancelled) are forgotten ``ttl_s`` seconds after they finish,
  and their run folders deleted; with a ``runs`` folder they are kept on disk until then
  (:mod:`corridor.simulation.job_store`), so a restarted server still lists and serves them.
- :func:`check_work` bounds a job's work before it is submitted.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import signal
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from corridor.errors import (
    CorridorError,
    JobNotFinishedError,
    JobNotFoundError,
    LimitExceededError,
    TooManyJobsError,
)
from corridor.network.model import Network
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.executor import LocalExecutor
from corridor.simulation.job_store import load_jobs, remove_run, save_job, save_task_summary
from corridor.simulation.run import simulate, summarise, write_replication
from corridor.simulation.scenario import Scenario
from corridor.vocabulary import JobState

#: Block trains (lots) one job may simulate, over all flows and replications.
MAX_LOTS = 2_000_000
#: Flows one scenario sent to the server may have (each is routed before the run).
MAX_FLOWS = 200


def scenario_lots(scenario: Scenario) -> float:
    """Block trains the scenario's flows dispatch in one replication (an upper bound).

    Each flow's TEU per week, at its busiest month and its growth at the end of the horizon, over the
    horizon in weeks, divided by its train size: simulated TEU-days grow with it, and so does memory.
    """
    years = scenario.horizon_days / 365.0
    total = 0.0
    for flow in scenario.flows:
        peak = max(flow.seasonality) if flow.seasonality else 1.0
        growth = max(1.0, (1.0 + flow.growth_per_year) ** years)
        total += flow.teu_per_week * peak * growth * scenario.horizon_days / 7.0 / flow.train_teu
    return total


def check_work(scenario: Scenario, *, replications: int, max_lots: int = MAX_LOTS) -> float:
    """The job's lots (:func:`scenario_lots` times ``replications``), if within ``max_lots``.

    Raises
    ------
    LimitExceededError
        Too many flows, or more lots than ``max_lots``; the message says which numbers to lower.

    """
    if len(scenario.flows) > MAX_FLOWS:
        raise LimitExceededError(
            f"at most {MAX_FLOWS} flows per scenario, got {len(scenario.flows)}", field="document.flows"
        )
    lots = scenario_lots(scenario) * replications
    if not math.isfinite(lots) or lots > max_lots:
        raise LimitExceededError(
            f"the job would simulate {lots:.3g} block trains (horizon days x TEU per week / 7 / train TEU, "
            f"over flows and replications); at most {max_lots:,}: shorten horizon_days, lower "
            "teu_per_week or replications, or raise train_teu",
            field="replications" if scenario_lots(scenario) <= max_lots else "document.flows",
        )
    return lots


@dataclass
class Job:
    """A simulation job and where it stands."""

    job_id: str
    scenario: str
    total: int
    seed: int
    owner: str = ""
    status: JobState = JobState.QUEUED
    done: int = 0
    error: str | None = None
    summary: dict[str, Any] | None = None
    results: list[ReplicationResult] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)
    finished_at: float | None = None
    pid: int | None = None
    kind: str = "simulation"

    def to_dict(self) -> dict[str, Any]:
        """The job's status as JSON."""
        return {
            "job_id": self.job_id,
            "scenario": self.scenario,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "seed": self.seed,
            "error": self.error,
        }


def _job_main(
    conn: Connection,
    plan: Plan,
    replications: int,
    seed: int,
    workers: int,
    out: Path | None = None,
    network: Network | None = None,
) -> None:
    """The worker process: run the replications, report progress, write the run folder, send the results."""
    os.setpgrp()  # one group with the replication processes, killed together on cancel

    def progress(index: int, result: ReplicationResult) -> None:
        if out is not None and network is not None:  # saved as they finish, read back after a restart
            write_replication(out, index, result)
        conn.send(("progress", None))

    try:
        results = simulate(
            plan, replications=replications, seed=seed, executor=LocalExecutor(workers), on_result=progress
        )
        summary = summarise(plan, results, seed=seed)
        if out is not None and network is not None:  # persisted like `corridor simulate --out` writes it
            from corridor.simulation.output import write_run

            write_run(out, summary, results, network)
        conn.send(("done", (results, summary)))
    except Exception as err:  # reported as the job's error
        conn.send(("failed", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class Task(Protocol):
    """Work a job runs in its worker process (picklable): writes its run folder, returns its summary."""

    @property
    def kind(self) -> str:
        """What the job is (``flows``, ``appraisal``): its API resource lists it."""
        ...

    def run(self, out: Path | None, progress: Callable[[], None]) -> dict[str, Any]:
        """Do the work; call ``progress()`` after each step; the summary to serve."""
        ...


def _task_main(conn: Connection, task: Task, out: Path | None) -> None:
    """The worker process of a task: run it, report progress, send its summary."""
    os.setpgrp()  # one group with any processes it starts, killed together on cancel
    try:
        summary = task.run(out, lambda: conn.send(("progress", None)))
        if out is not None:
            save_task_summary(out, summary)
        conn.send(("done", ([], summary)))
    except Exception as err:  # reported as the job's error
        conn.send(("failed", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class JobManager:
    """Runs each job in a worker process, watched by a thread; see the module docstring."""

    def __init__(
        self,
        *,
        workers: int,
        max_jobs: int,
        max_jobs_per_owner: int | None = None,
        ttl_s: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
        runs: Path | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.workers = workers
        self.max_jobs = max_jobs
        self.max_jobs_per_owner = max_jobs_per_owner or max(1, max_jobs // 2)
        self.ttl_s = ttl_s
        self.clock = clock
        self.runs = runs
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._processes: dict[str, Any] = {}
        self.wall = wall
        if runs is not None:
            self._restore(runs)

    def _restore(self, runs: Path) -> None:
        """Finished jobs a previous server left in ``runs`` (expired ones are deleted there)."""
        now = self.wall()
        for stored in load_jobs(runs, now_unix=now, ttl_s=self.ttl_s):
            job = Job(
                stored.job_id,
                stored.scenario,
                stored.total,
                stored.seed,
                owner=stored.owner,
                kind=stored.kind,
            )
            job.status, job.done, job.error = stored.status, stored.done, stored.error
            job.summary, job.results = stored.summary, stored.results
            job.finished_at = self.clock() - (now - stored.finished_unix)
            self.jobs[job.job_id] = job

    def active(self, owner: str | None = None) -> int:
        """Jobs queued or running (of ``owner``, if given)."""
        return sum(1 for j in self.jobs.values() if j.status.active and owner in (None, j.owner))

    def _expire(self) -> None:
        now = self.clock()
        for job_id in [
            j.job_id
            for j in self.jobs.values()
            if j.finished_at is not None and now - j.finished_at > self.ttl_s
        ]:
            folder = self.run_folder(self.jobs.pop(job_id))
            if folder is not None:
                remove_run(folder)

    def submit(
        self,
        plan: Plan,
        *,
        scenario: str,
        replications: int,
        seed: int,
        owner: str = "",
        network: Network | None = None,
    ) -> Job:
        """Admit a job for ``owner`` (:meth:`admit`) and start its worker process.

        Raises
        ------
        TooManyJobsError
            As :meth:`admit`.

        """
        job = self.admit(scenario=scenario, replications=replications, seed=seed, owner=owner)
        self._start(job, plan, network)
        return job

    def submit_task(self, task: Task, *, scenario: str, steps: int, seed: int = 0, owner: str = "") -> Job:
        """Admit a job that runs ``task`` (``steps``: its progress total) and start its worker process.

        Raises
        ------
        TooManyJobsError
            As :meth:`admit`.

        """
        job = self.admit(scenario=scenario, replications=steps, seed=seed, owner=owner)
        job.kind = task.kind
        self._launch(job, _task_main, (task, self.run_folder(job)))
        return job

    def run_folder(self, job: Job) -> Path | None:
        """Where a job's run folder is written (tables, plots, ``report.html``), if runs are kept."""
        return None if self.runs is None else self.runs / job.job_id

    def admit(self, *, scenario: str, replications: int, seed: int, owner: str = "") -> Job:
        """Register a queued job for ``owner`` if the limits allow it.

        Raises
        ------
        TooManyJobsError
            ``max_jobs`` jobs, or ``max_jobs_per_owner`` of the owner's, are queued or running
            (checked and counted under one lock, so concurrent submits cannot overshoot).

        """
        job = Job(uuid.uuid4().hex[:12], scenario, replications, seed, owner=owner)
        with self.lock:
            self._expire()
            if self.active() >= self.max_jobs:
                raise TooManyJobsError(f"{self.max_jobs} jobs are queued or running; try again later")
            if self.active(owner) >= self.max_jobs_per_owner:
                raise TooManyJobsError(
                    f"you have {self.max_jobs_per_owner} jobs queued or running; wait for one or cancel it"
                )
            self.jobs[job.job_id] = job
        return job

    def _start(self, job: Job, plan: Plan, network: Network | None = None) -> None:
        out = self.run_folder(job) if network is not None else None
        self._launch(job, _job_main, (plan, job.total, job.seed, self.workers, out, network))

    def _launch(self, job: Job, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        receiver, sender = self._context.Pipe(duplex=False)
        process = self._context.Process(target=target, args=(sender, *args), daemon=False)
        with self.lock:
            self._processes[job.job_id] = process
        try:
            process.start()
        except Exception as err:  # no process: the job fails, the server keeps running
            job.error = f"the job's worker process did not start: {err}"
            self._finish(job, JobState.FAILED)
            return
        finally:
            sender.close()
        job.pid = process.pid
        with self.lock:
            if job.status == JobState.QUEUED:
                job.status = JobState.RUNNING
        threading.Thread(target=self._watch, args=(job, process, receiver), daemon=True).start()
        if job.cancel.is_set():  # cancelled between admission and start
            self._kill(job)

    def _watch(self, job: Job, process: Any, receiver: Connection) -> None:
        try:
            while True:
                try:
                    kind, payload = receiver.recv()
                except (EOFError, OSError):
                    break
                if kind == "progress":
                    job.done += 1
                elif kind == "done":
                    job.results, job.summary = payload
                    self._finish(job, JobState.DONE)
                elif kind == "failed":
                    job.error = payload
                    self._finish(job, JobState.FAILED)
        finally:
            receiver.close()
            process.join()
            with self.lock:
                self._processes.pop(job.job_id, None)
            if job.status.active:  # the process died without a word
                job.error = job.error or f"the job's worker process exited with code {process.exitcode}"
                self._finish(job, JobState.CANCELLED if job.cancel.is_set() else JobState.FAILED)

    def _finish(self, job: Job, status: JobState) -> None:
        with self.lock:
            if not job.status.active:
                return
            job.status = status
            job.finished_at = self.clock()
        folder = self.run_folder(job)
        if folder is not None:
            with contextlib.suppress(CorridorError, OSError):  # the job stands; only its record is lost
                record = {**job.to_dict(), "owner": job.owner, "kind": job.kind, "finished_unix": self.wall()}
                save_job(folder, record)

    def visible(self, owner: str | None) -> list[Job]:
        """The jobs of ``owner`` (every job for ``None``: an admin), oldest first."""
        with self.lock:
            self._expire()
            return [j for j in self.jobs.values() if owner is None or j.owner == owner]

    def get(self, job_id: str, *, owner: str | None = None) -> Job:
        """The job ``job_id``, if ``owner`` owns it (any owner for ``None``).

        Raises
        ------
        JobNotFoundError
            No such job, or another owner's (not told apart).

        """
        with self.lock:
            self._expire()
            job = self.jobs.get(job_id)
        if job is None or (owner is not None and job.owner != owner):
            raise JobNotFoundError(f"unknown job {job_id!r}", field="job_id")
        return job

    def finished(self, job_id: str, *, field: str = "job_id", owner: str | None = None) -> Job:
        """The job ``job_id`` if it is done.

        Raises
        ------
        JobNotFoundError, JobNotFinishedError
            No such job (of the owner), or it has no results yet.

        """
        job = self.get(job_id, owner=owner)
        if job.summary is None:
            raise JobNotFinishedError(f"job {job_id!r} is {job.status}, not done", field=field)
        return job

    def cancel(self, job_id: str, *, owner: str | None = None) -> Job:
        """Stop the job now: its worker processes are killed."""
        job = self.get(job_id, owner=owner)
        job.cancel.set()
        if job.status.active:
            self._kill(job)
            self._finish(job, JobState.CANCELLED)
        return job

    def _kill(self, job: Job) -> None:
        with self.lock:
            process = self._processes.get(job.job_id)
        if process is None or process.pid is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # the worker and its replication processes
        process.kill()  # in case it had not made its group yet

    def shutdown(self) -> None:
        """Cancel the jobs queued or running (the server is stopping)."""
        for job in list(self.jobs.values()):
            job.cancel.set()
            if job.status.active:
                self._kill(job)
                self._finish(job, JobState.CANCELLED)


__all__ = ["MAX_FLOWS", "MAX_LOTS", "Job", "JobManager", "Task", "check_work", "scenario_lots"]
