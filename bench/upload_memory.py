"""What an uploaded CSV costs the server: its peak extra memory against the file's size, and
how /api/health answers while it is parsed.

Starts `python -m torchcanvas` on a free loopback port, uploads one numeric CSV of about
`--mb` megabytes (through the fast reader, and again with one bad cell on its last line, which
the careful reader then reads whole to name; `careful-text`: class names as the target and a last
line of spaces, which the careful reader reads whole and takes), and prints per upload: the
server's peak resident memory over what it held before (from /proc's VmHWM, reset just before),
as a ratio to the file's size, and the median and p99 of /api/health while it was being parsed.
With `--before DIR`, each upload goes first to a server of the code in DIR (another checkout's
backend/), then to this one's, and the ratio of their peaks is printed.

Each upload is measured twice: on a fresh server ("cold": the first upload also loads pyarrow's
libraries, about 60 MB that stay for every later one) and on a server that took one small upload
first ("warm": what each upload costs).

    .venv/bin/python bench/upload_memory.py [--mb 100] [--readers fast,careful,careful-text]
        [--before ../main/backend]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx2 as httpx
import numpy as np


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SPECIES = ["setosa", "versicolor", "virginica", "unknown species"]


def _csv(path: Path, megabytes: float, reader: str) -> int:
    """About `megabytes` of 10 numeric features and a class: for the fast reader as it is; for
    the careful one with a bad cell on its last line; for "careful-text" with class names and a
    last line of spaces, which the fast reader leaves to the careful one, which reads it whole."""
    rng = np.random.default_rng(0)
    rows = int(megabytes * 2**20 / 70)
    labels = SPECIES if reader == "careful-text" else ["0", "1", "2", "3"]
    with path.open("w") as out:
        out.write("f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,y\n")
        for start in range(0, rows, 100_000):
            x = rng.normal(size=(min(100_000, rows - start), 10)).round(4)
            out.writelines(",".join(map(str, r)) + f",{labels[i % 4]}\n" for i, r in enumerate(x))
        if reader == "careful":
            out.write("1,2,3,4,5,6,7,8,9,,1\n")
        if reader == "careful-text":
            out.write("   \n")
    return path.stat().st_size


# Polls /api/health every 20 ms until the file argv[2] exists; prints the latencies as JSON.
_POLL = """
import json, os, sys, time, urllib.request
url, stop, seconds = sys.argv[1], sys.argv[2], []
while not os.path.exists(stop) or not seconds:
    sent = time.monotonic()
    urllib.request.urlopen(url + "/api/health", timeout=60).read()
    seconds.append(time.monotonic() - sent)
    time.sleep(0.02)
print(json.dumps(seconds))
"""


def _kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    raise KeyError(key)


def _warm_up(url: str, folder: Path) -> None:
    small = folder / "warm.csv"
    small.write_text("a,b,y\n" + "".join(f"{i},{i * 2},{i % 2}\n" for i in range(100)))
    with small.open("rb") as f:
        reply = httpx.post(
            f"{url}/api/datasets", files={"file": ("warm.csv", f, "text/csv")}, data={"target": "y"}
        )
    reply.raise_for_status()


def _measure(csv: Path, size: int, label: str, warm: bool, backend: str | None) -> int:
    """Uploads `csv` to a fresh server (of the code in `backend`, else this one's) and prints
    what it cost; returns the peak extra memory in bytes."""
    port = _port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "PORT": str(port),
            "TORCHCANVAS_DATA": data,
            "TORCHCANVAS_WORKERS": "1",
        }
        if backend is not None:
            env["PYTHONPATH"] = backend
            label = f"{label} [{backend}]"
        log = (Path(data) / "server.log").open("wb")
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
            if warm:
                _warm_up(url, csv.parent)
                time.sleep(0.5)
            Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
            before = _kib(server.pid, "VmRSS")
            stop = csv.parent / "stop-polling"
            stop.unlink(missing_ok=True)
            # Health is polled from a process of its own: in this one, the upload's thread would
            # hold the client's GIL and the latencies would be the client's own waits.
            poller = subprocess.Popen(
                [sys.executable, "-c", _POLL, url, str(stop)], stdout=subprocess.PIPE, text=True
            )
            with csv.open("rb") as f:
                reply = httpx.post(
                    f"{url}/api/datasets",
                    files={"file": ("bench.csv", f, "text/csv")},
                    data={"target": "y"},
                    timeout=600,
                )
            stop.touch()
            health: list[float] = json.loads(poller.communicate(timeout=120)[0])
            peak = _kib(server.pid, "VmHWM")
            extra = (peak - before) * 1024
            p99 = statistics.quantiles(health, n=100)[98] if len(health) > 1 else health[0]
            print(
                f"{label}, {'warm' if warm else 'cold'}: {size / 2**20:.0f} MB file, reply {reply.status_code}; peak extra memory "
                f"{extra / 2**20:.0f} MB = {extra / size:.2f}× the file; health median "
                f"{statistics.median(health) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms "
                f"({len(health)} polls)"
            )
            return extra
        finally:
            server.terminate()
            server.wait(timeout=15)
            log.close()


READERS = {
    "fast": "fast reader",
    "careful": "careful reader",
    "careful-text": "careful reader, class names",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--readers", default="fast,careful", help=", ".join(READERS))
    parser.add_argument(
        "--before",
        help="a backend folder (another checkout's backend/) to measure too, each upload on its "
        "code and then on this one's, and to print now / before",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for reader in args.readers.split(","):
            path = Path(folder) / "bench.csv"
            size = _csv(path, args.mb, reader)
            for warm in (False, True):
                if args.before is not None:
                    before = _measure(path, size, READERS[reader], warm, args.before)
                now = _measure(path, size, READERS[reader], warm, None)
                if args.before is not None:
                    print(f"  now / before, {'warm' if warm else 'cold'}: {now / before:.2f}")


if __name__ == "__main__":
    main()
