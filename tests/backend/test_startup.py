"""Bad settings stop `python -m torchcanvas` with one clear line and no traceback."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import AliasChoices

from tests.backend.small_disk import fill, small_disk
from tests.serve import free_port, server_env
from torchcanvas.config import ServerConfig


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
        ({"PORT": "99999"}, "PORT (it is '99999'): Input should be less than or equal to 65535."),
        (
            {"TORCHCANVAS_WORKERS": "0"},
            "TORCHCANVAS_WORKERS (it is '0'): Input should be greater than or equal to 1.",
        ),
        ({"TORCHCANVAS_MAX_JSON_BYTES": "10"}, "TORCHCANVAS_MAX_JSON_BYTES"),
        # Every worker died as it started (torch takes no 0 threads), and the server went on
        # with none, answering each run 503.
        (
            {"TORCHCANVAS_WORKER_THREADS": "0"},
            "TORCHCANVAS_WORKER_THREADS (it is '0'): Input should be greater than or equal to 1.",
        ),
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


def test_help_says_how_to_start_and_every_setting_and_starts_nothing(tmp_path: Path) -> None:
    # It started a server on port 8000, with a data folder where it was run, and held the shell.
    done = subprocess.run(
        [sys.executable, "-m", "torchcanvas", "--help"],
        cwd=tmp_path,
        env=server_env(tmp_path / "unused", free_port()),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: [SETTING=value ...] python -m torchcanvas [-h]")
    for field in ServerConfig.model_fields.values():
        alias = field.validation_alias
        assert isinstance(alias, AliasChoices)
        assert f"\n  {alias.choices[0]} (default: " in done.stdout
    assert "\n  PORT (default: 8000)\n      The port.\n" in done.stdout
    assert "\n  TORCHCANVAS_DOWNLOAD_URL (default: unset)\n      A base URL " in done.stdout
    assert list(tmp_path.iterdir()) == []  # no data folder, no database


def test_settings_are_read_by_their_own_names_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fields' names are for code: DATA_DIR, WORKERS or LOGIN_TOKEN set for something else were
    read as settings (a LOGIN_TOKEN of 3 letters stopped the server, blaming TORCHCANVAS_TOKEN)."""
    before = ServerConfig()
    others = {"DATA_DIR": "/elsewhere", "WORKERS": "abc", "LOGIN_TOKEN": "abc", "executor": "ray"}
    for name, value in {**others, "CPU_SLOTS": "7", "torchcanvas_max_layers": "12"}.items():
        monkeypatch.setenv(name, value)
    read = ServerConfig()  # no error: WORKERS=abc and the short LOGIN_TOKEN are not read
    assert read.model_dump() == before.model_dump() | {"max_layers": 12}  # a setting, any case
    assert ServerConfig(workers=2).workers == 2  # code still gives them by name


def test_an_argument_is_refused_with_how_settings_are_given(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "torchcanvas", "--port", "9"],
        cwd=tmp_path,
        env=server_env(tmp_path / "unused", free_port()),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "usage: [SETTING=value ...] python -m torchcanvas [-h] [backup DEST]",
        "python -m torchcanvas: error: unrecognized arguments: --port 9",
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_is_no_database(tmp_path: Path) -> None:
    (tmp_path / "torchcanvas.db").write_bytes(b"these are not the bytes of a SQLite database" * 99)
    done = start(tmp_path, free_port())
    one_clear_line(
        done,
        f"The database {tmp_path / 'torchcanvas.db'} cannot be opened (file is not a database)",
        "move it away or set TORCHCANVAS_DATA",
    )


def test_a_full_disk_under_the_database(tmp_path: Path) -> None:
    """A server stopped on a full disk did not start again: its database's first statement
    failed, and it printed a traceback."""
    with small_disk(tmp_path / "small", 2 * 2**20) as data:
        fill(data)
        done = start(data, free_port(), TORCHCANVAS_MIN_FREE_BYTES="0")
    one_clear_line(done, "is full", "free some space on it, then start the server again")


def test_a_refused_start_says_so_before_loading_torch(tmp_path: Path) -> None:
    """A setting the checks refuse is said at once (0.2 s): torch and the datasets, seconds to
    load, come only after the checks (a malformed PORT took 4 s to be told)."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['torchcanvas']\n"
        "try:\n"
        "    runpy.run_module('torchcanvas', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code, 'torch' in sys.modules, 'sklearn' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=server_env(tmp_path, free_port(), PORT="eighty"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "PORT (it is 'eighty')" in done.stderr, done.stderr
    assert done.stdout.strip() == "exit 2 False False", done.stdout
