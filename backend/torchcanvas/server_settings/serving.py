"""Where the server keeps its data and listens, and whom it lets in."""

from pathlib import Path

from pydantic import AliasChoices, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO = Path(__file__).resolve().parents[3]


class ServingSettings(BaseSettings):
    """One part of ServerConfig (config.py), read from TORCHCANVAS_* variables."""

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

    frontend_dist: Path = Field(
        default=_REPO / "frontend" / "dist",
        validation_alias=AliasChoices("TORCHCANVAS_FRONTEND", "frontend_dist"),
        description="The built frontend the server serves (make frontend builds it).",
    )

    login_token: str | None = Field(
        default=None,
        min_length=16,
        validation_alias=AliasChoices("TORCHCANVAS_TOKEN", "login_token"),
        description="When set, training, uploads and classes need this token (POST /api/login); "
        "unset: no login.",
    )

    admin_token: str | None = Field(
        default=None,
        min_length=16,
        validation_alias=AliasChoices("TORCHCANVAS_ADMIN_TOKEN", "admin_token"),
        description="When set, whoever has it sees every queued, running or paused run and may "
        "stop any (the /admin page, POST /api/admin/login); unset: there is no admin.",
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

    max_wrong_logins: int = Field(
        default=10,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_WRONG_LOGINS", "max_wrong_logins"),
        description="Wrong login tokens (to /api/login or as a bearer token), admin tokens, "
        "transfer codes or class codes one browser may send per minute (its address, ten times "
        "as many from all its browsers).",
    )

    @field_validator("admin_token")
    @classmethod
    def _not_the_login_token(cls, admin: str | None, info: ValidationInfo) -> str | None:
        # Everyone who may train has the login token: as the admin's too, all of them could stop
        # everyone's runs.
        if admin is not None and admin == info.data.get("login_token"):
            raise PydanticCustomError(
                "same_as_login_token",
                "must differ from TORCHCANVAS_TOKEN, which everyone who trains has: choose "
                "another token for the admin",
            )
        return admin

    def origins(self) -> set[str]:
        """The extra allowed origins, normalised as the Origin header spells them."""
        return {o.strip().rstrip("/").lower() for o in self.allowed_origins.split(",") if o.strip()}
