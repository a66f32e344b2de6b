"""When the loop writes checkpoints: every epoch event is covered by one already on disk."""

import math
import re
import time
from pathlib import Path
from typing import Any

import pytest
import torch

from tests.backend.test_objectives import mlp
from torchcanvas.training import checkpoint_writer, session
from torchcanvas.training.checkpoint import (
    Position,
    latest_checkpoint,
    position_of,
    read_position,
)
from torchcanvas.training.control import PauseGate
from torchcanvas.training.events import EpochEvent, ProgressEvent, TrainingEvent
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.loop import train

torch.set_num_threads(1)


def _watched_run(
    folder: Path, pause_in_epoch: int | None = None, **training: Any
) -> tuple[list[TrainingEvent], list[int]]:
    """Trains on the moons; at each epoch event, notes the epoch the checkpoint on disk is at.

    With `pause_in_epoch`, asks for a pause at that epoch's first progress frame, and lets the
    run go on as soon as it has paused.
    """
    settings = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    settings |= {"epochs": 30, "batch_size": 64, "seed": 0} | training
    events: list[TrainingEvent] = []
    on_disk: list[int] = []
    wants_pause = [False]

    def emit(event: TrainingEvent) -> None:
        if isinstance(event, EpochEvent):
            position = read_position(folder)
            on_disk.append(position.epoch if position else 0)
        if event.type == "progress" and event.epoch == pause_in_epoch:
            wants_pause[0] = not any(e.type == "paused" for e in events)
        if event.type == "paused":
            wants_pause[0] = False
        events.append(event)

    gate = PauseGate(lambda: wants_pause[0])
    train(
        TrainingJob(design=mlp(2, 2), training=settings, folder=folder), emit, lambda: False, gate
    )
    return events, on_disk


def _epochs(events: list[TrainingEvent]) -> list[int]:
    return [e.epoch for e in events if isinstance(e, EpochEvent)]


def test_short_epochs_share_checkpoints_and_no_epoch_is_seen_before_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session, "CHECKPOINT_EVERY", 1e9)  # no epoch end is ever due: only the last
    events, on_disk = _watched_run(tmp_path)

    assert _epochs(events) == list(range(1, 31))
    # The checkpoint on disk is past every epoch event as it is sent: a killed worker goes on
    # from there, with no epoch done twice in the log.
    assert all(at > epoch for epoch, at in zip(_epochs(events), on_disk, strict=True))
    assert _writes(tmp_path) == 1 and on_disk == [31] * 30  # all thirty wait for the last one

    monkeypatch.setattr(session, "CHECKPOINT_EVERY", 0.0)  # every epoch end is due
    monkeypatch.setattr(checkpoint_writer, "WRITE_SHARE", 0)
    events, on_disk = _watched_run(tmp_path / "every")
    assert _writes(tmp_path / "every") == 30 and on_disk == list(range(2, 32))


def test_a_first_epochs_steps_keep_no_more_checkpoints_before_the_server_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pool worker keeps the checkpoints past what its server said it stored; before it says
    anything, a fresh run's log holds its 0 epochs: the first epoch's (a pause's and each Step's,
    all at 0 epochs) went one by one as ever, and piled up, a big model's filling the disk."""
    monkeypatch.setattr(session, "CHECKPOINT_EVERY", 0.0)  # every look of a hold is due
    monkeypatch.setattr(checkpoint_writer, "WRITE_SHARE", 0)
    settings = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    settings |= {"epochs": 2, "batch_size": 8, "seed": 0}
    steps, looks = [6], [0]  # Steps asked while paused in the first epoch; looks at them

    def take_step() -> bool:
        """A Step at every other look: each hold first saves its steps (between its looks)."""
        looks[0] += 1
        if looks[0] % 2 == 1 or steps[0] == 0:
            return False
        steps[0] -= 1
        return True

    gate = PauseGate(lambda: steps[0] > 0, lambda _: None, take_step)
    events: list[TrainingEvent] = []
    job = TrainingJob(design=mlp(2, 2), training=settings, folder=tmp_path)
    train(job, events.append, lambda: False, gate, logged=lambda: -1)  # the server says nothing

    assert [e.type for e in events].count("paused") >= 6 and events[-1].type == "end"
    assert _writes(tmp_path) >= 6  # a checkpoint at each Step's hold
    at_zero = [
        path
        for path in tmp_path.glob("checkpoint-*.safetensors")
        if int(position_of(path).metrics.get("epoch", 0)) == 0
    ]
    assert len(at_zero) <= 1, sorted(p.name for p in at_zero)


def _writes(folder: Path) -> int:
    """How many checkpoints the run wrote, from the number of the last one."""
    newest = latest_checkpoint(folder)
    assert newest is not None
    return int(newest.name.removeprefix("checkpoint-").removesuffix(".safetensors"))


def test_a_pause_sends_the_epochs_done_with_a_checkpoint_first(tmp_path: Path) -> None:
    events, on_disk = _watched_run(tmp_path, pause_in_epoch=5, epochs=8)

    paused = next(i for i, e in enumerate(events) if e.type == "paused")
    pause_epoch = events[paused].epoch  # type: ignore[union-attr]
    assert pause_epoch >= 5
    assert _epochs(events[:paused]) == list(range(1, pause_epoch))  # all done before it
    assert _epochs(events) == list(range(1, 9))
    assert all(at > epoch for epoch, at in zip(_epochs(events), on_disk, strict=True))


def test_a_run_that_diverges_still_shows_the_epochs_before(tmp_path: Path) -> None:
    design = mlp(1, 1)
    settings = {"dataset": "sine", "loss": "MSELoss", "optimizer": "SGD", "lr": 0.2}
    settings |= {"epochs": 30, "batch_size": 32, "seed": 0}
    events: list[TrainingEvent] = []
    train(
        TrainingJob(design=design, training=settings, folder=tmp_path), events.append, lambda: False
    )

    end = events[-1]
    assert end.type == "end" and end.status == "failed"
    assert end.message and re.match(r"The loss became (nan|inf|-inf) at step \d+", end.message)
    done = _epochs(events)
    assert len(done) >= 3 and done == list(range(1, len(done) + 1))
    # The message names the first step whose loss was not finite, as the chart does: a frame's
    # mean named its last step, several after it.
    failed_at = int(re.findall(r"at step (\d+)", end.message)[0])
    steps = [
        (event.step - len(event.losses) + 1 + i, loss)
        for event in events
        if isinstance(event, ProgressEvent)
        for i, loss in enumerate(event.losses)
    ]
    first_bad = next(step for step, loss in steps if loss is None or not math.isfinite(loss))
    assert failed_at == first_bad < end.metrics.step
    # The checkpoint is where the frame's last batch began: its update was never made.
    position = read_position(tmp_path)
    assert position is not None
    assert (position.epoch, position.step) == (len(done) + 1, end.metrics.step - 1)

    # Going on from it fails again within that epoch, and shows no epoch twice.
    again: list[TrainingEvent] = []
    job = TrainingJob(design=design, training=settings, folder=tmp_path, resume=True)
    train(job, again.append, lambda: False)
    assert again[-1].type == "end" and again[-1].status == "failed"
    assert _epochs(again) == []


def test_a_run_paused_before_its_first_step_is_saved_there_as_it_stops(tmp_path: Path) -> None:
    """Step 0 of a fresh run is on no disk: held there, then stopped (its server stopping), it
    writes a checkpoint at step 0, so that a restart keeps it paused (runs/parked.py)."""
    settings = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    settings |= {"epochs": 3, "batch_size": 64, "seed": 0}
    events: list[TrainingEvent] = []
    job = TrainingJob(design=mlp(2, 2), training=settings, folder=tmp_path)

    def stopped() -> bool:  # once it has paused
        return any(e.type == "paused" for e in events)

    train(job, events.append, stopped, PauseGate(lambda: True))  # paused as it begins

    assert [e.type for e in events][-2:] == ["paused", "end"]
    position = read_position(tmp_path)
    assert position is not None and (position.epoch, position.step) == (1, 0)


def test_a_checkpoint_saved_while_paused_counts_no_paused_time(tmp_path: Path) -> None:
    """The pause's checkpoint is saved seconds into the hold, and its training time still stops
    where the pause began: no more than the first frame after the resume, which counts no
    paused time either. Counting the hold would put it `held_for` past that frame. (On a worker,
    test_run_step, the save comes at most CHECKPOINT_EVERY into the hold: too small a gap to
    tell on a loaded machine.)"""
    held_for = 3.0
    settings = {"dataset": "moons", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}
    settings |= {"epochs": 2, "batch_size": 8, "seed": 0}
    events: list[TrainingEvent] = []
    saved: list[Position | None] = []  # the checkpoint on disk as the run resumes
    holding = [False]

    def emit(event: TrainingEvent) -> None:
        events.append(event)
        if event.type == "resumed":
            saved.append(read_position(tmp_path))

    def requested() -> bool:
        """Asks for a pause at the first frame; once paused, waits `held_for` before the hold's
        first look (where it saves its due checkpoint), then lifts the pause."""
        if not any(e.type == "progress" for e in events):
            return False
        if events[-1].type == "paused" and not holding[0]:
            holding[0] = True
            time.sleep(held_for)
            return True
        return not holding[0]

    job = TrainingJob(design=mlp(2, 2), training=settings, folder=tmp_path)
    train(job, emit, lambda: False, PauseGate(requested))

    types = [e.type for e in events]
    paused, resumed = types.index("paused"), types.index("resumed")
    assert "epoch" not in types[:paused]  # no epoch end saved before the hold: it saved in it
    (before,) = [e for e in events[:paused] if isinstance(e, ProgressEvent)]
    after = next(e for e in events[resumed:] if isinstance(e, ProgressEvent))
    (position,) = saved
    assert position is not None and position.step == before.step
    assert before.elapsed <= position.elapsed <= after.elapsed, (before, position, after)
    assert types[-1] == "end" and events[-1].status == "succeeded"  # type: ignore[union-attr]
