"""Checkpoints: everything a run needs to go on exactly where it was, as one safetensors file.

The tensors (weights and buffers, optimizer state, random generator states) are the file's
tensors; everything else (epoch, step, learning-rate schedule, early stopping, optimizer settings)
is JSON in the file's metadata. One file, replaced atomically, so that a worker killed while it
writes leaves the previous checkpoint whole. Nothing is pickled and nothing is passed to torch.load.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn
from safetensors import safe_open
from safetensors.torch import save_file

CHECKPOINT_FILE = "checkpoint.safetensors"
_FORMAT = "torchcanvas-checkpoint-1"


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


def save_checkpoint(
    folder: str,
    position: Position,
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: dict[str, Any],
    shuffle: torch.Tensor,
) -> None:
    """Writes the checkpoint of a run into its folder, replacing the one before."""
    tensors = {
        f"model.{k}": v.detach().to("cpu").contiguous() for k, v in model.state_dict().items()
    }
    opt = optimizer.state_dict()
    extra: dict[str, dict[str, Any]] = {}
    for index, state in opt["state"].items():
        for name, value in state.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optimizer.{index}.{name}"] = value.detach().to("cpu").contiguous()
            else:
                extra.setdefault(str(index), {})[name] = value
    tensors["rng.shuffle"] = shuffle.clone()
    tensors["rng.torch"] = torch.get_rng_state()
    if torch.cuda.is_available() and torch.cuda.is_initialized():  # type: ignore[no-untyped-call]
        tensors["rng.cuda"] = torch.cuda.get_rng_state()
    state = {
        "position": asdict(position),
        "optimizer": {"param_groups": opt["param_groups"], "state": extra},
        "scheduler": scheduler,
    }
    path = Path(folder) / CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    save_file(tensors, str(partial), metadata={"format": _FORMAT, "state": json.dumps(state)})
    os.replace(partial, path)


def read_position(folder: str | Path) -> Position | None:
    """Where the run's checkpoint stands, from its header alone; None without a checkpoint."""
    path = Path(folder) / CHECKPOINT_FILE
    if not path.is_file():
        return None
    with safe_open(str(path), framework="pt", device="cpu") as file:
        metadata = file.metadata() or {}
    if metadata.get("format") != _FORMAT:
        return None
    return Position(**json.loads(metadata["state"])["position"])


def load_checkpoint(folder: str) -> Checkpoint:
    """Reads the checkpoint of a run's folder (on the CPU)."""
    path = Path(folder) / CHECKPOINT_FILE
    with safe_open(str(path), framework="pt", device="cpu") as file:
        metadata = file.metadata() or {}
        if metadata.get("format") != _FORMAT:
            raise ValueError(f"{path.name} is not a TorchCanvas checkpoint.")
        tensors = {key: file.get_tensor(key) for key in file.keys()}  # noqa: SIM118
    state = json.loads(metadata["state"])
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
    )
