"""Classes: a teacher's short code that students hand their runs in to, each entry a share link.

A class is its owner's, as a run is (the hash of the browser's identity). A student hands a run
in with the code: the run gets a share link (store/shares.py), which the class keeps with the
student's name. The entry lives as long as its link: a revoked link, or a deleted run, takes it
out of the class, and ending the class revokes the links it holds."""

import hmac
import secrets
import sqlite3
import time
from collections.abc import Callable

from torchcanvas.problems import shown_id
from torchcanvas.store.class_records import (
    ClassEnded,
    ClassFull,
    ClassRecord,
    ClassUnknown,
    EntryRecord,
    HandIn,
    RunLeft,
    TooManyClasses,
    TooManyNewClasses,
)
from torchcanvas.store.damaged import readable, record_of
from torchcanvas.store.db import Database
from torchcanvas.store.owners import digest
from torchcanvas.store.shares import ShareStore

# No 0/O, 1/I/L: a code read off a projector is typed right.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # 31**6: about 887 million codes
MAX_ENTRIES_PER_CLASS = 300  # runs one class holds: ten classes of 30, each handing in again
MAX_CLASSES_PER_TEACHER = 20  # open classes one browser keeps
# Classes made from one address in a day: a script without cookies is a new teacher each time,
# and made 12,000 classes in 20 s, each a row kept, until the disk was full. A school of 30
# teachers behind one address makes a few a day.
MAX_CLASSES_PER_ADDRESS_PER_DAY = 60
DAY = 24 * 3600
ENDED_KEPT_FOR = 30 * DAY  # an ended class's code says so this long, then is forgotten
# Runs one browser keeps in a class: a lab computer shared by a few students hands in theirs;
# one browser handed in 300 runs in 4 s and the class took no more (MAX_ENTRIES_PER_CLASS).
MAX_ENTRIES_PER_BROWSER = 10


def typed_code(text: str) -> str:
    """The code as a student may type it: any case, with spaces or a dash."""
    return "".join(c for c in text.upper() if c not in " -")


def _new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


# Whether a run handed in has left the class: it ended without weights (stopped while queued).
RunCheck = Callable[[str], bool]


class ClassStore:
    """Creates, lists and ends classes, and keeps the runs handed in to them."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, owner_id: str, name: str, address_hash: str) -> str:
        """A new class of the owner's, by its code; TooManyClasses past the open ones a browser
        may keep, TooManyNewClasses past the classes its address may make in a day. Classes
        ended over ENDED_KEPT_FOR ago are forgotten."""
        limit = MAX_CLASSES_PER_TEACHER
        owner_hash = digest(owner_id)
        now = time.time()
        with self.db.transaction():
            self.db.execute("DELETE FROM classes WHERE ended_at < ?", (now - ENDED_KEPT_FOR,))
            made = self.db.execute(
                "SELECT COUNT(*) FROM classes WHERE address_hash = ? AND created_at > ?",
                (address_hash, now - DAY),
            )[0][0]
            if made >= MAX_CLASSES_PER_ADDRESS_PER_DAY:
                raise TooManyNewClasses(
                    f"{MAX_CLASSES_PER_ADDRESS_PER_DAY} classes were created from this address "
                    "in the last day, the most it may: use a class you have, or create this one "
                    "tomorrow."
                )
            open_classes = self.db.execute(
                "SELECT COUNT(*) FROM classes WHERE owner_hash = ? AND ended_at IS NULL",
                (owner_hash,),
            )[0][0]
            if open_classes >= limit:
                raise TooManyClasses(
                    f"This browser has {limit} open classes, the most it may have: delete a "
                    "class that has ended its work, then create this one."
                )
            code = _new_code()
            while self.db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)):
                code = _new_code()  # codes stay taken after a class ends: old codes say so
            self.db.execute(
                "INSERT INTO classes (code, owner_hash, name, created_at, address_hash) "
                "VALUES (?, ?, ?, ?, ?)",
                (code, owner_hash, name, now, address_hash),
            )
        return code

    def owned(self, owner_id: str) -> list[ClassRecord]:
        """The owner's open classes, newest first, with how many runs each holds."""
        rows = self.db.execute(
            "SELECT c.code, c.name, c.created_at, (SELECT COUNT(*) FROM class_entries e "
            "JOIN shares s ON s.id = e.share_id AND s.revoked_at IS NULL "
            "WHERE e.class_code = c.code) AS entries FROM classes c "
            "WHERE c.owner_hash = ? AND c.ended_at IS NULL ORDER BY c.created_at DESC",
            (digest(owner_id),),
        )
        return readable(rows, _class_record)

    def get_owned(self, code: str, owner_id: str) -> ClassRecord:
        """The owner's open class of that code; ClassUnknown for any other, as for no class."""
        rows = self.db.execute(
            "SELECT * FROM classes WHERE code = ? AND ended_at IS NULL", (typed_code(code),)
        )
        if not rows or not hmac.compare_digest(rows[0]["owner_hash"], digest(owner_id)):
            # Said alike whether or not the class is someone else's: the page opens in its
            # teacher's browser alone. A student who was sent this address hands in elsewhere.
            raise ClassUnknown(
                f"A class's page opens only in the browser of the teacher who made it, and none "
                f"of this browser's classes has the code {shown_id(code)}. To hand in a run, "
                "open the run's page, press Hand in to a class and type the code your teacher "
                "gave you. Teachers: open the class from Classes in the top bar, in the browser "
                "that made it."
            )
        row = rows[0]
        return ClassRecord(
            code=row["code"], name=row["name"], created_at=row["created_at"], entries=0
        )

    def entries(self, code: str) -> list[EntryRecord]:
        """The runs handed in to the class whose links are live, first handed in first."""
        rows = self.db.execute(
            "SELECT e.* FROM class_entries e JOIN shares s ON s.id = e.share_id "
            "AND s.revoked_at IS NULL WHERE e.class_code = ? ORDER BY e.handed_at",
            (code,),
        )
        return readable(rows, _entry_record)

    def _open_class(self, typed: str) -> tuple[str, str]:
        """The code and name of the open class a student typed; ClassUnknown or ClassEnded."""
        code = typed_code(typed)
        rows = self.db.execute("SELECT * FROM classes WHERE code = ?", (code,))
        if not rows:
            raise ClassUnknown(
                f"No class has the code {typed.strip()}: check the code your teacher gave you "
                f"({CODE_LENGTH} letters and digits)."
            )
        if rows[0]["ended_at"] is not None:
            raise ClassEnded(
                f"The class {rows[0]['name']!r} ({code}) has ended and takes no more runs: ask "
                "your teacher for the code of the class to hand in to."
            )
        return code, str(rows[0]["name"])

    def hand_in(
        self, typed: str, run_id: str, student_name: str, owner_id: str, dropped: RunCheck
    ) -> HandIn:
        """Hands the run in to the class of the code: a new share link of the run, kept with the
        student's name. Handing the same run in again replaces its entry (and its link). Runs
        for which `dropped` is true (ended without weights) leave the class first, and count
        towards no limit."""
        shares = ShareStore(self.db)
        with self.db.transaction():
            code, name = self._open_class(typed)
            if not self.db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
                raise RunLeft(f"Run {run_id} was deleted: hand in another run.")
            self._drop_entries(code, dropped)
            before = self.db.execute(
                "SELECT share_id FROM class_entries WHERE class_code = ? AND run_id = ?",
                (code, run_id),
            )
            for row in before:
                shares.revoke(run_id, row["share_id"])
                self.db.execute("DELETE FROM class_entries WHERE share_id = ?", (row["share_id"],))
            self._check_room(code, name, digest(owner_id))
            share, token = shares.create(run_id, None)
            now = time.time()
            self.db.execute(
                "INSERT INTO class_entries (id, class_code, run_id, share_id, token, "
                "student_name, handed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (secrets.token_hex(8), code, run_id, share.id, token, student_name, now),
            )
        return HandIn(share_id=share.id, class_name=name, student_name=student_name, handed_at=now)

    def _drop_entries(self, code: str, dropped: RunCheck) -> None:
        """Forgets the class's entries whose link was revoked (or whose run was deleted), and
        revokes those whose run ended without weights."""
        self.db.execute(
            "DELETE FROM class_entries WHERE class_code = ? AND share_id NOT IN "
            "(SELECT id FROM shares WHERE revoked_at IS NULL)",
            (code,),
        )
        rows = self.db.execute(
            "SELECT run_id, share_id FROM class_entries WHERE class_code = ?", (code,)
        )
        for row in rows:
            if dropped(row["run_id"]):
                ShareStore(self.db).revoke(row["run_id"], row["share_id"])
                self.db.execute("DELETE FROM class_entries WHERE share_id = ?", (row["share_id"],))

    def _check_room(self, code: str, name: str, owner_hash: str) -> None:
        """ClassFull when the class, or this browser's share of it, is full."""
        held = self.db.execute("SELECT COUNT(*) FROM class_entries WHERE class_code = ?", (code,))[
            0
        ][0]
        if held >= MAX_ENTRIES_PER_CLASS:
            raise ClassFull(
                f"The class {name!r} holds {MAX_ENTRIES_PER_CLASS} runs, the most one class may: "
                "ask your teacher to remove some, or to make another class."
            )
        mine = self.db.execute(
            "SELECT COUNT(*) FROM class_entries e JOIN run_owners o ON o.run_id = e.run_id "
            "WHERE e.class_code = ? AND o.owner_hash = ?",
            (code, owner_hash),
        )[0][0]
        if mine >= MAX_ENTRIES_PER_BROWSER:
            raise ClassFull(
                f"This browser has handed in {MAX_ENTRIES_PER_BROWSER} runs to {name!r}, the "
                "most one browser may: take one back (Take back, on its run's page), then hand "
                "this one in."
            )

    def handed_in(self, run_id: str) -> list[HandIn]:
        """Where the run is handed in, by live links: what its owner sees, and nothing else of
        those classes."""
        rows = self.db.execute(
            "SELECT e.share_id, c.name AS class_name, e.student_name, e.handed_at "
            "FROM class_entries e JOIN classes c ON c.code = e.class_code "
            "JOIN shares s ON s.id = e.share_id AND s.revoked_at IS NULL "
            "WHERE e.run_id = ? ORDER BY e.handed_at",
            (run_id,),
        )
        return readable(rows, _hand_in)

    def entry_of_link(self, token: str) -> str | None:
        """The name of the student who handed in the run behind the link; None for a link
        not handed in."""
        rows = self.db.execute(
            "SELECT e.student_name FROM class_entries e JOIN shares s ON s.id = e.share_id "
            "WHERE s.token_hash = ?",
            (digest(token),),
        )
        return str(rows[0]["student_name"]) if rows else None

    def remove_entry(self, code: str, entry_id: str) -> None:
        """Takes a run out of the class, revoking its link; ClassUnknown for no such entry."""
        with self.db.transaction():
            rows = self.db.execute(
                "SELECT run_id, share_id FROM class_entries WHERE id = ? AND class_code = ?",
                (entry_id, code),
            )
            if not rows:
                raise ClassUnknown(
                    f"The class {shown_id(code)} has no entry {shown_id(entry_id)}: reload the "
                    "class to see its runs."
                )
            ShareStore(self.db).revoke(rows[0]["run_id"], rows[0]["share_id"])
            self.db.execute("DELETE FROM class_entries WHERE id = ?", (entry_id,))

    def end(self, code: str) -> None:
        """Ends the class: its links are revoked, its entries forgotten, and its code says the
        class has ended to whoever types it after."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE shares SET revoked_at = ? WHERE revoked_at IS NULL AND id IN "
                "(SELECT share_id FROM class_entries WHERE class_code = ?)",
                (time.time(), code),
            )
            self.db.execute("DELETE FROM class_entries WHERE class_code = ?", (code,))
            self.db.execute("UPDATE classes SET ended_at = ? WHERE code = ?", (time.time(), code))


# A damaged row (store/damaged.py) is logged and left out of the lists these read.
_FIX = "it is left out of the class's page; the student can hand the run in again."


def _class_record(row: sqlite3.Row) -> ClassRecord:
    fix = "it is left out of its teacher's classes; make a new class."
    return record_of(ClassRecord, dict(row), f"class {row['code']}", fix)


def _entry_record(row: sqlite3.Row) -> EntryRecord:
    return record_of(EntryRecord, dict(row), f"class entry {row['id']}", _FIX)


def _hand_in(row: sqlite3.Row) -> HandIn:
    return record_of(HandIn, dict(row), f"the hand-in of link {row['share_id']}", _FIX)
