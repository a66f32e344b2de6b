"""Finding what autograd keeps of a layer leaves nothing behind: the editor validates on every edit,
all week, and the layers it runs afresh must not pile up tensors in the server."""

import gc

import torch

from tests.backend.test_catalog_oracle import design_of
from torchcanvas.design.layer_cache import LayerCache, LayerCaches
from torchcanvas.design.schema import Layer
from torchcanvas.design.validate import validate_design

# The layers whose backward saves their output: that output once held itself alive through
# autograd's saved tensors, out of the garbage collector's sight.
SAVE_THEIR_OUTPUT = ["ReLU", "Tanh", "Sigmoid", "Softmax", "LogSoftmax"]


def live_tensors() -> int:
    gc.collect()
    # type(), not isinstance: isinstance asks some of torch's deprecated objects for their class,
    # and they answer with a warning
    return sum(1 for thing in gc.get_objects() if issubclass(type(thing), torch.Tensor))


def validate_afresh(width: int) -> None:
    """A design whose every layer misses the layer caches: new input widths, new caches or none."""
    layers = [Layer(id="fc", type="Linear", params={"out_features": width + 1})]
    layers += [Layer(id=f"a{i}", type=kind, params={}) for i, kind in enumerate(SAVE_THEIR_OUTPUT)]
    design = design_of((width,), layers)
    assert validate_design(design, batch_size=width % 5 + 1, caches=None).errors == []
    caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
    assert validate_design(design, batch_size=3, caches=caches).errors == []


def test_uncached_validations_leave_no_tensors_behind() -> None:
    validate_afresh(1)  # the first run's one-time imports and module-level tensors
    before = live_tensors()
    for width in range(2, 42):
        validate_afresh(width)
    assert live_tensors() - before == 0
