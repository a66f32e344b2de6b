"""Which way up an image was taken: its EXIF Orientation tag, as the turn that shows it upright.

Phones store a photo as the sensor saw it and say in EXIF how to turn it. The tag is read here
rather than with PIL's `getexif`, which warns on a damaged EXIF block; a warning cannot be caught
safely while other threads decode, so a damaged block or tag is simply taken as "as stored"."""

import struct

from PIL import Image, TiffImagePlugin

ORIENTATION = 0x0112  # the EXIF (and TIFF) tag
_SHORT = 3  # the tag's TIFF type: one unsigned 16-bit number
_ENTRY = 12  # bytes of one IFD entry: tag, type, count, value

# Orientation 1 to 8 -> the transpose that shows the picture as it was taken (1 needs none).
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# The turns after which width and height change places.
SIDEWAYS = {
    Image.Transpose.TRANSPOSE,
    Image.Transpose.ROTATE_270,
    Image.Transpose.TRANSVERSE,
    Image.Transpose.ROTATE_90,
}


def exif_orientation(exif: bytes) -> int:
    """The Orientation (1 to 8) in the first directory of an EXIF block (a TIFF header and its
    directories, after JPEG's `Exif\\0\\0` where it has one); 1, as stored, where it has none
    or where the block or the tag is damaged."""
    tiff = exif.removeprefix(b"Exif\x00\x00")
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None or len(tiff) < 8:
        return 1
    magic, directory = struct.unpack_from(order + "HI", tiff, 2)
    if magic != 42 or directory + 2 > len(tiff):
        return 1
    (entries,) = struct.unpack_from(order + "H", tiff, directory)
    for at in range(directory + 2, directory + 2 + entries * _ENTRY, _ENTRY):
        if at + _ENTRY > len(tiff):
            return 1  # the directory is cut short before the tag
        tag, kind, count = struct.unpack_from(order + "HHI", tiff, at)
        if tag == ORIENTATION:
            (value,) = struct.unpack_from(order + "H", tiff, at + 8)
            return value if kind == _SHORT and count == 1 and value in _TURNS else 1
    return 1


def upright_turn(image: Image.Image) -> Image.Transpose | None:
    """The transpose that shows an opened image the way up it was taken, or None for as stored.
    JPEG, PNG and WebP carry the tag in an EXIF block (read with the file's header; PNG puts its
    eXIf before the pixels), TIFF in its own first directory."""
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        value = image.tag_v2.get(ORIENTATION)
        return _TURNS.get(value) if isinstance(value, int) else None
    exif = image.info.get("exif")
    return _TURNS.get(exif_orientation(exif)) if isinstance(exif, bytes) else None
