"""The server's configuration, read once from the environment (TORCHCANVAS_* variables).

Not to be confused with a run's TrainingSettings (training/settings.py), which a person picks.
Its settings are declared by job in server_settings/; `python -m torchcanvas --help` lists them
in the order of the bases below.
"""

from pydantic_settings import SettingsConfigDict

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


# pydantic lists a model's fields base by base, the last base first: serving, workers, limits,
# quotas, load.
class ServerConfig(LoadSettings, QuotaSettings, LimitSettings, WorkerSettings, ServingSettings):
    """Where TorchCanvas keeps its data, where it listens, and how many workers train."""

    model_config = SettingsConfigDict(extra="ignore")

    def worker_memory_bytes(self) -> int:
        """The resident memory a worker may use while training."""
        gib = self.max_worker_memory_gib
        return int((gib if gib is not None else self.max_memory_gib + 2) * 2**30)
