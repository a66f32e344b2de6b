"""Whether this server can fetch a downloadable set now, asked before a run on it is queued: a
server with no way out says so when Train is pressed (and in the editor), not after the run has
started and failed.

One probe per source at a time, on its own thread, its answer kept a while: many runs, or a
script asking again and again, cost one request out. Askers wait for it at most PROBE_DEADLINE_S
after it started: a source that cannot answer in time (a name lookup that hangs, a server that
drips its answer a byte at a time, which no socket timeout ends) is `unknown` from then on, at
once, until the probe ends on its own, and lets the run go: the run's own download then says
what went wrong.
"""

import asyncio
import threading
import time
import urllib.error
from concurrent.futures import Future
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from torchcanvas.training.data.downloads import DOWNLOADS, is_downloaded, source_url
from torchcanvas.training.data.sources import open_source, scrubbed, shown_host, shown_url

PROBE_SECONDS = 2.5  # each socket operation: a silent firewall is `unreachable` within the deadline
PROBE_DEADLINE_S = 3.0  # the whole probe, as its askers see it
MAX_PROBES = 8  # running at once, stuck ones included: three sets, and mirrors set anew
KEEP_REACHED_S = 600.0  # a source that answered is not asked again for ten minutes
KEEP_UNREACHED_S = 30.0  # one that did not is asked again soon: the network may be back

Reach = Literal["downloaded", "reachable", "unreachable", "unknown"]
Answer = tuple[bool, str | None]  # (answered in time, why not reachable or None)
NO_ANSWER: Answer = (False, None)


class DownloadSource(BaseModel):
    """Whether a downloadable set is here, or can be fetched from here now."""

    name: str
    state: Reach = Field(
        description="downloaded: in the data folder; reachable: its source answered; "
        "unreachable: it did not, and a run on it would fail; unknown: no answer in time."
    )
    megabytes: int = Field(description="About how much the first run downloads.")
    message: str = Field(description="What this means for a run on it, in words.")


class _Probe:
    """One HEAD request to a source, on its own thread; its askers wait until `deadline`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.deadline = time.monotonic() + PROBE_DEADLINE_S
        self.why: Future[str | None] = Future()  # why not reachable, or None: reached

    def left_s(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def wait(self) -> Answer:
        try:
            return True, self.why.result(timeout=self.left_s())
        except TimeoutError:
            return NO_ANSWER

    async def wait_async(self) -> Answer:
        """As wait, on the event loop: a waiting asker holds no thread."""
        if self.why.done():
            return True, self.why.result()
        # Never cancelled: that would cancel the probe's future for its other askers.
        waited = asyncio.wrap_future(self.why)
        done, _ = await asyncio.wait({waited}, timeout=self.left_s())
        return (True, waited.result()) if done else NO_ANSWER


_lock = threading.Lock()
_probing: dict[str, _Probe] = {}  # by url: a mirror set anew is asked afresh
_answers: dict[str, tuple[float, str | None]] = {}  # url -> (when, why not, or None: reached)


def _probe(url: str) -> str | None:
    """Why `url` cannot be fetched, or None when its server answered (any HTTP status but 401:
    a HEAD refused by a server that serves GETs still means the way out is open)."""
    try:
        with open_source(url, "HEAD", timeout=PROBE_SECONDS):
            return None
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None
        return (
            "HTTP 401: it refused the user and password in TORCHCANVAS_DOWNLOAD_URL"
            if shown_url(url) != url  # it had a user:password@
            else "HTTP 401: it asks for a user and password, given in TORCHCANVAS_DOWNLOAD_URL "
            "as http://user:password@host/"
        )
    except Exception as exc:  # refused, unknown name, timed out, or not HTTP at all
        why = str(getattr(exc, "reason", None) or exc) or type(exc).__name__
        return scrubbed(why, url)  # whatever raised, the mirror's password stays here


def _run(probe: _Probe) -> None:
    why: str | None = "no answer"
    try:
        why = _probe(probe.url)
    finally:  # answered or not, the next asker is not left waiting on this one
        with _lock:
            _answers[probe.url] = (time.monotonic(), why)
            _probing.pop(probe.url, None)
            probe.why.set_result(why)


def _ask(url: str) -> Answer | _Probe:
    """The answer kept for `url`, or the probe to wait for (started here when none runs)."""
    if url.startswith("file:"):  # a folder on this machine: looked at each time, at no cost
        return True, _probe(url)
    with _lock:
        known = _answers.get(url)
        if known is not None and time.monotonic() - known[0] < (
            KEEP_REACHED_S if known[1] is None else KEEP_UNREACHED_S
        ):
            return True, known[1]
        running = _probing.get(url)
        if running is None:
            if len(_probing) >= MAX_PROBES:  # each stuck on a source that never ends its answer
                return NO_ANSWER
            running = _probing[url] = _Probe(url)
            threading.Thread(
                target=_run, args=(running,), name="download-reach", daemon=True
            ).start()
        return running


def download_source(name: str, data_dir: Path | None) -> DownloadSource:
    """Where `name` (a downloadable set) stands: here, fetchable, or out of reach and why."""
    step = _look(name, data_dir)
    return _described(name, step.url, step.wait()) if isinstance(step, _Probe) else step


async def await_download_source(name: str, data_dir: Path | None) -> DownloadSource:
    """As download_source, waiting for a probe on the event loop rather than on a thread."""
    step = _look(name, data_dir)
    return _described(name, step.url, await step.wait_async()) if isinstance(step, _Probe) else step


def _look(name: str, data_dir: Path | None) -> DownloadSource | _Probe:
    """Where `name` stands, when that is known now; else the probe that will say."""
    if data_dir is not None and is_downloaded(name, data_dir):
        return DownloadSource(
            name=name,
            state="downloaded",
            megabytes=DOWNLOADS[name].megabytes,
            message="In the data folder: runs use it at once.",
        )
    url = source_url(name, DOWNLOADS[name].files[0])
    step = _ask(url)
    return step if isinstance(step, _Probe) else _described(name, url, step)


def _described(name: str, url: str, answer: Answer) -> DownloadSource:
    entry = DOWNLOADS[name]
    size = entry.megabytes
    answered, why = answer
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
    host = shown_host(url) or "its source"  # a mirror's user and password are nobody's to see
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
