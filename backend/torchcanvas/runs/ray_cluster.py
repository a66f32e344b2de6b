"""The server's connection to Ray: join a cluster or start a private one, see it go, let it go.

Ray's driver is built for batch jobs, not for a server that outlives its cluster:
- once the cluster's GCS stops answering, the driver's calls to it hang, a call still hanging when
  a new head comes up ends the process (WrongClusterID), and after 60 s
  (`RAY_gcs_rpc_server_reconnect_timeout_s`) the driver ends the process anyway. So the server
  watches the GCS port from a thread that makes no Ray call, asks the GCS only with a timeout
  (`nodes`), lets Ray go with `ray.shutdown()` as soon as the cluster is lost (a day of grace
  here, for that), and joins again once the cluster is back;
- it installs a handler that turns SIGTERM into an abort (`RAY_DISABLE_FAILURE_SIGNAL_HANDLER`), so
  that uvicorn's own handler could not stop the server cleanly;
- any Ray call made while it is not connected starts a new local instance (`auto_init_hook`): a
  run's relay that outlived `ray.shutdown()` started one as the server stopped, so that is off;
- the processes of a private instance die with the *thread* that started them (Ray asks Linux
  for PR_SET_PDEATHSIG, which follows the creating thread), and a SIGTERM sent to the server's
  process group or service (`kill -TERM -PGID`, systemd's stop) reaches them too. So one thread
  starts and ends the instance (the executor's dispatcher, ray_dispatch.py), and the instance's
  processes start with SIGTERM blocked, as Ray blocks Ctrl-C's SIGINT in them: a stop reaches
  the server alone, which ends its runs with a checkpoint, then the instance (a few seconds more:
  Ray's own SIGTERM to them is blocked too, and its SIGKILL follows each a second later);
- a call into Ray made as this process's link to its node goes (the node died, or the instance is
  being let go) raises SystemExit, which ends a thread without a word and, raised in the server's
  shutdown, broke it (seen once under two test processes). Every call that may meet a lost
  cluster catches `RAY_GONE`, which counts that SystemExit as Ray's error, not as an exit;
- a call into Ray from another thread while `ray.shutdown()` runs (an ObjectRef or actor handle
  let go counts) ends the process. So Ray is let go only with no other thread in it: the runs'
  relays joined, the other threads' calls ended and closed (ray_calls.py), the handles dropped
  and this connection's watching thread joined (see RayDispatcher._let_go and `disconnect`).
"""

import gc
import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import ray
from ray._private import auto_init_hook, ray_constants
from ray.core.generated.gcs_pb2 import GcsNodeInfo  # type: ignore[attr-defined]
from ray.exceptions import RayError

from torchcanvas.runs.ray_calls import RayCalls
from torchcanvas.runs.ray_env import RAYLET_PID
from torchcanvas.runs.ray_probe import probe

# The server, not Ray's driver, decides what a lost cluster means; read by ray.init.
os.environ.setdefault("RAY_gcs_rpc_server_reconnect_timeout_s", str(24 * 3600))
RAY_GONE = (RayError, SystemExit)  # what a call into Ray raises when it cannot be answered
WATCH_EVERY = 0.5  # seconds between two looks at the GCS port
NODES_TIMEOUT = 5.0  # seconds the GCS has to list the nodes
WATCH_END = 60.0  # seconds the watching thread has to end as Ray is let go


class _NoSigtermHandlerWarning(logging.Filter):
    """Leaves out Ray's warning, at every join, that it sets no SIGTERM handler from a thread
    other than the main one: meant so here (see the module's docstring), it read to operators as
    if a clean stop were broken."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "SIGTERM handler is not set" not in record.getMessage()


logging.getLogger("ray._private.worker").addFilter(_NoSigtermHandlerWarning())


def reach(address: str, timeout: float = 3.0) -> None:
    """Raises ConnectionError unless something listens at the cluster's address."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except (OSError, ValueError) as exc:
        raise ConnectionError(f"nothing answers there ({exc})") from None


@contextmanager
def _stops_reach_the_server_only() -> Iterator[None]:
    """Processes started in this block (and theirs) have SIGTERM blocked, as Ray blocks SIGINT:
    a signal mask is kept across fork and exec, and a blocked signal is never delivered."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def _raylet_pid_kept_from_children() -> Iterator[None]:
    """The processes started in this block (a private instance's) do not inherit this process's
    RAY_RAYLET_PID (ray_env.py): their raylet is their own."""
    kept = os.environ.pop(RAYLET_PID, None)
    try:
        yield
    finally:
        if kept is not None:
            os.environ[RAYLET_PID] = kept


def _session_dir() -> str | None:
    """The session folder of the private instance this process started, if it started one."""
    node = ray._private.worker._global_node  # no public API tells it
    return node.get_session_dir_path() if node is not None else None


def _end_leftovers(session_dir: str) -> None:
    """Ends what outlives ray.shutdown() of a private instance (Ray 2.60 leaves two agents).

    They are known by their log files, open in the instance's session folder.
    """
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd).startswith(session_dir) for fd in (proc / "fd").iterdir()):
                os.kill(int(proc.name), signal.SIGKILL)  # they ignore SIGTERM
        except OSError:  # gone already, or not ours to look at
            continue


@dataclass(frozen=True)
class Share:
    """What each run asks of a node: CPUs, and a GPU or a fraction of one where nodes have GPUs."""

    cpus: float
    gpus: float

    def runs_on(self, node: dict[str, float]) -> int:
        """How many runs at once fit on a node with these resources."""
        fits = [node.get("CPU", 0.0) / self.cpus] if self.cpus else []
        if self.gpus:
            fits.append(node.get("GPU", 0.0) / self.gpus)
        return int(min(fits, default=0) + 1e-9)


class RayCluster:
    """Ray as this server sees it: `address` to join, or a private instance on loopback.

    `on_lost` is called, from the watching thread, once for each connection that is lost. Connect
    and disconnect from one thread, which outlives the connection: a private instance ends with it.
    """

    def __init__(
        self, address: str | None, local_cpus: int, on_lost: Callable[[], None] = lambda: None
    ) -> None:
        self.address, self.local_cpus, self.on_lost = address, local_cpus, on_lost
        self.gcs: str | None = None  # the GCS's host:port, once connected
        self.lost = False  # the GCS stopped answering; Ray is still to be let go
        self.closed = False  # the server is stopping: it connects no more
        self.calls = RayCalls()  # the other threads' calls into Ray, open while connected
        self.connecting_since: float | None = None  # time.monotonic() as connect began
        self._unwatch = threading.Event()
        self._watching: threading.Thread | None = None

    @property
    def name(self) -> str:
        return self.address or "the private local instance"

    def connected(self) -> bool:
        return ray.is_initialized()

    def connect(self) -> None:
        """Joins the cluster (or starts the private one); raises when it cannot be reached, or
        when what answers at the address is not Ray (asked first, with a deadline: ray_probe.py)."""
        if self.closed:
            raise ConnectionError("the server is stopping")
        # Read by ray.init and by every Ray call; module attributes, so that `import ray`
        # elsewhere cannot come first.
        ray_constants.RAY_DISABLE_FAILURE_SIGNAL_HANDLER = True
        auto_init_hook.enable_auto_connect = False  # a call unconnected raises RaySystemError
        # Said in health from the first try until one succeeds.
        self.connecting_since = self.connecting_since or time.monotonic()
        self._join()
        self.connecting_since = None
        self.gcs = self.address or ray.get_runtime_context().gcs_address
        self._unwatch = threading.Event()
        self._watching = threading.Thread(
            target=self._watch, args=(self.gcs, self._unwatch), name="ray-watch", daemon=True
        )
        self._watching.start()
        self.calls.open()

    def _join(self) -> None:
        if self.address:
            reach(self.address)  # ray.init would wait a minute or more for a missing cluster
            if not self.address.startswith("ray://"):  # Ray Client's port is no GCS
                probe(self.address, lambda: self.closed)  # nor for another service there
            ray.init(address=self.address, log_to_driver=False, logging_level=logging.WARNING)
        else:  # a private instance: loopback only, no dashboard
            with _stops_reach_the_server_only(), _raylet_pid_kept_from_children():
                ray.init(
                    address="local",
                    num_cpus=self.local_cpus,
                    include_dashboard=False,
                    log_to_driver=False,
                    logging_level=logging.WARNING,
                    _node_ip_address="127.0.0.1",
                )

    def _watch(self, gcs: str, unwatch: threading.Event) -> None:
        while not unwatch.wait(WATCH_EVERY):
            if not answers(gcs):
                self.lose()
                return

    def answering(self) -> bool:
        """Whether the cluster's GCS answers now."""
        return self.gcs is not None and not self.lost and answers(self.gcs)

    def nodes(self) -> dict[str, dict[str, float]]:
        """The resources (CPU, GPU, memory, custom) of each node alive now, by its id (hex).

        Asked with a timeout: `ray.nodes()` would hang while the GCS is gone, then end the
        process when a new one answers.
        """
        gcs = ray._private.worker.global_worker.gcs_client  # type: ignore[attr-defined]
        alive = GcsNodeInfo.GcsNodeState.ALIVE
        infos = gcs.get_all_node_info(timeout=NODES_TIMEOUT, state_filter=alive)
        return {node.hex(): dict(info.resources_total) for node, info in infos.items()}

    def lose(self) -> None:
        """Takes the cluster as lost (a run saw its head go before the GCS port closed)."""
        if not self.lost:
            self.lost = True
            self._unwatch.set()
            self.on_lost()

    def close(self) -> None:
        """The server stops: no more watching, and no connection from now on (disconnect still
        lets Ray go)."""
        self.closed = True
        self._unwatch.set()

    def disconnect(self) -> None:
        """Lets Ray go; a private instance is ended, all of it. From the thread that connected,
        once no other thread holds anything of Ray's (see the module's docstring)."""
        self.calls.close()
        self._unwatch.set()
        if self._watching is not None:  # it may be telling the runs that the cluster was lost
            self._watching.join(timeout=WATCH_END)
            self._watching = None
        # Handles and refs in reference cycles (an exception Ray raised keeps its frames) are
        # freed by whichever thread's allocation starts a collection: here, while Ray still is.
        gc.collect()
        if ray.is_initialized():
            session = None if self.address else _session_dir()
            ray.shutdown()
            if session is not None:
                _end_leftovers(session)
        self.gcs, self.lost = None, False


def answers(address: str) -> bool:
    """Whether something listens at `address` (a look at the port: Ray's own calls would hang)."""
    try:
        reach(address, timeout=1.0)
    except ConnectionError:
        return False
    return True
