"""The server's configuration, read once from the environment (TORCHCANVAS_* variables).

Not to be confused with a run's TrainingSettings (training/settings.py), which a person picks.
Its settings are declared by job in server_settings/; `python -m torchcanvas --help` lists them
in the order of the bases below.
"""

from collections.abc import Mapping

from pydantic import AliasChoices
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from torchcanvas.server_settings.limits import LimitSettings
from torchcanvas.server_settings.load import LoadSettings
from torchcanvas.server_settings.quotas import QuotaSettings
from torchcanvas.server_settings.serving import ServingSettings
from torchcanvas.server_settings.workers import WorkerSettings


def training_threads(settings: "ServerConfig") -> int:
    """Torch's threads in a worker that trains here: a local worker's, or a Ray actor's (as many
    as the CPUs it asks for, runs/ray_slots.py)."""
    if settings.executor == "ray":
        return max(1, round(settings.cpus_per_run))
    return settings.worker_threads


def variable_name(field: FieldInfo) -> str:
    """The environment variable a setting is read from (its first alias; the others, its
    field's name, are for code that builds the settings)."""
    alias = field.validation_alias
    first = alias.choices[0] if isinstance(alias, AliasChoices) else alias
    return str(first)


class _SettingsVariables(EnvSettingsSource):
    """The environment's variables by the settings' own names (TORCHCANVAS_DATA, PORT), in any
    case, and never by their fields' names: DATA_DIR, WORKERS or LOGIN_TOKEN, set for something
    else, were read as settings (a LOGIN_TOKEN of 3 letters stopped the server, blaming
    TORCHCANVAS_TOKEN)."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        fields = self.settings_cls.model_fields.values()
        names = {variable_name(field).lower() for field in fields}
        loaded = super()._load_env_vars()
        return {name: value for name, value in loaded.items() if name.lower() in names}


# pydantic lists a model's fields base by base, the last base first: serving, workers, limits,
# quotas, load.
class ServerConfig(LoadSettings, QuotaSettings, LimitSettings, WorkerSettings, ServingSettings):
    """Where TorchCanvas keeps its data, where it listens, and how many workers train."""

    model_config = SettingsConfigDict(extra="ignore")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """What code passes, then the environment's variables by the settings' names only."""
        return init_settings, _SettingsVariables(settings_cls)

    def worker_memory_bytes(self) -> int:
        """The resident memory a worker may use while training."""
        gib = self.max_worker_memory_gib
        return int((gib if gib is not None else self.max_memory_gib + 2) * 2**30)
