"""The event log: each run's events, numbered from 1 with no gaps, stored before anyone sees them."""

import json
from typing import Any

from torchcanvas.store.db import Database
from torchcanvas.training.events import TrainingEvent


class EventLog:
    """Appends and replays the numbered events of runs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, run_id: str, event: TrainingEvent) -> int:
        """Stores the event as JSON under the run's next seq, and returns that seq."""
        with self.db.lock:
            rows = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) AS last FROM events WHERE run_id = ?", (run_id,)
            )
            seq: int = rows[0]["last"] + 1
            numbered = {"seq": seq, **event.model_dump(mode="json")}
            self.db.execute(
                "INSERT INTO events (run_id, seq, body) VALUES (?, ?, ?)",
                (run_id, seq, json.dumps(numbered)),
            )
        return seq

    def read(self, run_id: str, after: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        """The run's events with seq above `after`, in order."""
        rows = self.db.execute(
            "SELECT body FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (run_id, after, limit),
        )
        return [json.loads(row["body"]) for row in rows]
