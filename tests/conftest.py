"""Settings every test process shares, and how `make test` splits the tests between processes."""

import os

import pytest
from xdist.remote import Producer
from xdist.scheduler import LoadScopeScheduling

# Starlette's TestClient names its host `testserver`: in-process apps answer to it (api/hosts.py).
os.environ.setdefault("TORCHCANVAS_ALLOWED_HOSTS", "testserver")

CLUSTER = "tests/cluster/"  # their Ray clusters take fixed ports: one process runs them all


class ByFile(LoadScopeScheduling):
    """pytest-xdist's scheduling by scope, a scope being a test file (so its module fixtures,
    servers and trained runs, are made once) or the whole of tests/cluster."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return CLUSTER if path.startswith(CLUSTER) else path


def pytest_xdist_make_scheduler(config: pytest.Config, log: Producer) -> ByFile:
    """`make test` runs the tests in two processes (`-n 2`): each takes whole files."""
    return ByFile(config, log)
