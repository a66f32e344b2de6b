"""An upload's title, renamed by its owner: its meta.json written again, whole or not at all."""

import os
import secrets
from pathlib import Path

from torchcanvas.training.data.storage import META_FILE, DatasetRecord, datasets_folder, read_meta


def retitle(data_dir: Path, dataset_id: str, title: str) -> DatasetRecord | None:
    """Gives the upload this title; its record as it now reads, None where it is gone.
    DamagedUpload where its meta.json cannot be read. Written beside it, then renamed over it,
    so that a reader (a run starting on it) sees the old meta.json or the new, never half."""
    meta = read_meta(data_dir, dataset_id)
    if meta is None:
        return None
    meta.record.title = title
    folder = datasets_folder(data_dir) / dataset_id
    written = folder / f".{META_FILE}.{secrets.token_hex(4)}"
    try:
        written.write_text(meta.model_dump_json(indent=2))
        os.replace(written, folder / META_FILE)
    except FileNotFoundError:  # deleted meanwhile
        return None
    finally:
        written.unlink(missing_ok=True)
    return meta.record
