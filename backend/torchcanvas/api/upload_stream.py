"""Receives a multipart upload as a stream: the file goes straight to disk, and stops at the size limit."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from fastapi import HTTPException
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from torchcanvas.sizes import size_text
from torchcanvas.training.data.limits import kept_name
from torchcanvas.training.data.upload_options import UploadOptions

MAX_FIELD_BYTES = 4096
MAX_FIELDS = 16  # field names; a list option (`drop`) may repeat its name
MAX_FORM_TEXT_BYTES = 2**18  # every text field's value together
PART_BYTES = 16  # what each text part counts for besides its value: 16,384 parts at most
MAX_BOUNDARY = 256  # python_multipart's own limit; RFC 2046 allows 70 characters
FILE_FIELD = "file"


@dataclass
class ReceivedUpload:
    """The uploaded file on disk, its name as the person gave it, and the form's text fields
    (each name's values, in the order sent: a list option such as `drop` repeats its name)."""

    path: Path
    file_name: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)


class PartReceiver:
    """The multipart parser's callbacks for a part's headers; a subclass takes its data
    (on_headers_finished, on_part_data, on_part_end) and closes what it opened (close)."""

    def __init__(self) -> None:
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._file: BinaryIO | None = None
        self._text = bytearray()

    def on_part_begin(self) -> None:
        self._headers, self._text, self._file = {}, bytearray(), None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def disposition(self) -> dict[bytes, bytes]:
        """The part's Content-Disposition options (name, filename)."""
        return parse_options_header(self._headers.get(b"content-disposition"))[1]

    def file_name(self, options: dict[bytes, bytes]) -> str:
        """The name of the file the part holds, as kept; refused where the part names none,
        since its extension says how the file is read."""
        kept = kept_name(options.get(b"filename", b"").decode("utf-8", "replace"))
        if kept.strip():  # a path's last part: "/" or "dir/" names nothing
            return kept
        # RFC 7578 forbids the extended `filename*=UTF-8''…` in a form, and it is not read.
        extended = b"filename*" in self._headers.get(b"content-disposition", b"")
        raise HTTPException(
            422,
            detail=f"The field `{FILE_FIELD}` names no file: send the CSV, NPZ or ZIP with its name, as "
            f'`filename="data.csv"` in the part\'s Content-Disposition (in UTF-8'
            f"{', not as filename*=' if extended else ''}): its extension says how it is read.",
        )

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class _Receiver(PartReceiver):
    """One file part to disk, text parts to memory."""

    def __init__(self, target: Path, max_file_bytes: int) -> None:
        super().__init__()
        self.upload = ReceivedUpload(path=target)
        self.max_file_bytes = max_file_bytes
        self._file_bytes = 0
        self._text_bytes = 0  # every text field's so far
        self.seen_file = False

    def on_headers_finished(self) -> None:
        options = self.disposition()
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._name == FILE_FIELD:
            if self.seen_file:
                raise HTTPException(400, detail="Send one file per upload, in the field `file`.")
            self.seen_file = True
            self.upload.file_name = self.file_name(options)
            self._file = self.upload.path.open("wb")
        elif self._name not in self.upload.fields and len(self.upload.fields) >= MAX_FIELDS:
            raise HTTPException(
                400,
                detail=f"The form has more than {MAX_FIELDS} fields: send the file in `file`, "
                f"and beside it only the upload's options ({', '.join(UploadOptions.model_fields)}).",
            )
        else:  # each part costs its own bytes: a name repeated, empty, is no free part
            self._count_text(PART_BYTES)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file is not None:
            self._file_bytes += end - start
            if self._file_bytes > self.max_file_bytes:
                raise _too_large(self.max_file_bytes)
            self._file.write(data[start:end])
        else:
            self._text += data[start:end]
            self._count_text(end - start)
            if len(self._text) > MAX_FIELD_BYTES:
                raise HTTPException(
                    400,
                    detail=f"The form field `{self._name}` is longer than {MAX_FIELD_BYTES} bytes: "
                    "it takes a column name or an option's value; the data goes in the field `file`.",
                )

    def _count_text(self, size: int) -> None:
        self._text_bytes += size
        if self._text_bytes > MAX_FORM_TEXT_BYTES:
            raise HTTPException(
                400,
                detail=f"The form's fields hold more than {size_text(MAX_FORM_TEXT_BYTES)} "
                "of text: they take column names and options; the data goes in the field `file`.",
            )

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        else:
            value = self._text.decode("utf-8", "replace").strip()
            self.upload.fields.setdefault(self._name, []).append(value)


def _too_large(limit: int) -> HTTPException:
    return HTTPException(
        413,
        detail=f"The file is larger than the upload limit of {size_text(limit)}: upload a smaller "
        "one, for example fewer rows or smaller images.",
    )


def upload_body_limit(max_file_bytes: int) -> int:
    """The most bytes an upload's body may declare: its file, and the form around it."""
    return max_file_bytes + 2**16


async def receive_upload(
    content_type: str | None,
    content_length: str | None,
    body: AsyncIterator[bytes],
    target: Path,
    max_file_bytes: int,
) -> ReceivedUpload:
    """Streams a multipart/form-data body, writing the `file` field to `target`."""
    boundary = multipart_boundary(
        content_type, "Send the dataset as multipart/form-data, with the file in the field `file`."
    )
    declared = content_length or ""
    if declared.isdigit() and int(declared) > upload_body_limit(max_file_bytes):
        raise _too_large(max_file_bytes)
    receiver = _Receiver(target, max_file_bytes)
    await parse_parts(boundary, receiver, body, "The upload")
    if not receiver.seen_file:
        raise HTTPException(400, detail="The upload has no file: send it in the form field `file`.")
    return receiver.upload


_CALLBACKS = (
    "on_part_begin",
    "on_header_field",
    "on_header_value",
    "on_header_end",
    "on_headers_finished",
    "on_part_data",
    "on_part_end",
)


def multipart_boundary(content_type: str | None, how_to_send: str) -> bytes:
    """The boundary of a multipart/form-data body: 415 with `how_to_send` for another type,
    400 for a boundary longer than the parser takes."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise HTTPException(415, detail=how_to_send)
    if len(boundary) > MAX_BOUNDARY:
        raise HTTPException(
            400,
            detail=f"The multipart boundary is {len(boundary):,} characters long, more than the "
            f"limit of {MAX_BOUNDARY}: let the HTTP client choose the boundary (RFC 2046 allows "
            "at most 70 characters).",
        )
    return boundary


async def parse_parts(
    boundary: bytes, receiver: PartReceiver, body: AsyncIterator[bytes], what: str
) -> None:
    """Feeds `body` to a multipart parser that calls `receiver`'s on_* methods, and closes the
    receiver; 400 saying `what` is not valid multipart/form-data otherwise."""
    ended: list[bool] = []
    callbacks = {name: getattr(receiver, name) for name in _CALLBACKS}
    callbacks["on_end"] = lambda: ended.append(True)  # its closing boundary, `--boundary--`
    parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except FormParserError as exc:  # every error of the parser, not only MultipartParseError
        raise HTTPException(
            400,
            detail=f"{what} is not valid multipart/form-data ({exc}): send it as an HTML form "
            "or `curl -F file=@data.csv` does, a boundary line before each part, each part's "
            "headers on lines of their own (at most 8, under 4 KiB), the body not compressed.",
        ) from None
    finally:
        receiver.close()
    if not ended:  # cut short: its last part may be any part of the file, and is not kept
        raise HTTPException(
            400,
            detail=f"{what} ended before its closing boundary: the body was cut short. Send it "
            "again, whole.",
        )
