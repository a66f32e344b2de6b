"""Pictures stored sideways with an EXIF Orientation tag, as phones save them, and damaged EXIF
blocks; the upright picture is made by hand with numpy, the oracle for what a model is shown."""

import io
import struct

import numpy as np
from PIL import Image

ORIENTATION = 0x0112
# Orientation -> numpy's quarter turns (counter-clockwise) that make the upright picture from
# the stored one: 6 is "turn it a quarter clockwise to view", 8 a quarter counter-clockwise.
QUARTER_TURNS = {3: 2, 6: -1, 8: 1}


def exif_block(orientation: int, endian: str = ">") -> bytes:
    exif = Image.Exif()
    exif.endian = endian
    exif[ORIENTATION] = orientation
    return exif.tobytes()


def _directory(entry: bytes) -> bytes:
    """An EXIF block whose first directory holds one 12-byte entry."""
    return b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x01" + entry + bytes(4)


# Damaged EXIF blocks, each with an Orientation that asks for a turn or that PIL would misread.
DAMAGED_EXIF = {
    "cut short": exif_block(6)[:20],
    "no directory": exif_block(6)[:14],
    "directory past the end": b"Exif\x00\x00MM\x00*\xff\xff\xff\xf0",
    "not TIFF": b"Exif\x00\x00" + b"\xff" * 30,
    "tag as text": _directory(struct.pack(">HHI", ORIENTATION, 2, 2) + b"6\x00\x00\x00"),
    "tag of two values": _directory(struct.pack(">HHI", ORIENTATION, 3, 2) + b"\x00\x06\x00\x06"),
    "tag past the end": _directory(struct.pack(">HHII", ORIENTATION, 3, 0x7FFFFFFF, 0x7FFFFFF0)),
    "tag out of range": _directory(struct.pack(">HHI", ORIENTATION, 3, 1) + b"\x00\x09\x00\x00"),
}


def saved(pixels: np.ndarray, image_format: str, exif: bytes = b"") -> bytes:
    """(H, W) or (H, W, 3) bytes as a file of `image_format`, with an EXIF block if given."""
    out = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.fromarray(pixels).save(out, format=image_format, **options)
    return out.getvalue()


def sideways(upright: np.ndarray, orientation: int) -> np.ndarray:
    """The pixels a camera stores for an upright picture when it tags them with `orientation`."""
    return np.ascontiguousarray(np.rot90(upright, -QUARTER_TURNS[orientation]))


def turned_by_hand(stored: bytes, orientation: int) -> bytes:
    """A file's pixels as decoded with no regard to EXIF, turned upright with numpy, as a PNG:
    what the picture is, lossless, for a lossy file such as a JPEG."""
    with Image.open(io.BytesIO(stored)) as image:
        pixels = np.asarray(image)
    return saved(np.ascontiguousarray(np.rot90(pixels, QUARTER_TURNS[orientation])), "PNG")
