"""A Ray node with another TorchCanvas than the server's (an upgrade that missed a node): its
workers are not taken, health says why, new runs are refused with it, and a right node trains.

A cluster of the test's own: the shared one's nodes run the server's code.
"""

import shutil
import time
from pathlib import Path

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, start_run, wait_for
from tests.cluster.conftest import LoopbackCluster
from tests.cluster.ray_client import ray_client
from torchcanvas.runs.code_version import PACKAGE, code_version, digest_of
from torchcanvas.runs.ray_starts import FailedStarts, first_words


def test_a_node_with_other_code_is_said_refused_and_a_right_one_trains(tmp_path: Path) -> None:
    other = tmp_path / "other" / "torchcanvas"  # the package of another commit
    shutil.copytree(PACKAGE, other, ignore=shutil.ignore_patterns("__pycache__"))
    trainer = other / "training" / "epoch.py"
    trainer.write_text(trainer.read_text() + "\n# a later commit's change\n")
    (tmp_path / "cluster").mkdir()
    cluster = LoopbackCluster(tmp_path / "cluster")
    try:
        cluster.start_head()
        cluster.start_node("node-1", env={"PYTHONPATH": str(other.parent)})
        with ray_client(tmp_path / "data", cluster.address) as client:
            deadline = time.monotonic() + 180
            while (health := client.get("/api/health").json())["executor_problem"] is None:
                assert time.monotonic() < deadline, f"health never said why: {health}"
                time.sleep(0.2)
            problem = health["executor_problem"]
            assert problem.startswith(
                f"Training workers failed to start on the Ray cluster at {cluster.address}, 3 "
                "times in a row: Ray TrainingWorker (pid "
            ), problem
            assert problem.endswith(
                f" runs other TorchCanvas code ({digest_of(other)}, in {other}) than "
                f"the server ({code_version()}, in {PACKAGE}). A node whose TorchCanvas (the "
                "same commit), Python or Ray differ from the server's fails so: install the "
                "server's there, or stop it."
            ), problem
            assert health["workers_ready"] == 0
            body = {"design": DIGITS_CNN, "training": DIGITS_TRAINING}
            reply = client.post("/api/runs", json=body)
            assert reply.status_code == 503 and reply.json()["detail"] == problem

            cluster.stop_node("node-1")
            cluster.start_node("node-2")  # the server's code
            while (health := client.get("/api/health").json())["workers_ready"] < 1:
                assert time.monotonic() < deadline + 120, f"no right worker: {health}"
                time.sleep(0.2)
            assert health["executor_problem"] is None and health["executor_note"] is None
            run_id = start_run(client, epochs=1)
            assert wait_for(client, run_id, {"succeeded", "failed"})["status"] == "succeeded"
    finally:
        cluster.stop()


def test_a_failure_is_said_in_its_last_line_with_its_node() -> None:
    said = first_words(
        RuntimeError(
            "ray::TrainingWorker.__init__() (pid=4242, ip=10.0.0.7, actor_id=ab)\n"
            "  File 'x.py', line 1\nModuleNotFoundError: No module named 'torchcanvas.x'.\n"
        )
    )
    assert said == "ModuleNotFoundError: No module named 'torchcanvas.x' (on the node at 10.0.0.7)"
    assert first_words(RuntimeError("")) == "RuntimeError"


def test_failed_starts_are_tried_less_and_less_often_and_said_after_three() -> None:
    starts = FailedStarts()
    assert starts.may_try() and starts.said("x") is None
    for count in range(1, 4):
        starts.failed(f"failure {count}")
        assert not starts.may_try()  # a wait after each: 2 s, 4 s, 8 s
        assert (starts.said("x") is None) == (count < 3)
    assert starts._next_try - time.monotonic() > 7
    assert "x, 3 times in a row: failure 3." in (starts.said("x") or "")
    starts.started()
    assert starts.may_try() and starts.said("x") is None
