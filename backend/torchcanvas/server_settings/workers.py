"""The workers that train: how many, where (locally or on Ray), their threads, cores and memory."""

from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_threads() -> int:
    import os

    # The cores this process may use (a container's cpuset too), less one for the API process
    # and, in tests, the browser.
    return max(1, len(os.sched_getaffinity(0)) - 1)


class WorkerSettings(BaseSettings):
    """One part of ServerConfig (config.py), read from TORCHCANVAS_* variables."""

    model_config = SettingsConfigDict(extra="ignore")

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

    pin_cores: bool = Field(
        default=True,
        validation_alias=AliasChoices("TORCHCANVAS_PIN_CORES", "pin_cores"),
        description="Local training workers get cores of their own, as many as their threads but "
        "never all; the web server runs on the others, so that serving a run's viewers takes "
        "no CPU from its training (Linux).",
    )

    server_nice: int = Field(
        default=0,
        ge=0,
        le=19,
        validation_alias=AliasChoices("TORCHCANVAS_SERVER_NICE", "server_nice"),
        description="Nice steps the web server runs below its training workers, so that a run "
        "loses no CPU to serving its viewers; it then yields to every other busy process too.",
    )
