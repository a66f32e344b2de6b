"""Whether this server can fetch a downloadable set now, asked before a run on it is queued: a
server with no way out says so when Train is pressed (and in the editor), not after the run has
started and failed.

One probe per set at a time, its answer kept a while: many runs, or a script asking again and
again, cost one request out. A probe that cannot decide in time (a name lookup that hangs) lets
the run go: the run's own download then says what went wrong.
"""

import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from torchcanvas.training.data.downloads import DOWNLOADS, is_downloaded, source_url

PROBE_SECONDS = 4.0
KEEP_REACHED_S = 600.0  # a source that answered is not asked again for ten minutes
KEEP_UNREACHED_S = 30.0  # one that did not is asked again soon: the network may be back

Reach = Literal["downloaded", "reachable", "unreachable", "unknown"]


class DownloadSource(BaseModel):
    """Whether a downloadable set is here, or can be fetched from here now."""

    name: str
    state: Reach = Field(
        description="downloaded: in the data folder; reachable: its source answered; "
        "unreachable: it did not, and a run on it would fail; unknown: no answer in time."
    )
    megabytes: int = Field(description="About how much the first run downloads.")
    message: str = Field(description="What this means for a run on it, in words.")


_lock = threading.Lock()
_probing: dict[str, threading.Event] = {}  # by url: a mirror set anew is asked afresh
_answers: dict[str, tuple[float, str | None]] = {}  # url -> (when, why not, or None: reached)


def _probe(url: str) -> str | None:
    """Why `url` cannot be fetched, or None when its server answered (any HTTP status: a HEAD
    refused by a server that serves GETs still means the way out is open)."""
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, method="HEAD"), timeout=PROBE_SECONDS
        ):
            return None
    except urllib.error.HTTPError:
        return None
    except Exception as exc:  # refused, unknown name, timed out, or not HTTP at all
        return str(getattr(exc, "reason", None) or exc) or type(exc).__name__


def _ask(url: str) -> tuple[bool, str | None]:
    """(answered in time, why not reachable or None), asking at most once per url at a time."""
    if url.startswith("file:"):  # a folder on this machine: looked at each time, at no cost
        return True, _probe(url)
    now = time.monotonic()
    with _lock:
        known = _answers.get(url)
        if known is not None and now - known[0] < (
            KEEP_REACHED_S if known[1] is None else KEEP_UNREACHED_S
        ):
            return True, known[1]
        running = _probing.get(url)
        if running is None:
            running = _probing[url] = threading.Event()

            def probe() -> None:
                why: str | None = "no answer"
                try:
                    why = _probe(url)
                finally:  # answered or not, the next asker is not left waiting on this one
                    with _lock:
                        _answers[url] = (time.monotonic(), why)
                        _probing.pop(url, None)
                    running.set()

            threading.Thread(target=probe, name="download-reach", daemon=True).start()
    if not running.wait(PROBE_SECONDS + 1):
        return False, None
    with _lock:
        answer = _answers.get(url)
    return True, answer[1] if answer else None


def download_source(name: str, data_dir: Path | None) -> DownloadSource:
    """Where `name` (a downloadable set) stands: here, fetchable, or out of reach and why."""
    entry = DOWNLOADS[name]
    size = entry.megabytes
    if data_dir is not None and is_downloaded(name, data_dir):
        return DownloadSource(
            name=name,
            state="downloaded",
            megabytes=size,
            message="In the data folder: runs use it at once.",
        )
    url = source_url(name, entry.files[0])
    answered, why = _ask(url)
    if not answered:
        return DownloadSource(
            name=name,
            state="unknown",
            megabytes=size,
            message=f"The first run downloads it (about {size} MB); its source did not answer "
            "in time, so the run may wait or fail while it downloads.",
        )
    if why is None:
        return DownloadSource(
            name=name,
            state="reachable",
            megabytes=size,
            message=f"Downloaded by the server when a run first uses it (about {size} MB).",
        )
    parts = urlsplit(url)  # the host alone: a mirror's user and password are nobody's to see
    host = (
        f"{parts.hostname}{f':{parts.port}' if parts.port else ''}"
        if parts.hostname
        else "its source"
    )
    return DownloadSource(
        name=name,
        state="unreachable",
        megabytes=size,
        message=f"`{name}` is not on this server yet, and the server cannot reach {host} to "
        f"download it ({why}). Pick another dataset, or ask whoever runs the server to copy "
        f"{', '.join(entry.files)} into its data folder's downloads/{name} (or to set "
        "TORCHCANVAS_DOWNLOAD_URL to a mirror).",
    )


def fetch_problem(name: str, data_dir: Path | None) -> str | None:
    """Why a run on `name` would fail to fetch it now, or None (here, reachable, or not known)."""
    if name not in DOWNLOADS or data_dir is None or is_downloaded(name, data_dir):
        return None
    source = download_source(name, data_dir)
    return source.message if source.state == "unreachable" else None
