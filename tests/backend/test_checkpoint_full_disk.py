"""A run whose own checkpoint meets a full disk (a real tmpfs) stops where its newest checkpoint
stands, keeping that step's weights and results, as the disk watch's stop keeps them."""

import logging
from pathlib import Path
from typing import Any

import pytest
from safetensors.torch import load_file

from tests.backend.conftest import DIGITS_TRAINING
from tests.backend.small_disk import fill_to, small_disk
from torchcanvas.design.schema import Design
from torchcanvas.runs.protocol import FromWorker, RunEvent
from torchcanvas.runs.worker import RunControl, run_job
from torchcanvas.training import session
from torchcanvas.training.checkpoint import load_checkpoint
from torchcanvas.training.events import EndEvent, EpochEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings

# 38,000 parameters: weights of 150 KB, a checkpoint with Adam's state of 460 KB.
MLP: dict[str, Any] = {
    "version": 1,
    "name": "digits-mlp",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 512}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 10}},
    ],
}
LEFT = 300_000  # bytes free once the first checkpoint is on disk: the weights fit, a checkpoint not


def test_a_checkpoint_that_meets_a_full_disk_stops_the_run_at_the_one_before(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Checkpoints as often as their writes allow, not every half second: a second one then comes
    # long before the last epoch's on any machine (on a fast one, the last epoch's was the only
    # one after the first, and the run succeeded; a code review).
    monkeypatch.setattr(session, "CHECKPOINT_EVERY", 0.0)
    with small_disk(tmp_path / "disk", 4 * 2**20) as disk:
        folder = disk / "run"
        filled: list[Path] = []

        def written(name: str) -> None:  # the disk fills as soon as the first checkpoint is in
            if RunFolder.is_checkpoint(name) and not filled:
                filled.append(fill_to(disk, LEFT))

        job = TrainingJob(
            run_id="r1",
            design=Design.model_validate(MLP),
            training=TrainingSettings.model_validate({**DIGITS_TRAINING, "epochs": 20}),
            folder=folder,
            data_dir=tmp_path,
        )
        sent: list[FromWorker] = []
        control = RunControl()
        control.begin("r1")
        with caplog.at_level(logging.WARNING):
            run_job(job, sent.append, control, written)
        events = [message.event for message in sent if isinstance(message, RunEvent)]
        end = events[-1]
        assert isinstance(end, EndEvent)
        checkpoint = load_checkpoint(folder)
        step = checkpoint.position.step
        assert step > 0 and filled
        # Ended as a Stop at its checkpoint: Continue goes on from there, nothing interrupted.
        assert (end.status, end.interrupted, end.metrics.step) == ("cancelled", False, step)
        assert end.message == (
            f"Stopped at step {step}. The server's disk is full: this run could not save its "
            "progress, so it stopped. Whoever runs the server should free space in its data "
            "folder (delete old runs or uploads). Press Continue to go on from there."
        )
        # Only the epochs its checkpoint covers were said; the weights kept are that checkpoint's.
        epochs = [event.epoch for event in events if isinstance(event, EpochEvent)]
        assert epochs == list(range(1, checkpoint.position.epoch))
        assert (folder / "results.json").is_file()
        weights = load_file(folder / "weights.safetensors")
        assert weights.keys() == checkpoint.model.keys()
        assert all(weights[name].equal(checkpoint.model[name]) for name in weights)
    # One line in the log says why, and no traceback.
    said = [record.getMessage() for record in caplog.records]
    assert said == [
        "run r1 stopped: a write met a full disk (Error while serializing: I/O error: No space "
        "left on device (os error 28))"
    ]
    assert "Traceback" not in capfd.readouterr().err
