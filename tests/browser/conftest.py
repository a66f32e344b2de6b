"""Browser tests: the real server in a subprocess, driven through a real Chromium."""

import json
import os
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.browser.browser_steps import PHONE
from tests.browser.runs_left import stop_runs_left
from tests.serve import serve

REPO = Path(__file__).resolve().parents[2]

# Two cores share the server, its training worker and Chromium: give the UI time to catch up.
expect.set_options(timeout=15_000)
DIST = REPO / "frontend" / "dist"

# Debian's build of Chromium's headless shell: the same Blink and V8 as its `chromium`, without
# the desktop browser around them, whose top-chrome renderer and window cost three times the CPU
# of each new page (2.6 s against 0.7 s to open the editor); as Playwright's own headless runs.
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
# The whole browser, for the webcam: the shell never starts Chromium's fake camera.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """Debian's Chromium: Playwright cannot download its own browser here."""
    return {"executable_path": HEADLESS_SHELL, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    return {
        **browser_context_args,
        "viewport": {"width": 1440, "height": 1000},
        "accept_downloads": True,
    }


def _warm_up(url: str) -> None:
    """Validates one tiny design, so that the first check in a test does not pay for torch's start."""
    design = {
        "version": 1,
        "name": "warm-up",
        "input_shape": [1, 8, 8],
        "layers": [{"id": "flat", "type": "Flatten"}],
    }
    request = urllib.request.Request(
        f"{url}/api/designs/validate",
        data=json.dumps({"design": design}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
    # A test's first run starts at once, as on a server up for a while: its worker is warm (its
    # spawn and torch's import take seconds, more on a busy machine, where a run said "queued").
    deadline = time.monotonic() + 120
    while True:
        with urllib.request.urlopen(f"{url}/api/health", timeout=60) as response:
            health = json.load(response)
        if health["worker_ready"] or health["executor_problem"]:
            return
        assert time.monotonic() < deadline, (
            f"The server's training worker never warmed up: {health}"
        )
        time.sleep(0.2)


@contextmanager
def _serve(data: Path, port: int | None = None, **env: str) -> Iterator[str]:
    """The server of tests/serve.py, with the built frontend, warmed up: yields its URL."""
    if not (DIST / "index.html").exists():
        pytest.fail(f"{DIST} has no built frontend: run `make test`, which builds it first.")
    with serve(data, port, **env) as url:
        _warm_up(url)
        yield url


@pytest.fixture(scope="session")
def server_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The data folder of the session's server, for tests that write a run into its database."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="session")
def server_url(server_data: Path) -> Iterator[str]:
    """The URL of a fresh TorchCanvas server with its own data folder and one training worker."""
    with _serve(server_data) as url:
        yield url


LOGIN_TOKEN = "correct-horse-battery-staple"
KEEP_IDLE_DAYS = 30


@pytest.fixture(scope="module")
def locked_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second server that needs the login token LOGIN_TOKEN (TORCHCANVAS_TOKEN) to train, and
    deletes idle browsers' runs and uploads after KEEP_IDLE_DAYS (TORCHCANVAS_KEEP_IDLE_DAYS)."""
    folder = tmp_path_factory.mktemp("locked")
    keep = str(KEEP_IDLE_DAYS)
    with _serve(folder, TORCHCANVAS_TOKEN=LOGIN_TOKEN, TORCHCANVAS_KEEP_IDLE_DAYS=keep) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(server_url: str) -> str:
    """Replaces pytest-base-url's fixture (deprecated under pytest 9), so page.goto("/") works."""
    return server_url


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], None]:
    """Saves a full-page screenshot to $TORCHCANVAS_SCREENS/<name>.png, when that is set."""
    folder = os.environ.get("TORCHCANVAS_SCREENS")

    def take(name: str) -> None:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(autouse=True)
def no_csp_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails a browser test whose page broke the server's Content-Security-Policy anywhere."""
    if "page" not in request.fixturenames:
        yield
        return
    with held_to_csp(request.getfixturevalue("page")):
        yield


@contextmanager
def held_to_csp(page: Page) -> Iterator[None]:
    """Fails at its end when the page broke the server's Content-Security-Policy meanwhile."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not refused, f"The page broke the CSP: {refused}"


@pytest.fixture(autouse=True)
def no_run_left_training(request: pytest.FixtureRequest) -> Iterator[None]:
    """Stops the runs that any browser of a test left going on the session's server, and waits for
    their end: a test that failed half-way through a long run must not hold the one worker that
    the later tests' runs wait for (tests/browser/runs_left.py)."""
    browsers = [name for name in ("browser", "camera_browser") if name in request.fixturenames]
    if "server_url" not in request.fixturenames or not browsers:
        yield
        return
    url: str = request.getfixturevalue("server_url")
    # Set up before this fixture, so closed after it: their contexts, with the owner cookies,
    # are still open at its end. A context a test made itself is open there unless it closed it.
    for name in ("page", "context", "phone", "camera_page"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    launched: list[Browser] = [request.getfixturevalue(name) for name in browsers]
    yield
    stop_runs_left([context for browser in launched for context in browser.contexts], url)


@pytest.fixture(scope="module")
def camera_browser(playwright: Playwright) -> Iterator[Browser]:
    """A Chromium whose webcam is Chromium's fake one (a moving test pattern). Prompts are not
    auto-accepted (no --use-fake-ui-for-media-stream): a context grants the camera or refuses it."""
    args = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream"]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def camera_page(camera_browser: Browser, server_url: str) -> Iterator[Page]:
    """A page of the fake-camera Chromium that may use the camera, held to the CSP like `page`."""
    context = camera_browser.new_context(
        base_url=server_url, viewport={"width": 1440, "height": 1000}, permissions=["camera"]
    )
    page = context.new_page()
    with held_to_csp(page):
        yield page
        context.close()


@pytest.fixture
def phone(browser: Browser, server_url: str) -> Iterator[Page]:
    """A page of a phone (390×844, touch), held to the CSP like `page`."""
    context = browser.new_context(
        base_url=server_url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    with held_to_csp(page):
        yield page
        context.close()
