"""Classify many: a trained model's answers for many pictures, a ZIP of them or a CSV's rows."""

from fastapi import Request

from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.disk import DiskSpace
from torchcanvas.api.many_reads import MANY_BODY, many_answers
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import router
from torchcanvas.export.classify_many import ManyAnswer


@router.post(
    "/{run_id}/classify-many",
    dependencies=[DiskSpace],
    responses=error_replies(400, 404, 409, 413, 415, 422),
    tags=["models"],
    openapi_extra=MANY_BODY,
)
async def classify_many_for_run(
    run: ReadableRun, request: Request, services: ServicesDep
) -> ManyAnswer:
    """The model's answers for a set: each item's top classes (or values), whether it matched
    the label it came with (a ZIP's class folder, a CSV's column), and the set's accuracy
    (or MAE and RMSE); an item that cannot be read comes with its reason."""
    return await many_answers(services, run, request)
