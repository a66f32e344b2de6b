"""Counts a ZIP's entries in its central directory, before zipfile makes an object of each.

zipfile.ZipFile reads the whole central directory into a ZipInfo per entry as it opens an
archive, however many there are: 3 million entries with one-letter names, 141 MB, took the
server 1 GB and 17 s before the limit on their number could refuse them. This walks the same
headers, from the end record zipfile itself finds, and stops one past the limit.
"""

import struct
import zipfile
from pathlib import Path
from typing import Any

# zipfile's reader of the end record and its names for the record's fields: private, unchanged
# since Python 2, and what zipfile.ZipFile itself opens an archive by.
_zip: Any = zipfile
_HEADER = _zip.sizeCentralDir  # 46 bytes of a central directory entry, then three fields
_FIELD_LENGTHS = struct.Struct("<3H")  # its name, extra field and comment lengths, at byte 28


def count_entries(path: Path, stop_after: int) -> int:
    """The ZIP's entries, counted up to `stop_after` + 1; 0 where zipfile will find no
    directory to read (and say so itself)."""
    with path.open("rb") as file:
        end = _zip._EndRecData(file)  # ZIP64's too: zipfile and this see the same directory
        if not end:
            return 0
        size = end[_zip._ECD_SIZE]
        start = end[_zip._ECD_LOCATION] - size
        if end[_zip._ECD_SIGNATURE] == _zip.stringEndArchive64:
            start -= _zip.sizeEndCentDir64 + _zip.sizeEndCentDir64Locator
        if start < 0:
            return 0
        file.seek(start)
        count = walked = 0
        while walked < size and count <= stop_after:
            header = file.read(_HEADER)
            if len(header) < _HEADER or header[:4] != _zip.stringCentralDir:
                break  # damaged: zipfile says so as it opens it
            name, extra, comment = _FIELD_LENGTHS.unpack_from(header, 28)
            file.seek(name + extra + comment, 1)
            walked += _HEADER + name + extra + comment
            count += 1
    return count
