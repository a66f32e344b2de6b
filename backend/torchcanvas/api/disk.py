"""A full disk: new runs and uploads answer 507 with the reason, instead of failing half-way.

Before they write anything they check the data folder's free space against
TORCHCANVAS_MIN_FREE_BYTES; a write that still meets ENOSPC (or SQLite's "disk is full") answers
507 too. Everything else keeps working, and nothing needs restarting once space is freed.

A data folder that cannot be written for another reason (a read-only or failing disk, a file
made immutable, a database another process holds) answers 503, saying so, and the server's log
has the error: the request was fine, the server is not, and reads go on working.
"""

import errno
import logging
import sqlite3

from fastapi import Depends, HTTPException, Request

from torchcanvas.api.bodies import ErrorResponse
from torchcanvas.api.error_reply import ErrorReply
from torchcanvas.api.services import get_services
from torchcanvas.store.free_space import disk_full_message, free_bytes, is_disk_full

INSUFFICIENT_STORAGE = 507
_log = logging.getLogger("uvicorn.error")  # the server's own log


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


# What an OSError says of the data folder's disk rather than of the request or the code.
_STORAGE_FAULTS = (errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO)
# SQLite's primary result codes of the same (read-only, I/O, busy, locked, cannot open, no
# permission); any other OperationalError ("no such column") is the code's: 500.
_DATABASE_FAULTS = (
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_PERM,
)


async def storage_fault_reply(request: Request, exc: Exception) -> ErrorReply:
    """The handler of OSError, sqlite3.OperationalError and safetensors' SafetensorError: 507
    for a full disk (is_disk_full, as the worker tells it), 503 for a data folder or database
    that cannot be read or written, else re-raised (a fault of the code)."""
    if is_disk_full(exc):
        # Met by any write: a run's record, an upload, an export made on its first download.
        reply = ErrorResponse(detail=disk_full_message(what="what this request had to write"))
        return ErrorReply(reply.model_dump(), status_code=INSUFFICIENT_STORAGE)
    why = _storage_fault(exc)
    if why is None:
        raise exc
    _log.error("%s %s: the data folder could not be used", request.method, request.url.path,
               exc_info=exc)  # fmt: skip
    reply = ErrorResponse(detail=storage_fault_message(why))
    return ErrorReply(reply.model_dump(), status_code=503, headers={"Retry-After": "5"})


def _storage_fault(exc: Exception) -> str | None:
    """The words of a fault of the data folder's disk, without its paths (a share link's visitor
    would read a run's id in one; the server's log has them all); None for any other error."""
    if isinstance(exc, OSError) and exc.errno in _STORAGE_FAULTS:
        return exc.strerror or errno.errorcode[exc.errno]
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(exc, sqlite3.OperationalError) and code is not None:
        return str(exc) if code & 0xFF in _DATABASE_FAULTS else None
    return None


def storage_fault_message(why: str) -> str:
    return (
        f"The server could not use its data folder ({why}). Try again in a moment; if it goes "
        "on, whoever runs the server should check the disk of its data folder "
        "(TORCHCANVAS_DATA) and the permissions of its files; what is stored may still be read."
    )
