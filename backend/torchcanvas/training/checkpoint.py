"""Checkpoints: everything a run needs to go on exactly where it was, as one safetensors file.

The tensors (weights and buffers, optimizer state) are packed into one flat tensor per dtype, with
an index of where each lies; the random generator states are tensors of their own; everything else
(epoch, step, learning-rate schedule, early stopping, optimizer settings) is JSON in the metadata.
With early stopping's restore_best_weights, the best epoch's weights are in it too (`best.*`),
unless the model's own weights are that epoch's.
Nothing is pickled and nothing is passed to torch.load.

This module reads them and keeps a folder's newest two (more while the server has not yet
stored the epochs of the newer ones: `keep_newest`); checkpoint_format.py lays a file out and
checkpoint_writer.py writes them. Each checkpoint is a new numbered file, written under a
temporary name and renamed into place, and only then are the older ones deleted: a worker killed
while it writes leaves the previous checkpoint whole. Renaming onto a new name, not over the old
file, spares ext4 from flushing the file to disk every time; after a power cut the newest file
may be damaged, and it is then skipped.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from torchcanvas.training.checkpoint_format import read_header, read_verified, unpack
from torchcanvas.training.run_folder import RunFolder


@dataclass
class Position:
    """Where a run is: `batch` batches of epoch `epoch` are done (0: the epoch has not begun)."""

    epoch: int
    batch: int
    step: int
    elapsed: float
    epoch_loss: float = 0.0  # sum of loss × samples over the done batches of this epoch
    metrics: dict[str, Any] = field(default_factory=dict)
    early_stopping: dict[str, Any] = field(default_factory=dict)
    planned_epochs: int = 0  # the run's epochs when this was saved
    # A classifier's right answers on the done batches of this epoch; None in a checkpoint from
    # before they were counted, whose epoch then has no training accuracy.
    epoch_right: int | None = None
    # The numbers (Metrics) of the epoch whose weights are kept as the best (training/best_weights),
    # which are the `best.*` tensors, or the model's own when it is that epoch's; {}: none kept.
    best_metrics: dict[str, Any] = field(default_factory=dict)


@dataclass
class Checkpoint:
    """A loaded checkpoint: the position, and the states to load into fresh objects."""

    position: Position
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    shuffle: torch.Tensor  # the shuffling generator's state before this epoch's order was drawn
    torch_rng: torch.Tensor
    cuda_rng: torch.Tensor | None
    best: dict[str, torch.Tensor] = field(
        default_factory=dict
    )  # the best epoch's weights, if apart
    skipped: list[str] = field(default_factory=list)  # why newer checkpoints could not be used


def _folder(folder: RunFolder | str | Path) -> RunFolder:
    return folder if isinstance(folder, RunFolder) else RunFolder(Path(folder))


def latest_checkpoint(folder: RunFolder | str | Path) -> Path | None:
    """The newest checkpoint file of a run's folder that can be read, if it has one."""
    for _, path in _folder(folder).checkpoints():
        try:
            read_header(path)
            return path
        except ValueError:
            continue
    return None


def keep_newest(folder: RunFolder, newest: Path, logged: int | None = None) -> None:
    """Once `newest` is in place, deletes the checkpoints no longer needed.

    The one before stays: if `newest` turns out damaged (a power cut), Continue falls back to it.
    With `logged`, the epochs the run's event log is known to hold, so do those back to the
    newest one it covers: a server killed before it stored the epoch events of the newer ones
    (sent, or still in the pipe) goes on from that one, and skips no epoch (runs/restart.py).
    Without, only the one before stays.
    """
    older = [path for _, path in folder.checkpoints() if path != newest]
    if logged is None:
        doomed = older[1:]
    else:
        doomed, covered = [], _finished_epochs(newest) <= logged
        for number, path in enumerate(older):
            if covered and number > 0:
                doomed.append(path)
            elif _finished_epochs(path) <= logged:
                covered = True
    for path in doomed:
        path.unlink(missing_ok=True)


def _finished_epochs(path: Path) -> int:
    """The epochs a checkpoint has finished; past every count where its header does not read."""
    try:
        return int(position_of(path).metrics.get("epoch", 0))
    except (ValueError, OSError):
        return sys.maxsize


def drop_checkpoints_past(folder: RunFolder, logged_epochs: int) -> list[Path]:
    """Deletes the newest checkpoints whose finished epochs are past `logged_epochs`, those the
    run's event log holds, while an older one remains; returns them.

    A worker sends an epoch's event only once a checkpoint covers it (training/session.py); one
    killed between the two left a checkpoint ahead of the log, and going on from it skipped those
    epochs in the charts, their validation numbers never said. From the one before, they are
    trained again, and logged."""
    # Newest first, with its finished epochs; an unreadable one Continue passes over already
    # (latest_checkpoint).
    readable = [(path, _finished_epochs(path)) for _, path in folder.checkpoints()]
    readable = [(path, epochs) for path, epochs in readable if epochs != sys.maxsize]
    dropped: list[Path] = []
    while len(readable) > 1 and readable[0][1] > logged_epochs:
        path, _ = readable.pop(0)
        path.unlink(missing_ok=True)
        dropped.append(path)
    return dropped


def read_position(folder: RunFolder | str | Path) -> Position | None:
    """Where the run's checkpoint stands, from its header alone; None without a checkpoint."""
    path = latest_checkpoint(folder)
    return position_of(path) if path else None


def position_of(path: Path) -> Position:
    """Where one checkpoint file stands, from its header."""
    return Position(**read_header(path)["position"])


def usable_checkpoint(folder: RunFolder | str | Path) -> tuple[Path | None, list[str]]:
    """The newest checkpoint whose contents check out, and why each newer one could not be used."""
    problems: list[str] = []
    for _, path in _folder(folder).checkpoints():
        try:
            read_verified(path)
            return path, problems
        except ValueError as exc:
            problems.append(str(exc))
    return None, problems


def load_checkpoint(folder: RunFolder | str | Path) -> Checkpoint:
    """Reads the newest usable checkpoint of a run's folder (on the CPU), passing over damaged ones."""
    problems: list[str] = []
    for _, path in _folder(folder).checkpoints():
        try:
            state, tensors = read_verified(path)
            break
        except ValueError as exc:
            problems.append(str(exc))
    else:
        raise FileNotFoundError(f"{folder} has no usable checkpoint: {'; '.join(problems)}")
    if "index" in state:  # packed (format 2): the named tensors are slices of the flat ones
        tensors = {**tensors, **unpack(tensors, state["index"])}
    opt_state: dict[int, dict[str, Any]] = {
        int(index): dict(values) for index, values in state["optimizer"]["state"].items()
    }
    for key, tensor in tensors.items():
        if key.startswith("optimizer."):
            _, index, name = key.split(".", 2)
            opt_state.setdefault(int(index), {})[name] = tensor
    groups = [
        {k: tuple(v) if isinstance(v, list) and k != "params" else v for k, v in group.items()}
        for group in state["optimizer"]["param_groups"]
    ]
    return Checkpoint(
        position=Position(**state["position"]),
        model={k[len("model.") :]: v for k, v in tensors.items() if k.startswith("model.")},
        optimizer={"state": opt_state, "param_groups": groups},
        scheduler=state["scheduler"],
        shuffle=tensors["rng.shuffle"],
        torch_rng=tensors["rng.torch"],
        cuda_rng=tensors.get("rng.cuda"),
        best={k[len("best.") :]: v for k, v in tensors.items() if k.startswith("best.")},
        skipped=problems,
    )
