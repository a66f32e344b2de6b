"""A picture sent to a model, by its owner or through a share link: the body read within its
limit, then the prediction (or the layers' outputs, or where it looked) made in a CPU slot (a slow sender holds no slot while it sends).

While it arrives, a picture past 1 MiB waits in an unnamed file on the data disk, not in memory:
many slow senders of 10 MB pictures would otherwise hold gigabytes. Only the requests in a CPU
slot hold a whole picture in memory. On the disk, pictures count in the uploads' budget and
keep its free space as dataset uploads do (api/spools.py).
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO, Any, TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from torchcanvas.api.backpressure import cpu_gate
from torchcanvas.api.run_reads import model_folder, no_weights_yet
from torchcanvas.api.services import Services
from torchcanvas.api.spools import Spool, spooled
from torchcanvas.design.schema import Design
from torchcanvas.export.activations import Activations, picture_activations
from torchcanvas.export.grad_cam import GradCam, picture_grad_cam
from torchcanvas.export.predict_picture import PicturePrediction, predict_picture
from torchcanvas.export.trained import NoWeights
from torchcanvas.problems import Unsupported
from torchcanvas.sizes import size_text
from torchcanvas.store.runs import Run
from torchcanvas.training.data.limits import UploadLimits, UploadTooLarge
from torchcanvas.training.data.pictures import PICTURE_TYPES
from torchcanvas.training.settings import TrainingSettings

LIMITS = UploadLimits()
_TYPES = ("image/png", "image/jpeg", "image/webp", "image/gif", "application/octet-stream")
# The body is the picture file itself; its content is read, whatever type the header says.
PICTURE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": f"A picture file ({PICTURE_TYPES}), at most "
        f"{size_text(LIMITS.max_picture_bytes)}.",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in _TYPES},
    }
}


def _too_large() -> UploadTooLarge:
    return UploadTooLarge(
        f"The picture is larger than the limit of {size_text(LIMITS.max_picture_bytes)}: "
        "shrink it, or save it as JPEG."
    )


_NOT_A_PICTURE = {
    "multipart/form-data": "a form (multipart/form-data)",
    "application/x-www-form-urlencoded": "a form",
    "application/json": "JSON",
}
IN_MEMORY = 2**20  # bytes of a picture kept in memory while it arrives; the rest waits on disk


async def read_picture(request: Request, share: Spool, spool: IO[bytes]) -> None:
    """Writes the body to `spool`, refused as soon as it is past the picture limit (by its
    length, or as it comes); `share` counts its bytes in the uploads' budget."""
    sent = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if sent in _NOT_A_PICTURE:  # the picture inside a form or JSON: read whole, it is neither
        raise Unsupported(
            f"The picture came inside {_NOT_A_PICTURE[sent]}: send the picture's own bytes as "
            "the body, with its type, such as curl --data-binary @cat.png -H "
            "'Content-Type: image/png'."
        )
    limit = LIMITS.max_picture_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large()
    size = 0
    async for chunk in share.counted(request.stream()):
        size += len(chunk)
        if size > limit:
            raise _too_large()
        spool.write(chunk)


Answer = TypeVar("Answer", PicturePrediction, Activations, GradCam)
# What the model makes of a picture: (folder, design, training, picture, limits, data_dir).
Answering = Callable[[Path, Design, TrainingSettings, bytes, UploadLimits, Path | None], Answer]


def _answer(services: Services, run: Run, spool: IO[bytes], answer: Answering[Answer]) -> Answer:
    folder = model_folder(services, run)
    data_dir = services.settings.data_dir
    spool.seek(0)
    picture = spool.read()
    try:
        return answer(folder, run.design, run.training, picture, LIMITS, data_dir)
    except NoWeights as exc:
        raise no_weights_yet(run) from exc


async def _picture_reply(
    services: Services, run: Run, request: Request, answer: Answering[Answer]
) -> Answer:
    data_dir: Path = services.settings.data_dir
    with (
        spooled(request, LIMITS.max_picture_bytes) as share,
        SpooledTemporaryFile(max_size=IN_MEMORY, dir=str(data_dir)) as spool,
    ):
        await read_picture(request, share, spool)
        async with cpu_gate(request).slot(request):
            return await run_in_threadpool(_answer, services, run, spool, answer)


async def picture_prediction(services: Services, run: Run, request: Request) -> PicturePrediction:
    """The trained model's answer for the picture in the request's body."""
    return await _picture_reply(services, run, request, predict_picture)


async def picture_layers(services: Services, run: Run, request: Request) -> Activations:
    """Each layer's output for the picture in the request's body."""
    return await _picture_reply(services, run, request, picture_activations)


async def picture_where_looked(
    services: Services, run: Run, request: Request, class_index: int | None, layer: str | None
) -> GradCam:
    """Grad-CAM for the picture in the request's body: where the model looked for a class."""
    answer = partial(picture_grad_cam, class_index=class_index, layer=layer)
    return await _picture_reply(services, run, request, answer)
