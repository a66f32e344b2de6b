"""The web server yields the CPU to training: its threads run at a lower priority than the workers.

On Linux a nice value belongs to a thread, and a thread or process inherits it from the thread
that starts it. The server lowers its event loop's thread once the workers (and the threads that
relay their events, and restart them) have started: what it starts later to serve requests
inherits the lower priority, and the workers keep theirs. A run then loses no CPU to the work for
its viewers (bench/viewers.py); with idle cores the server still gets all it wants.
"""

import logging
import os
import threading

log = logging.getLogger(__name__)
SERVER_NICE = 5  # steps below the training workers; 19 is the lowest priority there is


def yield_cpu_to_training(steps: int = SERVER_NICE) -> None:
    """Lowers the calling thread's priority by `steps`, where the system allows it."""
    if not hasattr(os, "setpriority"):
        return
    thread = threading.get_native_id()
    try:
        nice = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(19, nice + steps))
    except OSError as exc:  # never a reason not to serve
        log.warning("could not lower the server's priority below training's: %s", exc)
