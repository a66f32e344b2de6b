"""A run's folder: the one place that knows the names of the files a run keeps.

    <data>/runs/<id>/
        design.json            the design, as the user's download
        dataset.json           its dataset's info when the run was created (training/run_dataset.py)
        init.safetensors       the parent run's weights, when it starts from them (init_from)
        init_match.json        which of its tensors they gave (training/init_weights.py)
        checkpoint-N.safetensors  where training stands (training/checkpoint.py)
        weights.safetensors    the trained weights, once training ends
        results.json           what the results tab shows
        exports/               other formats, made on first download (export/formats.py)

Each file is written beside its final name and renamed into place, so a reader never sees half
of one. `written` is called with each file's name once it is in place: an executor whose workers
share no disk with the server uses it to send the file back.
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DESIGN = "design.json"
DATASET = "dataset.json"
INIT_WEIGHTS = "init.safetensors"
INIT_SUFFIX = "-init.safetensors"  # its download's name after the run's (`mlp-3fa2c1-init…`)
INIT_MATCH = "init_match.json"
WEIGHTS = "weights.safetensors"
RESULTS = "results.json"
EXPORTS = "exports"
_CHECKPOINT = re.compile(r"checkpoint-(\d+)\.safetensors")
# What `write` and safetensors' save_file leave when stopped part-way (its Rust writes into
# `tempfile`'s `.tmpXXXXXX` beside the target, then renames it).
_LEFT_PART_WAY = re.compile(r"[^.].*\.partial|\.tmp[A-Za-z0-9]{6}")
_LEGACY_CHECKPOINT = "checkpoint.safetensors"  # format 1's single file, counted as number 0

# Called with a file's name, relative to the folder, once it is written in full.
WriteHook = Callable[[str], None]


@dataclass(frozen=True)
class RunFolder:
    """The files of one run, and the questions asked about them."""

    path: Path
    written: WriteHook | None = field(default=None, compare=False)

    @property
    def design(self) -> Path:
        return self.path / DESIGN

    @property
    def dataset(self) -> Path:
        return self.path / DATASET

    @property
    def init_weights(self) -> Path:
        return self.path / INIT_WEIGHTS

    @property
    def init_match(self) -> Path:
        return self.path / INIT_MATCH

    @property
    def weights(self) -> Path:
        return self.path / WEIGHTS

    @property
    def results(self) -> Path:
        return self.path / RESULTS

    @property
    def exports(self) -> Path:
        return self.path / EXPORTS

    def has_weights(self) -> bool:
        """Whether training has ended with weights that can be downloaded and exported."""
        return self.weights.is_file()

    def has_results(self) -> bool:
        return self.results.is_file()

    def checkpoints(self) -> list[tuple[int, Path]]:
        """The checkpoint files with their numbers, newest first (readable or not)."""
        numbered: list[tuple[int, Path]] = []
        for path in self.path.glob("checkpoint*.safetensors"):
            match = _CHECKPOINT.fullmatch(path.name)
            if match or path.name == _LEGACY_CHECKPOINT:
                numbered.append((int(match.group(1)) if match else 0, path))
        return sorted(numbered, reverse=True)

    def last_written(self, since: float) -> float:
        """When the newest of its checkpoints was written, or `since` if none was after it."""
        times = [since]
        for _, path in self.checkpoints():
            try:
                times.append(path.stat().st_mtime)
            except FileNotFoundError:
                continue
        return max(times)

    @staticmethod
    def checkpoint_name(number: int) -> str:
        return f"checkpoint-{number}.safetensors"

    @staticmethod
    def is_checkpoint(name: str) -> bool:
        return _CHECKPOINT.fullmatch(name) is not None

    def remove_partials(self) -> list[str]:
        """Removes what writers stopped part-way left, and gives their names: a file written
        beside its final name (`write`) and safetensors' own temporary file (`.tmp` and six
        characters) in which it writes one. Only where no writer is at work: a run ended."""
        removed: list[str] = []
        try:
            with os.scandir(self.path) as entries:
                left = [e for e in entries if e.is_file() and _LEFT_PART_WAY.fullmatch(e.name)]
        except OSError:  # no folder (a run that never began): nothing left in it
            return removed
        for entry in left:
            try:
                Path(entry.path).unlink(missing_ok=True)
            except OSError:  # kept: a file that cannot go fails no run
                continue
            removed.append(entry.name)
        return removed

    def create(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, write: Callable[[Path], object]) -> Path:
        """Runs `write` on a temporary path beside `name`, then renames it into place."""
        if Path(name).name != name or name.startswith("."):
            raise ValueError(f"{name!r} is not a file name of a run's folder.")
        self.create()
        final = self.path / name
        partial = final.with_name(f"{final.name}.partial")  # a killed writer's is written over
        try:
            write(partial)
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if self.written is not None:
            self.written(name)
        return final

    def write_bytes(self, name: str, data: bytes) -> Path:
        return self.write(name, lambda path: path.write_bytes(data))

    def write_text(self, name: str, text: str) -> Path:
        return self.write(name, lambda path: path.write_text(text))
