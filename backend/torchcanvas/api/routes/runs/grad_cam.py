"""Where a trained image model looked (Grad-CAM): for one sample, or for a picture, the heat map
of the places that drove a class's score."""

from typing import Annotated

from fastapi import Query, Request

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.disk import DiskSpace
from torchcanvas.api.picture_reads import PICTURE_BODY, picture_where_looked
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import router
from torchcanvas.api.run_reads import run_grad_cam
from torchcanvas.export.grad_cam import CLASS_HELP, LAYER_HELP, GradCam, GradCamRequest

ClassQuery = Annotated[
    int | None,
    Query(
        ge=0,
        le=1_000_000,
        description=f"Explain this class: {CLASS_HELP}; the predicted class if left out.",
    ),
]
LayerQuery = Annotated[
    str | None, Query(max_length=200, description=f"Look at this layer: {LAYER_HELP}.")
]


@router.post(
    "/{run_id}/grad-cam",
    responses=error_replies(404, 409, 422),
    dependencies=[CpuSlot],
    tags=["models"],
)
def run_where_looked(run: ReadableRun, request: GradCamRequest, services: ServicesDep) -> GradCam:
    """Where the model looked in one sample (the body predict takes, with the class and layer to
    explain): Grad-CAM over the input, 0 to 1; 422 for a model without a Conv2d."""
    return run_grad_cam(services, run, request)


@router.post(
    "/{run_id}/grad-cam-image",
    dependencies=[DiskSpace],
    responses=error_replies(404, 409, 413, 415, 422),
    tags=["models"],
    openapi_extra=PICTURE_BODY,
)
async def run_picture_where_looked(
    run: ReadableRun,
    request: Request,
    services: ServicesDep,
    class_index: ClassQuery = None,
    layer: LayerQuery = None,
) -> GradCam:
    """Where the model looked in a picture (the body: its file), made into a sample as for
    predict-image: Grad-CAM over the picture as the model saw it, 0 to 1."""
    return await picture_where_looked(services, run, request, class_index, layer)
