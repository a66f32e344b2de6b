"""Pictures sent to a model at once, loose or in a ZIP of class folders, each made into a sample
exactly as Try it makes one; a picture that cannot be read is an item with its own reason."""

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from torchcanvas.design.schema import Design
from torchcanvas.export.classify_many import ManySample
from torchcanvas.export.many_limits import ManyLimits, too_many_items
from torchcanvas.problems import Invalid
from torchcanvas.sizes import size_text
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.images import IMAGE_SUFFIXES, is_junk
from torchcanvas.training.data.limits import (
    UploadError,
    UploadLimits,
    UploadTooLarge,
    open_zip,
    read_member,
)
from torchcanvas.training.data.pictures import NotForPictures, picture_sample
from torchcanvas.training.data.zip_entries import count_entries


@dataclass(frozen=True)
class NamedFile:
    """A file as it was sent: its name, and where it waits on disk."""

    name: str
    path: Path


class OverBudget(UploadTooLarge):
    """A set whose pictures together cost more to decode than one request may."""


class _Budget:
    """What decoding one set's pictures may cost together: pixels, and seconds (as an upload's)."""

    def __init__(self, limits: UploadLimits) -> None:
        self.limits = limits
        self.pixels = 0
        self.deadline = time.monotonic() + limits.max_decode_seconds

    def spend(self, width: int, height: int) -> None:
        self.pixels += width * height
        if self.pixels > self.limits.max_total_pixels:
            raise OverBudget(
                f"The pictures hold more than {self.limits.max_total_pixels:,} pixels together: "
                "shrink them to about the model's size first, or send fewer."
            )
        if time.monotonic() > self.deadline:
            raise OverBudget(
                f"Decoding the pictures took more than {self.limits.max_decode_seconds:.0f} s: "
                "shrink them to about the model's size first, or send fewer."
            )


def _sample(
    name: str,
    data: bytes,
    label: str | None,
    design: Design,
    info: DatasetInfo | None,
    limits: UploadLimits,
    budget: _Budget,
) -> ManySample:
    try:
        made = picture_sample(data, design.input_shape, info, limits, budget.spend)
    except (NotForPictures, OverBudget):
        raise  # the model, or the set as a whole: not this picture's own problem
    except Invalid as refused:
        return ManySample(name, None, label, str(refused))
    return ManySample(name, made.x, label)


def picture_samples(
    files: list[NamedFile], design: Design, info: DatasetInfo | None, limits: UploadLimits
) -> list[ManySample]:
    """Loose pictures: each its own item, with no label."""
    budget = _Budget(limits)
    return [_sample(f.name, f.path.read_bytes(), None, design, info, limits, budget) for f in files]


def _label(parts: tuple[str, ...]) -> str | None:
    """The class folder a picture is in, if it is in one."""
    return parts[-2] if len(parts) >= 2 else None


def zip_samples(
    file: NamedFile,
    design: Design,
    info: DatasetInfo | None,
    limits: UploadLimits,
    many: ManyLimits,
) -> list[ManySample]:
    """A ZIP's pictures, read with the dataset upload's checks; a picture in a folder comes with
    the folder's name as its label (cats/1.png: `cats`)."""
    if zipfile.is_zipfile(file.path) and count_entries(file.path, many.max_items) > many.max_items:
        raise too_many_items(f"more than {many.max_items:,}", many)
    budget = _Budget(limits)
    samples: list[ManySample] = []
    with open_zip(file.path, file.name, limits) as archive:
        members = [
            (PurePosixPath(m.filename.replace("\\", "/")).parts, m)
            for m in archive.infolist()
            if not m.is_dir()
        ]
        members = [(parts, m) for parts, m in members if parts and not is_junk(parts)]
        tops = {parts[0] for parts, _ in members}
        if len(tops) == 1 and all(len(parts) >= 3 for parts, _ in members):
            members = [(parts[1:], m) for parts, m in members]  # one folder around them all
        for parts, member in members:
            label = _label(parts)
            if PurePosixPath(parts[-1]).suffix.lower() not in IMAGE_SUFFIXES:
                kinds = ", ".join(sorted(IMAGE_SUFFIXES))
                problem = f"Not a picture ({kinds}): leave it out of the ZIP."
                samples.append(ManySample(member.filename, None, label, problem))
                continue
            if member.file_size > limits.max_picture_bytes:  # never unpacked into memory
                problem = f"The picture is {size_text(member.file_size)}, more than the limit of "
                problem += f"{size_text(limits.max_picture_bytes)}: shrink it, or save it as JPEG."
                samples.append(ManySample(member.filename, None, label, problem))
                continue
            try:
                data = read_member(archive, member)
            except zipfile.BadZipFile as exc:
                raise UploadError(f"The ZIP is damaged ({exc}): zip the folders again.") from None
            samples.append(_sample(member.filename, data, label, design, info, limits, budget))
    if not samples:
        raise UploadError(
            "The ZIP holds no pictures: put them in it, in one folder per class (cats/1.png) "
            "where you know their classes."
        )
    return samples
