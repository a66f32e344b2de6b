"""The process that makes a run's export files (TorchScript, torch.export, ONNX), apart from the
API process.

Each of torch's exporters keeps what it traced in its process for good: 40 exports of a small MLP
left 10 MB (TorchScript), 3.5 MB (torch.export) and 4.3 MB (ONNX) that no garbage collection gave
back, so a server that lives for weeks grew by every model a class exported (a soak review: 340 KB
a TorchScript file). They are made in a process of their own, forked from the fork server (torch
imported there once, runs/fork_server.py), one at a time, which the server replaces after
RECYCLE_AFTER exports, taking all of that with it. Between, it stays warm: the ONNX exporter's
first use in a process costs about 4 s, which the process pays as it starts (`warm`), while the
person reads the model page that started it. It ends with the server (`close`), warm or not: with
the last of the servers in the process that use it (`open`), as tests run several apps in one.
"""

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from torchcanvas.design.schema import Design
from torchcanvas.export.opsets import DEFAULT_OPSET
from torchcanvas.problems import Unavailable

log = logging.getLogger(__name__)

RECYCLE_AFTER = 50  # exports one process makes before it is replaced (about 15 MB kept at most)
EXPORT_TIMEOUT = 600.0  # seconds one export may take before its process is ended
_WARM = "warm"


class ExportFailed(Unavailable):
    """The export's process ended before it made the file (out of memory, killed)."""


class ExportStopped(ExportFailed):
    """The export's process was ended because the server is stopping: no fault of its own."""


@dataclass(frozen=True)
class ExportJob:
    """One export: the file `name` ("model.pt", "model.pt2", "model.onnx"), and an ONNX file's
    opset and metadata."""

    name: str
    opset: int = DEFAULT_OPSET
    metadata: dict[str, str] = field(default_factory=dict)


class ExportProcess:
    """The export process, started on first use and replaced after RECYCLE_AFTER exports."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one export at a time, as the exporters need
        self._process: Any = None  # a forkserver Process (multiprocessing types it loosely)
        self._conn: multiprocessing.connection.Connection | None = None
        self._made = 0
        self._closing = False  # set while close() ends the process: its end is no failure
        self._users = 0  # the servers open on it: the last to close ends it
        self._users_lock = threading.Lock()

    def make(self, folder: Path, design: Design, job: ExportJob) -> bytes:
        """The export's bytes, made in the export process from the run's weights file; the
        exporter's own error (an opset the model cannot be written at) is raised here."""
        with self._lock:
            try:
                return self._ask((str(folder), design.model_dump_json(), job))
            finally:  # a refused export traced the model too: it counts
                self._made += 1
                if self._made >= RECYCLE_AFTER:
                    self._stop()

    def warm(self) -> bytes:
        """Starts the process if it is not running and has it export a one-layer net to ONNX
        (the exporter's first use): that file's bytes."""
        with self._lock:
            return self._ask(_WARM)

    def running(self) -> bool:
        """Whether a process is there (warm, or warming)."""
        process = self._process
        return process is not None and bool(process.is_alive())

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def open(self) -> None:
        """A server begins to use it; each calls close() as it stops."""
        with self._users_lock:
            self._users += 1

    def close(self) -> None:
        """Ends the process at once as the last server open on it stops: an export or warm-up
        under way ends with ExportStopped rather than waiting its minutes, and the next use starts
        a new one. Another server in the same process still open keeps it, and its exports."""
        with self._users_lock:
            self._users = max(0, self._users - 1)
            if self._users > 0:
                return
        self._closing = True
        try:
            # Killed until the lock is free: one that a warm-up started just now goes too.
            while not self._lock.acquire(timeout=0.05):
                process = self._process
                if process is not None and process.is_alive():
                    process.kill()
            try:
                self._stop()
            finally:
                self._lock.release()
        finally:
            self._closing = False

    def _ask(self, request: object) -> bytes:
        conn = self._started()
        try:
            conn.send(request)
            if not conn.poll(EXPORT_TIMEOUT):
                self._stop()
                raise ExportFailed(
                    f"The export took more than {EXPORT_TIMEOUT:.0f} s and was stopped: "
                    "download the weights (safetensors) and export the model where it trains."
                )
            kind, payload = conn.recv()
        except (EOFError, OSError) as exc:
            code = self._process.exitcode if self._process is not None else None
            self._stop()
            if self._closing:
                raise ExportStopped(
                    "The server is stopping, and the export with it: try again once it is back."
                ) from None
            log.error("the export process failed (%s, exit code %s)", exc, code)
            raise ExportFailed(
                "The export stopped before it made the file (its process ended, exit code "
                f"{code}: out of memory, or killed). Try again; a smaller model needs less."
            ) from None
        if kind == "error":
            raise _rebuilt(*payload)
        data: bytes = payload
        return data

    def _started(self) -> multiprocessing.connection.Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._stop()
        if self._closing:  # none started as the server stops
            raise ExportStopped("The server is stopping: try the export again once it is back.")
        # The fork server the training workers come from (runs/fork_server.py sets what it
        # imports first: torch, once), one a process.
        context = multiprocessing.get_context("forkserver")
        mine, theirs = context.Pipe()
        process = context.Process(
            target=_serve, args=(theirs,), name="torchcanvas-export", daemon=True
        )
        process.start()
        theirs.close()
        self._process, self._conn, self._made = process, mine, 0
        return mine

    def _stop(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            conn.close()  # its loop ends at the closed pipe
        if process is not None:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def _serve(conn: multiprocessing.connection.Connection) -> None:
    """The export process's body: one request at a time until the server closes the pipe."""
    import torch

    torch.set_num_threads(1)  # the API's slot of CPU: the training workers keep the rest
    # An exporter that fails prints its whole traced graph to stdout (torch's ONNX exporter:
    # tens of lines a refused opset, which a share link's visitor may ask for again and again);
    # what went wrong reaches the request that asked, as its error.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    # Four lines an ONNX export, each saying torchvision's detection operators are not there
    # (nothing here uses them): a long-lived server's log filled with them.
    logging.getLogger("torch.onnx._internal.exporter._registration").setLevel(logging.ERROR)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # deprecations inside torch's exporters
                data = _warm_onnx() if request == _WARM else _export(*request)
            conn.send(("ok", data))
        except Exception as exc:  # said to the request that asked for it, as it was raised
            try:
                conn.send(("error", (type(exc), exc.args, vars(exc))))
            except Exception:  # one that does not pickle: its words
                conn.send(("error", (RuntimeError, (f"{type(exc).__name__}: {exc}",), {})))


def _rebuilt(
    kind: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]
) -> BaseException:
    """The export's error as the exporter raised it, its class and fields (whatever the class's
    own __init__ takes: pickle would call it with the message alone)."""
    error = kind.__new__(kind)
    error.args = args
    vars(error).update(state)
    return error


def _warm_onnx() -> bytes:
    import torch
    import torch.nn as nn

    from torchcanvas.export.onnx_file import onnx_model

    return onnx_model(nn.Linear(1, 1), torch.zeros(2, 1), DEFAULT_OPSET, {})


def _export(folder: str, design_json: str, job: ExportJob) -> bytes:
    from torchcanvas.export.formats import made_from
    from torchcanvas.export.trained import build_trained

    design = Design.model_validate_json(design_json)
    return made_from(build_trained(Path(folder), design), design, job)


EXPORTS = ExportProcess()
