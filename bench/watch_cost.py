"""A live run's page in headless Chromium: what watching a fast run costs the browser.

A real server (one worker) trains the same run twice, once with nobody watching and once with
its page open in Chromium; printed are the browser's CPU seconds per second of the run, and the
watched run's time against the unwatched one's (the browser and the run share the cores). With
`--before DIST`, the same is measured on another build of the frontend (for example main's,
before a change) served by a second server, as a baseline.

    .venv/bin/python bench/watch_cost.py [--epochs 100] [--repeats 3] [--before DIST]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from server import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM_ARGS, HEADLESS_SHELL

CNN = {
    "version": 1,
    "name": "digits-cnn",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3}},
        {"id": "act1", "type": "ReLU"},
        {"id": "pool1", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}
TRAINING = {"dataset": "digits", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01}

POST_RUN = """body => fetch("/api/runs", {method: "POST", headers: {"Content-Type":
"application/json"}, body: JSON.stringify(body)}).then(r => r.json()).then(run => run.id)"""
STATUS = "id => fetch(`/api/runs/${id}`).then(r => r.json()).then(run => run.status)"


def chromium_cpu() -> float:
    """CPU seconds of every Chromium process so far (user and system)."""
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if b"chrom" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def train(page: Page, epochs: int, watch: bool) -> tuple[float, float]:
    """Trains the digits CNN (batch 16: frames come fast) for `epochs`: its seconds from the
    post to its end, and Chromium's CPU seconds meanwhile."""
    page.goto("/runs")
    page.wait_for_load_state("networkidle")
    training = TRAINING | {"epochs": epochs, "batch_size": 16, "seed": 0}
    run_id = page.evaluate(POST_RUN, {"design": CNN, "training": training})
    cpu, start = chromium_cpu(), time.monotonic()
    if watch:
        page.goto(f"/runs/{run_id}")
    while page.evaluate(STATUS, run_id) not in ("succeeded", "failed", "cancelled"):
        time.sleep(0.2)
    return time.monotonic() - start, chromium_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another frontend build (a dist folder)")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    builds = {"this build": None} | (
        {f"baseline {args.before}": args.before} if args.before else {}
    )
    with sync_playwright() as playwright, ExitStack() as stack:
        browser = playwright.chromium.launch(
            executable_path=HEADLESS_SHELL, args=CHROMIUM_ARGS, headless=True
        )
        for name, dist in builds.items():
            data = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            env = {"TORCHCANVAS_FRONTEND": str(dist.resolve())} if dist else {}
            server = stack.enter_context(serve(data, **env))
            context = browser.new_context(
                viewport={"width": 1440, "height": 1000}, base_url=server.url
            )
            page = context.new_page()
            train(page, 5, watch=True)  # the worker and the page's code warm
            ratios, rates = [], []
            for _ in range(args.repeats):
                alone, _quiet = train(page, args.epochs, watch=False)
                watched, cpu = train(page, args.epochs, watch=True)
                ratios.append(watched / alone)
                rates.append(cpu / watched)
                print(
                    f"  {name}: alone {alone:.1f} s, watched {watched:.1f} s, Chromium {cpu:.1f} s"
                )
            print(
                f"{name}: Chromium's CPU while watching {statistics.median(rates):.2f} s per s "
                f"(median of {args.repeats}); watched / alone {statistics.median(ratios):.2f}"
            )
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
