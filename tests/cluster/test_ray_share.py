"""What each run asks of a Ray node, and how many runs a node holds (no cluster needed)."""

import pytest

from torchcanvas.runs.ray_cluster import Share


@pytest.mark.parametrize(
    ("share", "node", "runs"),
    [
        (Share(cpus=1, gpus=0.25), {"CPU": 4, "GPU": 1}, 4),  # four runs share the GPU
        (Share(cpus=1, gpus=0.25), {"CPU": 1, "GPU": 1}, 1),  # ... if the node has the CPUs
        (Share(cpus=0.5, gpus=0.25), {"CPU": 2, "GPU": 1}, 4),
        (Share(cpus=1, gpus=1), {"CPU": 8, "GPU": 2}, 2),
        (Share(cpus=1, gpus=0.25), {"CPU": 8}, 0),  # a CPU-only node in a cluster with GPUs
        (Share(cpus=1, gpus=0), {"CPU": 2}, 2),
        (Share(cpus=1, gpus=0), {"CPU": 0}, 0),  # the tests' head, with no CPUs of its own
        (Share(cpus=0.3, gpus=0), {"CPU": 0.9}, 3),  # no float error loses a run
    ],
)
def test_a_node_holds_the_runs_its_cpus_and_gpus_allow(
    share: Share, node: dict[str, float], runs: int
) -> None:
    assert share.runs_on(node) == runs
