"""Bad settings stop `python -m torchcanvas` with one clear line and no traceback."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.serve import free_port, server_env


def start(data: Path, port: int, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "torchcanvas"],
        env=server_env(data, port, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_clear_line(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("TorchCanvas cannot start: ")
    for text in expected:
        assert text in lines[0]
    return lines[0]


def test_a_short_token(tmp_path: Path) -> None:
    done = start(tmp_path, free_port(), TORCHCANVAS_TOKEN="short-secret")
    line = one_clear_line(done, "TORCHCANVAS_TOKEN must be at least 16 characters")
    assert "short-secret" not in line  # the token is never printed


def test_an_unwritable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = start(blocker / "data", free_port())
    one_clear_line(done, "cannot be written", "TORCHCANVAS_DATA")


def test_a_busy_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = start(tmp_path, port)
    one_clear_line(done, f"Port {port}", "already in use", "PORT=")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "eighty"}, "PORT (it is 'eighty')"),
        ({"TORCHCANVAS_MAX_JSON_BYTES": "10"}, "TORCHCANVAS_MAX_JSON_BYTES"),
    ],
)
def test_a_malformed_setting(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "torchcanvas"],
        env={**server_env(tmp_path, 0), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    one_clear_line(done, expected)
