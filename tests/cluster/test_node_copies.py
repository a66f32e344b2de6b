"""A node's copies of shipped datasets: the node's lock is not held while one is fetched (up to
1 GiB from Ray's object store), so the node's other workers start their runs meanwhile."""

import fcntl
import threading
from pathlib import Path

from torchcanvas.runs.ray_worker import RayJob, place_datasets
from torchcanvas.training.job import TrainingJob


def test_a_dataset_is_fetched_without_the_nodes_lock_and_placed_once(tmp_path: Path) -> None:
    job = TrainingJob.model_construct(run_id="r1")  # only the datasets are read here
    sent = RayJob(job=job, datasets={"datasets/u1": "ref-u1"})
    fetching, go_on = threading.Event(), threading.Event()

    def slow_fetch(ref: object) -> dict[str, bytes]:
        assert ref == "ref-u1"
        fetching.set()
        assert go_on.wait(30)
        return {"x.npy": b"data", "meta.json": b"{}"}

    placing = threading.Thread(target=place_datasets, args=(tmp_path, sent, slow_fetch))
    placing.start()
    try:
        assert fetching.wait(30)
        with (tmp_path / ".copies.lock").open("a") as lock:  # another worker of this node
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises were it held
            fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        go_on.set()
        placing.join(30)
    assert (tmp_path / "datasets" / "u1" / "x.npy").read_bytes() == b"data"
    # Found in place, it is fetched no more.
    place_datasets(tmp_path, sent, lambda ref: (_ for _ in ()).throw(AssertionError("fetched")))
    assert not list(tmp_path.glob(".partial-*"))
