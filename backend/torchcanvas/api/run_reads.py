"""What a run's owner and a share link both read: its events, results, predictions, the
layers' outputs for a sample, where it looked (Grad-CAM) and its neurons over the plane."""

from pathlib import Path
from typing import Annotated

from fastapi import Query, Response
from pydantic import TypeAdapter, ValidationError

from torchcanvas.api.event_messages import RunEventMessage
from torchcanvas.api.services import Services
from torchcanvas.export.activations import Activations, activations
from torchcanvas.export.grad_cam import GradCam, GradCamRequest, grad_cam
from torchcanvas.export.model_limits import check_model_limits
from torchcanvas.export.neurons import NeuronMaps, neuron_maps
from torchcanvas.export.predict import Prediction, PredictRequest, predict
from torchcanvas.export.trained import NoWeights
from torchcanvas.problems import NotFound
from torchcanvas.runs.eventlog import MAX_SEQ, StoredEvent, damaged_text
from torchcanvas.store.runs import Run, why_missing
from torchcanvas.training.results import RunResults, read_results

_EVENTS = TypeAdapter(list[RunEventMessage])
_EVENT: TypeAdapter[RunEventMessage] = TypeAdapter(RunEventMessage)
# `after` is a seq: SQLite integers end at 2**63-1, and a larger one used to give a 500.
After = Annotated[
    int,
    Query(ge=0, le=MAX_SEQ, description="Send the events with seq above this; 0 for all of them."),
]
EventLimit = Annotated[int, Query(ge=1, le=10000)]


def read_events(services: Services, run_id: str, after: int, limit: int) -> Response:
    """The events as the schema gives them, parsed and written by pydantic-core in one pass each
    (FastAPI would validate them a second time before writing them)."""
    stored = services.run_service.events.read_stored(run_id, after, limit)
    try:
        events = _EVENTS.validate_json("[" + ",".join(event.text for event in stored) + "]")
    except ValidationError:  # one is JSON of its seq, but not of the schema: damaged
        events = [_event(run_id, event) for event in stored]
    return Response(_EVENTS.dump_json(events, by_alias=True), media_type="application/json")


def _event(run_id: str, stored: StoredEvent) -> RunEventMessage:
    """One stored event as the schema gives it; a DamagedEvent in its place where it is not."""
    try:
        return _EVENT.validate_json(stored.text)
    except ValidationError:
        return _EVENT.validate_json(damaged_text(run_id, stored.seq))


class NoResults(NotFound):
    """A run that has made no results (yet)."""


def run_results(services: Services, run: Run) -> RunResults:
    """The stored results of a run; NoResults saying why it has none."""
    results = read_results(services.run_service.folder(run.id))
    if results is None:
        why = why_missing(run, "made any")
        raise NoResults(f"Run {run.id} has no results yet: {why}.")
    return results


def model_folder(services: Services, run: Run) -> Path:
    """The folder of a run whose model may run here: OverLimits for a model trained under higher
    limits than this server's, whose one sample would cost more than a request may."""
    check_model_limits(run.design, services.settings.design_limits())
    return services.run_service.folder(run.id).path


def no_weights_yet(run: Run) -> NoWeights:
    """NoWeights saying why: still queued or training, or ended before it saved any."""
    return NoWeights(f"This model has no trained weights yet: {why_missing(run, 'saved any')}.")


def run_prediction(services: Services, run: Run, request: PredictRequest) -> Prediction:
    """The trained model's output for one sample; NoWeights while it has none."""
    folder = model_folder(services, run)
    try:
        return predict(folder, run.design, run.training, request.input, services.settings.data_dir)
    except NoWeights as exc:
        raise no_weights_yet(run) from exc


def run_activations(services: Services, run: Run, request: PredictRequest) -> Activations:
    """Each layer's output for one sample; NoWeights while the model has none."""
    folder = model_folder(services, run)
    try:
        return activations(
            folder, run.design, run.training, request.input, services.settings.data_dir
        )
    except NoWeights as exc:
        raise no_weights_yet(run) from exc


def run_grad_cam(services: Services, run: Run, request: GradCamRequest) -> GradCam:
    """Where the model looked in one sample for a class (Grad-CAM); NoWeights while it has none."""
    folder = model_folder(services, run)
    try:
        return grad_cam(folder, run.design, run.training, request, services.settings.data_dir)
    except NoWeights as exc:
        raise no_weights_yet(run) from exc


def run_neurons(services: Services, run: Run) -> NeuronMaps:
    """Each unit of a 2-D model over its plane; NoResults until the run has made its map, and
    OverLimits for a model whose grid's one pass would cost more than a request may."""
    folder = model_folder(services, run)
    results = run_results(services, run)
    try:
        return neuron_maps(folder, run.design, results, services.settings.design_limits())
    except NoWeights as exc:
        raise no_weights_yet(run) from exc
