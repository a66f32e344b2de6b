"""A set of samples sent to a model at once, by its owner or through a share link: the files
received within the set's limits onto the data disk (within its free space and the uploads'
budget, api/spools.py), then every answer made in one CPU slot."""

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from torchcanvas.api.backpressure import cpu_gate
from torchcanvas.api.many_upload import TARGET_FIELD, ReceivedSet, receive_set, set_body_limit
from torchcanvas.api.picture_reads import LIMITS
from torchcanvas.api.run_reads import model_folder
from torchcanvas.api.services import Services
from torchcanvas.api.spools import spooled
from torchcanvas.export.classify_many import ManyAnswer, classify_many
from torchcanvas.export.many_inputs import many_samples
from torchcanvas.export.many_limits import MANY_LIMITS
from torchcanvas.export.trained import NoWeights
from torchcanvas.store.runs import Run
from torchcanvas.training.catalog import LOSSES_BY_NAME
from torchcanvas.training.data.pictures import PICTURE_TYPES
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder

MANY_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "additionalProperties": False,
                    "properties": {
                        "file": {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": f"Pictures ({PICTURE_TYPES}), or one ZIP of "
                            "pictures in class folders, or one CSV of feature rows.",
                        },
                        TARGET_FIELD: {
                            "type": "string",
                            "maxLength": 1000,
                            "description": "A CSV's column of labels, where it is not found "
                            "by its name (label, target, class or y).",
                        },
                    },
                }
            }
        },
    }
}


def _answer(services: Services, run: Run, received: ReceivedSet) -> ManyAnswer:
    folder = model_folder(services, run)
    data_dir = services.settings.data_dir
    info = run_dataset(RunFolder(folder), run.training.dataset, data_dir)
    many = many_samples(received.files, received.target, run.design, info, LIMITS, MANY_LIMITS)
    try:
        loss = LOSSES_BY_NAME[run.training.loss]
        return classify_many(folder, run.design, info, many, MANY_LIMITS, loss)
    except NoWeights as exc:
        raise NoWeights("This model has no trained weights yet.") from exc


async def many_answers(services: Services, run: Run, request: Request) -> ManyAnswer:
    """The trained model's answers for the set in the request's body."""
    data_dir: Path = services.settings.data_dir
    cpu_gate(request).refuse_if_full(request)  # before the body: its answers would wait for a slot
    with (
        spooled(request, set_body_limit(MANY_LIMITS)) as spool,
        TemporaryDirectory(dir=str(data_dir), prefix="many-") as folder,
    ):
        received = await receive_set(
            request.headers.get("content-type"),
            request.headers.get("content-length"),
            spool.counted(request.stream()),
            Path(folder),
            MANY_LIMITS,
        )
        async with cpu_gate(request).slot(request):
            return await run_in_threadpool(_answer, services, run, received)
