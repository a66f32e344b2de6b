"""Checkpoints: everything a run needs to go on exactly where it was, as one safetensors file.

The tensors (weights and buffers, optimizer state) are packed into one flat tensor per dtype, with
an index of where each lies; the random generator states are tensors of their own; everything else
(epoch, step, learning-rate schedule, early stopping, optimizer settings) is JSON in the metadata.
With early stopping's restore_best_weights, the best epoch's weights are in it too (`best.*`),
unless the model's own weights are that epoch's.
Nothing is pickled and nothing is passed to torch.load.

Each checkpoint is a new numbered file, written under a temporary name and renamed into place,
and only then are the older ones deleted: a worker killed while it writes leaves the previous
checkpoint whole. Renaming onto a new name, not over the old file, spares ext4 from flushing the
file to disk every time; after a power cut the newest file may be damaged, and it is then skipped.
"""

import json
import math
import os
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors import SafetensorError, safe_open
from safetensors.torch import save_file

from torchcanvas.training.run_folder import RunFolder

_FORMAT = "torchcanvas-checkpoint-2"
_UNPACKED_FORMAT = "torchcanvas-checkpoint-1"  # one tensor each, in checkpoint.safetensors
WRITE_SHARE = 20  # a write waits 20 times its own length after the last: at most 5 % of the time


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
            _header(path)
            return path
        except ValueError:
            continue
    return None


def _pack(tensors: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Many tensors -> one flat CPU tensor per dtype, and where each one lies in it.

    Each tensor is copied straight into its slice: no second copy of the state on a GPU.
    """
    groups: dict[torch.dtype, list[tuple[str, torch.Tensor]]] = {}
    for name, tensor in tensors.items():
        groups.setdefault(tensor.dtype, []).append((name, tensor.detach()))
    packed: dict[str, torch.Tensor] = {}
    index: dict[str, Any] = {}
    for dtype, items in groups.items():
        key = f"packed.{str(dtype).removeprefix('torch.')}"
        flat = torch.empty(sum(t.numel() for _, t in items), dtype=dtype)
        offset = 0
        for name, tensor in items:
            flat[offset : offset + tensor.numel()].copy_(tensor.reshape(-1))
            index[name] = [key, offset, list(tensor.shape)]
            offset += tensor.numel()
        packed[key] = flat
    return packed, index


def _unpack(stored: dict[str, torch.Tensor], index: dict[str, Any]) -> dict[str, torch.Tensor]:
    """The inverse of _pack: each tensor by name, a copy with storage of its own."""
    return {
        name: stored[key][offset : offset + math.prod(shape)].view(shape).clone()
        for name, (key, offset, shape) in index.items()
    }


def _contents(
    position: Position,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: dict[str, Any],
    shuffle: torch.Tensor,
    best: dict[str, torch.Tensor] | None,
) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    """The tensors and the metadata of a checkpoint of the run's state."""
    tensors = {f"model.{k}": v for k, v in model.state_dict().items()}
    tensors |= {f"best.{k}": v for k, v in (best or {}).items()}
    opt = optimizer.state_dict()
    extra: dict[str, dict[str, Any]] = {}
    for param, state in opt["state"].items():
        for name, value in state.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optimizer.{param}.{name}"] = value
            else:
                extra.setdefault(str(param), {})[name] = value
    stored, index = _pack(tensors)
    stored["rng.shuffle"] = shuffle.clone()
    stored["rng.torch"] = torch.get_rng_state()
    if torch.cuda.is_available() and torch.cuda.is_initialized():  # type: ignore[no-untyped-call]
        stored["rng.cuda"] = torch.cuda.get_rng_state()
    state = {
        "position": vars(position),  # plain values: asdict's deep copy is not needed
        "optimizer": {"param_groups": opt["param_groups"], "state": extra},
        "scheduler": scheduler,
        "index": index,
    }
    return stored, {"format": _FORMAT, "state": json.dumps(state), "crc32": _checksum(stored)}


def _checksum(tensors: dict[str, torch.Tensor]) -> str:
    """CRC-32 of every tensor's bytes, in key order: a flipped bit or a zeroed block shows."""
    crc = 0
    for key in sorted(tensors):
        crc = zlib.crc32(tensors[key].reshape(-1).view(torch.uint8).numpy().data, crc)
    return f"{crc:08x}"


def _durably(write: Callable[[Path], object]) -> Callable[[Path], None]:
    """A writer that flushes the file to the disk before it is renamed into place."""

    def write_and_sync(partial: Path) -> None:
        write(partial)
        with partial.open("rb") as file:
            os.fsync(file.fileno())

    return write_and_sync


class CheckpointWriter:
    """Writes a run's checkpoints into its folder; the one before stays until the next is on disk."""

    def __init__(self, folder: RunFolder, every: float = 0.0) -> None:
        self.folder = folder
        folder.create()
        older = folder.checkpoints()
        self.number = older[0][0] if older else 0
        self.every = every
        self.written_at = time.monotonic()
        self.write_seconds = 0.0

    def due(self) -> bool:
        """Whether `every` seconds, and WRITE_SHARE times the last write's length, have passed."""
        waited = time.monotonic() - self.written_at
        return waited >= max(self.every, WRITE_SHARE * self.write_seconds)

    def save(
        self,
        position: Position,
        model: nn.Module,
        optimizer: torch.optim.Optimizer,
        scheduler: dict[str, Any],
        shuffle: torch.Tensor,
        best: dict[str, torch.Tensor] | None = None,
    ) -> None:
        """Writes the run's state as the next checkpoint, then deletes all but the one before;
        `best`: the best epoch's weights, where they are not the model's own."""
        tensors, metadata = _contents(position, model, optimizer, scheduler, shuffle, best)
        started = time.monotonic()
        self.number += 1
        path = self.folder.write(
            RunFolder.checkpoint_name(self.number),
            _durably(lambda partial: save_file(tensors, partial, metadata=metadata)),
        )
        keep_newest(self.folder, path)
        self.written_at = time.monotonic()
        self.write_seconds = self.written_at - started


def keep_newest(folder: RunFolder, newest: Path) -> None:
    """Once `newest` is in place, deletes the checkpoints before the one before it.

    The previous one stays: if `newest` turns out damaged (a power cut), Continue falls back to it.
    """
    older = [path for _, path in folder.checkpoints() if path != newest]
    for path in older[1:]:
        path.unlink(missing_ok=True)


def drop_checkpoints_past(folder: RunFolder, logged_epochs: int) -> list[Path]:
    """Deletes the newest checkpoints whose finished epochs are past `logged_epochs`, those the
    run's event log holds, while an older one remains; returns them.

    A worker sends an epoch's event only once a checkpoint covers it (training/session.py); one
    killed between the two left a checkpoint ahead of the log, and going on from it skipped those
    epochs in the charts, their validation numbers never said. From the one before, they are
    trained again, and logged."""
    readable: list[tuple[Path, int]] = []  # newest first, with its finished epochs
    for _, path in folder.checkpoints():
        try:
            readable.append((path, int(position_of(path).metrics.get("epoch", 0))))
        except ValueError:  # unreadable: Continue passes over it already (latest_checkpoint)
            continue
    dropped: list[Path] = []
    while len(readable) > 1 and readable[0][1] > logged_epochs:
        path, _ = readable.pop(0)
        path.unlink(missing_ok=True)
        dropped.append(path)
    return dropped


def _header(path: Path) -> dict[str, Any]:
    """A checkpoint file's state, from its metadata; ValueError if it cannot be read as one."""
    try:
        with safe_open(str(path), framework="pt", device="cpu") as file:
            metadata = file.metadata() or {}
    except (SafetensorError, OSError) as exc:  # cut short or damaged, as after a power cut
        raise ValueError(f"{path.name} is damaged: {exc}") from None
    if metadata.get("format") not in (_FORMAT, _UNPACKED_FORMAT):
        raise ValueError(f"{path.name} is not a TorchCanvas checkpoint.")
    state: dict[str, Any] = json.loads(metadata["state"])
    return state


def read_position(folder: RunFolder | str | Path) -> Position | None:
    """Where the run's checkpoint stands, from its header alone; None without a checkpoint."""
    path = latest_checkpoint(folder)
    return position_of(path) if path else None


def position_of(path: Path) -> Position:
    """Where one checkpoint file stands, from its header."""
    return Position(**_header(path)["position"])


def _verified(path: Path) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """A checkpoint's state and tensors, once its checksum matches; ValueError if it cannot."""
    state = _header(path)
    try:
        with safe_open(str(path), framework="pt", device="cpu") as file:
            crc = (file.metadata() or {}).get("crc32")
            tensors = {key: file.get_tensor(key) for key in file.keys()}  # noqa: SIM118
    except (SafetensorError, OSError) as exc:
        raise ValueError(f"{path.name} is damaged: {exc}") from None
    if crc is not None and crc != _checksum(tensors):  # checkpoints before checksums have none
        raise ValueError(f"{path.name} is damaged: its contents do not match their checksum")
    return state, tensors


def usable_checkpoint(folder: RunFolder | str | Path) -> tuple[Path | None, list[str]]:
    """The newest checkpoint whose contents check out, and why each newer one could not be used."""
    problems: list[str] = []
    for _, path in _folder(folder).checkpoints():
        try:
            _verified(path)
            return path, problems
        except ValueError as exc:
            problems.append(str(exc))
    return None, problems


def load_checkpoint(folder: RunFolder | str | Path) -> Checkpoint:
    """Reads the newest usable checkpoint of a run's folder (on the CPU), passing over damaged ones."""
    problems: list[str] = []
    for _, path in _folder(folder).checkpoints():
        try:
            state, tensors = _verified(path)
            break
        except ValueError as exc:
            problems.append(str(exc))
    else:
        raise FileNotFoundError(f"{folder} has no usable checkpoint: {'; '.join(problems)}")
    if "index" in state:  # packed (format 2): the named tensors are slices of the flat ones
        tensors = {**tensors, **_unpack(tensors, state["index"])}
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
