"""Validate under a fixed offered load: how the answers and /api/health fare on this machine.

Starts `python -m torchcanvas` on a free loopback port, offers POST /api/designs/validate at each
rate for a few seconds (open loop: a request is sent on time whether or not earlier ones were
answered) while polling /api/health, and prints per rate: answered, 200s, 503s, the p50/p99 of
validate and the p99 of health, and health's p99 as a ratio of its p99 with no load.

`--variants N` sends N different designs in turn (the digits CNN with conv widths 16 to
16+N-1) instead of the same one every time, which the server answers from its results cache.

`--client-nice 10` runs this process (the clients) at a lower priority, as bench/viewers.py does:
clients on other machines do not take the server's cores. With TORCHCANVAS_SERVER_NICE set, the
server runs its threads that many steps below its worker, and a client at nice 0 on this 2-core
machine then takes CPU from it.

    .venv/bin/python bench/validate_load.py [--rates 100,400,1000] [--seconds 5] [--variants 1]
                                            [--client-nice 0]
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import httpx2 as httpx

DESIGN = {
    "version": 1,
    "name": "digits-cnn",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "conv1", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3}},
        {"id": "act1", "type": "ReLU"},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def _variant(i: int) -> dict[str, object]:
    layers = [dict(layer) for layer in DESIGN["layers"]]  # type: ignore[attr-defined]
    layers[0] = {**layers[0], "params": {"out_channels": 16 + i, "kernel_size": 3}}
    return {**DESIGN, "layers": layers}


async def _offer(
    url: str, rate: float, seconds: float, variants: int = 1
) -> tuple[list[tuple[int, float]], list[float]]:
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=200)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        start = time.monotonic()
        health: list[float] = []

        designs = [_variant(i) for i in range(variants)]

        async def one(design: dict[str, object]) -> tuple[int, float]:
            sent = time.monotonic()
            try:
                reply = await client.post("/api/designs/validate", json={"design": design})
                return reply.status_code, time.monotonic() - sent
            except httpx.HTTPError:
                return 0, time.monotonic() - sent

        async def poll() -> None:
            while time.monotonic() - start < seconds:
                sent = time.monotonic()
                await client.get("/api/health")
                health.append(time.monotonic() - sent)
                await asyncio.sleep(0.05)

        poller = asyncio.create_task(poll())
        tasks = []
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            tasks.append(asyncio.create_task(one(designs[i % variants])))
        answers = await asyncio.gather(*tasks)
        await poller
    return list(answers), health


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="100,400,1000")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--variants", type=int, default=1)
    parser.add_argument("--client-nice", type=int, default=0)
    args = parser.parse_args()
    port = _port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "PORT": str(port),
            "TORCHCANVAS_DATA": data,
            "TORCHCANVAS_WORKERS": "1",
        }
        log = open(os.path.join(data, "server.log"), "wb")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "torchcanvas"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            for _ in range(300):
                try:
                    urllib.request.urlopen(f"{url}/api/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            os.nice(args.client_nice)  # the server started before this: it keeps its priority
            _, idle = asyncio.run(_offer(url, 1, 2))
            idle_p99 = _percentile(idle, 99)
            for rate in (float(r) for r in args.rates.split(",")):
                answers, health = asyncio.run(_offer(url, rate, args.seconds, args.variants))
                times = [t for code, t in answers if code == 200]
                codes = [code for code, _ in answers]
                print(
                    f"rate {rate:.0f}/s: {len(answers)} sent, {sum(c != 0 for c in codes)} answered, "
                    f"{codes.count(200)} ok, {codes.count(503)} busy (503); validate p50 "
                    f"{_percentile(times, 50) * 1000:.0f} ms p99 {_percentile(times, 99) * 1000:.0f} ms; "
                    f"health p99 {_percentile(health, 99) * 1000:.0f} ms "
                    f"({_percentile(health, 99) / idle_p99:.1f}× idle)"
                )
        finally:
            server.terminate()
            server.wait(timeout=15)
            log.close()


if __name__ == "__main__":
    main()
