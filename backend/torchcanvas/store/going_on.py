"""The runs a stop of the server interrupted, to go on as it starts again (runs/going_on.py),
kept in the database across the restart."""

import logging
import sqlite3

from torchcanvas.store.db import Database

log = logging.getLogger(__name__)


class GoingOn:
    """The runs to go on at the next start, kept in the database across the restart."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def mark(self, run_id: str) -> None:
        """Marks a run whose end says it goes on, as that end is made: a server killed before it
        stored the end (its stop given too little time) leaves it marked, and the next start
        fails it as a killed server's run, then has it go on."""
        try:
            self.db.execute("INSERT OR IGNORE INTO going_on (run_id) VALUES (?)", (run_id,))
        except sqlite3.Error as exc:
            log.warning("run %s: it cannot be marked to go on (%s): Continue it", run_id, exc)

    def take(self) -> list[str]:
        """The marked runs, oldest first, unmarked: each goes on at one start at most. A disk
        that refuses the unmarking (full) leaves them marked: the next start passes over those
        that went on (runs/going_on.py goes on only with failed runs); one it cannot read from
        starts with none."""
        try:
            rows = self.db.execute(
                "SELECT going_on.run_id AS id FROM going_on JOIN runs ON runs.id = going_on.run_id "
                "ORDER BY runs.created_at"
            )
        except sqlite3.Error as exc:
            log.warning("the runs to go on cannot be read (%s): Continue them", exc)
            return []
        try:
            self.db.execute("DELETE FROM going_on")
        except sqlite3.Error as exc:
            log.warning("the runs to go on stay marked (%s)", exc)
        return [row["id"] for row in rows]
