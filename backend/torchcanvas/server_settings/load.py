"""How much work the API process takes on at once: CPU slots, connections, viewers, and the
models it keeps loaded."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class LoadSettings(BaseSettings):
    """One part of ServerConfig (config.py), read from TORCHCANVAS_* variables."""

    model_config = SettingsConfigDict(extra="ignore")

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

    api_threads: int = Field(
        default=1,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_API_THREADS", "api_threads"),
        description="Torch's intra-op and inter-op threads in the API process (predictions, "
        "layer outputs, exports), so that they leave the training workers their cores.",
    )

    model_cache_mib: float = Field(
        default=256.0,
        ge=0,
        validation_alias=AliasChoices("TORCHCANVAS_MODEL_CACHE_MIB", "model_cache_mib"),
        description="Trained models' weights the API process keeps loaded for predictions, "
        "least recently used dropped first; a model bigger than this still answers, loaded "
        "for each request.",
    )

    def model_cache_bytes(self) -> int:
        return int(self.model_cache_mib * 2**20)
