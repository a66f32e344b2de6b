"""A legitimate design's validate while a script sends megabyte JSON bodies: what the check for a
key sent twice (api/json_keys.py) costs others.

Starts `python -m torchcanvas` on a loopback port, then POSTs a ~19 KiB design (a chain of Linear
layers, a different width each time so that no answer comes from the results cache) to
/api/designs/validate one after another, first with no other load, then while `--threads` threads
(each in a process of its own) send 1 MiB bodies to the same route as fast as they are answered. Prints the median and p90
of the design's validate in each case and their ratio (loaded / alone), and how many hostile
bodies were answered.

`--hostile` picks the script's body: `empty` is `[{},{},...]` (the code review's), `keys`
`[{"a":1,"b":2},...]` (keys, none twice), `repeated` the same with one key twice in its last
object (read in Python for where, and refused).

    .venv/bin/python bench/json_keys_load.py [--hostile empty|keys|repeated] [--threads 6]
                                             [--requests 40]

Set PYTHONPATH to another checkout's backend to measure that code (its server is what is timed).
"""

import argparse
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

import httpx2 as httpx

from server import serve

HOSTILE = {  # each under TORCHCANVAS_MAX_JSON_BYTES' 1 MiB, which is read whole
    "empty": b"[" + b",".join([b"{}"] * 349_000) + b"]",
    "keys": b"[" + b",".join([b'{"a":1,"b":2}'] * 74_000) + b"]",
    "repeated": b"[" + b",".join([b'{"a":1,"b":2}'] * 74_000) + b',{"a":1,"a":2}]',
}


def _design(width: int) -> bytes:
    layers = [{"id": "fc0", "type": "Linear", "params": {"out_features": width}}]
    layers += [
        {"id": f"fc{i}", "type": "Linear", "params": {"out_features": 8, "bias": True}}
        for i in range(1, 240)
    ]
    body = {"design": {"version": 1, "name": "chain", "input_shape": [8], "layers": layers}}
    return json.dumps(body).encode()


def _legit(url: str, count: int, start: int) -> list[float]:
    times: list[float] = []
    headers = {"Content-Type": "application/json"}
    with httpx.Client(base_url=url, timeout=120) as client:
        for i in range(count):
            body = _design(start + i)
            sent = time.monotonic()
            reply = client.post("/api/designs/validate", content=body, headers=headers)
            times.append(time.monotonic() - sent)
            assert reply.status_code == 200, reply.text[:300]
    return times


def _script(
    url: str,
    kind: str,
    stop: "multiprocessing.synchronize.Event",
    answered: "multiprocessing.sharedctypes.Synchronized[int]",
) -> None:
    """One of the script's senders, in a process of its own (its client work takes no GIL from
    the legitimate client's)."""
    headers = {"Content-Type": "application/json"}
    with httpx.Client(base_url=url, timeout=120) as client:
        while not stop.is_set():
            reply = client.post("/api/designs/validate", content=HOSTILE[kind], headers=headers)
            assert reply.status_code == 422, reply.text[:300]  # read whole, and no design
            with answered.get_lock():
                answered.value += 1


def _summary(times: list[float]) -> str:
    p90 = statistics.quantiles(times, n=10)[-1]
    return f"median {statistics.median(times) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hostile", choices=sorted(HOSTILE), default="empty")
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    print(
        f"legit body {len(_design(16)):,} bytes; hostile {args.hostile} {len(HOSTILE[args.hostile]):,} bytes"
    )
    with tempfile.TemporaryDirectory() as data, serve(Path(data)) as server:
        url = server.url
        _legit(url, 5, 1000)  # warm-up
        alone = _legit(url, args.requests, 16)
        stop, answered = multiprocessing.Event(), multiprocessing.Value("i", 0)
        scripts = [
            multiprocessing.Process(target=_script, args=(url, args.hostile, stop, answered))
            for _ in range(args.threads)
        ]
        for thread in scripts:
            thread.start()
        time.sleep(1.0)  # the script's bodies in flight
        loaded = _legit(url, args.requests, 16 + args.requests)
        stop.set()
        for thread in scripts:
            thread.join()
        ratio = statistics.median(loaded) / statistics.median(alone)
        print(f"alone: {_summary(alone)}")
        print(f"with {args.threads} script threads: {_summary(loaded)}")
        print(
            f"ratio of medians (loaded / alone): {ratio:.1f}x; script bodies answered: {answered.value}"
        )


if __name__ == "__main__":
    main()
