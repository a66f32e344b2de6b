"""A class's design checks while one script floods the server: do the classmates still get theirs?

Starts `python -m torchcanvas` on a free loopback port with its default CPU slots and queue. A
class of `--class-size` browsers (each its own owner cookie) checks designs, each one every
`--every` seconds (a design of its own each time: real work, not the results cache's answer),
for `--seconds`; first alone, then while a script keeps `--flood` validations in flight (each
sent again as soon as it is answered), with the one cookie the server gave it, then with a
made-up cookie on each request (which counts as its address: api/access.py). Prints the class's
answers, 503s and p50/p95 wait each time, and the p95 under each flood as a ratio of the p95
alone.

    .venv/bin/python bench/cpu_turns.py [--class-size 30] [--every 0.5] [--flood 100]
                                        [--seconds 8]
"""

import argparse
import asyncio
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx2 as httpx

from server import serve
from validate_load import _variant

OWNER_COOKIE = "torchcanvas_owner"


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def _check(client: httpx.AsyncClient, variant: int, made_up: bool = False) -> int:
    """Validate the digits CNN with conv1 16 + `variant` wide: its status, 0 when unanswered;
    `made_up`: with a fresh owner cookie of its own making, not the one the server gave."""
    headers = {"cookie": f"{OWNER_COOKIE}={secrets.token_urlsafe(32)}"} if made_up else None
    body = {"design": _variant(variant)}
    try:
        reply = await client.post("/api/designs/validate", json=body, headers=headers)
    except httpx.HTTPError:  # a pooled connection the server closed as it was used
        return 0
    return reply.status_code


async def _class(
    url: str, size: int, every: float, seconds: float, flood: int, made_up: bool
) -> tuple[int, int, float, float]:
    """The class's checks sent, those not answered 200, and the p50 and p95 wait of those
    answered; the script beside it when `flood`, a made-up cookie each request when `made_up`."""
    limits = httpx.Limits(max_connections=1000, max_keepalive_connections=200)
    done = asyncio.Event()
    answers: list[tuple[int, float]] = []
    counter = iter(range(10**9))

    async def classmate(offset: float) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            await client.get("/api/health")  # the owner cookie the server gives a browser
            await asyncio.sleep(offset)
            while not done.is_set():
                sent = time.monotonic()
                answers.append((await _check(client, next(counter)), time.monotonic() - sent))
                await asyncio.sleep(max(0.0, every - (time.monotonic() - sent)))

    async def script(client: httpx.AsyncClient) -> None:
        while not done.is_set():
            if await _check(client, next(counter), made_up) != 200:
                await asyncio.sleep(0.005)

    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as hog:
        await hog.get("/api/health")
        tasks = [asyncio.create_task(script(hog)) for _ in range(flood)]
        await asyncio.sleep(0.5 if flood else 0)
        mates = [asyncio.create_task(classmate(every * i / size)) for i in range(size)]
        await asyncio.sleep(seconds)
        done.set()
        await asyncio.gather(*mates, *tasks)
    times = [t for code, t in answers if code == 200]
    codes = [code for code, _ in answers]
    return len(codes), len(codes) - codes.count(200), _p(times, 50), _p(times, 95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=30)
    parser.add_argument("--every", type=float, default=0.5)
    parser.add_argument("--flood", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=8.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data, serve(Path(data)) as server:
        results = []
        for name, flood, made_up in (
            ("alone", 0, False),
            (f"beside a script of {args.flood} in flight", args.flood, False),
            (f"beside {args.flood} in flight, a made-up cookie each", args.flood, True),
        ):
            sent, busy, p50, p95 = asyncio.run(
                _class(server.url, args.class_size, args.every, args.seconds, flood, made_up)
            )
            results.append(p95)
            print(
                f"class of {args.class_size}, {name}: {sent} checks, {busy} not answered (503); "
                f"wait p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
            )
        for name, p95 in zip(("the script", "made-up cookies"), results[1:], strict=True):
            print(f"the class's p95 beside {name} / alone: {p95 / results[0]:.2f}")


if __name__ == "__main__":
    main()
