"""The loaded-model cache of the API process (export/trained.py): bounded by the models' bytes
(TORCHCANVAS_MODEL_CACHE_MIB), the least recently used let go first, a model bigger than the
whole bound still answering; predictions stay the same whether their model was kept or loaded."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for
from tests.backend.test_activations import WINE_MLP
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.export.trained import MODELS, CacheUse

CNN_BYTES = 4 * (16 * 1 * 3 * 3 + 16 + 16 * 4 * 4 * 10 + 10)  # conv1 and fc: 10,920
MLP_BYTES = 4 * (13 * 32 + 32 + 32 * 3 + 3)  # hidden and out: 2,188
LIMIT = 12_000  # the CNN fits, the CNN and the MLP together do not
SAMPLES = {"cnn": [0.5] * 64, "mlp": [0.1 * i for i in range(13)]}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = ServerConfig(
        pin_cores=False,
        data_dir=tmp_path_factory.mktemp("data"),
        workers=1,
        worker_threads=1,
        model_cache_mib=LIMIT / 2**20,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def runs(client: TestClient) -> dict[str, str]:
    """A trained digits CNN and a trained wine MLP, an epoch each."""
    designs: dict[str, tuple[dict[str, Any], str]] = {
        "cnn": (DIGITS_CNN, "digits"),
        "mlp": (WINE_MLP, "wine"),
    }
    started = {}
    for name, (design, dataset) in designs.items():
        training = {**DIGITS_TRAINING, "dataset": dataset, "epochs": 1}
        reply = client.post("/api/runs", json={"design": design, "training": training})
        assert reply.status_code == 201, reply.text
        started[name] = reply.json()["id"]
    for run_id in started.values():
        assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == (
            "succeeded"
        )
    return started


def predicted(client: TestClient, run_id: str, sample: list[float]) -> Any:
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": sample})
    assert reply.status_code == 200, reply.text
    answer = reply.json()
    return answer["probabilities"]


def test_the_cache_keeps_models_within_its_bytes_and_answers_stay_right(
    client: TestClient, runs: dict[str, str]
) -> None:
    MODELS.clear()
    first = {name: predicted(client, runs[name], SAMPLES[name]) for name in ("cnn", "mlp")}
    # The MLP pushed the CNN out: together they are over the bound.
    assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=LIMIT)
    assert predicted(client, runs["cnn"], SAMPLES["cnn"]) == first["cnn"]  # loaded again
    assert MODELS.use() == CacheUse(models=1, bytes=CNN_BYTES, limit=LIMIT)
    assert predicted(client, runs["mlp"], SAMPLES["mlp"]) == first["mlp"]
    assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=LIMIT)


def test_a_model_bigger_than_the_whole_cache_still_answers_and_is_not_kept(
    client: TestClient, runs: dict[str, str]
) -> None:
    expected = predicted(client, runs["cnn"], SAMPLES["cnn"])
    MODELS.clear(limit=CNN_BYTES - 1)
    try:
        assert predicted(client, runs["cnn"], SAMPLES["cnn"]) == expected
        assert MODELS.use() == CacheUse(models=0, bytes=0, limit=CNN_BYTES - 1)
        assert predicted(client, runs["mlp"], SAMPLES["mlp"]) is not None
        assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=CNN_BYTES - 1)
    finally:
        MODELS.clear(limit=LIMIT)


def test_the_server_setting_bounds_the_cache(client: TestClient) -> None:
    assert MODELS.use().limit == LIMIT
    assert ServerConfig(data_dir=Path("unused")).model_cache_bytes() == 256 * 2**20
