"""The data folder's format (store/data_format.py): its stamp in the database, a folder a newer
version wrote refused in one line with nothing changed, and a fingerprint of the stored records'
shapes that fails here where they changed and the format number did not."""

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from tests.backend.test_startup import one_clear_line, start
from tests.serve import free_port
from torchcanvas.preflight import StartupError, check_database
from torchcanvas.store.classes import ClassRecord, EntryRecord, HandIn
from torchcanvas.store.data_format import FINGERPRINT, FORMAT, NewerData
from torchcanvas.store.db import DATABASE_NAME, Database
from torchcanvas.store.runs import Run
from torchcanvas.store.shares import Share
from torchcanvas.training.events import TrainingEvent

STORED: list[Any] = [Run, Share, ClassRecord, EntryRecord, HandIn]
# What a reader does not check: words, and defaults (some worked out on the machine that runs).
WORDS = {"description", "title", "examples", "default"}


def _shape(schema: Any) -> Any:
    """The schema without its words: what a version reading these records checks. Fields keep
    their names, a field named `title` too."""
    if isinstance(schema, dict):
        return {
            key: {name: _shape(field) for name, field in value.items()}
            if key == "properties"
            else _shape(value)
            for key, value in schema.items()
            if key not in WORDS
        }
    if isinstance(schema, list):
        return [_shape(value) for value in schema]
    return schema


def fingerprint() -> str:
    schemas = [model.model_json_schema() for model in STORED]
    schemas.append(TypeAdapter(TrainingEvent).json_schema())
    text = json.dumps(_shape(schemas), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_the_stored_records_shapes_are_those_of_this_format() -> None:
    assert all(issubclass(model, BaseModel) for model in STORED)
    got = fingerprint()
    assert got == FINGERPRINT, (
        "What the server stores changed shape (a run's design, training settings or metrics, an "
        "event, a share link, a class): a version before this one would read such records as "
        f"damaged. In store/data_format.py raise FORMAT to {FORMAT + 1} and set FINGERPRINT to "
        f'"{got}".'
    )


def test_a_database_is_stamped_with_this_format(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    Database(path).close()
    assert _stamp(path) == FORMAT
    # One from before the stamp (0) is this format: stamped as it opens.
    _set_stamp(path, 0)
    Database(path).close()
    assert _stamp(path) == FORMAT


def test_a_folder_a_newer_version_wrote_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_NAME
    Database(path).close()
    _set_stamp(path, FORMAT + 1)
    before = path.read_bytes()
    with pytest.raises(NewerData):
        Database(path)
    with pytest.raises(StartupError) as refused:
        check_database(tmp_path)
    assert str(refused.value) == (
        f"The database {path} was written by a newer TorchCanvas (data format {FORMAT + 1}; this "
        f"version reads formats up to {FORMAT}): start that version, or a later one, on it, or "
        "set TORCHCANVAS_DATA to another folder. Nothing in it was changed."
    )
    assert path.read_bytes() == before
    # The server itself: one line, and it starts nothing.
    done = start(tmp_path, free_port())
    one_clear_line(done, "written by a newer TorchCanvas", "Nothing in it was changed.")
    assert path.read_bytes() == before


def _stamp(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _set_stamp(path: Path, value: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={value}")
    conn.close()
