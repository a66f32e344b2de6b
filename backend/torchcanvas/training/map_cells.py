"""The cells of a map over a 2-D set's plane: the square it covers, its cells' centres, and the
validation points drawn over it. The finished run's decision boundary (results.py), the live one
(live_boundary.py) and the neuron maps (export/neurons.py) all lay out their cells here."""

import torch

MAX_POINTS = 400  # validation points drawn: over a map, or on a regression's scatter plot


def boundary_extent(x: torch.Tensor) -> tuple[list[float], list[float]]:
    """(N, 2) points -> the low and high corners of a map that covers them, and 10 % more."""
    lowest, highest = x.min(dim=0).values, x.max(dim=0).values
    pad = (highest - lowest) * 0.1
    return (lowest - pad).tolist(), (highest + pad).tolist()


def boundary_grid(
    low: list[float], high: list[float], size: int, device: torch.device
) -> torch.Tensor:
    """(size², 2) the centres of a size × size map, row by row from low[1]."""
    xs = torch.linspace(low[0], high[0], size, device=device)
    ys = torch.linspace(low[1], high[1], size, device=device)
    return torch.stack(torch.meshgrid(xs, ys, indexing="xy"), dim=-1).reshape(-1, 2)


def boundary_points(x: torch.Tensor, y: torch.Tensor) -> list[list[float]]:
    """The first MAX_POINTS validation points as [x, y, class], drawn over a map."""
    return [
        [a, b, float(c)]
        for (a, b), c in zip(x[:MAX_POINTS].tolist(), y[:MAX_POINTS].tolist(), strict=True)
    ]
