"""What one owner, one client, or all of them together may hold: runs, bytes, and time paused."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QuotaSettings(BaseSettings):
    """One part of ServerConfig (config.py), read from TORCHCANVAS_* variables."""

    model_config = SettingsConfigDict(extra="ignore")

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

    max_quotas_per_address: int = Field(
        default=5,
        ge=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_QUOTAS_PER_ADDRESS", "max_quotas_per_address"
        ),
        description="How many owners' disk quotas all the owners from one client address hold "
        "together: their uploads may keep this many times "
        "TORCHCANVAS_MAX_UPLOAD_BYTES_PER_OWNER, their runs this many times "
        "TORCHCANVAS_MAX_RUN_BYTES_PER_OWNER; past it, new uploads and runs from there answer "
        "429. A script can collect a fresh owner cookie for each upload, each with its own "
        "quota. Requests that show TORCHCANVAS_TOKEN are not counted by address.",
    )

    max_new_owners_per_address: int = Field(
        default=200,
        ge=1,
        validation_alias=AliasChoices(
            "TORCHCANVAS_MAX_NEW_OWNERS_PER_ADDRESS", "max_new_owners_per_address"
        ),
        description="Owner identities (browsers, API clients) from one client address that may "
        "store their first upload or run in a day; one more answers 429 until a day has passed "
        "since the oldest. Raise it for a school whose students all reach the server from one "
        "address. Requests that show TORCHCANVAS_TOKEN are not counted by address.",
    )

    keep_idle_days: float | None = Field(
        default=None,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_KEEP_IDLE_DAYS", "keep_idle_days"),
        description="Days a browser's runs and uploads are kept after its last visit; then they "
        "are deleted, as its Delete would (runs not yet ended, and uploads they train on, once "
        "they end). The runs page says so. Unset: kept for good.",
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

    min_free_bytes: int = Field(
        default=64 * 2**20,
        ge=0,
        validation_alias=AliasChoices("TORCHCANVAS_MIN_FREE_BYTES", "min_free_bytes"),
        description="Free space the data folder's disk must keep: below it, new runs and "
        "uploads answer 507.",
    )
