"""Writing a run's checkpoints: its state as the next numbered file, flushed to disk and
renamed into place, no more often than a small share of the time it trains."""

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors.torch import save_file

from torchcanvas.training.checkpoint import Position, keep_newest
from torchcanvas.training.checkpoint_format import FORMAT, checksum, pack
from torchcanvas.training.run_folder import RunFolder

WRITE_SHARE = 20  # a write waits 20 times its own length after the last: at most 5 % of the time


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
    stored, index = pack(tensors)
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
    return stored, {"format": FORMAT, "state": json.dumps(state), "crc32": checksum(stored)}


def _durably(write: Callable[[Path], object]) -> Callable[[Path], None]:
    """A writer that flushes the file to the disk before it is renamed into place."""

    def write_and_sync(partial: Path) -> None:
        write(partial)
        with partial.open("rb") as file:
            os.fsync(file.fileno())

    return write_and_sync


class CheckpointWriter:
    """Writes a run's checkpoints into its folder; the one before stays until the next is on disk."""

    def __init__(
        self, folder: RunFolder, every: float = 0.0, logged: Callable[[], int] | None = None
    ) -> None:
        self.folder, self.logged = folder, logged  # the epochs its server has stored, if it says
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
        """Writes the run's state as the next checkpoint, then deletes those it no longer needs;
        `best`: the best epoch's weights, where they are not the model's own."""
        tensors, metadata = _contents(position, model, optimizer, scheduler, shuffle, best)
        started = time.monotonic()
        self.number += 1
        path = self.folder.write(
            RunFolder.checkpoint_name(self.number),
            _durably(lambda partial: save_file(tensors, partial, metadata=metadata)),
        )
        keep_newest(self.folder, path, self.logged() if self.logged else None)
        self.written_at = time.monotonic()
        self.write_seconds = self.written_at - started
