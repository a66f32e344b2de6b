"""Hard limits on uploads, and the error an upload gets when it breaks one or is malformed."""

import lzma
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field

from torchcanvas.hidden_text import HIDDEN
from torchcanvas.problems import Invalid, TooLarge, Unsupported
from torchcanvas.sizes import size_text
from torchcanvas.training.data.zip_entries import count_entries


@dataclass(frozen=True)
class UploadLimits:
    """What one upload may hold; a file past any of these is refused before it is read."""

    max_file_bytes: int = 200 * 2**20  # the uploaded file itself
    max_members: int = 20_000  # files in a ZIP (or arrays in an NPZ)
    max_uncompressed_bytes: int = 1 * 2**30  # all ZIP members together, unpacked
    max_stored_bytes: int = 1 * 2**30  # an NPZ's arrays once stored: x as float32, and y
    max_ratio: int = (
        100  # unpacked / packed size of one member, past which it looks like a ZIP bomb
    )
    ratio_floor_bytes: int = 2**20  # members smaller than this may compress as well as they like
    max_classes: int = 1000
    max_image_pixels: int = 4096 * 4096  # one image, before it is resized
    max_total_pixels: int = 200_000_000  # all images of one upload together, before resizing
    max_decode_seconds: float = 60.0  # decoding all images of one upload
    max_picture_bytes: int = 10 * 2**20  # one picture to try a model on (a phone's photo)


MAX_FILE_NAME_CHARS = 200  # an uploaded file's name is kept to this many characters


def kept_name(raw: str) -> str:
    """A sent file's name as it is kept: its last part only (a label, never a path to write to),
    at most MAX_FILE_NAME_CHARS, cut before its extension (cut after it, a long `.csv` name lost
    its type and was refused as a file TorchCanvas does not read)."""
    name = PurePosixPath(raw.replace("\\", "/")).name
    if len(name) <= MAX_FILE_NAME_CHARS:
        return name
    suffix = PurePosixPath(name).suffix
    suffix = suffix if len(suffix) <= 10 else ""
    return name[: MAX_FILE_NAME_CHARS - len(suffix)] + suffix


MAX_LABEL_CHARS = 200  # a class name (a target value, a class folder) longer than this is refused


_HALF_PAIR = re.compile("[\ud800-\udfff]")


def refuse_half_pairs(labels: list[str], what: str) -> None:
    """UploadError naming the first label that holds half a UTF-16 surrogate pair (text numpy
    keeps, but no character: it cannot be stored or sent as UTF-8)."""
    for label in labels:
        half = _HALF_PAIR.search(label)
        if half is not None:
            shown = label.encode("utf-8", "backslashreplace").decode()  # '\\ud800a'
            escape = f"\\u{ord(half.group()):04x}"
            raise UploadError(
                f"{what} holds the label '{shown}', with half a UTF-16 surrogate pair "
                f"({escape}), which is no character: save the labels as valid Unicode text (as "
                "str.encode('utf-8') accepts it), then upload again."
            )


class UploadLimitsInfo(BaseModel):
    """The limits a browser checks before it sends a ZIP it made, as the upload's check applies them."""

    max_file_bytes: int = Field(description="the uploaded file itself")
    max_files: int = Field(description="files in a ZIP: one per image")
    max_classes: int = Field(description="class folders in a ZIP")
    max_total_pixels: int = Field(description="all images of one upload together, as sent")
    max_file_name_chars: int = Field(description="the file's name, its extension included")
    max_class_name_chars: int = Field(description="a class folder's name")
    hidden_characters: str = Field(
        description="the characters refused in a title and a class's name, as a regular "
        "expression's character class without its brackets, which Python and JavaScript read alike"
    )


def limits_info(limits: UploadLimits) -> UploadLimitsInfo:
    return UploadLimitsInfo(
        max_file_bytes=limits.max_file_bytes,
        max_files=limits.max_members,
        max_classes=limits.max_classes,
        max_total_pixels=limits.max_total_pixels,
        max_file_name_chars=MAX_FILE_NAME_CHARS,
        max_class_name_chars=MAX_LABEL_CHARS,
        hidden_characters=HIDDEN,
    )


class UploadError(Invalid, ValueError):
    """An upload that is refused, with a message that says what is wrong and what to do."""


class UploadTooLarge(TooLarge, UploadError):
    """An upload past one of the limits on its size."""


class UploadUnsupported(Unsupported, UploadError):
    """A file of a type TorchCanvas does not read."""


_ENCRYPTED = 0x1  # general purpose flag bit 0
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
# What opening a damaged ZIP or reading a damaged member raises: a bad CRC or header, broken
# Deflate or LZMA data, a stream that ends early, bzip2's "Invalid data stream" (an OSError), a
# UTF-8 name that is not UTF-8, a version or flag zipfile does not read (NotImplementedError).
DAMAGED_ZIP = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    UnicodeDecodeError,
    NotImplementedError,
)


def _check_member(info: zipfile.ZipInfo, limits: UploadLimits) -> None:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise UploadError(
            f"The ZIP member `{name}` has an absolute path: zip the folders with relative paths "
            "such as cats/1.png."
        )
    if ".." in path.parts:
        raise UploadError(
            f"The ZIP member `{name}` reaches outside the archive (`..` in its path): zip the "
            "folders themselves, with paths such as cats/1.png."
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UploadError(
            f"The ZIP member `{name}` is a symbolic link: links are refused; zip the files themselves."
        )
    if info.flag_bits & _ENCRYPTED:
        raise UploadError(
            f"The ZIP member `{name}` is encrypted: zip the files again without a password."
        )
    if info.compress_type not in _METHODS:
        raise UploadError(
            f"The ZIP member `{name}` is compressed with method {info.compress_type}, which this "
            "server does not read: zip the files again with the usual Deflate (or none)."
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
        raise UploadTooLarge(
            f"The ZIP member `{name}` expands {ratio:,.0f} times ({size_text(info.compress_size)} "
            f"to {size_text(info.file_size)}), past the limit of {limits.max_ratio}: that is how "
            "ZIP bombs look; upload files that are not padded."
        )


def open_zip(path: Path, file_name: str, limits: UploadLimits) -> zipfile.ZipFile:
    """Opens an uploaded ZIP (or NPZ) after checking every member's name, kind and size."""
    if not zipfile.is_zipfile(path):
        raise UploadError(
            f"`{file_name}` is not a ZIP archive: upload a .zip (or, for arrays, a file written "
            "by numpy.savez)."
        )
    if count_entries(path, limits.max_members) > limits.max_members:  # before zipfile reads them
        raise UploadTooLarge(
            f"The ZIP holds more than {limits.max_members:,} files, the limit: upload fewer "
            "images, or smaller ones."
        )
    try:
        archive = zipfile.ZipFile(path)
    except DAMAGED_ZIP as exc:
        raise UploadError(f"`{file_name}` is a damaged ZIP ({exc}): make it again.") from None
    try:
        members = archive.infolist()
        for info in members:
            _check_member(info, limits)
        total = sum(info.file_size for info in members)
        if total > limits.max_uncompressed_bytes:
            raise UploadTooLarge(
                f"The ZIP unpacks to {size_text(total)}, more than the limit of "
                f"{size_text(limits.max_uncompressed_bytes)}: upload fewer images, or smaller ones."
            )
    except BaseException:
        archive.close()
        raise
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never more than its header promised (which open_zip has checked)."""
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except DAMAGED_ZIP as exc:
        raise UploadError(f"The ZIP is damaged ({exc}): zip the folders again.") from None
    if len(data) > info.file_size:
        raise UploadTooLarge(f"The ZIP member `{info.filename}` is larger than its header says.")
    return data
