"""Validation runs torch's meta kernels without importing torch._dynamo, and compiling still works."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a fresh python, as a server starts: its warm-up design, then every catalogue layer and the
# joins, MACs counted; torch._dynamo must stay out. Then torch.export, which imports it: the meta
# kernels it traces through are kept out of the compiler as torch keeps them, and a validation
# after it gives the same answers as before it.
SCRIPT = textwrap.dedent(
    """
    import sys
    import torch
    from torchcanvas.design.build import build_network
    from torchcanvas.design.catalog import LAYERS
    from torchcanvas.design.schema import Design, Layer
    from torchcanvas.design.validate import validate_design
    from torchcanvas.training.warm import WARM_DESIGN

    SHAPES = {"image": [4, 8, 8], "any": [4, 8, 8], "sequence": [4, 16], "flat": [12]}
    JOINS = Design.model_validate({
        "name": "joins", "input_shape": [2, 4, 4],
        "layers": [
            {"id": "a", "type": "Conv2d", "params": {"out_channels": 2, "kernel_size": 1}},
            {"id": "sum", "type": "Add"}, {"id": "cat", "type": "Concat"},
        ],
        "edges": [["input", "a"], ["a", "sum"], ["input", "sum"], ["sum", "cat"], ["a", "cat"]],
    })
    designs = [WARM_DESIGN, JOINS]
    for spec in LAYERS:
        shape = [64] if spec.type == "Unflatten" else SHAPES.get(spec.input, [12])
        if not spec.joins:
            layer = Layer(id="layer1", type=spec.type)
            designs.append(Design(name="one", input_shape=shape, layers=[layer]))
    before = [validate_design(d, caches=None).model_dump() for d in designs]
    assert all(result["valid"] for result in before), before
    assert "torch._dynamo" not in sys.modules, "validation imported torch._dynamo"

    network = build_network(JOINS).eval()
    program = torch.export.export(network, (torch.randn(2, 2, 4, 4),))
    assert "torch._dynamo" in sys.modules
    assert program.module()(torch.ones(2, 2, 4, 4)).shape == (2, 4, 4, 4)
    after = [validate_design(d, caches=None).model_dump() for d in designs]
    assert after == before
    print("checked", len(designs), "designs")
    """
)


def test_validation_leaves_dynamo_unimported_until_something_compiles() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "checked" in done.stdout
