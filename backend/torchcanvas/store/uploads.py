"""Who owns each uploaded dataset, kept where run ownership is: in the database, as a hash.

An upload is seen (listed, previewed, trained on, deleted) only by the owner identity that
uploaded it. Uploads from before owners were kept (no owner at all) are seen by everyone, as
they always were; so is a damaged one from before whose owner can no longer be read.
"""

import logging
from pathlib import Path

from torchcanvas.problems import Conflict
from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.training.data.storage import (
    DamagedUpload,
    damaged_owner,
    read_meta,
    stored_ids,
)

log = logging.getLogger(__name__)


class TokenUsed(Conflict):
    """An upload named a token that names another of the owner's uploads, being read or kept."""

    def __init__(self, upload_id: str) -> None:
        super().__init__(
            f"This Upload-Token already names another upload of yours ({upload_id}, being read "
            "or kept): GET /api/uploads-sent/{token} says what became of it. Send a new random "
            "token with each upload."
        )


class UploadStore:
    """Records, checks and forgets the owners of uploads."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        upload_id: str,
        owner_id: str | None,
        address_hash: str | None = None,
        from_address: str | None = None,
        token: str | None = None,
    ) -> None:
        """Gives the upload its owner: before its files exist, so none is ever without one; the
        hashed address of a client whose owner cookie this server did not issue, whose quota it
        counts in (of_client); the hashed address it came from, whatever its owner, whose
        ceiling it counts in (store/address_use.py); and the token its request named it by,
        which no other upload of the owner's being read or kept may have named (TokenUsed)."""
        owner_hash = digest(owner_id) if owner_id is not None else None
        with self.db.transaction():  # a token's check and its record, one at a time
            if token is not None and owner_id is not None:
                named = self.by_token(owner_id, token)
                if named:
                    raise TokenUsed(named[0])
            self.db.execute(
                "INSERT OR REPLACE INTO uploads (id, owner_hash, address_hash, from_address, token) "
                "VALUES (?, ?, ?, ?, ?)",
                (upload_id, owner_hash, address_hash, from_address, token),
            )

    def by_token(self, owner_id: str, token: str) -> list[str]:
        """The owner's uploads whose requests named this token: being read, or stored."""
        rows = self.db.execute(
            "SELECT id FROM uploads WHERE owner_hash = ? AND token = ?", (digest(owner_id), token)
        )
        return [row["id"] for row in rows]

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

    def of_client(self, owner_id: str, address_hash: str | None) -> list[str]:
        """The uploads a client's quota counts: those the owner made, and with an address (a
        client whose owner cookie this server did not issue) every upload made from it so,
        whoever owns it: a made-up cookie a request, or none, is still one client."""
        rows = self.db.execute(
            "SELECT id FROM uploads WHERE owner_hash = ? OR address_hash = ?",
            (digest(owner_id), address_hash),
        )
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
                    self._adopt_damaged(data_dir, upload_id)
                    continue
                if meta is not None:
                    self.record(upload_id, meta.owner)
            for upload_id in sorted(known - on_disk):
                self.forget(upload_id)

    def _adopt_damaged(self, data_dir: Path, upload_id: str) -> None:
        """A damaged upload from before goes to the owner its meta.json still names; naming none
        (or cut short before it does), it is everyone's, as ownerless uploads always were. Either
        way it is listed as damaged to whoever sees it, who can delete it: its files are kept."""
        owner = damaged_owner(data_dir, upload_id)
        self.record(upload_id, owner)
        seen_by = (
            "to the owner its meta.json still names"
            if owner
            else "to everyone, since its meta.json names no owner that can still be read"
        )
        log.warning(
            "The upload `%s` from before uploads had owners is damaged: it is kept on disk and "
            "listed as damaged %s; whoever sees it can delete it.",
            upload_id,
            seen_by,
        )
