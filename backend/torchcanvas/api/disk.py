"""A full disk: new runs and uploads answer 507 with the reason, instead of failing half-way.

Before they write anything they check the data folder's free space against
TORCHCANVAS_MIN_FREE_BYTES; a write that still meets ENOSPC (or SQLite's "disk is full") answers
507 too. Everything else keeps working, and nothing needs restarting once space is freed.
"""

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.services import get_services
from torchcanvas.store.free_space import disk_full_message, free_bytes, is_disk_full

INSUFFICIENT_STORAGE = 507


def require_disk_space(request: Request) -> None:
    """A dependency of what writes new data: 507 while the data folder's disk is (nearly) full."""
    settings = get_services(request).settings
    free = free_bytes(settings.data_dir)
    if free < settings.min_free_bytes:
        raise HTTPException(
            INSUFFICIENT_STORAGE, detail=disk_full_message(free, settings.min_free_bytes)
        )


# A dependency of the routes whose bodies wait on the data disk (api/spools.py): they keep its
# free space as a dataset upload does.
DiskSpace = Depends(require_disk_space)


async def disk_full_reply(request: Request, exc: Exception) -> JSONResponse:
    """The handler of OSError and sqlite3.OperationalError: 507 for a full disk, else re-raised."""
    if not is_disk_full(exc):
        raise exc
    reply = ErrorResponse(detail=disk_full_message())
    return JSONResponse(reply.model_dump(), status_code=INSUFFICIENT_STORAGE)
