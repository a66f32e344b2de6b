"""A stop (SIGTERM) waits a bounded time for requests still going: an upload sent slowly held
one for as long as its sender went on (uvicorn waits for every connection by default)."""

import os
import signal
import socket
import threading
import time
from pathlib import Path

from tests.serve import start
from torchcanvas.connections import SHUTDOWN_GRACE_SECONDS
from torchcanvas.runs.pool_worker import STOP_WAIT

BOUNDARY = "torchcanvasboundary"
# The stop by design: the upload's grace, then a worker still warming up gets STOP_WAIT before it
# is killed, then the process exits; about 15 s, and over 20 s on a loaded machine. Without the
# grace it went on as long as the sender did.
STOPS_WITHIN = SHUTDOWN_GRACE_SECONDS + STOP_WAIT + 30


def _send_an_upload_slowly(port: int, stop: threading.Event) -> None:
    """Sends the head of a 10 MB upload, then a kilobyte of it every 0.2 s until told to stop."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
        "a,b,label\r\n"
    ).encode()
    request = (
        "POST /api/datasets HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {10 * 2**20}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request + head)
        while not stop.wait(0.2):
            try:
                sock.sendall(b"1,2,0\r\n" * 170)
            except OSError:  # the server cut it
                return


def _running(pid: int) -> bool:
    """Whether the process is there and not a zombie (the test, its parent, reaps it later)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_stop_cuts_an_upload_still_going_after_its_grace(tmp_path: Path) -> None:
    stop = threading.Event()
    with start(tmp_path) as server:
        port = int(server.url.rsplit(":", 1)[1])
        sender = threading.Thread(target=_send_an_upload_slowly, args=(port, stop), daemon=True)
        sender.start()
        time.sleep(2)  # the upload is being received
        stopped_at = time.monotonic()
        os.kill(server.pid, signal.SIGTERM)
        while _running(server.pid) and time.monotonic() - stopped_at < STOPS_WITHIN:
            time.sleep(0.1)
        took = time.monotonic() - stopped_at
        stop.set()
        assert not _running(server.pid), f"the server was still stopping after {took:.0f} s"
    log = (tmp_path / "server.log").read_text()
    assert "timeout graceful shutdown exceeded" in log, log[-2000:]
