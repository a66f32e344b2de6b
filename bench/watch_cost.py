"""A live run's page in headless Chromium: what watching a fast run costs the browser.

A real server (one worker) trains the same run twice, once with nobody watching and once with
its page open in Chromium; printed are the browser's CPU seconds per second of the run, and the
watched run's time against the unwatched one's (the browser and the run share the cores). With
`--before DIST`, the same is measured on another build of the frontend (for example main's,
before a change) served by a second server, as a baseline.

    .venv/bin/python bench/watch_cost.py [--epochs 100] [--repeats 3] [--before DIST]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from control_latency import DESIGN, TRAINING
from server import serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM_ARGS, HEADLESS_SHELL

POST_RUN = """body => fetch("/api/runs", {method: "POST", headers: {"Content-Type":
"application/json"}, body: JSON.stringify(body)}).then(r => r.json()).then(run => run.id)"""


def status(url: str, run_id: str, cookie: str) -> str:
    """The run's status, asked as its owner's browser would (the page may be elsewhere)."""
    headers = {"Cookie": f"torchcanvas_owner={cookie}", "Origin": url}
    request = urllib.request.Request(f"{url}/api/runs/{run_id}", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as reply:
        return str(json.load(reply)["status"])


def chromium_cpu() -> float:
    """CPU seconds so far of the Chromium this script launched: the processes under this one
    (Playwright's driver, then the browser) whose command line names Chromium."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            named = b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        parents[pid] = int(fields[1])
        if named:
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime, stime

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return sum(t for pid, t in ticks.items() if ours(pid)) / os.sysconf("SC_CLK_TCK")


def train(page: Page, url: str, epochs: int, watch: bool) -> tuple[float, float]:
    """Trains the digits CNN (batch 16: frames come fast) for `epochs`: its seconds from the
    post to its end, and Chromium's CPU seconds meanwhile."""
    page.goto("/runs")
    page.wait_for_load_state("networkidle")
    training = TRAINING | {"epochs": epochs, "batch_size": 16}
    run_id = page.evaluate(POST_RUN, {"design": DESIGN, "training": training})
    cookie = next(c["value"] for c in page.context.cookies(url) if c["name"] == "torchcanvas_owner")
    if not watch:
        page.goto("about:blank")  # nobody watching: not even the runs page
    cpu, start = chromium_cpu(), time.monotonic()
    if watch:
        page.goto(f"/runs/{run_id}")
    while status(url, run_id, cookie) not in ("succeeded", "failed", "cancelled"):
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
            train(page, server.url, 5, watch=True)  # the worker and the page's code warm
            ratios, rates = [], []
            for _ in range(args.repeats):
                alone, _quiet = train(page, server.url, args.epochs, watch=False)
                watched, cpu = train(page, server.url, args.epochs, watch=True)
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
