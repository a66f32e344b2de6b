"""A compiled run (torch.compile) whose compiler meets a full disk (a real tmpfs, filled) ends
saying so in a few words, not with the compiler's output and the server's paths."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backend.small_disk import fill, small_disk
from torchcanvas.runs.compile_failures import COMPILE_MET_A_FULL_DISK

REPO = Path(__file__).resolve().parents[2]
# In a process of its own: inductor keeps what it compiled, and where its cache is, per process.
TRAIN = """
import json, sys
from pathlib import Path
from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING
from torchcanvas.design.schema import Design
from torchcanvas.runs.worker import RunControl, run_job
from torchcanvas.training.job import TrainingJob
from torchcanvas.training.settings import TrainingSettings

folder = Path(sys.argv[1])
training = {**DIGITS_TRAINING, "epochs": 1, "compile_model": True}
job = TrainingJob(
    run_id="r1",
    design=Design.model_validate(DIGITS_CNN),
    training=TrainingSettings.model_validate(training),
    folder=folder,
    data_dir=folder.parent,
)
sent = []
control = RunControl()
control.begin("r1")
run_job(job, sent.append, control)
print(json.dumps(sent[-1].event.model_dump()))
"""


@pytest.mark.parametrize(
    "full", ["cache", "tmpdir"], ids=["its cache's disk", "the compiler's TMPDIR only"]
)
def test_a_compile_that_meets_a_full_disk_says_so_in_a_few_words(tmp_path: Path, full: str) -> None:
    with small_disk(tmp_path / "disk", 2**20) as disk:
        fill(disk)
        cache = disk / "cache" if full == "cache" else tmp_path / "cache"
        env = {**os.environ, "TMPDIR": str(disk), "TORCHINDUCTOR_CACHE_DIR": str(cache)}
        done = subprocess.run(
            [sys.executable, "-c", TRAIN, str(tmp_path / "run")],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr[-4000:]
    end = json.loads(done.stdout.strip().splitlines()[-1])
    assert (end["status"], end["interrupted"]) == ("cancelled", True)
    assert end["message"] == COMPILE_MET_A_FULL_DISK
    # One line in the server's log, not a traceback nor the compiler's output.
    assert "Traceback" not in done.stderr and "g++" not in done.stderr, done.stderr[-4000:]
    assert "run r1 stopped: compiling its model met a full disk" in done.stderr
