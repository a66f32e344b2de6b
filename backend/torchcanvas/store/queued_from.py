"""Which client address queued each run that still waits for a worker, so that one address's
share of the training queue (api/quotas.py) holds across a restart: runs still queued when the
server stops wait for its next start. An address is kept only while its run waits: each check,
and each start of the server, first forgets the runs that have started, ended or been deleted."""

from torchcanvas.store.db import Database


class QueuedFrom:
    def __init__(self, db: Database) -> None:
        self.db = db

    def forget_started(self) -> None:
        """Forgets the addresses of runs that no longer wait (started, ended or deleted)."""
        self.db.execute(
            "DELETE FROM queued_from WHERE run_id NOT IN "
            "(SELECT id FROM runs WHERE status = 'queued')"
        )

    def waiting_from(self, address: str) -> int:
        """How many runs queued from `address` still wait."""
        with self.db.transaction():
            self.forget_started()
            rows = self.db.execute(
                "SELECT COUNT(*) AS n FROM queued_from WHERE address = ?", (address,)
            )
        return int(rows[0]["n"])

    def add(self, address: str, run_id: str) -> None:
        """The run, queued (or continued) just now, waits on behalf of `address`."""
        self.db.execute(
            "INSERT OR REPLACE INTO queued_from (run_id, address) VALUES (?, ?)", (run_id, address)
        )
