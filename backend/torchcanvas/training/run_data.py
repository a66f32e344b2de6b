"""Where a run's samples live while it trains: on the device when they fit, else in pinned memory.

A dataset that fits its share of the GPU's free memory is copied there once, and each batch is
indexed there: no copy per step. A bigger one stays in host memory, pinned (page-locked) so that
a batch's copy to the GPU does not block: the batch is gathered on the host into one of two
pinned buffers and copied from it while the GPU still works on the step before. A buffer is
written again only once the copy out of it has finished. Either way the batches, and so the
trained weights, are the same (tests/backend/test_run_data.py).
"""

import torch

from torchcanvas.training.data import Split

DEVICE_SHARE = (
    0.25  # of the GPU's free memory that a run's samples may take; the rest is the model's
)


def fits_on_device(nbytes: int, device: torch.device, free_bytes: int | None = None) -> bool:
    """Whether samples of `nbytes` should be copied to the device once (always, off a GPU)."""
    if device.type != "cuda":
        return True
    free = torch.cuda.mem_get_info(device)[0] if free_bytes is None else free_bytes
    return nbytes <= free * DEVICE_SHARE


def _bytes(*tensors: torch.Tensor) -> int:
    return sum(t.nelement() * t.element_size() for t in tensors)


class RunData:
    """The training and validation samples of a run, and the batches its steps take from them."""

    def __init__(self, split: Split, device: torch.device, on_device: bool | None = None) -> None:
        self.device = device
        size = _bytes(split.x_train, split.y_train, split.x_val)
        self.on_device = fits_on_device(size, device) if on_device is None else on_device
        pin = not self.on_device and device.type == "cuda"

        def place(tensor: torch.Tensor) -> torch.Tensor:
            if self.on_device:
                return tensor.to(device)
            return tensor.pin_memory() if pin else tensor

        self.x, self.y, self.x_val = place(split.x_train), place(split.y_train), place(split.x_val)
        self.y_val = split.y_val.to(device)  # labels are small; the results compare them there
        self.channels_last = False  # host-kept image batches are made channels-last on the device
        self._buffers: list[tuple[torch.Tensor, torch.Tensor]] = []
        self._copied: list[torch.cuda.Event | None] = [None, None]
        self._turn = 0

    @property
    def index_device(self) -> torch.device:
        """Where a batch's indices go: where the samples are."""
        return self.device if self.on_device else torch.device("cpu")

    def use_channels_last(self) -> None:
        """Image samples kept as (B, H, W, C) in memory, which convolutions on a GPU prefer."""
        if self.x.dim() != 4:
            return
        if self.on_device:
            self.x = self.x.contiguous(memory_format=torch.channels_last)
            self.x_val = self.x_val.contiguous(memory_format=torch.channels_last)
        else:
            self.channels_last = True

    def batch(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The samples and targets at `idx` (on index_device), on the device."""
        if self.on_device:
            return self.x[idx], self.y[idx]
        x, y = self._gather(idx)
        x, y = x.to(self.device, non_blocking=True), y.to(self.device, non_blocking=True)
        if self.device.type == "cuda":
            copied = torch.cuda.Event()  # type: ignore[no-untyped-call]
            copied.record()  # after both copies, on the stream that makes them
            self._copied[self._turn] = copied
        if self.channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
        return x, y

    def _gather(self, idx: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The batch copied into the next of the two host buffers, once its last copy is done."""
        self._turn = 1 - self._turn
        copied = self._copied[self._turn]
        if copied is not None:
            copied.synchronize()
        n = len(idx)
        if len(self._buffers) < 2 or len(self._buffers[0][0]) < n:
            pin = self.device.type == "cuda"
            self._buffers = [
                (
                    torch.empty((n, *self.x.shape[1:]), dtype=self.x.dtype, pin_memory=pin),
                    torch.empty((n, *self.y.shape[1:]), dtype=self.y.dtype, pin_memory=pin),
                )
                for _ in range(2)
            ]
        x_buffer, y_buffer = self._buffers[self._turn]
        x, y = x_buffer[:n], y_buffer[:n]  # (n, *sample), (n, *target)
        torch.index_select(self.x, 0, idx, out=x)
        torch.index_select(self.y, 0, idx, out=y)
        return x, y
