"""The event log: each run's events, numbered from 1 with no gaps, stored before anyone sees them."""

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from torchcanvas.store.damaged import report
from torchcanvas.store.db import Database
from torchcanvas.training.events import StartedEvent, TrainingEvent

MAX_SEQ = 2**63 - 1  # SQLite's largest integer: an `after` above it can match nothing

# Whether a stored body reads as an event: JSON of its own seq. One that does not (a disk fault,
# an edit by hand) is replaced by a DamagedEvent as it is read; one that does but is not of the
# schema is replaced where events are parsed (api/run_reads.py), not on the websocket, which sends
# the stored text as it is. About 3 ms a MB of events, one parse each. CASE, as SQLite's json
# functions raise on malformed JSON, which stopped every query of the run's log.
_SOUND = "CASE WHEN json_valid(body) THEN json_extract(body, '$.seq') IS seq ELSE 0 END"
_TYPE = "(CASE WHEN json_valid(body) THEN json_extract(body, '$.type') END)"


class DamagedEvent(BaseModel):
    """In place of a stored event that no longer reads: its seq is kept (the log has no gap, and a
    client's after=N goes on past it), and the message says what was lost."""

    type: Literal["damaged"] = "damaged"
    message: str


def damaged_text(run_id: str, seq: int) -> str:
    """The JSON text of the DamagedEvent in place of event `seq`; the damage is logged once."""
    message = (
        f"Event {seq} is damaged in the database and cannot be read: it is left out of the "
        "charts; the events around it are whole."
    )  # a share link's visitor reads it too: never the run's id, which only the log names
    report(ValueError(f"Run {run_id}: {message}"))
    event = {"seq": seq, **DamagedEvent(message=message).model_dump()}
    return json.dumps(event, separators=(",", ":"))


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored: its seq, and its JSON text, serialised once when it was logged."""

    seq: int
    text: str


class EventLog:
    """Appends and replays the numbered events of runs."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, run_id: str, event: TrainingEvent) -> int:
        """Stores the event as JSON under the run's next seq, and returns that seq; the event
        and its bytes in the owner's count go in together, or neither (a full disk refused the
        second once, and the event was stored again with the next seq)."""
        with self.db.transaction():
            seq = self.last_seq(run_id) + 1
            numbered = {"seq": seq, **event.model_dump(mode="json")}
            body = json.dumps(numbered, separators=(",", ":"))  # ASCII: characters are bytes
            self.db.execute(
                "INSERT INTO events (run_id, seq, body) VALUES (?, ?, ?)", (run_id, seq, body)
            )
            self.db.execute(  # what its owner's disk quota counts
                "UPDATE runs SET event_bytes = event_bytes + ? WHERE id = ?", (len(body), run_id)
            )
        return seq

    def last_seq(self, run_id: str) -> int:
        """The seq of the run's latest event, or 0 before its first."""
        rows = self.db.execute(
            "SELECT COALESCE(MAX(seq), 0) AS last FROM events WHERE run_id = ?", (run_id,)
        )
        last: int = rows[0]["last"]
        return last

    def count(self, run_id: str, kind: str) -> int:
        """How many of the run's events are of type `kind`."""
        rows = self.db.execute(
            f"SELECT COUNT(*) AS n FROM events WHERE run_id = ? AND {_TYPE} = ?",
            (run_id, kind),
        )
        return int(rows[0]["n"])

    def last(self, run_id: str, but: str | None = None) -> dict[str, Any] | None:
        """The run's latest event (of another type than `but`), or None before its first."""
        rows = self.db.execute(
            f"SELECT body FROM events WHERE run_id = ? AND {_TYPE} IS NOT NULL AND {_TYPE} IS NOT ? "
            "ORDER BY seq DESC LIMIT 1",
            (run_id, but),
        )
        return json.loads(rows[0]["body"]) if rows else None

    def read(self, run_id: str, after: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        """The run's events with seq above `after`, in order."""
        return [json.loads(event.text) for event in self.read_stored(run_id, after, limit)]

    def read_stored(
        self, run_id: str, after: int = 0, limit: int = 1000, max_bytes: int | None = None
    ) -> list[StoredEvent]:
        """The run's events with seq above `after`, in order, as the JSON text that was stored:
        at most `limit` of them, and at most `max_bytes` of text (the first one in any case)."""
        after = min(after, MAX_SEQ)
        if max_bytes is None:
            rows = self.db.execute(
                f"SELECT seq, body, {_SOUND} AS sound FROM events WHERE run_id = ? AND seq > ? "
                "ORDER BY seq LIMIT ?",
                (run_id, after, limit),
            )
        else:  # the texts past the bound stay in SQLite
            rows = self.db.execute(
                f"SELECT seq, body, {_SOUND} AS sound FROM (SELECT seq, body, SUM(LENGTH(body)) "
                "OVER (ORDER BY seq) AS upto FROM (SELECT seq, body FROM events WHERE run_id = ? "
                "AND seq > ? ORDER BY seq LIMIT ?)) WHERE upto <= ? OR upto = LENGTH(body) "
                "ORDER BY seq",
                (run_id, after, limit, max_bytes),
            )
        return [
            StoredEvent(
                row["seq"], row["body"] if row["sound"] else damaged_text(run_id, row["seq"])
            )
            for row in rows
        ]

    def last_ends(self, run_id: str) -> tuple[bool, str | None]:
        """Whether the run's last end came after a start of its own (not after a Continue
        stopped while it still waited in the queue, whose end follows the previous end), and
        when it did not, how that previous end ended ("succeeded", "cancelled"…)."""
        rows = self.db.execute(
            f"SELECT {_TYPE} AS type, json_extract(body, '$.status') AS "
            f"status FROM events WHERE run_id = ? AND {_TYPE} IN "
            "('started', 'end') ORDER BY seq DESC LIMIT 2",
            (run_id,),
        )
        kinds = [row["type"] for row in rows]
        if kinds == ["end", "end"]:
            return False, str(rows[1]["status"])
        return kinds == ["end", "started"], None

    def rates_of_last_part(self, run_id: str) -> list[dict[str, Any]]:
        """The run's `rate` events since its last start (or Continue), in order."""
        rows = self.db.execute(
            f"SELECT body FROM events WHERE run_id = ? AND {_TYPE} = 'rate' "
            "AND seq > (SELECT COALESCE(MAX(seq), 0) FROM events WHERE run_id = ? "
            f"AND {_TYPE} = 'started') ORDER BY seq",
            (run_id, run_id),
        )
        return [json.loads(row["body"]) for row in rows]

    def started(self, run_id: str) -> list[StartedEvent]:
        """The run's started events, in order: its first start, then each time it went on."""
        rows = self.db.execute(
            f"SELECT seq, body FROM events WHERE run_id = ? AND {_TYPE} = 'started' ORDER BY seq",
            (run_id,),
        )
        starts = []
        for row in rows:
            try:
                starts.append(StartedEvent.model_validate_json(row["body"]))
            except ValidationError:  # damaged: said in the log, and left out
                damaged_text(run_id, row["seq"])
        return starts
