"""Which client address queued each active run of an owner identity this server had not issued
(a made-up owner cookie, or none): such runs count as one client's, their address's (api/
services.py), not each as a new owner's. An address is kept only while its run is queued, running
or paused: each check, and each start of the server, first forgets the runs that have ended or
been deleted."""

from torchcanvas.store.db import Database

_ACTIVE = "('queued', 'running', 'paused')"


class AddressRuns:
    def __init__(self, db: Database) -> None:
        self.db = db

    def forget_ended(self) -> None:
        """Forgets the addresses of runs that are no longer active (ended or deleted)."""
        self.db.execute(
            "DELETE FROM address_runs WHERE run_id NOT IN "
            f"(SELECT id FROM runs WHERE status IN {_ACTIVE})"
        )

    def active_from(self, address: str) -> int:
        """How many such runs from `address` are queued, running or paused."""
        with self.db.transaction():
            self.forget_ended()
            rows = self.db.execute(
                "SELECT COUNT(*) AS n FROM address_runs WHERE address = ?", (address,)
            )
        return int(rows[0]["n"])

    def waiting(self) -> list[tuple[str, str]]:
        """(run id, address) of such runs that wait for a worker."""
        rows = self.db.execute(
            "SELECT run_id, address FROM address_runs JOIN runs ON runs.id = address_runs.run_id "
            "WHERE runs.status = 'queued'"
        )
        return [(row["run_id"], row["address"]) for row in rows]

    def add(self, address: str, run_id: str) -> None:
        """The run, queued (or continued) just now, is `address`'s."""
        self.db.execute(
            "INSERT OR REPLACE INTO address_runs (run_id, address) VALUES (?, ?)",
            (run_id, address),
        )
