"""Sequence samples (C, L) as line plots: the preview's and the results' values are the dataset's
own, rounded; a long sequence is thinned to a bounded plot that keeps its lowest and highest values."""

import io
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import read_socket
from tests.backend.templates import LSTM_WAVEFORMS, design_json, layer
from torchcanvas.training.data import load_split
from torchcanvas.training.data.registry import array_split
from torchcanvas.training.data.sequence_plot import MAX_CHANNELS, MAX_POINTS, plot_sequence

ROUNDING = 5e-4  # 4 significant digits


def _close(plotted: list[list[float]], sample: np.ndarray) -> bool:
    return bool(np.allclose(plotted, sample, rtol=ROUNDING, atol=1e-6))


def test_the_waveforms_preview_plots_four_of_each_shape_with_their_own_values(
    client: TestClient,
) -> None:
    preview = client.get("/api/datasets/waveforms/preview").json()
    assert preview["rows"] is None and preview["columns"] is None and preview["images"] is None
    labels = [s["label"] for s in preview["sequences"]]
    assert labels == ["sine"] * 4 + ["square"] * 4 + ["sawtooth"] * 4
    split, info = array_split("waveforms")
    for shown in preview["sequences"]:
        assert shown["steps"] == 32 and len(shown["channels"]) == 1
        assert len(shown["channels"][0]) == 32  # short enough to send whole
        of_class = split.x_train[split.y_train == info.classes.index(shown["label"])]
        assert any(_close(shown["channels"], sample) for sample in of_class)


def _spiky_waves(n: int, channels: int, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, channels, steps) slow sines, each with a one-step spike up and one down, and y."""
    rng = np.random.default_rng(0)
    t = np.arange(steps) / steps
    x = np.sin(2 * np.pi * (t + rng.uniform(0, 1, (n, channels, 1)))).astype(np.float32)
    rows = np.arange(n)[:, None]
    x[rows, np.arange(channels), rng.integers(0, steps, (n, channels))] = 9.0
    x[rows, np.arange(channels), rng.integers(0, steps, (n, channels))] = -7.5
    return x, np.arange(n) % 2


@pytest.fixture(scope="module")
def long_upload(client: TestClient) -> str:
    """An uploaded set of 40 samples of 6 channels and 10,000 steps."""
    x, y = _spiky_waves(40, channels=6, steps=10_000)
    out = io.BytesIO()
    np.savez(out, x=x, y=y)
    reply = client.post("/api/datasets", files={"file": ("long.npz", out.getvalue())})
    assert reply.status_code == 201, reply.text
    name: str = reply.json()["id"]
    return name


def _bucket_extremes(plotted: list[float], channel: np.ndarray) -> bool:
    """Whether the points are, two by two, the lowest and highest of each of 128 equal buckets."""
    edges = np.linspace(0, len(channel), MAX_POINTS // 2 + 1).astype(int)
    extremes = [[channel[a:b].min(), channel[a:b].max()] for a, b in itertools.pairwise(edges)]
    return _close(np.sort(np.reshape(plotted, (-1, 2)), axis=1).tolist(), np.array(extremes))


def _assert_thinned(plot: dict[str, Any], sample: np.ndarray) -> None:
    """A (6, 10,000) sample's plot: 4 channels of 256 points, with each channel's spikes."""
    assert plot["steps"] == 10_000 and len(plot["channels"]) == MAX_CHANNELS
    assert {len(c) for c in plot["channels"]} == {MAX_POINTS}
    for plotted, channel in zip(plot["channels"], sample, strict=False):
        assert _bucket_extremes(plotted, channel)
        assert (max(plotted), min(plotted)) == (9.0, -7.5) == (channel.max(), channel.min())


def test_a_long_upload_s_preview_is_bounded_and_keeps_its_spikes(
    client: TestClient, data_dir: Path, long_upload: str
) -> None:
    reply = client.get(f"/api/datasets/{long_upload}/preview")
    assert len(reply.content) < 150_000  # 12 × 4 × 256 values, not 12 × 6 × 10,000
    preview = reply.json()
    assert preview["x_shape"][1:] == [6, 10_000] and preview["rows"] is None
    assert len(preview["sequences"]) == 12
    split, _ = array_split(long_upload, data_dir)
    for shown in preview["sequences"]:
        [sample] = [s for s in split.x_train if _bucket_extremes(shown["channels"][0], s[0])]
        _assert_thinned(shown, sample)


def test_thinning_keeps_each_bucket_s_lowest_and_highest_in_their_order() -> None:
    steps = np.arange(1024, dtype=np.float64)
    zigzag = np.where(steps % 2 == 0, steps, -steps)  # each bucket of 8: -7 first, then 6
    [plotted] = plot_sequence(zigzag[None]).channels
    assert plotted[:4] == [6.0, -7.0, 14.0, -15.0]
    assert (max(plotted), min(plotted)) == (1022.0, -1023.0)
    assert plot_sequence(zigzag[None, :MAX_POINTS]).channels == [zigzag[:MAX_POINTS].tolist()]


def _train_waveforms(client: TestClient, design: dict[str, Any], dataset: str) -> dict[str, Any]:
    training = {"dataset": dataset, "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.001,
                "epochs": 1, "batch_size": 32, "seed": 0}  # fmt: skip
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert read_socket(client, run_id)[-1]["status"] == "succeeded"
    results: dict[str, Any] = client.get(f"/api/runs/{run_id}/results").json()
    return results


def test_an_lstm_s_mistakes_on_the_waveforms_are_plotted_from_their_own_values(
    client: TestClient,
) -> None:
    results = _train_waveforms(client, LSTM_WAVEFORMS, "waveforms")
    x_val = load_split("waveforms").x_val.numpy()
    assert results["misclassified"]  # one epoch is not enough to learn them
    for mistake in results["misclassified"]:
        assert mistake["sample"] == [] and mistake["sequence"]["steps"] == 32
        assert _close(mistake["sequence"]["channels"], x_val[mistake["index"]])


def test_a_long_upload_s_mistakes_are_bounded_plots(
    client: TestClient, data_dir: Path, long_upload: str
) -> None:
    design = design_json("long", [layer("flat", "Flatten"), layer("fc", "Linear", out_features=2)],
                         input_shape=[6, 10_000])  # fmt: skip
    results = _train_waveforms(client, design, long_upload)
    x_val = load_split(long_upload, data_dir).x_val.numpy()
    assert results["misclassified"]  # its labels are not in its waves
    for mistake in results["misclassified"]:
        assert mistake["sample"] == []
        _assert_thinned(mistake["sequence"], x_val[mistake["index"]])
