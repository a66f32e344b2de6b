"""A trained run's results on its validation set, its predictions for new samples, its
layers' outputs for one, and its neurons over the plane."""

from torchcanvas.api.backpressure import CpuSlot
from torchcanvas.api.deps import ReadableRun, ServicesDep
from torchcanvas.api.replies import error_replies
from torchcanvas.api.routes.runs.router import router
from torchcanvas.api.run_reads import run_activations, run_neurons, run_prediction, run_results
from torchcanvas.export.activations import Activations
from torchcanvas.export.neurons import NeuronMaps
from torchcanvas.export.predict import Prediction, PredictRequest
from torchcanvas.training.results import RunResults


@router.get("/{run_id}/results", responses=error_replies(404, 409))
def get_results(run: ReadableRun, services: ServicesDep) -> RunResults:
    """Confusion matrix, mistakes and the like; made when a run ends (not when it fails): 404
    until then."""
    return run_results(services, run)


@router.post(
    "/{run_id}/predict",
    responses=error_replies(404, 409, 422),
    dependencies=[CpuSlot],
    tags=["models"],
)
def predict_run(run: ReadableRun, request: PredictRequest, services: ServicesDep) -> Prediction:
    """Class probabilities, or the output values, of the trained model for one sample."""
    return run_prediction(services, run, request)


@router.post(
    "/{run_id}/activations",
    responses=error_replies(404, 409, 422),
    dependencies=[CpuSlot],
    tags=["models"],
)
def run_layer_outputs(
    run: ReadableRun, request: PredictRequest, services: ServicesDep
) -> Activations:
    """Inside the model for one sample (the body predict takes): each layer's output in the order
    the data flows, and the first Conv2d's filters, as bounded bytes (see `limits`)."""
    return run_activations(services, run, request)


@router.get(
    "/{run_id}/neurons",
    responses=error_replies(404, 409, 422),
    dependencies=[CpuSlot],
    tags=["models"],
)
def run_neuron_maps(run: ReadableRun, services: ServicesDep) -> NeuronMaps:
    """Each unit of each vector layer of a 2-D classification's model over the plane its decision
    boundary covers (TensorFlow Playground's neuron pictures); 422 for any other model."""
    return run_neurons(services, run)
