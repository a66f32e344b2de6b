"""A downloadable set the server cannot fetch is said so before a run is queued (the editor asks
GET /api/datasets/{name}/source; POST /api/runs refuses), not after the run has started and failed."""

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import open_client
from tests.backend.upload_files import write_mnist
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.training.data.downloads import MIRROR_ENV, download_folder
from torchcanvas.training.data.reach import PROBE_DEADLINE_S

FLAT_MNIST = {
    "version": 1,
    "name": "mnist-linear",
    "input_shape": [1, 28, 28],
    "layers": [
        {"id": "flat", "type": "Flatten"},
        {"id": "fc1", "type": "Linear", "params": {"out_features": 10}},
    ],
}
TRAINING = {
    "dataset": "mnist",
    "loss": "CrossEntropyLoss",
    "optimizer": "Adam",
    "lr": 0.01,
    "batch_size": 16,
    "epochs": 1,
}


class CountingMirror(SimpleHTTPRequestHandler):
    asked: ClassVar[list[str]] = []

    def do_HEAD(self) -> None:
        CountingMirror.asked.append(self.path)
        super().do_HEAD()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """An HTTP mirror on this machine with MNIST in it, counting the HEAD requests it answers."""
    write_mnist(tmp_path / "mirror" / "mnist", train=40, test=10)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(CountingMirror, directory=str(tmp_path / "mirror"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    CountingMirror.asked = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_set_out_of_reach_is_refused_before_it_is_queued(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _closed_port()
    monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{port}")
    with open_client(tmp_path / "data") as client:
        source = client.get("/api/datasets/fashion_mnist/source").json()
        assert source["state"] == "unreachable" and source["megabytes"] == 30
        assert source["message"].startswith(
            f"`fashion_mnist` is not on this server yet, and the server cannot reach "
            f"127.0.0.1:{port} to download it (["
        )
        assert source["message"].endswith(
            "Pick another dataset, or ask whoever runs the server to copy "
            "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
            "t10k-labels-idx1-ubyte.gz into its data folder's downloads/fashion_mnist (or to set "
            "TORCHCANVAS_DOWNLOAD_URL to a mirror)."
        )
        reply = client.post(
            "/api/runs",
            json={"design": FLAT_MNIST, "training": {**TRAINING, "dataset": "fashion_mnist"}},
        )
        assert reply.status_code == 422, reply.text
        assert reply.json()["errors"] == [
            {"node": None, "field": "training.dataset", "message": source["message"], "fix": None}
        ]
        assert client.get("/api/runs").json() == []  # nothing queued, nothing to fail later

        # Not a downloadable set: a 404 that lists them.
        reply = client.get("/api/datasets/digits/source")
        assert reply.status_code == 404
        assert reply.json()["detail"] == (
            "`digits` is not a downloadable dataset: those are mnist, fashion_mnist, cifar10."
        )


def test_a_reachable_source_is_asked_once_and_a_set_here_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mirror: str
) -> None:
    monkeypatch.setenv(MIRROR_ENV, mirror)
    data = tmp_path / "data"
    with open_client(data) as client:
        for _ in range(3):
            source = client.get("/api/datasets/mnist/source").json()
            assert source == {
                "name": "mnist",
                "state": "reachable",
                "megabytes": 11,
                "message": "Downloaded by the server when a run first uses it (about 11 MB).",
            }
        reply = client.post("/api/runs", json={"design": FLAT_MNIST, "training": TRAINING})
        assert reply.status_code == 201, reply.text
        assert CountingMirror.asked == ["/mnist/train-images-idx3-ubyte.gz"]  # its answer kept

        client.post(f"/api/runs/{reply.json()['id']}/cancel")
        write_mnist(download_folder(data, "cifar10").parent / "mnist", train=40, test=10)
        monkeypatch.setenv(MIRROR_ENV, f"http://127.0.0.1:{_closed_port()}")  # gone, not needed
        assert client.get("/api/datasets/mnist/source").json()["state"] == "downloaded"
        reply = client.post("/api/runs", json={"design": FLAT_MNIST, "training": TRAINING})
        assert reply.status_code == 201, reply.text


def test_a_source_that_is_no_web_server_is_out_of_reach_and_keeps_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A port that answers with something else than HTTP (http.client raises what urllib does
    not wrap) is unreachable at once, every time, and the mirror's user and password stay out
    of what a user reads."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def answer() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):  # the asker may have closed first
                conn.recv(1024)
                conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

    threading.Thread(target=answer, daemon=True).start()
    monkeypatch.setenv(MIRROR_ENV, f"http://reader:s3cret@127.0.0.1:{port}")
    try:
        with open_client(tmp_path / "data") as client:
            for _ in range(2):
                source = client.get("/api/datasets/cifar10/source").json()
                # Unreachable, not unknown: the probe's answer came, where a probe that died on
                # the odd answer left every asker to wait out its deadline and read `unknown`.
                # (No wall-clock bound: one under the deadline flaked on a loaded machine.)
                assert source["state"] == "unreachable", source
                assert f"cannot reach 127.0.0.1:{port} to download it" in source["message"]
                assert "s3cret" not in source["message"] and "reader" not in source["message"]
    finally:
        listener.close()


@pytest.fixture
def dripping_source() -> Iterator[tuple[str, list[str]]]:
    """A server that answers every request a byte a second, never ending its status line (each
    read of the probe's socket gets a byte within its timeout), and the requests it was sent."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    asked: list[str] = []
    done = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):  # the asker gave up
            asked.append(conn.recv(1024).split(b"\r\n")[0].decode())
            for byte in b"HTTP/1.1 200 " + b"O" * 1000:
                if done.wait(1.0):
                    return  # closed: the probe ends on a cut-short answer
                conn.sendall(bytes([byte]))

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", asked
    finally:
        done.set()
        listener.close()


def test_a_dripping_source_holds_its_askers_no_longer_than_the_deadline_nor_a_cpu_slot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dripping_source: tuple[str, list[str]]
) -> None:
    """Two sets asked at once of a source that never finishes its answer are `unknown` within
    the probe's deadline, a check meanwhile is not refused (the route holds no CPU slot), and
    later askers are answered at once, with no second request to the source."""
    url, asked = dripping_source
    monkeypatch.setenv(MIRROR_ENV, url)
    settings = ServerConfig(pin_cores=False, data_dir=tmp_path / "data", workers=1, cpu_slots=2)
    with TestClient(create_app(settings)) as client, ThreadPoolExecutor(2) as pool:

        def source(name: str) -> tuple[float, dict[str, object]]:
            started = time.monotonic()
            reply = client.get(f"/api/datasets/{name}/source")
            assert reply.status_code == 200, reply.text
            return time.monotonic() - started, reply.json()

        sources = [pool.submit(source, name) for name in ("mnist", "cifar10")]
        time.sleep(0.5)
        design = {"design": FLAT_MNIST, "batch_size": 16, "optimizer": "Adam"}
        checked = client.post("/api/designs/validate", json=design)
        assert checked.status_code == 200, checked.text
        for waited in sources:
            seconds, answer = waited.result()
            assert answer["state"] == "unknown", answer
            assert PROBE_DEADLINE_S - 0.5 < seconds < PROBE_DEADLINE_S + 1.5

        for name in ("mnist", "cifar10"):  # the probes still drip: the deadline has passed
            seconds, answer = source(name)
            # At once, not after a deadline of its own: a wait of one reads over
            # PROBE_DEADLINE_S - 0.5 (above), where a kept answer takes milliseconds.
            assert answer["state"] == "unknown", answer
            assert seconds < PROBE_DEADLINE_S - 0.5, (seconds, answer)
        assert sorted(asked) == [
            "HEAD /cifar10/cifar-10-binary.tar.gz HTTP/1.1",
            "HEAD /mnist/train-images-idx3-ubyte.gz HTTP/1.1",
        ]  # one probe per source at a time
