"""Who owns each uploaded dataset, kept where run ownership is: in the database, as a hash.

An upload is seen (listed, previewed, trained on, deleted) only by the owner identity that
uploaded it. Uploads from before owners were kept (no owner at all) are seen by everyone, as
they always were.
"""

from pathlib import Path

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.training.data.storage import DamagedUpload, read_meta, stored_ids


class UploadStore:
    """Records, checks and forgets the owners of uploads."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, upload_id: str, owner_id: str | None) -> None:
        """Gives the upload its owner: before its files exist, so none is ever without one."""
        owner_hash = digest(owner_id) if owner_id is not None else None
        self.db.execute(
            "INSERT OR REPLACE INTO uploads (id, owner_hash) VALUES (?, ?)", (upload_id, owner_hash)
        )

    def visible(self, upload_id: str, owner_id: str) -> bool:
        rows = self.db.execute("SELECT owner_hash FROM uploads WHERE id = ?", (upload_id,))
        return bool(rows) and rows[0]["owner_hash"] in (None, digest(owner_id))

    def ids(self, owner_id: str) -> list[str]:
        """The uploads this owner sees: its own, and those that have no owner."""
        rows = self.db.execute(
            "SELECT id FROM uploads WHERE owner_hash = ? OR owner_hash IS NULL",
            (digest(owner_id),),
        )
        return [row["id"] for row in rows]

    def owned(self, owner_id: str) -> list[str]:
        """The uploads this owner made (what its upload quota counts)."""
        rows = self.db.execute("SELECT id FROM uploads WHERE owner_hash = ?", (digest(owner_id),))
        return [row["id"] for row in rows]

    def forget(self, upload_id: str) -> None:
        self.db.execute("DELETE FROM uploads WHERE id = ?", (upload_id,))

    def adopt(self, data_dir: Path) -> None:
        """Brings uploads stored before owners moved here into the table, with the owner their
        meta.json names (or none, as before), and forgets rows whose upload was never written."""
        known = {row["id"] for row in self.db.execute("SELECT id FROM uploads")}
        on_disk = set(stored_ids(data_dir))
        with self.db.transaction():
            for upload_id in sorted(on_disk - known):
                try:
                    meta = read_meta(data_dir, upload_id)
                except DamagedUpload:
                    continue  # whose it is cannot be read: left on disk, seen by no one
                if meta is not None:
                    self.record(upload_id, meta.owner)
            for upload_id in sorted(known - on_disk):
                self.forget(upload_id)
