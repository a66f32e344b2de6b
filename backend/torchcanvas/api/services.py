"""The objects the routes work with, made once when the app starts."""

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from starlette.requests import HTTPConnection

from torchcanvas.api import address_ceiling
from torchcanvas.api.access import Owner, address_hash
from torchcanvas.api.quotas import (
    CodeThrottle,
    check_active_runs,
    check_address_runs,
    check_queue_share,
    check_queued_runs,
    check_run_bytes,
)
from torchcanvas.api.viewer_seats import ViewerSeats
from torchcanvas.config import ServerConfig
from torchcanvas.export.export_process import EXPORTS
from torchcanvas.export.trained import MODELS
from torchcanvas.runs.cores import CoreSplit, available_cores, split_cores
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.runs.executor import Executor
from torchcanvas.runs.fanout import Fanout
from torchcanvas.runs.hub import Hub
from torchcanvas.runs.idle_owners import DAY, idle_owners_watch
from torchcanvas.runs.periodic import Periodic
from torchcanvas.runs.pool import LocalPool
from torchcanvas.runs.service import RunService
from torchcanvas.store.address_runs import AddressRuns
from torchcanvas.store.address_use import AddressUse
from torchcanvas.store.db import DATABASE_NAME, Database
from torchcanvas.store.disk_use import DiskUse
from torchcanvas.store.owner_visits import WRITE_EVERY, OwnerVisits
from torchcanvas.store.owners import OwnerStore, digest, host_cookie_since, owner_key
from torchcanvas.store.queued_from import QueuedFrom
from torchcanvas.store.runs import RunStore
from torchcanvas.store.tombstones import forget_old
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.data.storage import sweep_partials

logger = logging.getLogger(__name__)


@dataclass
class Services:
    """The database, the run service and the fan-out of its events, of one server."""

    settings: ServerConfig
    db: Database
    run_service: RunService
    executor: Executor
    fanout: Fanout
    login_throttle: CodeThrottle  # wrong login tokens, per browser and per address
    code_throttle: CodeThrottle  # wrong transfer codes (store/transfers.py)
    viewer_seats: ViewerSeats
    owner_key: bytes  # signs the owner cookies this server issues (api/access.py)
    class_codes: CodeThrottle  # wrong class codes typed to hand a run in (store/classes.py)
    host_cookie_since: float  # when `__Host-` owner cookies began: older plain ones still count
    queueing: threading.Lock = field(default_factory=threading.Lock)  # the run quota's check
    # The disk new runs' quotas count: ended runs' folder sizes stay remembered between starts
    # (DiskWatch keeps its own, for the owners it watches).
    run_disk: DiskUse = field(init=False)
    # Wrong admin tokens (TORCHCANVAS_ADMIN_TOKEN), per browser and per address: counted apart
    # from the login tokens, so that a class's typos do not lock its teacher out of Stop.
    admin_throttle: CodeThrottle = field(init=False)
    # When each browser was last seen, and the watch that deletes the runs and uploads of those
    # idle for TORCHCANVAS_KEEP_IDLE_DAYS (None where it is unset: everything is kept).
    visits: OwnerVisits = field(init=False)
    idle_watch: Periodic | None = field(init=False)

    def __post_init__(self) -> None:
        self.run_disk = DiskUse(self.db, self.settings.data_dir / "runs")
        keep = self.settings.keep_idle_days
        # Written often enough that a browser back within the time kept is never idle.
        self.visits = OwnerVisits(
            self.db, WRITE_EVERY if keep is None else min(WRITE_EVERY, keep * DAY / 10)
        )
        self.visits.keeping(None if keep is None else time.time())
        self.idle_watch = (
            None if keep is None else idle_owners_watch(self.run_service, self.visits, keep)
        )
        self.admin_throttle = CodeThrottle(
            self.settings.max_wrong_logins, "admin tokens", "then try the right token."
        )

    @classmethod
    def open(cls, settings: ServerConfig) -> "Services":
        MODELS.clear(settings.model_cache_bytes())  # TORCHCANVAS_MODEL_CACHE_MIB
        db = Database(settings.data_dir / DATABASE_NAME)
        UploadStore(db).adopt(settings.data_dir)  # uploads from before their owners moved here
        QueuedFrom(db).forget_started()  # no client address kept past its run's wait
        forget_old(db, time.time())  # tombstones past their month, where no delete came since
        for name in sweep_partials(settings.data_dir):
            logger.warning("Removed %s, an upload a stopped server left half-written.", name)
        hub = Hub()
        hub.bind(asyncio.get_running_loop())
        executor = _executor(settings)
        store, log = RunStore(db), EventLog(db)
        run_service = RunService(
            store,
            log,
            hub,
            executor,
            settings.data_dir,
            settings.design_limits(),
            settings.max_pause_seconds,
            settings.max_run_bytes_per_owner,
            settings.work_limits(),
            settings.min_free_bytes,
            settings.pause_seconds_when_waited,
        )
        run_service.start()
        _join_address_turns(db, executor)
        EXPORTS.open()  # last: a server that failed to open never closes it
        services = cls(
            settings,
            db,
            run_service,
            executor,
            Fanout(hub, log, store),
            CodeThrottle(settings.max_wrong_logins, "login tokens", "then try the right token."),
            CodeThrottle(settings.max_wrong_logins),
            ViewerSeats(settings.max_viewers, settings.max_viewers_per_client),
            owner_key(db),
            CodeThrottle(settings.max_wrong_logins, "class codes"),
            host_cookie_since(db),
        )
        if services.idle_watch is not None:
            services.idle_watch.start()
        return services

    @contextmanager
    def run_quota(
        self,
        owner: Owner,
        address: str,
        counted: bool = False,
        *,
        ceiling: str | None,
        locked: bool = True,
    ) -> Iterator[Callable[[str], None]]:
        """429 when the owner's runs take their share of the disk, or the owner has as many
        active runs as allowed, or runs from the client's address fill half the queue; 503 when
        the server's queue is full; else holds the quota's lock while a run is queued or
        continued, so that a burst cannot pass the counts, and gives what to call with the run's
        id once queued. (The disk is measured outside the lock: the active runs' cap bounds what
        a burst can add to it.) A run `counted` already among the owner's active ones (a paused
        run queued again) is not counted twice.

        An owner this server did not issue (a made-up cookie, or none) is one client with every
        such owner from its address: their active runs count together, their runs' bytes too,
        and their runs wait in the address's turn, not each in a turn of its own.

        With a `ceiling` (the hashed address: deps.ceiling_address), the runs of every owner from
        the address count together against its ceiling and its share of the queue, and a new
        identity among the address's new ones of the day (address_ceiling.py): 429 past either.
        Without one (a request that showed the server's login token), none of these apply.

        Not `locked`: the counts are read without the lock, and nothing is queued in the block: a
        request with costly work before it queues (a run copy) is refused before that work, and
        checked again, locked, as it queues."""
        held = self.quota_address(owner, address)
        disk = self.run_disk
        used = disk.of_client(digest(owner), held)
        per_owner = self.settings.max_run_bytes_per_owner
        check_run_bytes(used, per_owner, held is not None)
        address_use = AddressUse(self.db)
        new_owner = None  # its place among the address's new owners, recorded once queued
        if ceiling is not None:
            quotas = self.settings.max_quotas_per_address
            address_ceiling.check_run_bytes(disk.of_address(ceiling), per_owner, quotas)
            limit = self.settings.max_new_owners_per_address
            new_owner = address_ceiling.check_new_owner(address_use, ceiling, owner, limit)
        owners = OwnerStore(self.db)
        address_runs = AddressRuns(self.db)
        try:
            with self.queueing if locked else nullcontext():
                if not counted:
                    check_active_runs(owners, owner, self.settings.max_active_runs)
                    if not owner.issued:
                        check_address_runs(address_runs, address, self.settings.max_active_runs)
                store = self.run_service.store
                check_queued_runs(store, self.settings.max_queued_runs)
                most = max(1, self.settings.max_queued_runs // 2)
                queued_from = QueuedFrom(self.db)
                if ceiling is not None:  # one logged in is a person, not one of an address's
                    check_queue_share(queued_from, address, most)

                def queued(run_id: str) -> None:
                    queued_from.add(address, run_id)
                    if ceiling is not None:
                        address_use.record_run(run_id, ceiling)
                    if held is not None:
                        owners.record_address(run_id, held)
                        address_runs.add(address, run_id)
                        self.executor.join_turns(digest(owner), address_turn(address))
                    if new_owner is not None:
                        new_owner.admit(address_use)

                yield queued
        finally:
            if new_owner is not None:
                new_owner.release()

    def quota_address(self, owner: Owner, address: str) -> str | None:
        """The hashed address whose disk quotas the caller's uploads and runs count in, when this
        server did not issue its owner cookie (a made-up one, or none: a script could take a
        fresh one for each request); None for an owner it issued, whose quotas are its own."""
        return None if owner.issued else address_hash(self.owner_key, address)

    def close(self) -> None:
        if self.idle_watch is not None:  # before the runs it deletes are stopped
            self.idle_watch.stop()
        EXPORTS.close()  # an export or its warm-up ends with the server, not as a failure
        self.fanout.close()
        self.run_service.stop()
        self.db.close()


def address_turn(address: str) -> str:
    """The queue's turn of the runs of owners this server did not issue, from one address (the
    turns of owners are their hashes: hex, without spaces)."""
    return f"address {address}"


def _join_address_turns(db: Database, executor: Executor) -> None:
    """Runs queued again at a start (runs/restart.py) take their owners' turns: those that
    owners this server had not issued queued take their address's again."""
    owners = OwnerStore(db)
    AddressRuns(db).forget_ended()
    for run_id, address in AddressRuns(db).waiting():
        executor.join_turns(owners.owner_hash(run_id), address_turn(address))


def _executor(settings: ServerConfig) -> Executor:
    """The local pool, or the Ray executor (Ray is imported only when it is asked for)."""
    if settings.executor == "ray":
        from torchcanvas.runs import ray_env

        ray_env.prepare()  # before Ray is first imported
        from torchcanvas.runs.ray_executor import RayExecutor

        return RayExecutor(
            settings.ray_address,
            settings.data_dir,
            gpu_per_run=settings.gpu_per_run,
            cpus_per_run=settings.cpus_per_run,
            local_cpus=settings.workers or 1,
            memory_limit=settings.worker_memory_bytes(),
        )
    workers = settings.workers or _default_workers()
    split = core_split(settings)
    return LocalPool(
        workers=workers,
        threads=settings.worker_threads,
        cores=split.workers if split else None,
        memory_limit=settings.worker_memory_bytes(),
    )


def core_split(settings: ServerConfig) -> CoreSplit | None:
    """The server's and the local workers' cores, when they are to be kept apart."""
    if not settings.pin_cores or settings.executor != "local":
        return None
    workers = settings.workers or _default_workers()
    return split_cores(available_cores(), workers * settings.worker_threads)


def _default_workers() -> int:
    import torch

    return max(1, torch.cuda.device_count())


def get_services(connection: HTTPConnection) -> Services:
    services: Services = connection.app.state.services
    return services
