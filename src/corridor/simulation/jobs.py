"""Simulation runs as jobs: submitted, run in the background through the executor, polled, cancelled.

The job manager is the library side of ``/v1/simulations``; the API only parses and renders.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from corridor.errors import JobNotFinishedError, JobNotFoundError, TooManyJobsError
from corridor.simulation.compiled import Plan
from corridor.simulation.engine import ReplicationResult
from corridor.simulation.executor import LocalExecutor
from corridor.simulation.run import simulate, summarise
from corridor.vocabulary import JobState


class JobCancelledError(Exception):
    """Raised inside a job's progress callback to stop it."""


@dataclass
class Job:
    """A simulation job and where it stands."""

    job_id: str
    scenario: str
    total: int
    seed: int
    status: JobState = JobState.QUEUED
    done: int = 0
    error: str | None = None
    summary: dict[str, Any] | None = None
    results: list[ReplicationResult] = field(default_factory=list)
    cancel: threading.Event = field(default_factory=threading.Event)

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


class JobManager:
    """Runs jobs one or a few at a time on background threads; replications go through the executor."""

    def __init__(self, *, workers: int, max_jobs: int) -> None:
        self.workers = workers
        self.max_jobs = max_jobs
        self.jobs: dict[str, Job] = {}
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="corridor-job")

    def active(self) -> int:
        """Jobs queued or running."""
        return sum(1 for j in self.jobs.values() if j.status.active)

    def submit(self, plan: Plan, *, scenario: str, replications: int, seed: int) -> Job:
        """Queue a job.

        Raises
        ------
        TooManyJobsError
            ``max_jobs`` jobs are queued or running already (checked and counted atomically).

        """
        job = Job(uuid.uuid4().hex[:12], scenario, replications, seed)
        with self.lock:
            if self.active() >= self.max_jobs:
                raise TooManyJobsError(f"{self.max_jobs} jobs are queued or running; try again later")
            self.jobs[job.job_id] = job
        self.pool.submit(self._run, job, plan)
        return job

    def get(self, job_id: str) -> Job:
        """The job ``job_id``.

        Raises
        ------
        JobNotFoundError
            No such job.

        """
        job = self.jobs.get(job_id)
        if job is None:
            raise JobNotFoundError(f"unknown job {job_id!r}", field="job_id")
        return job

    def finished(self, job_id: str, *, field: str = "job_id") -> Job:
        """The job ``job_id`` if it is done.

        Raises
        ------
        JobNotFoundError, JobNotFinishedError
            No such job, or it has no results yet.

        """
        job = self.get(job_id)
        if job.summary is None:
            raise JobNotFinishedError(f"job {job_id!r} is {job.status}, not done", field=field)
        return job

    def cancel(self, job_id: str) -> Job:
        """Ask the job to stop (replications already running finish first)."""
        job = self.get(job_id)
        job.cancel.set()
        if job.status == JobState.QUEUED:
            job.status = JobState.CANCELLED
        return job

    def _run(self, job: Job, plan: Plan) -> None:
        if job.cancel.is_set():
            job.status = JobState.CANCELLED
            return
        job.status = JobState.RUNNING

        def progress(index: int, result: ReplicationResult) -> None:
            job.done += 1
            if job.cancel.is_set():
                raise JobCancelledError

        try:
            job.results = simulate(
                plan,
                replications=job.total,
                seed=job.seed,
                executor=LocalExecutor(self.workers),
                on_result=progress,
            )
            job.summary = summarise(plan, job.results, seed=job.seed)
            job.status = JobState.DONE
        except JobCancelledError:
            job.status = JobState.CANCELLED
        except Exception as err:  # a failed job reports its error; the server keeps running
            job.status = JobState.FAILED
            job.error = f"{type(err).__name__}: {err}"

    def shutdown(self) -> None:
        """Cancel the jobs queued or running (the server is stopping)."""
        for job in self.jobs.values():
            job.cancel.set()
