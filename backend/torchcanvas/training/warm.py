"""A small run that a fresh process goes through once, so that the first person's run is as fast
as the tenth: the imports, the first calls into torch (building, autograd, the optimizer, the
checkpoint writer) and the checks a run's creation makes are paid for at start-up, not by them.

The server checks it as a new run would be checked (runs/service.py); a local worker trains it
for one epoch in a folder of its own (runs/worker.py). On the 2-core development machine the
first run after `make run` took 2.4 s from Train to its first loss point against 60 ms for the
next ones (bench/first_point.py).
"""

import tempfile
from pathlib import Path

from torchcanvas.design.schema import Design
from torchcanvas.training.settings import TrainingSettings

WARM_DESIGN = Design.model_validate(
    {
        "version": 1,
        "name": "warm-up",
        "input_shape": [1, 8, 8],
        "layers": [
            {"id": "conv", "type": "Conv2d", "params": {"out_channels": 4, "kernel_size": 3}},
            {"id": "act", "type": "ReLU"},
            {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 2}},
            {"id": "flat", "type": "Flatten"},
            {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
        ],
    }
)
WARM_TRAINING = TrainingSettings(
    dataset="digits", loss="CrossEntropyLoss", optimizer="Adam", lr=1e-3, epochs=1, batch_size=64
)


def train_warm_run(scratch: Path | None = None) -> None:
    """Trains WARM_DESIGN for one epoch on this process's device, in a folder under `scratch`
    (else the temporary directory) thrown away after."""
    from torchcanvas.training.job import TrainingJob
    from torchcanvas.training.loop import train

    with tempfile.TemporaryDirectory(prefix="torchcanvas-warm-", dir=scratch) as folder:
        job = TrainingJob(design=WARM_DESIGN, training=WARM_TRAINING, folder=Path(folder))
        status = train(job, lambda _: None, lambda: False)
    if status != "succeeded":
        raise RuntimeError(f"The warm-up run ended {status}.")
