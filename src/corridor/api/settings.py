"""Server settings, from environment variables (documented in docs/api.md)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from corridor.errors import SettingsError
from corridor.routing.limits import RouteLimits
from corridor.shipments.dispatch import DeliveryPolicy
from corridor.shipments.outbox import RetryPolicy
from corridor.simulation.scenario import bundled_scenarios_path


def _int(name: str, default: int, *, minimum: int = 1, maximum: int = 10**9) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name}: must be {minimum}-{maximum}, got {value}")
    return value


def _float(name: str, default: float, *, minimum: float = 0.001, maximum: float = 86_400.0) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if not minimum <= value <= maximum:
        raise SettingsError(f"{name}: must be {minimum:g}-{maximum:g}, got {value:g}")
    return value


def default_route_processes() -> int:
    """Worker processes for routing questions by default: one per CPU, none on a single CPU (at most 8)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if cpus < 2 else min(cpus, 8)


@dataclass(frozen=True)
class Settings:
    """What the server needs to know; every field has an environment variable."""

    host: str = "127.0.0.1"
    port: int = 8000
    network: Path | None = None
    schedules: tuple[Path, ...] = ()
    scenarios: Path = field(default_factory=bundled_scenarios_path)
    runs: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "corridor-runs")
    flow_runs: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "corridor-flow-runs")
    max_containers: int = 1000
    max_replications: int = 200
    max_body_bytes: int = 1_000_000
    workers: int = 1
    max_jobs: int = 4
    database_url: str | None = None
    webhook_hosts: tuple[str, ...] = ()
    max_options: int = 50
    max_labels: int = 1_000_000
    max_via: int = 4
    route_deadline_s: float = 5.0
    webhook_timeout_s: float = 5.0
    webhook_retry_base_s: float = 60.0
    webhook_retry_max_s: float = 7200.0
    webhook_max_attempts: int = 12
    webhook_lease_s: float = 60.0
    webhook_poll_s: float = 1.0
    webhook_threads: int = 8
    webhook_per_subscriber: int = 2
    webhook_worker: bool = True
    route_processes: int = 0

    def route_limits(self) -> RouteLimits:
        """The bounds on one routing question's work."""
        return RouteLimits(
            max_options=self.max_options,
            max_labels=self.max_labels,
            max_via=self.max_via,
            deadline_s=self.route_deadline_s,
        )

    def delivery_policy(self) -> DeliveryPolicy:
        """How the webhook worker sends, retries and shares its threads between subscribers.

        Raises
        ------
        SettingsError
            The lease is not longer than the timeout.

        """
        try:
            return DeliveryPolicy(
                retry=RetryPolicy(
                    base_s=self.webhook_retry_base_s,
                    max_delay_s=self.webhook_retry_max_s,
                    max_attempts=self.webhook_max_attempts,
                ),
                timeout_s=self.webhook_timeout_s,
                lease_s=self.webhook_lease_s,
                poll_s=self.webhook_poll_s,
                threads=self.webhook_threads,
                per_subscriber=self.webhook_per_subscriber,
                allowed_hosts=self.webhook_hosts,
            )
        except ValueError as err:
            raise SettingsError(f"CORRIDOR_WEBHOOK_LEASE_S / CORRIDOR_WEBHOOK_TIMEOUT_S: {err}") from err

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from ``CORRIDOR_*`` variables (defaults where unset)."""
        network = os.environ.get("CORRIDOR_NETWORK")
        scenarios = os.environ.get("CORRIDOR_SCENARIOS")
        return cls(
            host=os.environ.get("CORRIDOR_HOST", "127.0.0.1"),
            port=_int("CORRIDOR_PORT", 8000, maximum=65535),
            network=Path(network) if network else None,
            schedules=tuple(
                Path(p) for p in os.environ.get("CORRIDOR_SCHEDULES", "").split(os.pathsep) if p.strip()
            ),
            scenarios=Path(scenarios) if scenarios else bundled_scenarios_path(),
            runs=Path(os.environ.get("CORRIDOR_RUNS", str(Path(tempfile.gettempdir()) / "corridor-runs"))),
            flow_runs=Path(
                os.environ.get("CORRIDOR_FLOW_RUNS", str(Path(tempfile.gettempdir()) / "corridor-flow-runs"))
            ),
            max_containers=_int("CORRIDOR_MAX_CONTAINERS", 1000),
            max_replications=_int("CORRIDOR_MAX_REPLICATIONS", 200),
            max_body_bytes=_int("CORRIDOR_MAX_BODY_BYTES", 1_000_000, minimum=1024),
            workers=_int("CORRIDOR_WORKERS", 1, maximum=256),
            max_jobs=_int("CORRIDOR_MAX_JOBS", 4, maximum=1000),
            database_url=os.environ.get("CORRIDOR_DATABASE_URL") or None,
            webhook_hosts=tuple(
                h.strip() for h in os.environ.get("CORRIDOR_WEBHOOK_HOSTS", "").split(",") if h.strip()
            ),
            max_options=_int("CORRIDOR_MAX_OPTIONS", 50, maximum=10_000),
            max_labels=_int("CORRIDOR_MAX_LABELS", 1_000_000, minimum=1024),
            max_via=_int("CORRIDOR_MAX_VIA", 4, minimum=0, maximum=8),
            route_deadline_s=_float("CORRIDOR_ROUTE_DEADLINE_S", 5.0),
            webhook_timeout_s=_float("CORRIDOR_WEBHOOK_TIMEOUT_S", 5.0, maximum=60.0),
            webhook_retry_base_s=_float("CORRIDOR_WEBHOOK_RETRY_BASE_S", 60.0),
            webhook_retry_max_s=_float("CORRIDOR_WEBHOOK_RETRY_MAX_S", 7200.0),
            webhook_max_attempts=_int("CORRIDOR_WEBHOOK_MAX_ATTEMPTS", 12, maximum=100),
            webhook_lease_s=_float("CORRIDOR_WEBHOOK_LEASE_S", 60.0),
            webhook_poll_s=_float("CORRIDOR_WEBHOOK_POLL_S", 1.0, maximum=3600.0),
            webhook_threads=_int("CORRIDOR_WEBHOOK_THREADS", 8, maximum=256),
            webhook_per_subscriber=_int("CORRIDOR_WEBHOOK_PER_SUBSCRIBER", 2, maximum=256),
            route_processes=_int(
                "CORRIDOR_ROUTE_PROCESSES", default_route_processes(), minimum=0, maximum=64
            ),
            webhook_worker=os.environ.get("CORRIDOR_WEBHOOK_WORKER", "1").strip().lower()
            not in ("0", "false", "no", "off"),
        )
