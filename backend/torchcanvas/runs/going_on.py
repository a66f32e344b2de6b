"""Runs that a stop of the server interrupted go on by themselves when it starts again.

A server stopped as `docker stop`, Ctrl-C or a redeploy stops it tells each worker to save a
checkpoint where its run got to (runs/pool_worker.py), and ends the run `failed`, interrupted. A
run that was training then, with a checkpoint to go on from, is not left for its owner to find
and Continue: its end says that it goes on, and the next start queues it first, from that
checkpoint to the epochs it planned, as Continue would (runs/continued_runs.py). One that cannot
go on then (no checkpoint of it reads, limits lowered since) stays failed, a second end saying
why. Not gone on by themselves: a paused run (its owner paused it: it stays paused where its
checkpoint is at the pause, runs/parked.py), a range test (nothing to go on from), and the runs
of a server that was killed (a run that brought the server down would do so at every start).
"""

import logging
import sqlite3
import threading

from torchcanvas.problems import Problem
from torchcanvas.runs.continued_runs import ContinuedRuns
from torchcanvas.runs.eventlog import EventLog
from torchcanvas.store.damaged import DamagedRecord
from torchcanvas.store.runs import RunStore
from torchcanvas.training.events import EndEvent

log = logging.getLogger(__name__)


def go_on(
    run_ids: list[str],
    store: RunStore,
    events: EventLog,
    continued: ContinuedRuns,
    queueing: threading.Lock,
) -> None:
    """Queues each run again from its checkpoint, as Continue with its planned epochs does (one
    that finds no worker yet waits for one, as the runs queued before the stop do); a run that
    cannot go on stays failed, a second end in its log and its record saying why."""
    for run_id in run_ids:
        try:
            run = store.get(run_id)
        except DamagedRecord:  # failed, and its page says why already (store/damaged.py)
            continue
        if run is None or run.status != "failed":
            continue
        try:
            with queueing:
                continued.queue(run, None, None, waits_for_worker=True)
            log.info("run %s goes on from its last checkpoint", run_id)
        except (OSError, sqlite3.Error) as exc:  # the disk: it stays failed, for Continue
            log.warning("run %s cannot go on now (%s): Continue it", run_id, exc)
        except Problem as problem:
            why = f"The server stopped before this run finished, and it could not go on: {problem}"
            log.warning("run %s: %s", run_id, why)
            end = EndEvent(status="failed", message=why, metrics=run.metrics, interrupted=True)
            try:
                events.append(run_id, end)
                store.mark_ended(run_id, "failed", why, now=run.finished_at)
            except (OSError, sqlite3.Error) as exc:
                log.warning("run %s: why it could not go on is not stored (%s)", run_id, exc)
