"""The built frontend's scripts and style sheets (dist/assets/, named by a hash of what they hold):
gzipped for a browser that takes it, and cached for good. On a slow link (Slow 3G, 50 KB/s) the
page stayed blank for 20 s while its 900 KB script came whole; gzipped it is 290 KB, and a second
visit asks for nothing (a review). Each file is compressed once, on its first request, and kept:
the few built files, some hundreds of KB in all."""

import gzip
import mimetypes
from pathlib import Path

from starlette.responses import FileResponse, Response
from starlette.types import Scope

PREFIX = "/assets/"
# A hashed name's file never changes: a new build names its files anew. Private: a first request
# may carry a new owner cookie (api/access.py), which no shared cache may hand on.
FOREVER = "private, max-age=31536000, immutable"
_TEXT = {".js", ".css", ".svg", ".json", ".map", ".txt", ".html"}


class BuiltAssets:
    """Responses for the files under `directory`/assets."""

    def __init__(self, directory: Path) -> None:
        self.root = (directory / "assets").resolve()
        self._gzipped: dict[Path, tuple[int, bytes]] = {}  # file -> (its mtime, its gzip)

    def response(self, scope: Scope) -> Response | None:
        """The asset a GET asks for, or None for a path that is not one (StaticFiles answers it)."""
        path: str = scope["path"]
        if scope["method"] != "GET" or not path.startswith(PREFIX):
            return None
        file = (self.root / path.removeprefix(PREFIX)).resolve()
        if not file.is_relative_to(self.root) or not file.is_file():
            return None
        headers = {"Cache-Control": FOREVER, "Vary": "Accept-Encoding"}
        if file.suffix not in _TEXT or not takes_gzip(scope):
            return FileResponse(file, headers=headers)
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        headers["Content-Encoding"] = "gzip"
        return Response(self._gzip(file), media_type=media_type, headers=headers)

    def _gzip(self, file: Path) -> bytes:
        mtime = file.stat().st_mtime_ns
        kept = self._gzipped.get(file)
        if kept is None or kept[0] != mtime:
            kept = (mtime, gzip.compress(file.read_bytes(), compresslevel=9, mtime=0))
            # A new build names its files anew: the last build's gzips go, not kept for good.
            for old in list(self._gzipped):  # a copy: other threads serve assets too
                if not old.is_file():
                    self._gzipped.pop(old, None)
            self._gzipped[file] = kept
        return kept[1]


def takes_gzip(scope: Scope) -> bool:
    """Whether the request's Accept-Encoding names gzip (and not with q=0)."""
    accepted = dict(scope["headers"]).get(b"accept-encoding", b"").decode("latin-1").lower()
    for part in accepted.split(","):
        coding, _, quality = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return quality.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False
