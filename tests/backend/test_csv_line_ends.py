"""A CSV's rows may end in \\n, \\r\\n or a lone \\r (classic Mac OS), mixed too: each uploads with
the rows Python's csv module reads from it."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.backend.test_datasets_upload import upload

ROWS = [["1", "2", "0"], ["3", "4", "1"], ["5", "6", "0"], ["7", "8", "1"], ["9", "10", "0"]]


def _csv(ends: list[str]) -> bytes:
    lines = [",".join(["a", "b", "label"]), *(",".join(row) for row in ROWS)]
    return "".join(line + ends[i % len(ends)] for i, line in enumerate(lines)).encode()


@pytest.mark.parametrize("ends", [["\r"], ["\r\n"], ["\n", "\r"], ["\r", "\r\n", "\n"]], ids=repr)
def test_rows_end_where_pythons_csv_ends_them(client: TestClient, ends: list[str]) -> None:
    data = _csv(ends)
    read = list(csv.reader(io.StringIO(data.decode(), newline="")))
    assert read[1:] == ROWS  # the file as Python's csv reads it
    record = upload(client, "ends.csv", data, target="label")
    assert record["train_size"] + record["val_size"] == len(ROWS)
    preview = client.get(f"/api/datasets/{record['id']}/preview").json()
    assert preview["columns"] == ["a", "b", "label"]
    assert preview["rows"] == ROWS
