"""Codes that bring a person's runs to another browser: made in one, typed in the other.

A browser's runs belong to the owner identity in its cookie, so on another machine (or after the
cookies are cleared) they were out of reach for good. A transfer code is short enough to type,
lasts TRANSFER_SECONDS and works once. The database keeps the code's hash and the owner identity
sealed with the code (XOR with a key stream derived from it), never the identity itself, which is
as good as a password; a row is deleted when its code is used, replaced or expired.
"""

import hashlib
import secrets
import time

from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest

TRANSFER_SECONDS = 600.0
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed, not mistaken
_LENGTH = 10  # about 50 bits, tried at most TORCHCANVAS_MAX_WRONG_LOGINS times a minute


def new_code() -> str:
    """A fresh code, shown as two groups of five: `7KQ2M-XR9TD`."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))
    return f"{chars[:5]}-{chars[5:]}"


def normal_code(typed: str) -> str:
    """The code as stored: capitals, no spaces or dashes (people type it either way)."""
    return "".join(c for c in typed.upper() if c.isalnum())


def _key_stream(code: str, size: int) -> bytes:
    return hashlib.shake_256(b"torchcanvas-transfer:" + code.encode()).digest(size)


def _seal(owner_id: str, code: str) -> str:
    data = owner_id.encode()
    return bytes(a ^ b for a, b in zip(data, _key_stream(code, len(data)), strict=True)).hex()


def _unseal(sealed: str, code: str) -> str:
    data = bytes.fromhex(sealed)
    return bytes(a ^ b for a, b in zip(data, _key_stream(code, len(data)), strict=True)).decode()


class TransferStore:
    """Makes and redeems transfer codes; re-owns the runs and uploads of the browser that uses one."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def make(self, owner_id: str, now: float | None = None) -> tuple[str, float]:
        """A new code for the owner (its earlier ones stop working), and when it expires."""
        now = time.time() if now is None else now
        code, expires = new_code(), now + TRANSFER_SECONDS
        key = normal_code(code)
        with self.db.transaction():
            self._forget_expired(now)
            self.db.execute("DELETE FROM owner_transfers WHERE owner_hash = ?", (digest(owner_id),))
            self.db.execute(
                "INSERT INTO owner_transfers (code_hash, owner_hash, sealed, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (digest(key), digest(owner_id), _seal(owner_id, key), expires),
            )
        return code, expires

    def redeem(self, typed: str, now: float | None = None) -> str | None:
        """The owner identity the code was made for, once; None for a wrong or expired code."""
        now = time.time() if now is None else now
        key = normal_code(typed)
        with self.db.transaction():
            self._forget_expired(now)
            rows = self.db.execute(
                "SELECT sealed FROM owner_transfers WHERE code_hash = ?", (digest(key),)
            )
            if not rows:
                return None
            self.db.execute("DELETE FROM owner_transfers WHERE code_hash = ?", (digest(key),))
        return _unseal(rows[0]["sealed"], key)

    def join(self, from_owner: str, to_owner: str) -> None:
        """The runs and uploads of `from_owner` become `to_owner`'s: nothing is left behind."""
        with self.db.transaction():
            for table in ("run_owners", "uploads"):
                self.db.execute(
                    f"UPDATE {table} SET owner_hash = ? WHERE owner_hash = ?",
                    (digest(to_owner), digest(from_owner)),
                )

    def _forget_expired(self, now: float) -> None:
        self.db.execute("DELETE FROM owner_transfers WHERE expires_at <= ?", (now,))
