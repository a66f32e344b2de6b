"""What a share link opens: the model page's data, its events, files, predictions (one sample or
many), layers' outputs and where it looked (for numbers or a picture) and neurons over the plane."""

import math
import time

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import FileResponse, PlainTextResponse, Response

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import WS_DAMAGED, OwnerDep, ServicesDep, SharedRun, shared_run
from torchcanvas.api.disk import DiskSpace
from torchcanvas.api.download import Download
from torchcanvas.api.errors import server_log
from torchcanvas.api.event_messages import RunEventMessage
from torchcanvas.api.file_replies import MODEL_FILE
from torchcanvas.api.many_reads import MANY_BODY, many_answers
from torchcanvas.api.model_views import FileName, ModelView, OnnxOpset, model_file, model_view
from torchcanvas.api.picture_reads import (
    PICTURE_BODY,
    picture_layers,
    picture_prediction,
    picture_where_looked,
)
from torchcanvas.api.replies import PYTHON_FILE, error_replies
from torchcanvas.api.routes.runs.events import Batch, Heartbeat, serve_events
from torchcanvas.api.routes.runs.grad_cam import ClassQuery, LayerQuery
from torchcanvas.api.run_reads import (
    After,
    EventLimit,
    read_events,
    run_activations,
    run_grad_cam,
    run_neurons,
    run_prediction,
    run_results,
)
from torchcanvas.api.run_script import script_reply
from torchcanvas.api.services import Services
from torchcanvas.api.websocket_refusal import refuse_websocket
from torchcanvas.export.activations import Activations
from torchcanvas.export.classify_many import ManyAnswer
from torchcanvas.export.grad_cam import GradCam, GradCamRequest
from torchcanvas.export.neurons import NeuronMaps
from torchcanvas.export.predict import Prediction, PredictRequest
from torchcanvas.export.predict_picture import PicturePrediction
from torchcanvas.problems import Gone, NotFound
from torchcanvas.store.classes import ClassStore
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.owners import OwnerStore
from torchcanvas.store.shares import ShareStore
from torchcanvas.training.results import RunResults

router = APIRouter(prefix="/api/shared/{token}", tags=["shared"])
_ERRORS = error_replies(404, 409, 410, 422)  # 409: a file of the run is damaged
SHARE_UNKNOWN, SHARE_GONE = 4404, 4410  # the websocket's refusals, as 404 and 410 over HTTP
LINK_CHECK_SECONDS = 1.0  # how often an open share page's socket looks its link up again


@router.get("", responses=_ERRORS)
def get_shared_model(
    token: str, run: SharedRun, services: ServicesDep, owner: OwnerDep
) -> ModelView:
    """The model page's data, without the run's id unless the caller owns the run: its owner,
    opening the link to see what others see, is shown the way back to their own page. A run
    handed in to a class is named with its student: `Ana's run 'my homework net'`."""
    owned = OwnerStore(services.db).owns(run.id, owner)
    view = model_view(services, run, f"/api/shared/{token}", owned=owned, shared=True)
    student = ClassStore(services.db).entry_of_link(token)
    if student is not None:  # handed in to a class: its teacher's 30 links do not read alike
        view.name = f"{student}'s run '{view.name}'"
    return view


@router.get("/events", response_model=list[RunEventMessage], responses=_ERRORS)
def list_shared_events(
    run: SharedRun, services: ServicesDep, after: After = 0, limit: EventLimit = 1000
) -> Response:
    """The run's stored events, for the page's curves."""
    return read_events(services, run.id, after, limit)


@router.websocket("/events")
async def stream_shared_events(
    websocket: WebSocket,
    token: str,
    after: After = 0,
    batch: Batch = False,
    heartbeat: Heartbeat = False,
) -> None:
    """The run's events after `after`, then live ones, as its owner's page gets them: a class
    watching a shared run sees it train, pause and stop. An unknown link closes with 4404, a
    revoked or expired one with 4410, each with the reason."""
    services: Services = websocket.app.state.services
    try:
        run = shared_run(token, services, websocket)
    except (NotFound, Gone) as refused:
        await refuse_websocket(websocket, *_refusal(refused))
        return
    except DamagedRecord as damaged:  # the run's record: the link's visitor can do nothing
        await refuse_websocket(websocket, WS_DAMAGED, damaged.for_viewers or str(damaged))
        return

    async def until_the_link_ends() -> tuple[int, str]:
        """Looks the link up again every LINK_CHECK_SECONDS: a page left open on a link that
        was revoked, expired, or whose run was deleted stops getting the run within that."""
        while True:
            await anyio.sleep(LINK_CHECK_SECONDS)
            ended = await _link_ended(services, token)
            if ended is not None:
                return ended

    await serve_events(
        websocket, services, run.id, after, batch, guard=until_the_link_ends, heartbeat=heartbeat
    )


def _refusal(refused: NotFound | Gone) -> tuple[int, str]:
    return (SHARE_GONE if isinstance(refused, Gone) else SHARE_UNKNOWN), str(refused)


# Each live link's last look-up, (when, how it ended or None): a class of a hundred pages on one
# link looks it up about once a second in all, not once a page (each look takes a thread).
_looked: dict[str, tuple[float, tuple[int, str] | None]] = {}
_LOOKED_KEPT = 1000  # past this many links, those not looked up for a minute are forgotten


async def _link_ended(services: Services, token: str) -> tuple[int, str] | None:
    """How the link ended (the close code and why), or None while it is live; a look-up that
    fails (a busy database) counts as live, and is tried again at the next check."""
    now = time.monotonic()
    at, ended = _looked.get(token, (-math.inf, None))
    if now - at < LINK_CHECK_SECONDS:
        return ended
    try:
        await anyio.to_thread.run_sync(ShareStore(services.db).resolve, token)
        ended = None
    except Gone as gone:
        ended = _refusal(gone)
    except NotFound:  # it opened the page a moment ago: its run was deleted since
        ended = (SHARE_UNKNOWN, "The model behind this link is gone: its owner deleted it.")
    except Exception:
        server_log.warning("Could not look up a share link; its page goes on.", exc_info=True)
        return None
    if len(_looked) > _LOOKED_KEPT:
        for old in [t for t, (when, _) in _looked.items() if now - when > 60]:
            del _looked[old]
    _looked[token] = (now, ended)
    return ended


@router.get(
    "/files/{name}",
    response_class=FileResponse,
    responses={**MODEL_FILE, **_ERRORS},
    dependencies=[CpuSlot],
)
def download_shared_file(
    run: SharedRun, name: FileName, services: ServicesDep, opset: OnnxOpset = None
) -> FileResponse:
    """One of the model's files, as on the owner's page."""
    path, filename, media = model_file(services, run, name, opset)
    return Download(path, media_type=media, filename=filename)


@router.get(
    "/code.py",
    response_class=PlainTextResponse,
    responses={**PYTHON_FILE, **error_replies(404, 409, 410, 422)},
    dependencies=[CpuSlot],
)
def download_shared_code(run: SharedRun, services: ServicesDep) -> Response:
    """The run as a plain PyTorch script, as its owner downloads it (the run named by the start
    of its id, as the link's files are)."""
    return script_reply(services, run, shared=True)


@router.post("/predict", responses=_ERRORS, dependencies=[CpuSlot])
def predict_shared(run: SharedRun, request: PredictRequest, services: ServicesDep) -> Prediction:
    """The model's prediction for one sample."""
    return run_prediction(services, run, request)


@router.post(
    "/predict-image",
    responses=error_replies(404, 409, 410, 413, 415, 422),
    openapi_extra=PICTURE_BODY,
    dependencies=[DiskSpace],
)
async def predict_shared_picture(
    run: SharedRun, request: Request, services: ServicesDep
) -> PicturePrediction:
    """The model's answer for a picture (the body: its file), as on the owner's page."""
    return await picture_prediction(services, run, request)


@router.post(
    "/classify-many",
    dependencies=[DiskSpace],
    responses=error_replies(400, 404, 409, 410, 413, 415, 422),
    openapi_extra=MANY_BODY,
)
async def classify_many_shared(
    run: SharedRun, request: Request, services: ServicesDep
) -> ManyAnswer:
    """The model's answers for a set of pictures, a ZIP or a CSV, as on the owner's page."""
    return await many_answers(services, run, request)


@router.post("/activations", responses=_ERRORS, dependencies=[CpuSlot])
def shared_layer_outputs(
    run: SharedRun, request: PredictRequest, services: ServicesDep
) -> Activations:
    """Inside the model for one sample, as on the owner's page."""
    return run_activations(services, run, request)


@router.post(
    "/activations-image",
    dependencies=[DiskSpace],
    responses=error_replies(404, 409, 410, 413, 415, 422),
    openapi_extra=PICTURE_BODY,
)
async def shared_picture_layer_outputs(
    run: SharedRun, request: Request, services: ServicesDep
) -> Activations:
    """Inside the model for a picture (the body: its file), as on the owner's page."""
    return await picture_layers(services, run, request)


@router.post("/grad-cam", responses=_ERRORS, dependencies=[CpuSlot])
def shared_where_looked(run: SharedRun, request: GradCamRequest, services: ServicesDep) -> GradCam:
    """Where the model looked in one sample (Grad-CAM), as on the owner's page."""
    return run_grad_cam(services, run, request)


@router.post(
    "/grad-cam-image",
    dependencies=[DiskSpace],
    responses=error_replies(404, 409, 410, 413, 415, 422),
    openapi_extra=PICTURE_BODY,
)
async def shared_picture_where_looked(
    run: SharedRun,
    request: Request,
    services: ServicesDep,
    class_index: ClassQuery = None,
    layer: LayerQuery = None,
) -> GradCam:
    """Where the model looked in a picture (the body: its file), as on the owner's page."""
    return await picture_where_looked(services, run, request, class_index, layer)


@router.get("/neurons", responses=_ERRORS, dependencies=[CpuSlot])
def shared_neuron_maps(run: SharedRun, services: ServicesDep) -> NeuronMaps:
    """Each unit of a 2-D model over its plane, as on the owner's page."""
    return run_neurons(services, run)


@router.get("/results", responses=_ERRORS)
def shared_results(run: SharedRun, services: ServicesDep) -> RunResults:
    """The run's results on its validation set: confusion matrix and the like."""
    return run_results(services, run)
