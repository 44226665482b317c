"""Finished simulation jobs kept on disk, so that a restarted server still knows them, and nowhere forever.

Each job with a run folder (``runs/<job_id>/``, written by the worker like
``corridor simulate --out``) gets a ``job.json`` beside its tables when it
finishes: its id, scenario, owner, state and the wall-clock time it finished.
A server starting over the same folder reads them back (the summary and the
replications from the run folder itself), and deletes every folder older than
the jobs' time to live, including the folders of runs a crash left unfinished.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridor.errors import CorridorError
from corridor.files import write_text_atomic
from corridor.simulation.run import read_run
from corridor.vocabulary import JobState

JOB_FILE = "job.json"
#: What a task's job serves (a flows run's or an appraisal's summary), kept beside its run folder's tables.
TASK_SUMMARY_FILE = "job-summary.json"


@dataclass(frozen=True)
class StoredJob:
    """A finished job as read back: what the manager needs to list and serve it again."""

    job_id: str
    scenario: str
    total: int
    seed: int
    owner: str
    status: JobState
    done: int
    error: str | None
    finished_unix: float
    summary: dict[str, Any] | None
    results: list[Any]
    kind: str = "simulation"


def save_job(folder: Path, record: dict[str, Any]) -> None:
    """Write a finished job's ``job.json`` into its run folder (created if the job wrote none)."""
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / JOB_FILE, json.dumps(record, sort_keys=True))


def save_task_summary(folder: Path, summary: dict[str, Any]) -> None:
    """Write what a task's job serves, to be read back after a restart."""
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / TASK_SUMMARY_FILE, json.dumps(summary))


def remove_run(folder: Path) -> None:
    """Delete a job's run folder (nothing if it is already gone)."""
    shutil.rmtree(folder, ignore_errors=True)


def load_jobs(runs: Path, *, now_unix: float, ttl_s: float) -> list[StoredJob]:
    """The finished jobs under ``runs`` younger than ``ttl_s``; older folders are deleted.

    A folder without a readable ``job.json`` (a run a crash interrupted, or one
    written before jobs were stored) is deleted once it is older than ``ttl_s``
    by its modification time, and otherwise left alone.
    """
    jobs: list[StoredJob] = []
    if not runs.is_dir():
        return jobs
    for folder in sorted(p for p in runs.iterdir() if p.is_dir()):
        record = _record(folder / JOB_FILE)
        finished = record["finished_unix"] if record else folder.stat().st_mtime
        if now_unix - finished > ttl_s:
            remove_run(folder)
            continue
        if record is None:
            continue
        status = JobState(record["status"])
        kind = str(record.get("kind", "simulation"))
        summary, results = None, []
        if status == JobState.DONE and kind != "simulation":  # a task's run folder: its summary.json
            summary = _summary(folder / TASK_SUMMARY_FILE)
            if summary is None:
                continue
        elif status == JobState.DONE:
            try:
                run = read_run(folder)
            except CorridorError:
                continue  # the tables are gone or damaged: the job cannot be served again
            summary, results = run.summary, run.results
        jobs.append(
            StoredJob(
                job_id=folder.name,
                scenario=str(record["scenario"]),
                total=int(record["total"]),
                seed=int(record["seed"]),
                owner=str(record["owner"]),
                status=status,
                done=int(record["done"]),
                error=record.get("error"),
                finished_unix=float(finished),
                summary=summary,
                results=list(results),
                kind=kind,
            )
        )
    return jobs


def _summary(path: Path) -> dict[str, Any] | None:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None


def _record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        JobState(record["status"])
        float(record["finished_unix"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if isinstance(record, dict) else None
