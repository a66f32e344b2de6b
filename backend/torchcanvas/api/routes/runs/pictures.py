"""Trying a trained image model on a picture: its answer, the picture as the model saw it, and
what each layer made of it."""

from fastapi import Request

from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.disk import DiskSpace
from torchcanvas.api.picture_reads import PICTURE_BODY, picture_layers, picture_prediction
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import router
from torchcanvas.export.activations import Activations
from torchcanvas.export.predict_picture import PicturePrediction


@router.post(
    "/{run_id}/predict-image",
    dependencies=[DiskSpace],
    responses=error_replies(404, 409, 413, 415, 422),
    tags=["models"],
    openapi_extra=PICTURE_BODY,
)
async def predict_run_picture(
    run: ReadableRun, request: Request, services: ServicesDep
) -> PicturePrediction:
    """The model's answer for a picture (the body: its file), made into a sample as the training
    images were: converted to grey or RGB, resized to the model's input, scaled alike."""
    return await picture_prediction(services, run, request)


@router.post(
    "/{run_id}/activations-image",
    dependencies=[DiskSpace],
    responses=error_replies(404, 409, 413, 415, 422),
    tags=["models"],
    openapi_extra=PICTURE_BODY,
)
async def run_picture_layer_outputs(
    run: ReadableRun, request: Request, services: ServicesDep
) -> Activations:
    """Inside the model for a picture (the body: its file), made into a sample as for
    predict-image: each layer's output and the first Conv2d's filters."""
    return await picture_layers(services, run, request)
