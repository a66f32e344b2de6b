"""Health and the catalogue."""

from typing import Annotated

from fastapi import APIRouter, Depends

from torchcanvas.api.access import OwnerDep
from torchcanvas.api.models import Catalog, Health
from torchcanvas.api.services import Services, get_services
from torchcanvas.design.catalog import LAYERS
from torchcanvas.training.catalog import LOSSES, OPTIMIZERS, SCHEDULERS
from torchcanvas.training.data import catalog_datasets

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health")
def health(services: Annotated[Services, Depends(get_services)]) -> Health:
    executor = services.executor
    return Health(worker_ready=executor.ready(), executor_problem=executor.unavailable())


@router.get("/catalog")
def catalog(services: Annotated[Services, Depends(get_services)], owner: OwnerDep) -> Catalog:
    return Catalog(
        layers=LAYERS,
        losses=LOSSES,
        optimizers=OPTIMIZERS,
        schedulers=SCHEDULERS,
        datasets=catalog_datasets(services.settings.data_dir, owner),
    )
