"""A checkpoint file's layout: tensors packed one flat tensor per dtype with an index, the
state as JSON in the safetensors metadata, a CRC-32 over the tensors; reading its header, and
its whole contents once the checksum matches."""

import json
import math
import zlib
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open

FORMAT = "torchcanvas-checkpoint-2"
UNPACKED_FORMAT = "torchcanvas-checkpoint-1"  # one tensor each, in checkpoint.safetensors


def pack(tensors: dict[str, torch.Tensor]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
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


def unpack(stored: dict[str, torch.Tensor], index: dict[str, Any]) -> dict[str, torch.Tensor]:
    """The inverse of pack: each tensor by name, a copy with storage of its own."""
    return {
        name: stored[key][offset : offset + math.prod(shape)].view(shape).clone()
        for name, (key, offset, shape) in index.items()
    }


def checksum(tensors: dict[str, torch.Tensor]) -> str:
    """CRC-32 of every tensor's bytes, in key order: a flipped bit or a zeroed block shows."""
    crc = 0
    for key in sorted(tensors):
        crc = zlib.crc32(tensors[key].reshape(-1).view(torch.uint8).numpy().data, crc)
    return f"{crc:08x}"


def read_header(path: Path) -> dict[str, Any]:
    """A checkpoint file's state, from its metadata; ValueError if it cannot be read as one."""
    try:
        with safe_open(str(path), framework="pt", device="cpu") as file:
            metadata = file.metadata() or {}
    except (SafetensorError, OSError) as exc:  # cut short or damaged, as after a power cut
        raise ValueError(f"{path.name} is damaged: {exc}") from None
    if metadata.get("format") not in (FORMAT, UNPACKED_FORMAT):
        raise ValueError(f"{path.name} is not a TorchCanvas checkpoint.")
    state: dict[str, Any] = json.loads(metadata["state"])
    return state


def read_verified(path: Path) -> tuple[dict[str, Any], dict[str, torch.Tensor]]:
    """A checkpoint's state and tensors, once its checksum matches; ValueError if it cannot."""
    state = read_header(path)
    try:
        with safe_open(str(path), framework="pt", device="cpu") as file:
            crc = (file.metadata() or {}).get("crc32")
            tensors = {key: file.get_tensor(key) for key in file.keys()}  # noqa: SIM118
    except (SafetensorError, OSError) as exc:
        raise ValueError(f"{path.name} is damaged: {exc}") from None
    if crc is not None and crc != checksum(tensors):  # checkpoints before checksums have none
        raise ValueError(f"{path.name} is damaged: its contents do not match their checksum")
    return state, tensors
