"""Receives the files of a set sent to a model at once (multipart, several `file` parts) as a
stream: each file straight to its own place on disk, refused as soon as the set passes its limits."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import HTTPException

from torchcanvas.api.upload_stream import (
    FILE_FIELD,
    MAX_FIELD_BYTES,
    PartReceiver,
    multipart_boundary,
    parse_parts,
)
from torchcanvas.export.many_limits import ManyLimits, too_many_bytes, too_many_items
from torchcanvas.export.many_pictures import NamedFile
from torchcanvas.training.data.limits import kept_name

TARGET_FIELD = "target"  # a CSV's column of labels


@dataclass
class ReceivedSet:
    """The files as sent, each on disk, and the labels' column where one was named."""

    files: list[NamedFile] = field(default_factory=list)
    target: str | None = None


class _Receiver(PartReceiver):
    """Each file part to its own file, `target` to memory."""

    def __init__(self, folder: Path, limits: ManyLimits) -> None:
        super().__init__()
        self.folder, self.limits = folder, limits
        self.received = ReceivedSet()
        self._bytes = 0
        self._target_sent = False

    def on_headers_finished(self) -> None:
        options = self.disposition()
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == FILE_FIELD and b"filename" not in options:
            raise HTTPException(
                422,
                detail=f"The field `{FILE_FIELD}` holds text, not a file: send each picture, "
                "ZIP or CSV as a file (a part with a filename).",
            )
        if self._name == FILE_FIELD:
            files = self.received.files
            if len(files) == self.limits.max_items:
                raise too_many_items(f"more than {self.limits.max_items:,}", self.limits)
            raw = options.get(b"filename", b"").decode("utf-8", "replace")
            name = kept_name(raw)
            path = self.folder / str(len(files))
            files.append(NamedFile(name or f"file {len(files) + 1}", path))
            self._file = path.open("wb")
        elif self._name == TARGET_FIELD:
            if self._target_sent:  # the last one was taken, unsaid
                raise HTTPException(
                    422,
                    detail=f"The form field `{TARGET_FIELD}` is sent twice: send it once, with "
                    "the name of the CSV's column of labels.",
                )
            self._target_sent = True
        else:  # named, as an upload's form names it: it was ignored
            raise HTTPException(
                422,
                detail=f"The form field `{self._name[:40]}` is not one this takes: send the files "
                f"in `{FILE_FIELD}` and, for a CSV, its labels' column in `{TARGET_FIELD}`.",
            )

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._bytes += end - start
            if self._bytes > self.limits.max_bytes:
                raise too_many_bytes(self.limits)
            self._file.write(data[start:end])
        else:
            self._text += data[start:end]
            if len(self._text) > MAX_FIELD_BYTES:
                raise HTTPException(
                    400,
                    detail=f"The form field `{self._name[:40]}` is longer than {MAX_FIELD_BYTES} "
                    f"bytes: `{TARGET_FIELD}` takes the name of a CSV's column of labels.",
                )

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._name == TARGET_FIELD:
            self.received.target = self._text.decode("utf-8", "replace").strip() or None


def set_body_limit(limits: ManyLimits) -> int:
    """The most bytes a set's body may declare: its files, and each part's headers besides (a
    few KiB per item at most)."""
    return limits.max_bytes + 4096 * limits.max_items


async def receive_set(
    content_type: str | None,
    content_length: str | None,
    body: AsyncIterator[bytes],
    folder: Path,
    limits: ManyLimits,
) -> ReceivedSet:
    """Streams a multipart/form-data body, writing each `file` part into `folder`."""
    boundary = multipart_boundary(
        content_type,
        "Send the set as multipart/form-data: each picture, or one ZIP or CSV, in a field `file`.",
    )
    declared = content_length or ""
    if declared.isdigit() and int(declared) > set_body_limit(limits):
        raise too_many_bytes(limits)
    receiver = _Receiver(folder, limits)
    await parse_parts(boundary, receiver, body, "The set")
    return receiver.received
