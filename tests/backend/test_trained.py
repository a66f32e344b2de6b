"""The loaded-model cache of the API process (export/trained.py): bounded by the models' bytes
(TORCHCANVAS_MODEL_CACHE_MIB) and their number, the least recently used let go first, a model
bigger than the whole bound still answering, one version of a run's model kept and none once the
run is deleted; predictions stay the same whether their model was kept or loaded."""

import gc
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_TRAINING, wait_for
from tests.backend.test_activations import WINE_MLP
from torchcanvas.api.app import create_app
from torchcanvas.config import ServerConfig
from torchcanvas.design.build import Network, build_network
from torchcanvas.design.schema import Design
from torchcanvas.export.trained import MODEL_CACHE_ENTRIES, MODELS, CacheUse, ModelCache

# Two models of the wine dataset (its runs train in a moment): 64 hidden units and 32.
WIDE_MLP: dict[str, Any] = {
    **WINE_MLP,
    "name": "wide-mlp",
    "layers": [{**WINE_MLP["layers"][0], "params": {"out_features": 64}}, *WINE_MLP["layers"][1:]],
}
WIDE_BYTES = 4 * (13 * 64 + 64 + 64 * 3 + 3)  # hidden and out: 4,364
MLP_BYTES = 4 * (13 * 32 + 32 + 32 * 3 + 3)  # hidden and out: 2,188
LIMIT = 5_000  # the wide MLP fits, the two together do not
SAMPLE = [0.1 * i for i in range(13)]


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
    """The two MLPs trained on wine, an epoch each."""
    started = {}
    for name, design in {"wide": WIDE_MLP, "mlp": WINE_MLP}.items():
        training = {**DIGITS_TRAINING, "dataset": "wine", "epochs": 1}
        reply = client.post("/api/runs", json={"design": design, "training": training})
        assert reply.status_code == 201, reply.text
        started[name] = reply.json()["id"]
    for run_id in started.values():
        assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == (
            "succeeded"
        )
    return started


def test_the_server_setting_bounds_the_cache(client: TestClient) -> None:
    # First: the next tests set the bound themselves.
    assert MODELS.use().limit == LIMIT
    assert ServerConfig(data_dir=Path("unused")).model_cache_bytes() == 256 * 2**20


def predicted(client: TestClient, run_id: str) -> Any:
    reply = client.post(f"/api/runs/{run_id}/predict", json={"input": SAMPLE})
    assert reply.status_code == 200, reply.text
    return reply.json()["probabilities"]


def test_the_cache_keeps_models_within_its_bytes_and_answers_stay_right(
    client: TestClient, runs: dict[str, str]
) -> None:
    MODELS.clear()
    first = {name: predicted(client, runs[name]) for name in ("wide", "mlp")}
    # The MLP pushed the wide one out: together they are over the bound.
    assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=LIMIT)
    assert predicted(client, runs["wide"]) == first["wide"]  # loaded again
    assert MODELS.use() == CacheUse(models=1, bytes=WIDE_BYTES, limit=LIMIT)
    assert predicted(client, runs["mlp"]) == first["mlp"]
    assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=LIMIT)


def test_a_model_bigger_than_the_whole_cache_still_answers_and_is_not_kept(
    client: TestClient, runs: dict[str, str]
) -> None:
    expected = predicted(client, runs["wide"])
    MODELS.clear(limit=WIDE_BYTES - 1)
    try:
        assert predicted(client, runs["wide"]) == expected
        assert MODELS.use() == CacheUse(models=0, bytes=0, limit=WIDE_BYTES - 1)
        assert predicted(client, runs["mlp"]) is not None
        assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=WIDE_BYTES - 1)
    finally:
        MODELS.clear(limit=LIMIT)


def built_slowly(design: dict[str, Any]) -> Network:
    """A real build that takes a while, so that requests arriving together overlap it."""
    time.sleep(0.2)
    return build_network(Design.model_validate(design), "cpu")


def test_requests_at_once_share_one_load_of_a_model_too_big_to_keep() -> None:
    cache = ModelCache(limit=0)  # keeps nothing: each model is bigger than the whole cache
    key = ("/runs/wide", 1)
    arrived = threading.Barrier(8)
    models: list[Network] = []

    def ask() -> None:
        arrived.wait()
        models.append(cache.load(key, lambda: built_slowly(WIDE_MLP)))

    askers = [threading.Thread(target=ask) for _ in range(8)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert cache.loads == 1
    assert all(model is models[0] for model in models)
    assert cache.use() == CacheUse(models=0, bytes=0, limit=0)  # shared, not kept
    # Once no request holds it, it is gone: the next request loads it again.
    models.clear()
    gc.collect()
    assert cache.get(key) is None
    cache.load(key, lambda: built_slowly(WIDE_MLP))
    assert cache.loads == 2


def test_a_run_keeps_one_version_of_its_model_and_none_once_deleted(client: TestClient) -> None:
    training = {**DIGITS_TRAINING, "dataset": "wine", "epochs": 1}
    reply = client.post("/api/runs", json={"design": WINE_MLP, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    MODELS.clear()
    predicted(client, run_id)
    # Continue writes newer weights: their model takes the place of the older, which nothing
    # asks for again (the two would fit the bound together).
    assert client.post(f"/api/runs/{run_id}/continue", json={"epochs": 1}).status_code == 200
    assert wait_for(client, run_id, {"succeeded", "failed"}, timeout=120)["status"] == "succeeded"
    loads = MODELS.loads
    predicted(client, run_id)
    assert MODELS.loads == loads + 1
    assert MODELS.use() == CacheUse(models=1, bytes=MLP_BYTES, limit=LIMIT)
    assert client.delete(f"/api/runs/{run_id}").status_code == 204
    assert MODELS.use() == CacheUse(models=0, bytes=0, limit=LIMIT)


def test_the_cache_keeps_at_most_its_number_of_models_however_small() -> None:
    cache = ModelCache()  # the server's default bounds
    tiny = build_network(Design.model_validate(WINE_MLP), "cpu")  # 2 KB: bytes alone admit 100,000
    for run in range(MODEL_CACHE_ENTRIES + 50):
        cache.keep((f"/runs/{run}", 1), tiny)
    assert cache.use().models == MODEL_CACHE_ENTRIES
    assert cache.get(("/runs/0", 1)) is None  # the least recently used went first
    assert cache.get((f"/runs/{MODEL_CACHE_ENTRIES + 49}", 1)) is tiny
