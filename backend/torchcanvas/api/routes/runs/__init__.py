"""Runs: their records, control, events, files, results, where a model looked (Grad-CAM) and
share links, under /api/runs."""

from torchcanvas.api.routes.runs import (
    control,
    events,
    files,
    grad_cam,
    hand_in,
    many,
    pictures,
    record,
    results,
    shares,
    start_from,
)
from torchcanvas.api.routes.runs.router import router

__all__ = [
    "control",
    "events",
    "files",
    "grad_cam",
    "hand_in",
    "many",
    "pictures",
    "record",
    "results",
    "router",
    "shares",
    "start_from",
]
