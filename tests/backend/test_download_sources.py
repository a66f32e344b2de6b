"""A mirror's user and password (TORCHCANVAS_DOWNLOAD_URL=http://user:password@host/) are sent as
HTTP Basic auth, by the reach probe and the download alike, and never shown in a message."""

import base64
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.backend.conftest import open_client
from tests.backend.test_download_reach import FLAT_MNIST, TRAINING
from tests.backend.upload_files import write_mnist
from torchcanvas.training.data import prepare_dataset
from torchcanvas.training.data.downloads import MIRROR_ENV
from torchcanvas.training.data.info import DatasetError
from torchcanvas.training.data.sources import scrubbed

USER, PASSWORD = "reader", "s3cret!"


class LockedMirror(SimpleHTTPRequestHandler):
    """Serves its folder to USER with PASSWORD only, as a mirror behind Basic auth does."""

    refused: ClassVar[list[str]] = []
    key = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def _let_in(self) -> bool:
        if self.headers.get("Authorization") == f"Basic {self.key}":
            return True
        LockedMirror.refused.append(self.path)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="mirror"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def do_GET(self) -> None:
        if self._let_in():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._let_in():
            super().do_HEAD()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def locked_mirror(tmp_path: Path) -> Iterator[str]:
    """host:port of a mirror on this machine with MNIST in it, behind Basic auth."""
    write_mnist(tmp_path / "mirror" / "mnist", train=40, test=10)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(LockedMirror, directory=str(tmp_path / "mirror"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    LockedMirror.refused = []
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_mirror_behind_a_password_is_reached_and_downloaded_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked_mirror: str
) -> None:
    monkeypatch.setenv(MIRROR_ENV, f"http://{USER}:s3cret%21@{locked_mirror}")  # ! as %21
    data = tmp_path / "data"
    with open_client(data) as client:
        source = client.get("/api/datasets/mnist/source").json()
        assert source["state"] == "reachable", source
    info = prepare_dataset("mnist", data)
    assert (info.available, info.train_size, info.val_size) == (True, 40, 10)
    assert LockedMirror.refused == []


def test_a_wrong_password_is_said_so_and_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked_mirror: str
) -> None:
    monkeypatch.setenv(MIRROR_ENV, f"http://{USER}:not-{PASSWORD}@{locked_mirror}")
    data = tmp_path / "data"
    with open_client(data) as client:
        source = client.get("/api/datasets/mnist/source").json()
        assert source["state"] == "unreachable"
        assert source["message"].startswith(
            f"`mnist` is not on this server yet, and the server cannot reach {locked_mirror} to "
            "download it (HTTP 401: it refused the user and password in "
            "TORCHCANVAS_DOWNLOAD_URL). Pick another dataset"
        )
    with pytest.raises(DatasetError) as raised:
        prepare_dataset("mnist", data)
    assert str(raised.value).startswith(
        "`mnist` is not in the data folder and could not be downloaded from "
        f"http://{locked_mirror}/mnist/train-images-idx3-ubyte.gz (Unauthorized). "
    )
    assert LockedMirror.refused == ["/mnist/train-images-idx3-ubyte.gz"] * 2


def test_a_mirror_url_with_a_password_and_no_port_keeps_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """http.client reads `reader:s3cret@127.0.0.1` as a host and a nonnumeric port, and says
    so with the password in its error: the probe, the new run's 422 and the download never do."""
    monkeypatch.setenv(MIRROR_ENV, f"http://{USER}:{PASSWORD}@127.0.0.1")
    data = tmp_path / "data"
    with open_client(data) as client:
        source = client.get("/api/datasets/fashion_mnist/source")
        assert source.json()["state"] in {"unreachable", "reachable"}  # port 80: whatever is there
        reply = client.post(
            "/api/runs",
            json={"design": FLAT_MNIST, "training": {**TRAINING, "dataset": "fashion_mnist"}},
        )
        for text in (source.text, reply.text):
            assert PASSWORD not in text and USER not in text, text
    with pytest.raises(DatasetError) as raised:
        prepare_dataset("fashion_mnist", data)
    assert PASSWORD not in str(raised.value) and USER not in str(raised.value)
    assert "from http://127.0.0.1/fashion_mnist/train-images-idx3-ubyte.gz (" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "url", "shown"),
    [
        (
            "nonnumeric port: 's3cret@127.0.0.1'",
            "http://reader:s3cret@127.0.0.1/",
            "nonnumeric port: '***@127.0.0.1'",
        ),
        (  # written percent-encoded, said decoded
            "no route for r@der:p@ss to host",
            "http://r%40der:p%40ss@host/",
            "no route for *** to host",
        ),
        ("a user alone: alice", "http://alice@host/", "a user alone: ***"),
        ("nothing to hide: host", "http://host/", "nothing to hide: host"),
    ],
)
def test_error_texts_are_scrubbed_of_every_part_of_the_user_and_password(
    text: str, url: str, shown: str
) -> None:
    assert scrubbed(text, url) == shown
