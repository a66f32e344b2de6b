"""A worker process: imports torch once, then trains the jobs it is sent, one at a time."""

import traceback
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from typing import Any


def worker_main(conn: Connection, cancel: Event, pause: Event, threads: int, gpu: int) -> None:
    """The body of a spawned worker process: ("run", id, job) in; ("event", id, event) out."""
    import torch

    torch.set_num_threads(threads)
    if torch.cuda.is_available():
        torch.cuda.set_device(gpu % torch.cuda.device_count())  # one worker per GPU
    # Warm: the loop, its imports and the built-in datasets are ready before the first job.
    from torchcanvas.training.control import PauseGate
    from torchcanvas.training.data import dataset_info, dataset_names
    from torchcanvas.training.events import EndEvent, Metrics, TrainingEvent
    from torchcanvas.training.loop import train

    for name in dataset_names():
        dataset_info(name)
    conn.send(("ready",))
    while True:
        message: tuple[Any, ...] = conn.recv()
        if message[0] == "stop":
            return
        _, run_id, job = message

        def emit(event: TrainingEvent, run_id: str = run_id) -> None:
            conn.send(("event", run_id, event.model_dump()))

        try:
            # Paused, the loop sleeps on the cancel event, so Stop wakes it at once.
            train(job, emit, cancel.is_set, PauseGate(pause.is_set, cancel.wait))
        except Exception as exc:
            traceback.print_exc()
            emit(
                EndEvent(
                    status="failed",
                    metrics=Metrics(),
                    message=f"Training failed: {type(exc).__name__}: {exc}",
                )
            )
        conn.send(("done", run_id))
