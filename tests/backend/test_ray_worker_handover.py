"""A Ray worker's finished run must not stop the next run handed to it.

The server frees an actor when its run's RunDone arrives and may call `begin` for the next run
at once (the actor serves calls beside `run`); whatever the finished run's generator does after
that must not reach the new run's controls. Once, in CI, a run continued on a freed actor ended
'cancelled' before its first step.
"""

from pathlib import Path

from torchcanvas.design.schema import Design
from torchcanvas.runs.protocol import RunDone, RunEvent
from torchcanvas.runs.ray_worker import RayJob, TrainingWorker
from torchcanvas.runs.worker import RunControl
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.settings import TrainingSettings


def bare_worker() -> object:
    """The actor's own class, without Ray: its warm-up asks Ray which node it is on."""
    worker = object.__new__(TrainingWorker.__ray_metadata__.modified_class)
    worker.control, worker.where = RunControl(), "test worker"  # type: ignore[attr-defined]
    return worker


def test_the_next_run_begun_as_its_run_done_arrives_is_not_stopped(tmp_path: Path) -> None:
    worker = bare_worker()
    design = Design.model_validate(
        {
            "version": 1,
            "name": "one",
            "input_shape": [2],
            "layers": [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}],
        }
    )
    settings = TrainingSettings(
        dataset="moons", loss="CrossEntropyLoss", optimizer="SGD", lr=0.1, epochs=1, batch_size=8
    )
    job = TrainingJob(run_id="first", design=design, training=settings, folder=tmp_path)
    worker.begin("first")  # type: ignore[attr-defined]
    stream = worker.run(RayJob(job))  # type: ignore[attr-defined]
    messages = []
    for message in stream:  # as Ray runs it: to the end, whoever reads
        messages.append(message)
        if isinstance(message, RunDone):
            worker.begin("next")  # type: ignore[attr-defined]  # the server, on RunDone
    assert isinstance(messages[-1], RunDone)
    ends = [m.event for m in messages if isinstance(m, RunEvent) and m.event.type == "end"]
    assert [end.status for end in ends] == ["succeeded"], ends
    control: RunControl = worker.control  # type: ignore[attr-defined]
    assert control.run_id == "next"
    assert not control.stop.is_set(), "the finished run's cleanup stopped the next run"
