"""Health and the catalogue."""

from fastapi import APIRouter

from torchcanvas.api.bodies import Catalog, Health
from torchcanvas.api.deps import OwnerDep, ServicesDep
from torchcanvas.api.routes.datasets import LIMITS
from torchcanvas.design.catalog import LAYERS
from torchcanvas.export.many_limits import MANY_LIMITS
from torchcanvas.store.free_space import free_bytes
from torchcanvas.store.uploads import UploadStore
from torchcanvas.training.catalog import AUGMENTATIONS, LOSSES, OPTIMIZERS, SCHEDULERS
from torchcanvas.training.data import catalog_datasets
from torchcanvas.training.data.limits import limits_info
from torchcanvas.training.data.plane import plane_choices
from torchcanvas.training.data.upload_options import upload_bounds
from torchcanvas.training.settings import setting_bounds

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health")
def health(services: ServicesDep) -> Health:
    """Whether the server can take work: a worker, an executor, and room on its disk."""
    executor = services.executor
    workers = executor.workers()
    free, keep_free = free_bytes(services.settings.data_dir), services.settings.min_free_bytes
    return Health(
        status="disk_low" if free < keep_free else "ok",
        disk_low=free < keep_free,
        free_bytes=free,
        min_free_bytes=keep_free,
        worker_ready=workers.ready > 0,
        executor_problem=executor.unavailable(),
        executor=workers.kind,
        cluster=workers.cluster,
        workers_ready=workers.ready,
        workers_training=workers.training,
        executor_note=workers.note,
    )


@router.get("/catalog")
def catalog(services: ServicesDep, owner: OwnerDep) -> Catalog:
    return Catalog(
        layers=LAYERS,
        losses=LOSSES,
        optimizers=OPTIMIZERS,
        schedulers=SCHEDULERS,
        augmentations=AUGMENTATIONS,
        datasets=catalog_datasets(services.settings.data_dir, UploadStore(services.db).ids(owner)),
        dataset_options=plane_choices(),
        setting_bounds=setting_bounds(),
        upload_bounds=upload_bounds(),
        upload_limits=limits_info(LIMITS),
        classify_many_limits=MANY_LIMITS,
        max_active_runs=services.settings.max_active_runs,
    )
