"""How long validation takes after one edit, with the per-layer cache and without it.

In one process: `validate_design` on conv stacks of 12, 52 and 200 layers, each time after one edit
(a conv's out_channels set to a value not seen before, so the conv and the layers its shape reaches
are new to the cache), against the same edits validated with no cache. Then over HTTP, against a
real server: the same edits, the same designs with every layer new (a new input size each time),
and the throughput of small designs from several connections at once.

    .venv/bin/python bench/validate.py [--repeats 31] [--seconds 5] [--connections 8]
"""

import argparse
import copy
import gzip
import http.client
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from server import serve
from torchcanvas.design.layer_cache import LayerCache, LayerCaches
from torchcanvas.design.schema import Design
from torchcanvas.design.validate import validate_design

SIZES = (12, 52, 200)
BATCH_SIZE, OPTIMIZER = 64, "Adam"  # what the editor sends with each design


def conv_stack(layers: int, input_size: int = 32) -> dict[str, Any]:
    """Conv2d, BatchNorm2d and ReLU blocks, then MaxPool2d, Flatten and Linear: `layers` in all.

    Each conv has its own width, so that no two blocks are the same layer on the same input.
    """
    body: list[dict[str, Any]] = []
    for b in range((layers - 3 + 2) // 3):
        body += [
            {
                "id": f"conv{b}",
                "type": "Conv2d",
                "params": {"out_channels": 8 + b, "kernel_size": 3, "padding": 1},
            },
            {"id": f"bn{b}", "type": "BatchNorm2d"},
            {"id": f"act{b}", "type": "ReLU"},
        ]
    head = [
        {"id": "pool", "type": "MaxPool2d", "params": {"kernel_size": 2}},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ]
    return {"input_shape": [3, input_size, input_size], "layers": body[: layers - 3] + head}


def edits(design: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The design with one conv's out_channels set to a width not used before, edit after edit."""
    convs = [layer for layer in design["layers"] if layer["type"] == "Conv2d"]
    width = 1000  # wider than any conv_stack makes
    while True:
        changed = copy.deepcopy(design)
        conv = next(
            layer for layer in changed["layers"] if layer["id"] == convs[width % len(convs)]["id"]
        )
        conv["params"]["out_channels"] = width
        width += 1
        yield changed


def p50_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def seconds(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def cpu_seconds(call: Callable[[], object]) -> float:
    """The calling thread's CPU time for one call: what a busy, shared machine leaves alone."""
    start = time.thread_time()
    call()
    return time.thread_time() - start


def in_process(repeats: int) -> None:
    print("In process, validate_design after one edit (p50, ms; CPU: the thread's own time):")
    print(f"{'layers':>7} {'no cache':>9} {'cached':>8} {'ratio':>7} {'cached, CPU':>12}")
    for size in SIZES:
        base = conv_stack(size)
        caches = LayerCaches(shapes=LayerCache(), macs=LayerCache())
        validate_design(Design.model_validate(base), BATCH_SIZE, 2, caches=caches)  # as opened
        # In two blocks: a fresh walk leaves garbage that a cached one would pay to collect.
        designs = [Design.model_validate(d) for d in islice(edits(base), repeats)]
        cached = [
            seconds(partial(validate_design, d, BATCH_SIZE, 2, caches=caches)) for d in designs
        ]
        fresh = [seconds(partial(validate_design, d, BATCH_SIZE, 2, caches=None)) for d in designs]
        ratio = p50_ms(fresh) / p50_ms(cached)
        more = [Design.model_validate(d) for d in islice(edits(base), repeats, 2 * repeats)]
        cpu = [cpu_seconds(partial(validate_design, d, BATCH_SIZE, 2, caches=caches)) for d in more]
        print(
            f"{size:>7} {p50_ms(fresh):>9.1f} {p50_ms(cached):>8.2f} {ratio:>6.0f}× "
            f"{p50_ms(cpu):>12.2f}"
        )


class Client:
    """One keep-alive HTTP connection that posts designs to /api/designs/validate."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)

    def validate(self, design: dict[str, Any]) -> int:
        """The reply's status; anything but 200 fails the benchmark."""
        body = json.dumps({"design": design, "batch_size": BATCH_SIZE, "optimizer": OPTIMIZER})
        # As a browser asks: the answer gzipped (api/json_gzip.py), and unpacked here.
        headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip"}
        self.connection.request("POST", "/api/designs/validate", body, headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.getheader("Content-Encoding") == "gzip":
            json.loads(gzip.decompress(data))
        if response.status != 200:
            raise RuntimeError(f"validate answered {response.status}")
        return response.status


def over_http(url: str, repeats: int) -> None:
    client = Client(url)
    for size in SIZES:  # the server's first requests, while its worker starts, are not measured
        client.validate(conv_stack(size, input_size=7))
    time.sleep(3)
    print("\nOver HTTP, POST /api/designs/validate (p50, ms):")
    print(f"{'layers':>7} {'every layer new':>16} {'after one edit':>15} {'ratio':>7}")
    for size in SIZES:
        base = conv_stack(size)
        assert client.validate(base) == 200
        edited = list(islice(edits(base), repeats))
        warm = [seconds(partial(client.validate, design)) for design in edited]
        # a new input size each time: every shape is new to the server
        new = [conv_stack(size, input_size=size + 33 + i) for i in range(repeats)]
        cold = [seconds(partial(client.validate, design)) for design in new]
        ratio = p50_ms(cold) / p50_ms(warm)
        print(f"{size:>7} {p50_ms(cold):>16.1f} {p50_ms(warm):>15.2f} {ratio:>6.0f}×")


def small_designs() -> list[dict[str, Any]]:
    """Forty variants of the digits CNN, as a person editing it would send them."""
    variants = []
    for width in range(4, 44):
        design = conv_stack(5, input_size=8)
        design["input_shape"] = [1, 8, 8]
        design["layers"][0]["params"]["out_channels"] = width
        variants.append(design)
    return variants


def throughput(url: str, seconds: float, connections: int) -> None:
    designs = small_designs()
    answered: list[int] = []
    failed: list[int] = []
    latencies: list[float] = []
    stop = time.monotonic() + seconds

    def hammer(offset: int) -> None:
        client, index = Client(url), offset
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                answered.append(client.validate(designs[index % len(designs)]))
            except (RuntimeError, OSError):
                failed.append(index)
                client = Client(url)
            latencies.append(time.perf_counter() - start)
            index += 1

    threads = [threading.Thread(target=hammer, args=(i * 5,)) for i in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    print(
        f"\nThroughput, small designs (5 layers, 40 variants), {connections} connections, "
        f"{took:.1f} s: {len(answered) / took:.0f} answers/s, {len(failed)} not 200, "
        f"latency p50 {p50_ms(latencies):.1f} ms, p99 "
        f"{sorted(latencies)[int(len(latencies) * 0.99)] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=31)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    in_process(args.repeats)
    with tempfile.TemporaryDirectory() as data, serve(Path(data)) as server:
        over_http(server.url, args.repeats)
        throughput(server.url, args.seconds, args.connections)


if __name__ == "__main__":
    main()
