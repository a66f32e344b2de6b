"""The server's configuration, read once from the environment (TORCHCANVAS_* variables).

Not to be confused with a run's TrainingSettings (training/settings.py), which a person picks.
"""

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from torchcanvas.design.limits import DesignLimits
from torchcanvas.training.work import WorkLimits

_REPO = Path(__file__).resolve().parents[2]


def training_threads(settings: "ServerConfig") -> int:
    """Torch's threads in a worker that trains here: a local worker's, or a Ray actor's (as many
    as the CPUs it asks for, runs/ray_slots.py)."""
    if settings.executor == "ray":
        return max(1, round(settings.cpus_per_run))
    return settings.worker_threads


def _default_threads() -> int:
    import os

    # The cores this process may use (a container's cpuset too), less one for the API process
    # and, in tests, the browser.
    return max(1, len(os.sched_getaffinity(0)) - 1)


class ServerConfig(BaseSettings):
    """Where TorchCanvas keeps its data, where it listens, and how many workers train."""

    model_config = SettingsConfigDict(extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        validation_alias=AliasChoices("TORCHCANVAS_DATA", "data_dir"),
        description="Folder of the SQLite database and each run's artefacts.",
    )
    host: str = Field(
        default="127.0.0.1",
        validation_alias=AliasChoices("HOST", "host"),
        description="The address to listen on; 0.0.0.0 for every interface.",
    )
    port: int = Field(
        default=8000,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("PORT", "port"),
        description="The port.",
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_WORKERS", "workers"),
        description="Training worker processes; by default one per GPU, or one without a GPU.",
    )
    worker_threads: int = Field(
        default_factory=_default_threads,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_WORKER_THREADS", "worker_threads"),
        description="Torch's threads in each training worker; by default its share of the cores.",
    )
    login_token: str | None = Field(
        default=None,
        min_length=16,
        validation_alias=AliasChoices("TORCHCANVAS_TOKEN", "login_token"),
        description="When set, creating runs needs this token (POST /api/login); unset: no login.",
    )
    max_layers: int = Field(
        default=200,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_LAYERS", "max_layers"),
        description="Most layers a design may have.",
    )
    max_params: int = Field(
        default=50_000_000,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_PARAMS", "max_params"),
        description="Most parameters a design may have.",
    )
    max_memory_gib: float = Field(
        default=4.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_MEMORY_GIB", "max_memory_gib"),
        description="Most memory one run may need to train, as estimated before it starts.",
    )
    max_macs: int = Field(
        default=DesignLimits.max_macs,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_MACS", "max_macs"),
        description="Most multiply-accumulates one sample may take through a design: what one "
        "prediction costs the server's CPU.",
    )
    max_sample_mib: float = Field(
        default=DesignLimits.max_sample_bytes / 2**20,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_SAMPLE_MIB", "max_sample_mib"),
        description="Most memory the layers' outputs for one sample may take.",
    )
    max_training_steps: int = Field(
        default=WorkLimits.max_steps,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_TRAINING_STEPS", "max_training_steps"),
        description="Most optimizer steps one run, or one Continue of it, may train (batches "
        "an epoch times epochs): what bounds a small network's time on a worker.",
    )
    max_training_macs: int = Field(
        default=WorkLimits.max_sample_macs,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_TRAINING_MACS", "max_training_macs"),
        description="Most multiply-accumulates one run, or one Continue of it, may train: one "
        "sample's through the design, times training samples, times epochs. What bounds a "
        "large network's time on a worker; a GPU server can take far more.",
    )
    model_cache_mib: float = Field(
        default=256.0,
        ge=0,
        validation_alias=AliasChoices("TORCHCANVAS_MODEL_CACHE_MIB", "model_cache_mib"),
        description="Trained models' weights the API process keeps loaded for predictions, "
        "least recently used dropped first; a model bigger than this still answers, loaded "
        "for each request.",
    )
    api_threads: int = Field(
        default=1,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_API_THREADS", "api_threads"),
        description="Torch's intra-op and inter-op threads in the API process (predictions, "
        "layer outputs, exports), so that they leave the training workers their cores.",
    )
    max_worker_memory_gib: float | None = Field(
        default=None,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_WORKER_MEMORY_GIB", "max_worker_memory_gib"),
        description="Resident memory a worker (a local process, or a Ray actor) may use while it "
        "trains a run; past it the worker is stopped and the run fails saying so. Default: "
        "TORCHCANVAS_MAX_MEMORY_GIB + 2 (the worker's own torch and datasets).",
    )
    executor: Literal["local", "ray"] = Field(
        default="local",
        validation_alias=AliasChoices("TORCHCANVAS_EXECUTOR", "executor"),
        description="Where runs train: `local` worker processes, or `ray` actors on a cluster.",
    )
    ray_address: str | None = Field(
        default=None,
        validation_alias=AliasChoices("RAY_ADDRESS", "ray_address"),
        description="The Ray cluster to join (host:port); unset: a private one on loopback.",
    )
    gpu_per_run: float = Field(
        default=1.0,
        gt=0,
        le=1,
        validation_alias=AliasChoices("TORCHCANVAS_GPU_PER_RUN", "gpu_per_run"),
        description="The share of a GPU each run takes on Ray: 0.25 trains four runs on one GPU.",
    )
    cpus_per_run: float = Field(
        default=1.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_CPUS_PER_RUN", "cpus_per_run"),
        description="The CPUs each run takes on a Ray node without GPUs.",
    )
    allowed_origins: str = Field(
        default="",
        validation_alias=AliasChoices("TORCHCANVAS_ALLOWED_ORIGINS", "allowed_origins"),
        description="Other origins, comma-separated (https://app.example.org), that may send "
        "state-changing requests and open websockets; the server's own origin always may.",
    )
    allowed_hosts: str = Field(
        default="",
        validation_alias=AliasChoices("TORCHCANVAS_ALLOWED_HOSTS", "allowed_hosts"),
        description="Other host names, comma-separated, that requests may name in their Host "
        "header; IP addresses, localhost, HOST and the hosts of the allowed origins always may.",
    )
    trust_proxy: bool = Field(
        default=False,
        validation_alias=AliasChoices("TORCHCANVAS_TRUST_PROXY", "trust_proxy"),
        description="Believe X-Forwarded-Proto, -Host and -For: set it only behind a proxy "
        "that sets them.",
    )
    max_json_bytes: int = Field(
        default=2**20,
        ge=1024,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_JSON_BYTES", "max_json_bytes"),
        description="Largest JSON body a request may send; larger ones get 413 unread.",
    )
    max_body_bytes_in_flight: int = Field(
        default=256 * 2**20,
        ge=2**20,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_BODY_BYTES_IN_FLIGHT", "max_body_bytes_in_flight"
        ),
        description="Bytes all the request bodies being received may hold in memory together; "
        "a body that would pass it gets 503 with Retry-After.",
    )
    max_spool_bytes_in_flight: int = Field(
        default=2**30,
        ge=2**20,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT", "max_spool_bytes_in_flight"
        ),
        description="Bytes that the uploads being received (datasets, Classify many's sets, "
        "pictures) may hold on the data disk together; one that would pass it gets 503 with "
        "Retry-After.",
    )
    max_spool_share_per_client: float = Field(
        default=0.5,
        gt=0,
        le=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_SPOOL_SHARE_PER_CLIENT", "max_spool_share_per_client"
        ),
        description="The part of TORCHCANVAS_MAX_SPOOL_BYTES_IN_FLIGHT that the uploads from one "
        "client address may hold together, so that one address cannot lock the others out; one "
        "that would pass it gets 503 with Retry-After. Keep the share above the largest upload "
        "(200 MiB), or that upload never fits.",
    )
    max_active_runs: int = Field(
        default=20,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_ACTIVE_RUNS", "max_active_runs"),
        description="Queued, running and paused runs one owner may have at once.",
    )
    max_queued_runs: int = Field(
        default=100,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_QUEUED_RUNS", "max_queued_runs"),
        description="Runs of all owners that may wait for a worker at once; more get 503 at "
        "once. Owner identities cost nothing to make, so the per-owner limit alone does not "
        "bound the queue.",
    )
    max_pause_seconds: float = Field(
        default=600.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_PAUSE_SECONDS", "max_pause_seconds"),
        description="Seconds a paused run may keep its worker while other runs wait for one; "
        "then it is stopped where it stood, so they can train, and Continue goes on from there.",
    )
    pause_seconds_when_waited: float = Field(
        default=120.0,
        gt=0,
        validation_alias=AliasChoices(
            "TORCHCANVAS_PAUSE_SECONDS_WHEN_WAITED", "pause_seconds_when_waited"
        ),
        description="Seconds a paused run may keep its worker once other runs wait for one "
        "(counted from when they began to wait, or from its pause if later), within "
        "max_pause_seconds; its page says when its pause ends.",
    )
    max_upload_bytes_per_owner: int = Field(
        default=2 * 2**30,
        ge=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER", "max_upload_bytes_per_owner"
        ),
        description="Total size of the uploaded files one owner keeps.",
    )
    max_run_bytes_per_owner: int = Field(
        default=20 * 2**30,
        ge=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER", "max_run_bytes_per_owner"
        ),
        description="Disk one owner's runs may take (weights, checkpoints, exports, events); "
        "past it, new and continued runs answer 429 until some are deleted, and running ones "
        "stop where they stand.",
    )
    max_wrong_logins: int = Field(
        default=10,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_WRONG_LOGINS", "max_wrong_logins"),
        description="Wrong login tokens one client address may send per minute, to /api/login "
        "or as a bearer token; and wrong transfer codes, or class codes, one browser may send per "
        "minute (its address, ten times as many from all its browsers).",
    )
    cpu_slots: int = Field(
        default_factory=lambda: max(1, len(__import__("os").sched_getaffinity(0))),
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_CPU_SLOTS", "cpu_slots"),
        description="Requests doing CPU work (validate, code, new runs, predict, uploads) at once.",
    )
    cpu_queue: int = Field(
        default=64,
        ge=0,
        validation_alias=AliasChoices("TORCHCANVAS_CPU_QUEUE", "cpu_queue"),
        description="Such requests that may wait for a slot; more get 503 at once.",
    )
    client_timeout: float = Field(
        default=10.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_CLIENT_TIMEOUT", "client_timeout"),
        description="Seconds a connection may take to send a request's headers, or pause in "
        "its body, or a run's viewer to take nothing of what waits for it; then it is closed.",
    )
    max_viewers: int = Field(
        default=2000,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_VIEWERS", "max_viewers"),
        description="Run pages (websockets following a run's events) open at once; more are "
        "refused with 1013, and retry.",
    )
    max_viewers_per_client: int = Field(
        default=256,
        ge=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_VIEWERS_PER_CLIENT", "max_viewers_per_client"
        ),
        description="Run pages open at once from one client address.",
    )
    min_body_rate: float = Field(
        default=500.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MIN_BODY_RATE", "min_body_rate"),
        description="Bytes a second a request's body must average: it has the client timeout, "
        "and a second more for each this many bytes; then it is closed.",
    )
    max_idle_connections: int = Field(
        default=1000,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_IDLE_CONNECTIONS", "max_idle_connections"),
        description="Connections that may wait for a request at once; a new one closes the one "
        "that has waited longest.",
    )
    min_free_bytes: int = Field(
        default=64 * 2**20,
        ge=0,
        validation_alias=AliasChoices("TORCHCANVAS_MIN_FREE_BYTES", "min_free_bytes"),
        description="Free space the data folder's disk must keep: below it, new runs and "
        "uploads answer 507.",
    )
    server_nice: int = Field(
        default=0,
        ge=0,
        le=19,
        validation_alias=AliasChoices("TORCHCANVAS_SERVER_NICE", "server_nice"),
        description="Nice steps the web server runs below its training workers, so that a run "
        "loses no CPU to serving its viewers; it then yields to every other busy process too.",
    )
    pin_cores: bool = Field(
        default=True,
        validation_alias=AliasChoices("TORCHCANVAS_PIN_CORES", "pin_cores"),
        description="Local training workers get cores of their own, as many as their threads but "
        "never all; the web server runs on the others, so that serving a run's viewers takes "
        "no CPU from its training (Linux).",
    )
    frontend_dist: Path = Field(
        default=_REPO / "frontend" / "dist",
        validation_alias=AliasChoices("TORCHCANVAS_FRONTEND", "frontend_dist"),
        description="The built frontend the server serves (make frontend builds it).",
    )

    def origins(self) -> set[str]:
        """The extra allowed origins, normalised as the Origin header spells them."""
        return {o.strip().rstrip("/").lower() for o in self.allowed_origins.split(",") if o.strip()}

    def worker_memory_bytes(self) -> int:
        """The resident memory a worker may use while training."""
        gib = self.max_worker_memory_gib
        return int((gib if gib is not None else self.max_memory_gib + 2) * 2**30)

    def model_cache_bytes(self) -> int:
        return int(self.model_cache_mib * 2**20)

    def work_limits(self) -> WorkLimits:
        """The limits on the training every run on this server asks of a worker."""
        return WorkLimits(max_steps=self.max_training_steps, max_sample_macs=self.max_training_macs)

    def design_limits(self) -> DesignLimits:
        """The limits every design on this server is checked against."""
        return DesignLimits(
            max_layers=self.max_layers,
            max_edges=5 * self.max_layers,  # room for joins; a chain needs one edge a layer
            max_params=self.max_params,
            max_memory_bytes=int(self.max_memory_gib * 2**30),
            max_macs=self.max_macs,
            max_sample_bytes=int(self.max_sample_mib * 2**20),
        )
