"""A classifier's probabilities, read as its loss taught the network to give them: Try it,
Classify many and the results' mistakes agree with the downloaded model run by plain PyTorch.
A softmax of every output alike read a network ending in Sigmoid or Softmax twice."""

from collections import OrderedDict
from typing import Any

import pytest
import torch
import torch.nn as nn
from fastapi.testclient import TestClient
from safetensors.torch import load

from tests.backend.test_classify_many import classify
from tests.backend.test_predict_picture import trained
from torchcanvas.design.schema import Design
from torchcanvas.export.bundle_readme import readme
from torchcanvas.training.catalog import LOSSES_BY_NAME
from torchcanvas.training.class_chances import class_probabilities, predicted_classes
from torchcanvas.training.data import find_dataset, load_split
from torchcanvas.training.settings import TrainingSettings

LOGITS = torch.tensor([[2.0, -1.0, 0.5], [-3.0, 0.0, 4.0]])


def test_nll_loss_outputs_that_are_no_log_probabilities_are_read_as_what_they_are() -> None:
    """NLLLoss on a network ending in Softmax, or in Linear (both warned as the run was made):
    an exp of them gave "probabilities" above 1 (an exports review)."""
    nll = LOSSES_BY_NAME["NLLLoss"]
    log_probabilities = LOGITS.log_softmax(dim=1)
    torch.testing.assert_close(class_probabilities(log_probabilities, nll), LOGITS.softmax(dim=1))
    probabilities = LOGITS.softmax(dim=1)
    torch.testing.assert_close(class_probabilities(probabilities, nll), probabilities)
    torch.testing.assert_close(class_probabilities(LOGITS, nll), LOGITS.softmax(dim=1))


def test_the_answer_is_the_highest_output_where_probabilities_tie() -> None:
    """Values fitted to one-hot targets past 1 are clamped to the same probability: the answer
    is still the output the run's accuracy counts, not the first of the tie."""
    output = torch.tensor([[1.02, 1.08, 0.0]])
    mse = LOSSES_BY_NAME["MSELoss"]
    assert class_probabilities(output, mse).tolist() == [[1.0, 1.0, 0.0]]
    assert predicted_classes(output, mse).tolist() == [1]
    assert predicted_classes(torch.tensor([[0.4], [0.6]]), LOSSES_BY_NAME["BCELoss"]).tolist() == [
        0,
        1,
    ]
    assert predicted_classes(
        torch.tensor([[-0.1], [0.1]]), LOSSES_BY_NAME["BCEWithLogitsLoss"]
    ).tolist() == [0, 1]


@pytest.mark.parametrize(
    ("loss", "output", "expected"),
    [
        ("CrossEntropyLoss", LOGITS, LOGITS.softmax(dim=1)),
        ("BCEWithLogitsLoss", LOGITS, LOGITS.sigmoid()),  # one yes/no a class
        ("NLLLoss", LOGITS.log_softmax(dim=1), LOGITS.softmax(dim=1)),
        ("KLDivLoss", LOGITS.log_softmax(dim=1), LOGITS.softmax(dim=1)),
        ("BCELoss", LOGITS.sigmoid(), LOGITS.sigmoid()),
        ("MSELoss", LOGITS.softmax(dim=1), LOGITS.softmax(dim=1)),
        ("L1Loss", LOGITS, LOGITS.clamp(0, 1)),  # fitted to one-hot: within 0 to 1
        # One output for two classes: the second's probability, and the first's beside it.
        ("BCEWithLogitsLoss", LOGITS[:, :1], torch.tensor([[0.1192, 0.8808], [0.9526, 0.0474]])),
        ("BCELoss", torch.tensor([[0.25]]), torch.tensor([[0.75, 0.25]])),
    ],
)
def test_each_loss_reads_its_outputs_as_it_taught_them(
    loss: str, output: torch.Tensor, expected: torch.Tensor
) -> None:
    chances = class_probabilities(output, LOSSES_BY_NAME[loss])
    torch.testing.assert_close(chances, expected, atol=1e-4, rtol=1e-4)


def _wine_mlp(last: str | None) -> dict[str, Any]:
    layers: list[dict[str, Any]] = [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 16}},
        {"id": "act", "type": "ReLU"},
        {"id": "fc2", "type": "Linear", "params": {"out_features": 3}},
    ]
    if last is not None:
        layers.append(
            {"id": "last", "type": last, "params": {"dim": 1} if "Softmax" in last else {}}
        )
    return {"version": 1, "name": "wine", "input_shape": [13], "layers": layers}


def _by_hand(client: TestClient, run_id: str, last: nn.Module | None) -> nn.Module:
    """The wine MLP written in plain PyTorch, with the run's downloaded weights."""
    parts: list[tuple[str, nn.Module]] = [
        ("fc1", nn.Linear(13, 16)),
        ("act", nn.ReLU()),
        ("fc2", nn.Linear(16, 3)),
    ]
    model = nn.Sequential(OrderedDict(parts + ([("last", last)] if last is not None else [])))
    model.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    return model.eval()


# (loss, the design's last layer, that layer in torch, the model's output -> probabilities)
CASES = [
    ("BCELoss", "Sigmoid", nn.Sigmoid(), lambda out: out),
    ("MSELoss", "Softmax", nn.Softmax(dim=1), lambda out: out),
    ("NLLLoss", "LogSoftmax", nn.LogSoftmax(dim=1), torch.exp),
    ("BCEWithLogitsLoss", None, None, torch.sigmoid),
    ("CrossEntropyLoss", None, None, lambda out: out.softmax(dim=1)),
    # Values fitted to one-hot targets, unbounded: within 0 to 1, and the answer from the outputs.
    ("L1Loss", None, None, lambda out: out.clamp(0, 1)),
]


@pytest.mark.parametrize(("loss", "last", "torch_last", "read"), CASES)
def test_try_it_classify_many_and_mistakes_give_the_models_own_probabilities(
    client: TestClient, loss: str, last: str | None, torch_last: nn.Module | None, read: Any
) -> None:
    run_id = trained(
        client, _wine_mlp(last), dataset="wine", loss=loss, epochs=2, batch_size=16, lr=0.005
    )
    model = _by_hand(client, run_id, torch_last)
    info = find_dataset("wine")
    assert info.standardisation is not None and info.classes is not None
    x = load_split("wine").x_val[:4]  # standardised, as the model takes them
    with torch.no_grad():
        outputs = model(x)
        expected = read(outputs)  # (4, 3)
    answers = outputs.argmax(dim=1).tolist()  # the run's own predictions: the highest output
    raw = info.standardisation.raw_features(x).tolist()  # as a person types them

    for row, chances, best in zip(raw, expected.tolist(), answers, strict=True):
        answer = client.post(f"/api/runs/{run_id}/predict", json={"input": row}).json()
        assert answer["classes"] == info.classes
        assert answer["probabilities"] == pytest.approx(chances, abs=1e-5)
        assert answer["predicted"] == info.classes[best]

    lines = [",".join(info.standardisation.features)] + [",".join(map(repr, r)) for r in raw]
    csv = ("\n".join(lines) + "\n").encode()
    reply = classify(client, f"/api/runs/{run_id}/classify-many", [("wine.csv", csv)])
    assert reply.status_code == 200, reply.text
    for item, chances, best in zip(reply.json()["items"], expected.tolist(), answers, strict=True):
        assert item["top"][0]["name"] == info.classes[best]
        assert item["top"][0]["probability"] == pytest.approx(chances[best], abs=1e-5)

    # Each mistake's confidence is the model's probability for the class it gave.
    for mistake in client.get(f"/api/runs/{run_id}/results").json()["misclassified"]:
        answer = client.post(f"/api/runs/{run_id}/predict", json={"input": mistake["sample"]})
        chances = dict(zip(info.classes, answer.json()["probabilities"], strict=True))
        assert mistake["confidence"] == pytest.approx(chances[mistake["predicted"]], abs=1e-5)


def test_one_output_for_two_classes_answers_as_both_classes(client: TestClient) -> None:
    """A binary loss's one output is the second class's probability: Try it names both."""
    design = {
        "version": 1,
        "name": "moons",
        "input_shape": [2],
        "layers": [
            {"id": "fc1", "type": "Linear", "params": {"out_features": 8}},
            {"id": "act", "type": "Tanh"},
            {"id": "fc2", "type": "Linear", "params": {"out_features": 1}},
        ],
    }
    run_id = trained(client, design, dataset="moons", loss="BCEWithLogitsLoss", epochs=2)
    model = nn.Sequential(
        OrderedDict([("fc1", nn.Linear(2, 8)), ("act", nn.Tanh()), ("fc2", nn.Linear(8, 1))])
    )
    model.load_state_dict(load(client.get(f"/api/runs/{run_id}/weights.safetensors").content))
    point = [0.5, -0.25]
    with torch.no_grad():
        second = torch.sigmoid(model.eval()(torch.tensor([point]))).item()
    answer = client.post(f"/api/runs/{run_id}/predict", json={"input": point}).json()
    assert answer["classes"] == find_dataset("moons").classes
    assert answer["probabilities"] == pytest.approx([1 - second, second], abs=1e-6)
    assert answer["values"] is None


@pytest.mark.parametrize(
    ("loss", "last", "outputs", "words"),
    [
        ("CrossEntropyLoss", None, 3, "`torch.softmax(output, 1)` gives each class's probability"),
        ("BCELoss", "Sigmoid", 3, "the output as it is gives each class's probability"),
        ("NLLLoss", "LogSoftmax", 3, "`output.exp()` gives each class's probability"),
        # Warned as the run was made, and read as what they are (class_chances.py).
        ("NLLLoss", "Softmax", 3, "the output as it is gives each class's probability"),
        ("NLLLoss", None, 3, "`torch.softmax(output, 1)` gives each class's probability"),
        ("BCEWithLogitsLoss", None, 1, "over 0 means the second, and `torch.sigmoid(output)`"),
        ("MSELoss", None, 1, "over 0.5 means the second"),
    ],
)
def test_the_bundles_readme_says_how_to_read_probabilities(
    loss: str, last: str | None, outputs: int, words: str
) -> None:
    design = _wine_mlp(last)
    design["layers"][2]["params"]["out_features"] = outputs
    dataset = "wine" if outputs > 1 else "moons"  # one output: two classes
    if dataset == "moons":
        design["input_shape"] = [2]
    settings = {"dataset": dataset, "loss": loss, "optimizer": "Adam", "lr": 0.01}
    training = TrainingSettings.model_validate({**settings, "epochs": 1, "batch_size": 8})
    text = readme(Design.model_validate(design), training, find_dataset(dataset), "ab")
    assert words in " ".join(text.split())
