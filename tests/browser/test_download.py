"""A run on a downloadable set fetches it in the worker, and the dashboard says so meanwhile."""

import socket
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page, expect

from tests.backend.upload_files import write_mnist
from tests.browser.browser_steps import add_layer, open_editor, set_param
from tests.browser.conftest import _serve
from torchcanvas.download_mirror import MIRROR_ENV


class SlowMirror(SimpleHTTPRequestHandler):
    """Serves each file in four parts, half a second apart: a download that takes a while."""

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        quarter = len(data) // 4 + 1
        for start in range(0, len(data), quarter):
            outputfile.write(data[start : start + quarter])
            outputfile.flush()
            time.sleep(0.5)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def mirror_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A TorchCanvas server whose MNIST comes from a slow mirror on this machine."""
    files = tmp_path_factory.mktemp("mirror")
    write_mnist(files / "mnist", train=300, test=60)
    mirror = ThreadingHTTPServer(("127.0.0.1", 0), partial(SlowMirror, directory=str(files)))
    threading.Thread(target=mirror.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{mirror.server_address[1]}"
        with _serve(tmp_path_factory.mktemp("data"), **{MIRROR_ENV: address}) as url:
            yield url
    finally:
        mirror.shutdown()
        mirror.server_close()


def test_the_first_run_on_mnist_downloads_it_and_says_so(
    page: Page, mirror_server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, mirror_server_url)
    page.get_by_test_id("dataset-select").select_option("mnist")
    expect(page.get_by_test_id("shape-input")).to_have_text("(1, 28, 28)")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    page.get_by_test_id("epochs-input").fill("3")
    page.get_by_test_id("train-button").click()

    expect(page.get_by_test_id("downloading")).to_have_text(
        "Downloading MNIST digits (28×28) (about 11 MB) into the data folder; "
        "later runs use it at once."
    )
    expect(page.get_by_test_id("run-status")).to_have_text("running")
    screenshot("download-in-progress")
    expect(page.get_by_test_id("run-status")).to_have_text("succeeded", timeout=120_000)
    expect(page.get_by_test_id("downloading")).to_have_count(0)
    accuracy = float((page.get_by_test_id("accuracy-value").text_content() or "0").rstrip("%"))
    assert accuracy > 50


@pytest.fixture(scope="module")
def offline_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A TorchCanvas server whose downloads come from a mirror that is not there."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with _serve(
        tmp_path_factory.mktemp("offline"), **{MIRROR_ENV: f"http://127.0.0.1:{port}"}
    ) as url:
        yield url


def test_a_set_the_server_cannot_fetch_says_so_before_train(
    page: Page, offline_server_url: str, screenshot: Callable[[str], None]
) -> None:
    open_editor(page, offline_server_url)
    page.get_by_test_id("dataset-select").select_option("cifar10")
    note = page.get_by_test_id("download-note")
    expect(note).to_contain_text(
        "cifar10 is not on this server yet, and the server cannot reach 127.0.0.1:"
    )
    expect(note).to_contain_text(
        "Pick another dataset, or ask whoever runs the server to copy cifar-10-binary.tar.gz"
    )
    expect(note).to_have_class("upload-error")
    expect(note.locator("code")).to_have_text("cifar10")
    add_layer(page, "Flatten")
    add_layer(page, "Linear")
    set_param(page, "fc1", "out_features", "10")
    screenshot("download-out-of-reach")
    page.get_by_test_id("train-button").click()
    expect(page.get_by_test_id("run-errors")).to_contain_text("the server cannot reach 127.0.0.1:")
    assert "/runs/" not in page.url  # refused: no run page opened
    page.get_by_test_id("dataset-select").select_option("digits")  # a built-in set: no note
    expect(page.get_by_test_id("download-note")).to_have_count(0)
