"""A CSV's feature of large values and a small spread (unix times 1e9 ± 40, prices 123456.78 ±
0.05) keeps that spread: read as float64 and standardised in float64, then float32, by both CSV
readers, by the model page's Try it and Classify many, and by the run's script. float32 holds
1e9 + 40 as 1e9 + 64, and 1e9 ± 32 all as 1e9. numpy in float64 is the oracle."""

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import load as load_safetensors
from torch import nn

from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.data.csv_columns import check_header
from torchcanvas.training.data.csv_fast import read_typed
from torchcanvas.training.data.split import split_indices
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.data.tables import read_csv
from torchcanvas.training.script_data import data_code

from .test_datasets_upload import train, upload
from .test_script_upload import _script

COLUMNS = ["when", "price", "late"]


def stamps_csv(rows: int = 240, sep: str = ",") -> bytes:
    """Whether a parcel came late, from when it came (1e9 + k seconds, late when k > 0) and its
    price (123456.78 ± 0.05, noise). A ";" file of numbers with points takes the careful reader."""
    rng = np.random.default_rng(7)
    seconds = rng.choice([*range(-40, 0), *range(1, 41)], rows)
    cents = rng.integers(-5, 6, rows)
    lines = [sep.join(COLUMNS)]
    for k, c in zip(seconds.tolist(), cents.tolist(), strict=True):
        lines.append(
            sep.join([f"{1_000_000_000 + k}", f"{123456.78 + c / 100:.2f}", f"{int(k > 0)}"])
        )
    return ("\n".join(lines) + "\n").encode()


def _raw(data: bytes, sep: str = ",") -> tuple[np.ndarray, np.ndarray]:
    """The file's features (N, 2) as float64 and its labels (N,), read by numpy."""
    table = np.loadtxt(io.StringIO(data.decode()), delimiter=sep, skiprows=1)
    return table[:, :2], table[:, 2].astype(np.int64)


def _oracle(data: bytes, sep: str = ",") -> dict[str, np.ndarray]:
    """The split's rows, and the training part's statistics and standardised parts, in float64."""
    x, y = _raw(data, sep)
    train, val = split_indices(y, "classification")
    mean, std = x[train].mean(axis=0), x[train].std(axis=0)
    return {
        "x": x,
        "mean": mean,
        "std": std,
        "x_train": ((x[train] - mean) / std).astype(np.float32),
        "x_val": ((x[val] - mean) / std).astype(np.float32),
        "raw_val": x[val],
    }


@pytest.mark.parametrize("sep", [",", ";"], ids=["fast-reader", "careful-reader"])
def test_both_readers_keep_every_digit_of_a_large_feature(tmp_path: Path, sep: str) -> None:
    data = stamps_csv(sep=sep)
    path = tmp_path / "stamps.csv"
    path.write_bytes(data)
    fast = read_typed(path, check_header(COLUMNS, "late"), sep)  # type: ignore[arg-type]
    assert (fast is None) == (sep == ";")  # a ";" file with decimal points: the careful reader
    table = read_csv(path, "late")
    assert table.x.dtype == np.float64
    np.testing.assert_array_equal(table.x, _raw(data, sep)[0])


@pytest.mark.parametrize("sep", [",", ";"], ids=["fast-reader", "careful-reader"])
def test_an_upload_standardises_a_large_feature_as_float64_numpy_does(
    client: TestClient, data_dir: Path, sep: str
) -> None:
    data = stamps_csv(sep=sep)
    record = upload(client, "stamps.csv", data, target="late")
    oracle, split = _oracle(data, sep), load_split(record["id"], data_dir)
    stats = record["standardisation"]
    np.testing.assert_allclose(stats["mean"], oracle["mean"], rtol=1e-15)
    np.testing.assert_allclose(stats["std"], oracle["std"], rtol=1e-12)
    # What the model sees is float64's standardisation to float32's precision (a last-bit
    # difference at most, where the mean's float64 sum rounds otherwise than numpy's).
    assert split.x_train.dtype == torch.float32
    np.testing.assert_allclose(split.x_train.numpy(), oracle["x_train"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(split.x_val.numpy(), oracle["x_val"], rtol=0, atol=1e-6)
    # Every second of 1e9 ± 40 stays apart (read as float32, 1e9 ± 40 kept 3 values).
    train_seconds = np.unique(
        _raw(data, sep)[0][:, 0][split_indices(_raw(data, sep)[1], "classification")[0]]
    )
    assert len(np.unique(split.x_train[:, 0].numpy())) == len(train_seconds) > 60


def _by_hand(client: TestClient, run_id: str) -> nn.Module:
    """The run's one Linear layer in plain PyTorch, with its downloaded weights."""
    model = nn.Sequential()
    model.add_module("fc", nn.Linear(2, 2))
    weights = client.get(f"/api/runs/{run_id}/weights.safetensors")
    model.load_state_dict(load_safetensors(weights.content))
    return model.eval()


def _linear(name: str) -> dict[str, Any]:
    layers = [{"id": "fc", "type": "Linear", "params": {"out_features": 2}}]
    return {"version": 1, "name": name, "input_shape": [2], "layers": layers}


@pytest.fixture(scope="module")
def stamps_run(client: TestClient) -> tuple[str, dict[str, Any]]:
    record = upload(client, "stamps.csv", stamps_csv(), target="late")
    run = train(client, record["id"], _linear("late"), epochs=20, lr=0.05)
    assert run["status"] == "succeeded", run
    return run["id"], record


def test_a_large_features_small_spread_trains_to_high_accuracy(
    client: TestClient, stamps_run: tuple[str, dict[str, Any]]
) -> None:
    """Late is `when` > 1e9: one threshold, which a Linear layer finds once the seconds are
    kept (read as float32, 1e9 - 32 to 1e9 + 32 were one value, and it stayed at 62 %)."""
    run_id, _ = stamps_run
    epochs = client.get(f"/api/runs/{run_id}/events", params={"limit": 1000}).json()
    accuracy = [e["val_accuracy"] for e in epochs if e["type"] == "epoch"][-1]
    assert accuracy >= 0.95


def test_try_it_answers_a_raw_row_as_the_model_answers_its_standardised_row(
    client: TestClient, data_dir: Path, stamps_run: tuple[str, dict[str, Any]]
) -> None:
    run_id, record = stamps_run
    oracle, split = _oracle(stamps_csv()), load_split(record["id"], data_dir)
    model = _by_hand(client, run_id)
    for raw, stored in zip(oracle["raw_val"][:12], split.x_val[:12], strict=True):
        reply = client.post(f"/api/runs/{run_id}/predict", json={"input": raw.tolist()})
        assert reply.status_code == 200, reply.text
        with torch.no_grad():
            expected = torch.softmax(model(stored[None]), dim=1)[0]  # as the run saw the row
        assert reply.json()["probabilities"] == pytest.approx(expected.tolist(), rel=1e-5)


def test_classify_many_answers_raw_rows_as_the_model_answers_the_validation_set(
    client: TestClient, data_dir: Path, stamps_run: tuple[str, dict[str, Any]]
) -> None:
    run_id, record = stamps_run
    data, split = stamps_csv(), load_split(record["id"], data_dir)
    oracle = _oracle(data)
    labels = split.y_val.tolist()
    rows = [
        f"{when:.0f},{price:.2f},{label}"
        for (when, price), label in zip(oracle["raw_val"].tolist(), labels, strict=True)
    ]
    csv = ("\n".join([",".join(COLUMNS), *rows]) + "\n").encode()
    parts = [("file", ("rows.csv", csv, "application/octet-stream"))]
    reply = client.post(f"/api/runs/{run_id}/classify-many", files=parts)
    assert reply.status_code == 200, reply.text
    with torch.no_grad():
        chances = torch.softmax(_by_hand(client, run_id)(split.x_val), dim=1)  # (N, 2)
    right = (chances.argmax(dim=1) == split.y_val).float().mean().item()
    answer = reply.json()
    assert answer["accuracy"] == pytest.approx(right)
    for item, expected in zip(answer["items"], chances, strict=True):
        top = item["top"][0]
        assert top["probability"] == pytest.approx(expected.max().item(), rel=1e-5)


def test_the_scripts_constants_and_tensors_are_float64_numpys(
    client: TestClient, data_dir: Path, tmp_path: Path
) -> None:
    """The script reads the person's file as the upload did: its MEAN and STD are the training
    part's in float64, and its tensors float64's standardisation, as float32."""
    data = stamps_csv()
    record = upload(client, "stamps.csv", data, target="late")
    part = data_code(find_dataset(record["id"], data_dir))
    (tmp_path / "stamps.csv").write_bytes(data)
    script = _script("\n".join(sorted(part.imports)) + "\n" + part.code, tmp_path / "net.py")
    script["DATA_FILE"] = str(tmp_path / "stamps.csv")
    oracle = _oracle(data)
    np.testing.assert_allclose(script["MEAN"], oracle["mean"], rtol=1e-15)
    np.testing.assert_allclose(script["STD"], oracle["std"], rtol=1e-12)
    x_train, _, x_val, _ = script["load_data"]()
    np.testing.assert_allclose(x_train.numpy(), oracle["x_train"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(x_val.numpy(), oracle["x_val"], rtol=0, atol=1e-6)
    assert len(np.unique(x_train[:, 0].numpy())) > 60


def test_a_standardised_value_goes_back_to_its_raw_value_in_float64(
    client: TestClient,
) -> None:
    """A mistake's values, shown as the dataset gave them, are 1e9 + 17 again (float32's 1e9
    + 0, or 1e9 + 64, in float32 arithmetic)."""
    record = upload(client, "stamps.csv", stamps_csv(), target="late")
    info = find_dataset(record["id"], client.app.state.services.settings.data_dir)  # type: ignore[attr-defined]
    stats = info.standardisation
    assert stats is not None
    raw = torch.tensor(
        [[1_000_000_017.0, 123456.81], [999_999_961.0, 123456.73]], dtype=torch.float64
    )
    scaled = stats.scaled_features(raw)
    assert scaled.dtype == torch.float32
    back = stats.raw_features(scaled)
    assert back.dtype == torch.float64
    assert torch.allclose(back, raw, rtol=0, atol=1e-4)


def test_an_upload_made_before_reads_its_features_as_float32_as_its_run_did(
    client: TestClient, data_dir: Path, tmp_path: Path
) -> None:
    """A record kept before features were read as float64 says nothing of it, and is read as
    float32: its script and Try it standardise float32(raw), as its run's data was made."""
    data = stamps_csv()
    record = upload(client, "stamps.csv", data, target="late")
    assert record["standardisation"]["features_read_as"] == "float64"
    kept = json.loads(json.dumps(record))
    del kept["standardisation"]["features_read_as"]
    before = DatasetRecord.model_validate(kept)
    assert before.standardisation is not None
    assert before.standardisation.features_read_as is None
    part = data_code(before)
    assert "x = x.astype(np.float32)  # this upload's features were read as float32" in part.code
    (tmp_path / "stamps.csv").write_bytes(data)
    script = _script("\n".join(sorted(part.imports)) + "\n" + part.code, tmp_path / "net.py")
    script["DATA_FILE"] = str(tmp_path / "stamps.csv")
    x, y = _raw(data)
    train, _ = split_indices(y, "classification")
    mean, std = np.array(before.standardisation.mean), np.array(before.standardisation.std)
    as_before = ((x.astype(np.float32) - mean) / std).astype(np.float32)  # (N, 2)
    np.testing.assert_array_equal(script["load_data"]()[0].numpy(), as_before[train])
    typed = before.standardisation.scaled_features(torch.from_numpy(x[:5]))
    np.testing.assert_array_equal(typed.numpy(), as_before[:5])
