"""A worker keeps the memory a training step frees for the next (runs/allocator.py): steps stop
faulting the same pages in again."""

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.backend.conftest import open_client, start_run, wait_for

# Steps of the digits CNN with a validation-sized pass every 20, as a run makes them; prints the
# page faults of the 200 steps after a warm-up.
STEPS = textwrap.dedent(
    """
    import resource, sys, torch
    from torchcanvas.runs.allocator import keep_freed_memory
    if sys.argv[1] == "keep":
        assert keep_freed_memory()
    torch.set_num_threads(1)
    net = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(256, 10),
    )
    optimizer = torch.optim.Adam(net.parameters())
    x, y, x_val = torch.randn(64, 1, 8, 8), torch.randint(0, 10, (64,)), torch.randn(360, 1, 8, 8)
    def step(i):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
        if i % 20 == 19:
            with torch.no_grad():
                net(x_val)
    for i in range(20):
        step(i)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for i in range(200):
        step(i)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
    """
)


def _faults(*modes: str) -> list[int]:
    """The page faults of STEPS in each mode, each in a process of its own, run side by side."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STEPS, mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for mode in modes
    ]
    faults = []
    for process in processes:
        out, err = process.communicate()
        assert process.returncode == 0, err
        faults.append(int(out.strip()))
    return faults


def test_steps_that_keep_freed_memory_stop_faulting_it_in_again() -> None:
    plain, kept = _faults("plain", "keep")
    assert plain > 2000, plain  # by default the pages go back to the kernel and fault in again
    assert kept * 5 < plain, (kept, plain)


def _page_faults(pid: int) -> int:
    """The process's minor page faults so far (field 10 of /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[7])


def test_a_worker_trains_without_faulting_its_steps_memory_in_again(tmp_path: Path) -> None:
    with open_client(tmp_path) as client:
        (pid,) = client.app.state.services.executor.worker_pids()  # type: ignore[attr-defined]
        wait_for(client, start_run(client, epochs=2), {"succeeded"})  # the run's first sizes
        before = _page_faults(pid)
        wait_for(client, start_run(client, epochs=30, seed=1), {"succeeded"}, timeout=120)
        faults = _page_faults(pid) - before
    # 30 epochs of 23 steps: about 40 faults a step by default (over 25,000), a few hundred kept.
    assert faults < 5000, faults
