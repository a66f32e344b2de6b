"""A killed worker's scratch folder is removed by the next worker that starts on the machine."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from torchcanvas.runs.scratch import scratch_root, sweep

# A process that keeps a folder as a worker does, with a file in it, and waits to be killed.
KEEPER = """
import sys, time
from torchcanvas.runs.scratch import own_scratch
(own_scratch() / "checkpoint-1.safetensors").write_bytes(b"x" * 1000)
print("kept", flush=True)
time.sleep(600)
"""


def keeper(env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", KEEPER], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "kept\n"
    return process


def end(process: subprocess.Popen[str]) -> None:
    process.kill()
    process.wait()
    assert process.stdout is not None
    process.stdout.close()


def test_the_folders_of_killed_workers_go_and_those_of_living_ones_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # this test's own temporary directory,
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # here as in the processes it starts
    env = dict(os.environ)
    killed, living = keeper(env), keeper(env)
    try:
        end(killed)  # kill -9, as the memory guard or a lost node's end does
        folders = {p.name for p in scratch_root().iterdir()}
        assert folders == {str(killed.pid), str(living.pid)}
        assert sweep() == [scratch_root() / str(killed.pid)]
        assert {p.name for p in scratch_root().iterdir()} == {str(living.pid)}
        assert (scratch_root() / str(living.pid) / "checkpoint-1.safetensors").stat().st_size
    finally:
        end(living)
        if killed.poll() is None:
            end(killed)
    assert sweep() == [scratch_root() / str(living.pid)]
    assert list(scratch_root().iterdir()) == []
