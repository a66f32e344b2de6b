"""Whether an address is a Ray cluster's GCS, asked from a process of its own, with a deadline.

`ray.init` on an address where some other service listens (the dashboard's port, a web server,
a database) waits as long as `RAY_gcs_rpc_server_reconnect_timeout_s` lets it, a day in this
server (ray_cluster.py says why), and says nothing; a stop then waits for it. A child process
with a short timeout asks first: Ray's GCS client answers at once from a GCS (or says that the
cluster's token is missing), and gives up after some seconds anywhere else.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable

# The child's question: a GCS client to the address; it prints Ray's own refusal, if Ray refuses.
ASK = """
import sys
from ray._raylet import GcsClient
try:
    GcsClient(address=sys.argv[1])
except Exception as exc:
    print(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    sys.exit(2)
"""
REFUSED = 2  # the child's exit code where Ray's client said why it could not join
CHILD_TIMEOUT = "5"  # seconds Ray's client in the child waits for a GCS (it gives up in ~3×)
PROBE_END = 40.0  # seconds at most for the child; an import of Ray on a busy machine included
POLL = 0.2  # seconds between two looks at the child and at whether the server stops


class NotRay(ConnectionError):
    """What answers at the address is not a Ray cluster that lets this server in: said in full,
    with what to do (it is not that the cluster is down)."""


def probe(address: str, stopping: Callable[[], bool] = lambda: False) -> None:
    """Raises NotRay, saying what to do, unless a Ray GCS answers at `address` and lets it in.

    Gives up early (ConnectionError) once `stopping()` says the server stops.
    """
    env = {**os.environ, "RAY_gcs_rpc_server_reconnect_timeout_s": CHILD_TIMEOUT}
    child = subprocess.Popen(
        [sys.executable, "-c", ASK, address],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # Ray's own retries, a line each second
        env=env,
        text=True,
    )
    deadline = time.monotonic() + PROBE_END
    try:
        while child.poll() is None:
            if stopping():
                raise ConnectionError("the server is stopping")
            if time.monotonic() > deadline:
                break
            time.sleep(POLL)
    finally:
        if child.poll() is None:
            child.kill()
        said = child.communicate()[0].strip()
    if child.returncode == 0:
        return
    if child.returncode == REFUSED and said:
        raise NotRay(said.rstrip("."))
    raise NotRay(
        "something answers there, but not as a Ray cluster's GCS: give the head's GCS address "
        "(`ray start --head --port`, 6379 by default), not the dashboard's (8265) or the "
        "client server's (10001)"
    )
