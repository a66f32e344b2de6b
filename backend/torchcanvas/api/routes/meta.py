"""Health and the catalogue."""

from fastapi import APIRouter

from torchcanvas.api.models import Catalog, Health
from torchcanvas.design.catalog import LAYERS
from torchcanvas.training.catalog import LOSSES, OPTIMIZERS
from torchcanvas.training.datasets import dataset_info, dataset_names

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/health")
def health() -> Health:
    return Health()


@router.get("/catalog")
def catalog() -> Catalog:
    return Catalog(
        layers=LAYERS,
        losses=LOSSES,
        optimizers=OPTIMIZERS,
        datasets=[dataset_info(name) for name in dataset_names()],
    )
