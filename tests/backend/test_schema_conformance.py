"""Schemathesis, every check, against a real server: no 500, and the schema says what is sent.

It runs as the CLI does (`st run --checks all`), with a fixed seed and a bounded number of
examples per operation, logged in with an owner cookie and given real ids: a trained run, an
upload and a live share link, so that the operations answer more than 404.
"""

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from tests.backend.upload_files import blobs_csv
from tests.serve import serve

EXAMPLES = 10
# A schema cannot say which designs build, which samples fit a model or which files parse, so
# these operations may answer a schema-valid request with 415 or 422 and the reason.
_SEMANTIC = r"^/api/(designs/(code|script)|runs|(runs/\{run_id\}|shared/\{token\})/(predict|activations)(-image)?|(runs/\{run_id\}|shared/\{token\})/classify-many|datasets)$"
_ACCEPTED = '["2xx", "401", "403", "404", "409", "410", "415", "422", "429", "503"]'


def config(run_id: str, dataset_id: str, token: str) -> str:
    return f"""
[parameters]
"path.run_id" = "{run_id}"
"path.dataset_id" = "{dataset_id}"
"path.token" = "{token}"

[[operations]]
include-path-regex = '{_SEMANTIC}'
include-method = "POST"
checks.positive_data_acceptance.expected-statuses = {_ACCEPTED}

# Which models have a plane, a schema cannot say either: a digits model's neurons answer 422.
[[operations]]
include-path-regex = '^/api/runs/\\{{run_id\\}}/neurons$'
checks.positive_data_acceptance.expected-statuses = {_ACCEPTED}

# An opset is the ONNX file's alone, which a schema cannot say: another file answers 422 to one.
[[operations]]
include-path-regex = '^/api/runs/\\{{run_id\\}}/files/\\{{name\\}}$'
checks.positive_data_acceptance.expected-statuses = {_ACCEPTED}

# A share link answers 410 once its run is deleted, which the DELETE pass does.
[[operations]]
include-path-regex = '^/api/shared/'
checks.positive_data_acceptance.expected-statuses = {_ACCEPTED}

# So do the run and its links, to each DELETE after the first that deleted it (whether the run has
# ended by then, and so may be deleted, hangs on the Continues the other pass sent it).
[[operations]]
include-path-regex = '^/api/runs/\\{{run_id\\}}(/shares/\\{{share_id\\}})?$'
include-method = "DELETE"
checks.positive_data_acceptance.expected-statuses = {_ACCEPTED}
"""


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("schema")) as url:
        yield url


def _real_ids(client: httpx.Client) -> tuple[str, str, str]:
    """A trained run, an upload and a share link of the client's owner."""
    training = {**DIGITS_TRAINING, "epochs": 1}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    run_id: str = reply.json()["id"]
    deadline = time.monotonic() + 120
    while client.get(f"/api/runs/{run_id}").json()["status"] != "succeeded":
        assert time.monotonic() < deadline, "the run did not succeed"
        time.sleep(0.2)
    upload = client.post(
        "/api/datasets",
        files={"file": ("blobs.csv", blobs_csv(), "text/csv")},
        data={"target": "species"},
    )
    share = client.post(f"/api/runs/{run_id}/shares", json={})
    assert (upload.status_code, share.status_code) == (201, 201), (upload.text, share.text)
    token: str = share.json()["url"].rsplit("/", 1)[1]
    return run_id, upload.json()["id"], token


def schemathesis(url: str, cookie: str, config_file: Path, *methods: str) -> str:
    """`st run` on the server's schema; returns its report, and fails the test on any failure."""
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(config_file),
        "run",
        f"{url}/openapi.json",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "0",
        "--generation-deterministic",  # the same cases every time, and no example database
        "--workers",
        "1",
        "--request-timeout",
        "120",  # the first ONNX export of a run takes seconds on a busy machine: no timing
        "--max-response-time",
        "120",  # check here, only a bound on hangs
        "--no-color",
        "--header",
        f"Cookie: torchcanvas_owner={cookie}",
        *methods,
    ]
    # Run beside the config file: Schemathesis keeps a cache folder where it runs.
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=240, cwd=config_file.parent
    )
    assert done.returncode == 0, done.stdout[-12000:] + done.stderr[-2000:]
    return done.stdout


def test_schemathesis_finds_nothing(url: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        client.get("/api/health")
        cookie = client.cookies["torchcanvas_owner"]
        run_id, dataset_id, token = _real_ids(client)
    config_file = tmp_path / "schemathesis.toml"
    config_file.write_text(config(run_id, dataset_id, token))
    # Deleting the run and the upload goes last, so the other operations see them.
    report = schemathesis(url, cookie, config_file, "--exclude-method", "DELETE")
    assert "Tested: " in report, report[-3000:]
    schemathesis(url, cookie, config_file, "--include-method", "DELETE")
