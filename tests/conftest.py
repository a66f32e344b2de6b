"""Settings every test process shares, and how `pytest -n N` splits the tests between processes."""

import os

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling

# Starlette's TestClient names its host `testserver`: in-process apps answer to it (api/hosts.py).
os.environ.setdefault("TORCHCANVAS_ALLOWED_HOSTS", "testserver")

CLUSTER = "tests/cluster/"  # their Ray clusters take fixed ports: one process runs them all
BROWSER = "tests/browser/"  # Playwright's sync API keeps an event loop running in its process
# The longest browser files (restarting servers, waiting out timeouts: 25 to 70 s each), handed
# out first among the browser tests, so that none of them is the last a process starts while
# the others have nothing left (the longest first: the run's tail is short files).
LONG_BROWSER = {
    f"{BROWSER}{name}.py"
    for name in (
        "test_going_on_restart",
        "test_paused_through_restart",
        "test_sweep",
        "test_sequences",
        "test_viewer_seats",
        "test_pause_when_waited",
        "test_login",
        "test_accessibility",
        "test_schedule_and_pause",
        "test_field_labels",
        "test_share",
        "test_lost_network",
        "test_download",
        "test_charts",
    )
}


def _rank(item: pytest.Item) -> tuple[int, int]:
    """The Ray tests first (the longest scope): those on the shared cluster's server, then the
    others on the shared cluster, then those without it, so that each shared part can stop once
    its last test has run (tests/cluster/conftest.py); the browser tests last: once a process
    has run one, a test's own `asyncio.run` would find Playwright's loop running."""
    nodeid = item.nodeid
    if nodeid.startswith(CLUSTER):
        names = item.fixturenames
        return (0 if "ray_server" in names else 1 if "ray_cluster" in names else 2), 0
    if nodeid.startswith(BROWSER):
        return 4, 0 if nodeid.split("::", 1)[0] in LONG_BROWSER else 1
    return 3, 0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):  # one process keeps the files' own order
        items.sort(key=_rank)  # stable: each file's tests keep their order


class ByFile(LoadScopeScheduling):
    """pytest-xdist's scheduling by scope, a scope being a test file (so its module fixtures,
    servers and trained runs, are made once) or the whole of tests/cluster; scopes are handed out
    in the order above, not largest first."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return CLUSTER if path.startswith(CLUSTER) else path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> ByFile:
    """Under `pytest -n 3` (README): each process takes whole files."""
    config.option.loadscopereorder = False
    return ByFile(config, log)
