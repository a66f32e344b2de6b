"""The event log: each run's events, numbered from 1 with no gaps, stored before anyone sees them."""

import json
from typing import Any

from torchcanvas.store.db import Database


class EventLog:
    """Appends and replays the numbered events of runs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, run_id: str, event: dict[str, Any]) -> dict[str, Any]:
        """Stores the event under the run's next seq and returns it with that seq."""
        with self.db.lock:
            rows = self.db.execute(
                "SELECT COALESCE(MAX(seq), 0) AS last FROM events WHERE run_id = ?", (run_id,)
            )
            numbered = {"seq": rows[0]["last"] + 1, **event}
            self.db.execute(
                "INSERT INTO events (run_id, seq, body) VALUES (?, ?, ?)",
                (run_id, numbered["seq"], json.dumps(numbered)),
            )
        return numbered

    def read(self, run_id: str, after: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        """The run's events with seq above `after`, in order."""
        rows = self.db.execute(
            "SELECT body FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (run_id, after, limit),
        )
        return [json.loads(row["body"]) for row in rows]
