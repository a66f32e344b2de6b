"""What Ray's driver in this process must read as Ray is imported: set before any `import ray`.

Ray's driver ends its process (`_Exit(1)`) when a message to its node's raylet fails and it takes
that raylet for dead, which, with no RAY_RAYLET_PID, it judges by whether its own parent is PID 1.
A server under systemd, tini or `nohup` has PID 1 for a parent, and one on the head's machine
attaches to the head's raylet: as it let Ray go after the head stopped, its goodbye to that
raylet failed, and the server ended (an operator's review; tests/cluster/
test_ray_killed_outright.py). Taking this process itself as the raylet, the failure is only
logged, and the server joins the cluster again once it is back. Ray reads the variable as it is
imported (set at ray.init, it is not read).
"""

import os

RAYLET_PID = "RAY_RAYLET_PID"


def prepare() -> None:
    """Sets it, for this process: the processes this one starts that import Ray set their own."""
    os.environ[RAYLET_PID] = str(os.getpid())
