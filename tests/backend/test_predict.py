"""What one prediction's reply carries at most (export/predict.py): a model whose output is more
values than that is refused, saying how many and what to do, before any list is made of them; and
a sample holding a number float32 cannot, refused by every route that takes one, as an upload is."""

import copy
from pathlib import Path
from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient
from safetensors.torch import save_file

from tests.backend.conftest import DIGITS_TRAINING
from tests.backend.test_predict_picture import trained
from tests.backend.test_shares import share, token_of
from torchcanvas.design.build import build_network
from torchcanvas.design.schema import Design
from torchcanvas.export.predict import MAX_VALUES, BigOutput, predict
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings


def upsampler(channels: int) -> dict[str, Any]:
    """A regression from an 8x8 picture to (channels, 72, 72) values."""
    return {
        "version": 1,
        "name": "upsampler",
        "input_shape": [1, 8, 8],
        "layers": [
            {
                "id": "up",
                "type": "ConvTranspose2d",
                "params": {"out_channels": channels, "kernel_size": 9, "stride": 9},
            }
        ],
    }


def saved(folder: Path, raw: dict[str, Any]) -> Design:
    design = Design.model_validate(raw)
    torch.manual_seed(0)
    save_file(build_network(design).state_dict(), str(RunFolder(folder).weights))
    return design


TRAINING = TrainingSettings.model_validate(copy.deepcopy(DIGITS_TRAINING))


def test_a_model_with_more_output_values_than_a_reply_carries_is_refused(tmp_path: Path) -> None:
    design = saved(tmp_path, upsampler(64))  # 64 x 72 x 72 = 331,776 values
    with pytest.raises(BigOutput) as raised:
        predict(tmp_path, design, TRAINING, [0.5] * 64)
    assert str(raised.value) == (
        "This model gives 331,776 values for one sample, over the 65,536 a prediction sends: "
        "download its weights or exports to run it on your machine."
    )


def test_a_model_with_as_many_values_as_a_reply_carries_answers_them_all(tmp_path: Path) -> None:
    design = saved(tmp_path, upsampler(12))  # 12 x 72 x 72 = 62,208 values
    reply = predict(tmp_path, design, TRAINING, [0.5] * 64)
    assert reply.values is not None and len(reply.values) == 62_208 <= MAX_VALUES


MOONS_MLP: dict[str, Any] = {
    "version": 1,
    "name": "moons-mlp",
    "input_shape": [2],
    "layers": [
        {"id": "hidden", "type": "Linear", "params": {"out_features": 8}},
        {"id": "act", "type": "Tanh"},
        {"id": "out", "type": "Linear", "params": {"out_features": 2}},
    ],
}


@pytest.fixture(scope="module")
def moons_run(client: TestClient) -> str:
    return trained(client, MOONS_MLP, dataset="moons", epochs=1)


# float32 made each of these infinity, and predict answered 200 for a sample nobody sent.
@pytest.mark.parametrize(
    ("sample", "said"),
    [([1e308, 0.2], "1e+308 as x1"), ([0.2, -1e39], "-1e+39 as x2")],
)
def test_a_number_past_float32_is_refused_by_each_route_that_takes_a_sample(
    client: TestClient, moons_run: str, sample: list[float], said: str
) -> None:
    token = token_of(share(client, moons_run))
    expected = (
        f"input: the sample holds {said}, outside the range of float32 "
        "(±3.4e+38), the numbers training uses: give numbers within it, such as values in the "
        "range of the dataset's samples."
    )
    for route in ("predict", "activations", "grad-cam"):
        for url in (f"/api/runs/{moons_run}/{route}", f"/api/shared/{token}/{route}"):
            reply = client.post(url, json={"input": sample})
            assert (reply.status_code, reply.json().get("detail")) == (422, expected), url
