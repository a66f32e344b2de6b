"""The Ray executor's dispatcher: the one thread that joins Ray (or starts the private instance),
keeps enough warm actors, hands queued runs to free ones, and lets Ray go.

One actor for each GPU (or each `gpu_per_run` of one), or for each `cpus_per_run` CPUs on a
cluster without GPUs; more are made as nodes join, and a lost one is replaced. A private
instance dies with the thread that started it (see ray_cluster.py), so this thread starts it and
ends it too, once the server stops and the runs have sent their checkpoints back, and only once
no other thread is in Ray or holds anything of it (see `_let_go`).
"""

import logging
import threading
import time

import ray

from torchcanvas.runs.pool_worker import SAVE_WAIT
from torchcanvas.runs.ray_calls import CALLS_END
from torchcanvas.runs.ray_cluster import WATCH_END, RayCluster, Share
from torchcanvas.runs.ray_probe import NotRay
from torchcanvas.runs.ray_runs import RELAYS_END, ActorRuns, RunPacker
from torchcanvas.runs.ray_slots import RaySlots, Slot
from torchcanvas.runs.ray_starts import FailedStarts

log = logging.getLogger(__name__)
LOOK_EVERY = 0.5  # seconds between two looks at the cluster for new nodes and ready actors
# Seconds with no node that has room for a run before the server says so: a cluster started again
# has its head first, and its nodes join some seconds later.
NO_ROOM_GRACE = 30.0
# Seconds the runs have, as the server stops, to save their checkpoint and send it back: as long
# as a local worker with a run has (runs/pool_worker.py, SAVE_WAIT), as a large model's takes that.
RUNS_STOP = SAVE_WAIT


class RayDispatcher:
    """Keeps the connection to Ray and the actors, from a thread of its own."""

    def __init__(
        self,
        slots: RaySlots,
        cluster: RayCluster,
        runs: ActorRuns,
        packer: RunPacker,
        share: Share,  # what each run takes of a node: its GPU share counts where nodes have GPUs
    ) -> None:
        self.slots, self.cluster, self.runs, self.packer = slots, cluster, runs, packer
        self.share = share
        self._no_room_since: float | None = None  # when no node had room for a run, in a row
        self.starts = FailedStarts()
        self._nodes: set[str] = set()  # the ids of the nodes alive at the last round
        self._joins = FailedStarts()  # joins refused by what answers at the address (not Ray)
        cluster.on_lost = self._cluster_lost  # said by the cluster's watching thread
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._dispatch_forever, name="ray-dispatch", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Waits for the thread to let Ray go, once the slots are closed and the runs told to stop."""
        if self._thread is None:
            self.cluster.disconnect()
            return
        # It lets Ray go once the runs are back: waited for through every stage it may wait on
        # (and Ray's own shutdown), so that no stop leaves it inside Ray as the process exits,
        # which ends the process at once. A stop waits this long only where a stage hangs.
        self._thread.join(timeout=RUNS_STOP + RELAYS_END + CALLS_END + WATCH_END + 30)
        if self._thread.is_alive():
            log.error("Ray did not let go in time: the server stops without waiting for it")

    def _dispatch_forever(self) -> None:
        """Connects, then keeps the actors warm and hands queued runs to free ones; once the
        server is closing, lets Ray go, from this thread (see ray_cluster.py), as runs are back."""
        slots = self.slots
        while not slots.closing:
            try:
                if self.cluster.lost:
                    self._let_go()
                elif self.cluster.connected() or self._joins.may_try():
                    if not self.cluster.connected():
                        self._join()
                    room = self._look()
                    # A round went through: the cluster is there, unless lost since.
                    with slots.lock:
                        if not self.cluster.lost:
                            slots.problem = room
            except (Exception, SystemExit) as exc:  # whatever Ray raises (RAY_GONE), it goes on
                if self.cluster.closed:  # the server stops: nothing is wrong with Ray
                    break
                said = str(exc).rstrip(".")  # Ray's own text may end in one
                advice = "" if isinstance(exc, NotRay) else " Check that the cluster is up."
                self._unreachable(f"Ray is unreachable at {self.cluster.name}: {said}.{advice}")
            with slots.lock:
                slots.lock.wait(LOOK_EVERY)
        with slots.lock:  # told to stop by the executor's shutdown: each ends with its checkpoint
            slots.lock.wait_for(lambda: all(s.run_id is None for s in slots.all), RUNS_STOP)
        try:
            self._let_go()
        except (Exception, SystemExit):  # the server stops all the same
            log.exception("letting Ray go failed")

    def _join(self) -> None:
        """Joins the cluster; an address where something else answers is asked again less and
        less often (each ask is a request that service logs: a review counted 177 in 2.5 min)."""
        try:
            self.cluster.connect()
        except NotRay as exc:
            self._joins.failed(str(exc))
            raise
        self._joins.started()

    def _look(self) -> str | None:
        """One round: replace lost actors, add new ones, note ready ones, start queued runs; says
        why no run can train where no node of the cluster has room for one, or where workers keep
        failing to start and none is ready."""
        nodes = self.cluster.nodes()
        if set(nodes) != self._nodes:  # one joined (a node put right?), or one left
            self._nodes = set(nodes)
            self.starts.started()
        gpus = self.share.gpus if any("GPU" in n for n in nodes.values()) else 0
        share = Share(self.share.cpus, gpus)
        slots = self.slots
        with slots.lock:
            for slot in slots.all:  # its node left (stopped, or started again as a new node)
                slot.lost = slot.lost or bool(slot.node and slot.node not in nodes)
            slots.all = [slot for slot in slots.all if not (slot.lost and slot.run_id is None)]
            room = sum(share.runs_on(node) for node in nodes.values())
            missing = room - len(slots.all)
        if missing > 0 and not self.cluster.answering():
            return None  # creating an actor would hang on a GCS that just went; the watch says so
        self.packer.drop()  # deleted uploads' objects, let go from this thread
        making = max(0, missing) if self.starts.may_try() else 0
        fresh = [Slot.new(share, self.cluster.calls) for _ in range(making)]
        with slots.lock:
            slots.all.extend(fresh)
            waiting = [slot for slot in slots.all if not slot.where and not slot.lost]
        if waiting:
            done, _ = ray.wait(
                [slot.started for slot in waiting], timeout=0, num_returns=len(waiting)
            )
            for slot in waiting:
                if slot.started in done:
                    if (why := slot.mark_ready()) is None:
                        self.starts.started()
                    elif why:  # its own failure, not its node's nor Ray's
                        self.starts.failed(why)
        while (start := slots.next_run()) is not None:
            self.runs.start(*start)
        if room:
            self._no_room_since = None
            failing = self.starts.said(self.cluster.name)
            return failing if failing and not slots.ready() else None
        now = time.monotonic()
        if self._no_room_since is None:
            self._no_room_since = now
        if now - self._no_room_since < NO_ROOM_GRACE:
            return None  # a cluster starting again: its head first, its nodes a moment later
        return _no_room(self.cluster.name, share, len(nodes))

    def _cluster_lost(self) -> None:
        """The cluster stopped answering (said by the watching thread): its runs fail at once."""
        self._unreachable(
            f"The Ray cluster at {self.cluster.name} was lost: it stopped answering. "
            "The server joins it again once it is back."
        )
        # The slots stay listed, lost, for the dispatcher's thread to drop their handles before
        # it lets Ray go: dropped by this (watching) thread, they could meet its ray.shutdown().
        with self.slots.lock:
            for slot in self.slots.all:
                slot.lost = True
            running = [(slot, slot.run_id) for slot in self.slots.all if slot.run_id is not None]
            self.slots.lock.notify_all()
        for slot, run_id in running:  # their relays may hear of it from Ray too; a run ends once
            self.runs.lost(slot, run_id, ConnectionError("the cluster stopped answering"))

    def _let_go(self) -> None:
        """Lets Ray go, after a lost cluster (so that the next round joins it again) or as the
        server stops, with nothing left in Ray but this thread (ray_calls.py says why): the
        relays stopped and joined, the other threads' calls ended and closed, and the actors'
        handles and the shipped objects dropped here; the watching thread is joined after."""
        self.runs.stop_relays()
        self.cluster.calls.close()
        with self.slots.lock:  # actors a round made as the cluster went belong to the old session
            slots, self.slots.all = self.slots.all, []
        for slot in slots:
            slot.forget()
        self.packer.forget()
        self.cluster.disconnect()

    def _unreachable(self, problem: str) -> None:
        """Says why nothing can train. The runs that wait for it go on waiting, queued, and
        start once it answers (their owners may cancel them): failed, they were lost for good,
        with no checkpoint to go on from, whenever the cluster was down for a moment or the
        server came up before it."""
        slots = self.slots
        with slots.lock:
            if problem != slots.problem:
                log.error("%s", problem)
            slots.problem = problem


def _no_room(cluster: str, share: Share, nodes: int) -> str:
    """Why nothing trains on a cluster none of whose nodes can take a run (a head alone, started
    with no CPUs of its own; nodes smaller than a run's share)."""
    gpu = f" and {share.gpus:g} GPU" if share.gpus else ""
    return (
        f"No node of the Ray cluster at {cluster} has room for a run ({share.cpus:g} CPU{gpu} "
        f"each, TORCHCANVAS_CPUS_PER_RUN; {nodes} node{'' if nodes == 1 else 's'} alive): start "
        "a worker node with `ray start --address=…`, or ask less of each run."
    )
