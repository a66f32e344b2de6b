"""A run on a downloadable set fetches it in the worker, and the dashboard says so meanwhile."""

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
from torchcanvas.training.data.downloads import MIRROR_ENV


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
