"""Runs paused when the server stopped: kept paused, with no worker, until Resume or Stop.

A paused run's worker saves a checkpoint as the server stops, at the step the run paused
before. Such a run is not failed (a learner who paused it did not ask for an end): it stays
`paused` across the restart, its record saying where it got to, and Resume queues it to go on
from that checkpoint, as Continue would with its plan's epochs; Stop ends it there. A run whose
newest checkpoint is not where it paused (a server killed outright keeps the last periodic
one) cannot go on exactly from its pause, and is failed as before, Continue going on from that
checkpoint.
"""

from torchcanvas.runs.eventlog import EventLog
from torchcanvas.training.checkpoint import read_position
from torchcanvas.training.run_folder import RunFolder

STOPPED_PAUSED_STEP = (
    "The server restarted since this run paused, and its worker stopped with it: press Resume "
    "to go on from where it paused, then Pause to step again."
)


def checkpoint_at_pause(events: EventLog, run_id: str, folder: RunFolder) -> bool:
    """Whether the run's last event is its pause, and its newest checkpoint is at that step."""
    last = events.last(run_id)
    if last is None or last.get("type") != "paused":
        return False
    position = read_position(folder)
    return position is not None and position.step == last.get("step")
