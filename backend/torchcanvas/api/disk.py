"""A full disk: new runs and uploads answer 507 with the reason, instead of failing half-way.

Before they write anything they check the data folder's free space against
TORCHCANVAS_MIN_FREE_BYTES; a write that still meets ENOSPC (or SQLite's "disk is full") answers
507 too. Everything else keeps working, and nothing needs restarting once space is freed.
"""

import errno
import shutil
import sqlite3

from fastapi import Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.services import get_services

INSUFFICIENT_STORAGE = 507


def disk_full_message(free: int | None = None, keep_free: int | None = None) -> str:
    """Why nothing new is stored: the disk is full, or has less free than the server keeps."""
    if free is not None and keep_free is not None:
        left = (
            f" ({free / 2**20:,.0f} MB free, less than the {keep_free / 2**20:,.0f} MB it keeps "
            "free: TORCHCANVAS_MIN_FREE_BYTES)"
        )
    else:
        left = ""
    return (
        f"The server's disk is full{left}: it cannot store new runs or uploads. Whoever runs it "
        "should free space in its data folder (delete old runs or uploads), then try again."
    )


def require_disk_space(request: Request) -> None:
    """A dependency of what writes new data: 507 while the data folder's disk is (nearly) full."""
    settings = get_services(request).settings
    free = shutil.disk_usage(settings.data_dir).free
    if free < settings.min_free_bytes:
        raise HTTPException(
            INSUFFICIENT_STORAGE, detail=disk_full_message(free, settings.min_free_bytes)
        )


# A dependency of the routes whose bodies wait on the data disk (api/spools.py): they keep its
# free space as a dataset upload does.
DiskSpace = Depends(require_disk_space)


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)


async def disk_full_reply(request: Request, exc: Exception) -> JSONResponse:
    """The handler of OSError and sqlite3.OperationalError: 507 for a full disk, else re-raised."""
    if not is_disk_full(exc):
        raise exc
    reply = ErrorResponse(detail=disk_full_message())
    return JSONResponse(reply.model_dump(), status_code=INSUFFICIENT_STORAGE)
