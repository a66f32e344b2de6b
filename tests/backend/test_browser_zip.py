"""The ZIP the browser makes of an image dataset (frontend/src/training/makeset/zip.ts) reads back
in Python's zipfile, and as an upload of image folders; its Vitest test keeps the fixture its own."""

import base64
import io
import zipfile
from pathlib import Path

import numpy as np

from torchcanvas.training.data.images import read_image_zip
from torchcanvas.training.data.limits import UploadLimits

FIXTURE = Path(__file__).parent / "fixtures" / "browser_made.zip.b64"
NAMES = ["red/1.png", "red/2.png", "Blau ü/1.png", "Blau ü/2.png"]


def made_by_the_browser() -> bytes:
    return base64.b64decode(FIXTURE.read_text())


def test_zipfile_reads_every_member_with_its_utf8_name_and_a_good_crc() -> None:
    with zipfile.ZipFile(io.BytesIO(made_by_the_browser())) as archive:
        assert archive.testzip() is None  # every member's CRC-32 matches its bytes
        assert archive.namelist() == NAMES
        for info in archive.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.flag_bits & 0x800  # the name is UTF-8
            assert archive.read(info).startswith(b"\x89PNG\r\n\x1a\n")


def test_it_uploads_as_image_folders_one_class_each(tmp_path: Path) -> None:
    path = tmp_path / "made.zip"
    path.write_bytes(made_by_the_browser())
    x, y, classes, _ = read_image_zip(path, "made.zip", 2, "rgb", UploadLimits())
    assert classes == ["Blau ü", "red"]
    assert x.shape == (4, 3, 2, 2)  # (N, C, H, W)
    assert y.tolist() == [1, 1, 0, 0]
    np.testing.assert_array_equal(x[0, :, 0, 0], [255, 0, 0])  # red
    np.testing.assert_array_equal(x[2, :, 0, 0], [0, 0, 255])  # the blue one of Blau ü
