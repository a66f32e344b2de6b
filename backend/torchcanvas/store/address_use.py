"""What all the owner identities from one client address keep together: their uploads, their
runs, and which identities stored their first upload or run there in the last day.

The address is a keyed hash (api/access.py, address_hash), kept beside the uploads and runs until
they are deleted, and beside an identity for a day. An owner cookie the server issued is a client
of its own for the per-owner quotas, and a script can collect a fresh one before each upload:
api/address_ceiling.py bounds what all of them from one address hold, and how many begin a day.
"""

import time
from typing import Literal

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

    def admit_owner(
        self, address_hash: str, owner_hash: str, limit: int, pending: set[str] | None = None
    ) -> Literal["known", "new"] | float:
        """Whether the owner may begin at the address: "known" when it is counted already or
        keeps uploads or runs from before, "new" when it is one of fewer than `limit` new owners
        of the last day, with those whose first upload or run is under way (`pending`, not
        recorded yet); else the seconds until the oldest of the day's new owners leaves the
        count. Records nothing: record_owner does, once its upload is stored or run queued."""
        now = time.time()
        with self.db.transaction():
            self.db.execute("DELETE FROM address_owners WHERE first_at < ?", (now - DAY,))
            if self._known(address_hash, owner_hash):
                return "known"
            rows = self.db.execute(
                "SELECT owner_hash, first_at FROM address_owners WHERE address_hash = ?",
                (address_hash,),
            )
        owners = {row["owner_hash"] for row in rows} | (pending or set()) - {owner_hash}
        if len(owners) < limit:
            return "new"
        # Full with owners under way only: their uploads or runs end within minutes.
        oldest = min((float(row["first_at"]) for row in rows), default=now - DAY + 60)
        return oldest + DAY - now

    def record_owner(self, address_hash: str, owner_hash: str) -> None:
        """The owner stored its first upload or queued its first run from the address: it counts
        among the address's new owners for a day."""
        self.db.execute(
            "INSERT INTO address_owners (address_hash, owner_hash, first_at) SELECT ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM address_owners WHERE address_hash = ? "
            "AND owner_hash = ?)",
            (address_hash, owner_hash, time.time(), address_hash, owner_hash),
        )

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
