"""A run's script on the command line: `--help` lists its options, each defaulting to the run's,
and the options train otherwise, where `--help` used to start training."""

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from fastapi.testclient import TestClient

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from .test_codegen import _EPOCH, run_script


@pytest.fixture(scope="module")
def script(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-epoch digits run's script, in a folder of its own."""
    training = {**DIGITS_TRAINING, "epochs": 2, "batch_size": 100}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    path = tmp_path_factory.mktemp("script") / "digits.py"
    path.write_text(client.get(f"/api/runs/{run_id}/code.py").text)
    return path


def test_help_lists_the_options_with_the_runs_settings_and_trains_nothing(script: Path) -> None:
    ran = subprocess.run(
        [sys.executable, script.name, "--help"],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    text = " ".join(ran.stdout.split())  # argparse wraps to the terminal's width
    for option in [
        "--epochs EPOCHS epochs to train (the run's: 2)",
        "--batch-size BATCH_SIZE samples a step (the run's: 100)",
        "--lr LR learning rate (the run's: 0.01)",
        "--seed SEED seed of the initial weights and the shuffling (the run's: 0)",
        "--threads THREADS torch's CPU threads (the run's: 1)",
        "--save PATH save the trained weights there",
    ]:
        assert option in text, text
    assert not _EPOCH.search(ran.stdout)


def test_options_train_otherwise_and_save_weights_that_load(script: Path) -> None:
    out = run_script(script, [script.name, "--epochs", "1", "--lr", "0.005", "--save", "w.pt"])
    [(epoch, loss, _)] = _EPOCH.findall(out)
    assert epoch == "1"
    [(_, runs_loss, _)] = _EPOCH.findall(run_script(script, [script.name, "--epochs", "1"]))
    assert loss != runs_loss  # trained at the lr given, not the run's
    assert "saved the trained weights to w.pt" in out
    namespace: dict[str, object] = {"__name__": "generated", "__file__": str(script)}
    exec(compile(script.read_text(), str(script), "exec"), namespace)
    model = namespace["Net"]()  # type: ignore[operator]
    model.load_state_dict(torch.load(script.parent / "w.pt"))
    assert model(torch.zeros(2, 1, 8, 8)).shape == (2, 10)


def test_an_option_out_of_range_stops_with_what_each_takes(
    script: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for option in [["--epochs", "0"], ["--lr", "nan"], ["--batch-size", "-3"]]:
        with pytest.raises(SystemExit) as stopped:
            run_script(script, [script.name, *option])
        assert stopped.value.code == 2
        assert capsys.readouterr().err.endswith(
            "error: --epochs and --batch-size take a whole number from 1, --lr a number above 0\n"
        )
    with pytest.raises(SystemExit):
        run_script(script, [script.name, "--threads", "0"])
    assert capsys.readouterr().err.endswith("error: --threads takes a whole number from 1\n")


def test_threads_train_with_as_many_as_asked(script: Path) -> None:
    threads: list[int] = []
    run_script(script, [script.name, "--epochs", "1", "--threads", "2"], threads)
    assert threads == [2]
