"""A picture with a transparent background is laid over white, as the browser shows it (the
image-set dialog's thumbnails, a file's preview): convert() dropped the alpha, so an icon's dark
shape on a transparent background reached the model on black, and Try it said "camera" 100 %."""

import io

import numpy as np
from PIL import Image

from torchcanvas.training.data.images import decode_image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_a_transparent_background_reads_as_white() -> None:
    icon = np.zeros((8, 8, 4), dtype=np.uint8)  # transparent black all round
    icon[2:6, 2:6] = (40, 40, 40, 255)  # a dark square
    rgba = Image.fromarray(icon, "RGBA")
    for image in (rgba, rgba.quantize(), rgba.convert("LA")):  # alpha, palette, grey with alpha
        for color in ("rgb", "grayscale"):
            pixels = decode_image(_png(image), 8, 8, color, lambda w, h: None).pixels
            assert pixels[:, 0, 0].tolist() == [255] * len(pixels), (image.mode, color)
            assert (pixels[:, 3:5, 3:5] < 64).all(), (image.mode, color)  # the shape stays dark
    half = np.zeros((1, 1, 4), dtype=np.uint8)
    half[0, 0] = (0, 0, 0, 128)  # half-transparent black over white: grey
    pixels = decode_image(_png(Image.fromarray(half, "RGBA")), 1, 1, "rgb", lambda w, h: None)
    assert pixels.pixels[:, 0, 0].tolist() == [127] * 3
    opaque = Image.fromarray(np.full((4, 4, 3), 9, dtype=np.uint8))  # no alpha: as it was
    assert (decode_image(_png(opaque), 4, 4, "rgb", lambda w, h: None).pixels == 9).all()
