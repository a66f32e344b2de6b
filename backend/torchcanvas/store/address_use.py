"""What all the owner identities from one client address keep together: their uploads, their
runs, and which identities stored their first upload or run there in the last day.

The address is a keyed hash (api/access.py, address_hash), kept beside the uploads and runs until
they are deleted, and beside an identity for a day. An owner cookie the server issued is a client
of its own for the per-owner quotas, and a script can collect a fresh one before each upload:
api/address_ceiling.py bounds what all of them from one address hold, and how many begin a day.
"""

import time

from torchcanvas.store.db import Database

DAY = 24 * 3600


class AddressUse:
    """Records and reads the uploads, runs and new owner identities of hashed client addresses."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def upload_ids(self, address_hash: str) -> list[str]:
        """The uploads made from the address, by any owner."""
        rows = self.db.execute("SELECT id FROM uploads WHERE from_address = ?", (address_hash,))
        return [row["id"] for row in rows]

    def record_run(self, run_id: str, address_hash: str) -> None:
        """The run was queued from the address: its bytes count there (DiskUse.of_address). A
        run continued from elsewhere stays where it was first queued."""
        self.db.execute(
            "UPDATE run_owners SET from_address = ? WHERE run_id = ? AND from_address IS NULL",
            (address_hash, run_id),
        )

    def admit_owner(self, address_hash: str, owner_hash: str, limit: int) -> float | None:
        """Counts the owner among the address's new ones of the last day, unless it is counted
        already or keeps uploads or runs from before; None when admitted, else the seconds until
        the oldest of the `limit` new owners of the last day leaves the count."""
        now = time.time()
        with self.db.transaction():
            self.db.execute("DELETE FROM address_owners WHERE first_at < ?", (now - DAY,))
            if self._known(address_hash, owner_hash):
                return None
            rows = self.db.execute(
                "SELECT COUNT(*) AS n, MIN(first_at) AS oldest FROM address_owners "
                "WHERE address_hash = ?",
                (address_hash,),
            )
            if rows[0]["n"] >= limit:
                return float(rows[0]["oldest"]) + DAY - now
            self.db.execute(
                "INSERT INTO address_owners (address_hash, owner_hash, first_at) VALUES (?, ?, ?)",
                (address_hash, owner_hash, now),
            )
        return None

    def _known(self, address_hash: str, owner_hash: str) -> bool:
        """Whether the owner began at the address within the day, or keeps something already."""
        return bool(
            self.db.execute(
                "SELECT 1 FROM address_owners WHERE address_hash = ? AND owner_hash = ? "
                "UNION ALL SELECT 1 FROM uploads WHERE owner_hash = ? "
                "UNION ALL SELECT 1 FROM run_owners WHERE owner_hash = ? LIMIT 1",
                (address_hash, owner_hash, owner_hash, owner_hash),
            )
        )
