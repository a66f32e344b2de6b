"""The web server yields the CPU to training: its threads run at a lower priority than the workers.

On Linux a nice value belongs to a thread, and a thread or process inherits it from the thread
that starts it. The server lowers its event loop's thread once the workers (and the threads that
relay their events, and restart them) have started: what it starts later to serve requests
inherits the lower priority, and the workers keep theirs. A run then loses no CPU to the work for
its viewers; with idle cores the server still gets all it wants. It yields to every other busy
process too, which is why it is off by default (TORCHCANVAS_SERVER_NICE=0): on the 2-core
development machine, 10 steps brought a run with 100 viewers from 1.21-1.33x to 1.09-1.18x the
time of one with none, and let a load generator on the same machine starve the server
(bench/README.md). Keeping the server off the workers' cores (runs/cores.py, on by default) does
more, without that cost.
"""

import logging
import os
import threading

log = logging.getLogger(__name__)


def yield_cpu_to_training(steps: int) -> None:
    """Lowers the calling thread's priority by `steps` (TORCHCANVAS_SERVER_NICE), where it can."""
    if steps == 0 or not hasattr(os, "setpriority"):
        return
    thread = threading.get_native_id()
    try:
        nice = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, nice + steps))
    except OSError as exc:  # never a reason not to serve
        log.warning("could not lower the server's priority below training's: %s", exc)
