"""OneCycleLR's momentum cycle, which replaces the momentum set for SGD or RMSprop, is a hint."""

from typing import Any

import pytest
import torch
from fastapi.testclient import TestClient

from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

SGD_HINT = (
    "OneCycleLR cycles SGD's momentum between 0.95 and 0.85, against the learning rate, in place "
    "of the momentum {} set for SGD: set cycle_momentum to false to keep it."
)


def _hints(client: TestClient, optimizer: str, schedule: dict[str, Any]) -> list[str]:
    body = {"design": DIGITS_CNN, "optimizer": optimizer, "schedule": schedule}
    reply = client.post("/api/designs/validate", json=body)
    assert reply.status_code == 200, reply.text
    return [w["message"] for w in reply.json()["warnings"]]


@pytest.mark.parametrize(("optimizer", "momentum"), [("SGD", 0.0), ("RMSprop", 0.5)])
def test_torch_replaces_the_momentum_with_the_cycle_the_hint_names(
    optimizer: str, momentum: float
) -> None:
    param = torch.nn.Parameter(torch.zeros(1))
    sgd = getattr(torch.optim, optimizer)([param], lr=0.1, momentum=momentum)
    torch.optim.lr_scheduler.OneCycleLR(sgd, max_lr=0.1, total_steps=10)
    assert sgd.param_groups[0]["momentum"] == 0.95  # the cycle's top, at its first step


def test_one_cycle_over_a_set_momentum_is_a_hint_until_cycle_momentum_is_off(
    client: TestClient,
) -> None:
    one_cycle = {"scheduler": "OneCycleLR"}
    assert _hints(client, "SGD", one_cycle) == [SGD_HINT.format("0.9")]  # the catalogue's default
    plain = {**one_cycle, "optimizer_params": {"momentum": 0}}
    assert _hints(client, "SGD", plain) == [SGD_HINT.format("0")]
    rms = {**one_cycle, "optimizer_params": {"momentum": 0.5}}
    assert _hints(client, "RMSprop", rms) == [
        "OneCycleLR cycles RMSprop's momentum between 0.95 and 0.85, against the learning rate, "
        "in place of the momentum 0.5 set for RMSprop: set cycle_momentum to false to keep it."
    ]
    kept = {**one_cycle, "scheduler_params": {"cycle_momentum": False}}
    assert _hints(client, "SGD", kept) == []
    assert _hints(client, "Adam", one_cycle) == []  # its beta1, 0.9, lies inside the cycle
    assert _hints(client, "SGD", {"scheduler": "CosineAnnealingLR"}) == []
    training = {**DIGITS_TRAINING, "optimizer": "SGD", "epochs": 1, **plain}
    reply = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training})
    assert reply.status_code == 201, reply.text
    assert [w["message"] for w in reply.json()["warnings"]] == [SGD_HINT.format("0")]
    wait_for(client, reply.json()["id"], {"succeeded"})


@pytest.mark.parametrize("momentum", ["abc", [1], {"a": 1}, None, True])
def test_a_momentum_that_is_not_a_number_is_not_named_nor_a_500(
    client: TestClient, momentum: Any
) -> None:
    schedule = {"scheduler": "OneCycleLR", "optimizer_params": {"momentum": momentum}}
    hints = _hints(client, "SGD", schedule)  # _hints asserts a 200
    assert hints == [SGD_HINT.format("").replace("momentum  set", "momentum set")]
