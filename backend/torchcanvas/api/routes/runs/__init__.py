"""Runs: their records, control, events, files, results and share links, under /api/runs."""

from torchcanvas.api.routes.runs import (
    control,
    events,
    files,
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
    "many",
    "pictures",
    "record",
    "results",
    "router",
    "shares",
    "start_from",
]
