"""The objects the routes work with, made once when the app starts."""

import asyncio
from dataclasses import dataclass

from starlette.requests import HTTPConnection

from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.pool import LocalPool
from torchcanvas.runs.service import RunService
from torchcanvas.settings import Settings
from torchcanvas.store.db import Database
from torchcanvas.store.runs import RunStore


@dataclass
class Services:
    """The database, the run service and the hub of one server."""

    settings: Settings
    db: Database
    run_service: RunService
    pool: LocalPool

    @classmethod
    def open(cls, settings: Settings) -> "Services":
        db = Database(settings.data_dir / "torchcanvas.db")
        hub = Hub()
        hub.bind(asyncio.get_running_loop())
        pool = LocalPool(
            workers=settings.workers or _default_workers(), threads=settings.worker_threads
        )
        run_service = RunService(
            RunStore(db), EventLog(db), hub, pool, settings.data_dir, settings.design_limits()
        )
        run_service.start()
        return cls(settings, db, run_service, pool)

    def close(self) -> None:
        self.run_service.stop()
        self.db.close()


def _default_workers() -> int:
    import torch

    return max(1, torch.cuda.device_count())


def get_services(connection: HTTPConnection) -> Services:
    services: Services = connection.app.state.services
    return services
