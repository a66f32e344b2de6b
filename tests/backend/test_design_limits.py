"""A design's size limits (design/limits.py) bound the work of every route that takes a design."""

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from torchcanvas.config import ServerConfig
from torchcanvas.design.estimate import SampleWork
from torchcanvas.design.graph import resolve_graph
from torchcanvas.design.limits import GIB, MIB, DesignLimits, sample_overruns, size_limit_issues
from torchcanvas.design.schema import Design, SizeEstimate
from torchcanvas.design.validate import validate_design
from torchcanvas.runs import new_runs

from .conftest import DIGITS_CNN, DIGITS_TRAINING


def fan(count: int) -> dict[str, Any]:
    """`count` Identity layers each fed from the input, all joined by one Add."""
    branches = [f"l{i}" for i in range(count)]
    return {
        "name": "fan",
        "input_shape": [4],
        "layers": [{"id": b, "type": "Identity"} for b in branches] + [{"id": "j", "type": "Add"}],
        "edges": [["input", b] for b in branches] + [[b, "j"] for b in branches],
    }


def dense(count: int) -> dict[str, Any]:
    """`count` Add layers, each joining every layer before it."""
    layers = [{"id": "l0", "type": "Identity"}] + [
        {"id": f"l{i}", "type": "Add"} for i in range(1, count)
    ]
    edges = [["input", "l0"], ["input", "l1"]] + [
        [f"l{j}", f"l{i}"] for i in range(1, count) for j in range(i)
    ]
    return {"name": "dense", "input_shape": [8], "layers": layers, "edges": edges}


def test_ordering_a_wide_graph_takes_milliseconds() -> None:
    design = Design.model_validate(fan(999))
    start = time.perf_counter()
    graph = resolve_graph(design)
    assert time.perf_counter() - start < 0.5  # sorting the ready list each time took 7-20 s
    assert graph.order == [layer.id for layer in design.layers] and not graph.issues


def test_the_graph_order_keeps_list_order_among_ready_layers() -> None:
    design = Design.model_validate(
        {
            "input_shape": [4],
            "layers": [{"id": i, "type": "Identity"} for i in ["c", "a", "b"]]
            + [{"id": "j", "type": "Add"}],
            "edges": [["input", "b"], ["b", "c"], ["input", "a"], ["a", "j"], ["c", "j"]],
        }
    )
    assert resolve_graph(design).order == ["a", "b", "c", "j"]


def test_too_many_edges_are_refused_before_any_layer_is_walked() -> None:
    design = Design.model_validate(dense(200))  # 19,902 edges: 5 s of additions on the meta device
    start = time.perf_counter()
    result = validate_design(design, caches=None)
    assert time.perf_counter() - start < 0.5
    assert not result.valid and result.nodes == {}
    assert [(e.field, e.message) for e in result.errors] == [
        (
            "edges",
            "The design has 19,902 edges, over this server's limit of 1,000: join fewer layers "
            "into each Add or Concat, or use fewer layers.",
        )
    ]
    assert validate_design(Design.model_validate(dense(40)), caches=None).valid  # 781 edges


def test_code_applies_the_servers_limits(client: TestClient) -> None:
    reply = client.post("/api/designs/code", json={"design": fan(999)})
    assert reply.status_code == 422, reply.text[:200]
    assert reply.json()["errors"][0]["message"] == (
        "The design has 1,000 layers, over this server's limit of 200: use fewer layers."
    )
    edges = client.post("/api/designs/code", json={"design": dense(200)})
    assert edges.status_code == 422
    assert edges.json()["errors"][0]["field"] == "design.edges"
    assert client.post("/api/designs/code", json={"design": fan(20)}).status_code == 200


def test_new_runs_refuse_too_many_edges(client: TestClient) -> None:
    reply = client.post("/api/runs", json={"design": dense(200), "training": DIGITS_TRAINING})
    assert reply.status_code == 422
    assert reply.json()["errors"][0]["field"] == "design.edges"


def test_a_slow_check_does_not_hold_up_other_new_runs(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One run's check is held until another run has been created: with the checks under the
    queue's lock, the other waits behind it, the hold runs out, and the test says so. No clock
    on a loaded machine decides it."""
    checking, let_go = threading.Event(), threading.Event()
    released: list[bool] = []  # whether the held check was let go by the test, not timed out
    real_check = new_runs.check_run

    def check_run(design: Design, *args: Any, **kwargs: Any) -> Any:
        if design.name == "slow" and not checking.is_set():  # then from the cache
            checking.set()
            released.append(let_go.wait(timeout=30))
        return real_check(design, *args, **kwargs)

    monkeypatch.setattr(new_runs, "check_run", check_run)
    slow = {"design": {**DIGITS_CNN, "name": "slow"}, "training": DIGITS_TRAINING}
    replies: list[Any] = []
    thread = threading.Thread(target=lambda: replies.append(client.post("/api/runs", json=slow)))
    thread.start()
    assert checking.wait(timeout=30), "the slow run's check never began"
    other = client.post("/api/runs", json={"design": DIGITS_CNN, "training": DIGITS_TRAINING})
    let_go.set()
    thread.join()
    for reply in [other, *replies]:
        assert reply.status_code == 201, reply.text
        client.post(f"/api/runs/{reply.json()['id']}/cancel")
    assert released == [True], "a new run waited behind another's check until its hold ran out"


def test_the_edge_limit_grows_with_the_layer_limit() -> None:
    limits = ServerConfig(max_layers=400).design_limits()
    assert limits == DesignLimits(
        max_layers=400, max_params=50_000_000, max_memory_bytes=4 * 2**30, max_edges=2000
    )


def stack(input_shape: list[int], *layers: dict[str, Any]) -> dict[str, Any]:
    return {"name": "edge", "input_shape": input_shape, "layers": list(layers)}


def conv(node: str, out: int) -> dict[str, Any]:
    return {"id": node, "type": "Conv2d", "params": {"out_channels": out, "kernel_size": 3}}


SHRINK = ": use smaller feature maps (a stride or a pooling earlier), narrower layers or smaller kernels."
# Each design below passed the server's other limits at any batch size, and one prediction with
# it took 10 s to a minute of a CPU slot (bench/predict_cost.py).
# 256 channels, 3x3, unpadded on 130x130 maps: 9.5 G MACs a sample.
WIDE = stack([3, 130, 130], conv("c1", 256), conv("c2", 256))
# A 64x64 window at stride 1: no MACs, yet 4,096 reads for each of its 737x737 outputs.
POOLED = stack(
    [1, 800, 800], {"id": "p", "type": "MaxPool2d", "params": {"kernel_size": 64, "stride": 1}}
)
# Maps made 64 times wider cost next to no MACs; their values cost time and memory.
BLOWN_UP = stack(
    [1, 128, 128],
    {
        "id": "up",
        "type": "ConvTranspose2d",
        "params": {"out_channels": 1, "kernel_size": 64, "stride": 64},
    },
    {"id": "act", "type": "ReLU"},
)
# Nine maps of 16 MiB, none over the limit alone.
DEEP = stack([1, 2048, 2048], *({"id": f"act{i}", "type": "ReLU"} for i in range(8)))
OVER_LIMITS = {
    "wide": (
        WIDE,
        None,
        "One sample takes 9,477,292,032 multiply-accumulates through this design, over this "
        "server's limit of 2,000,000,000" + SHRINK,
    ),
    "pooled": (
        POOLED,
        None,
        "One sample takes 2,224,820,224 multiply-accumulates through this design (a pooling "
        "window's reads counted as one each), over this server's limit of 2,000,000,000" + SHRINK,
    ),
    # One layer's output over the limit alone is said of it, and the layers after it are not
    # walked: a stack of Concats doubling the width reached sizes torch could not count.
    "blown-up": (
        BLOWN_UP,
        "up",
        "ConvTranspose2d `up` gives 67,108,864 values a sample (256 MiB), over this server's "
        "limit of 128 MiB for all of one sample's layer outputs" + SHRINK,
    ),
    "deep": (
        DEEP,
        None,
        "The layers' outputs for one sample take 144 MiB, over this server's limit of 128 MiB"
        + SHRINK,
    ),
}


@pytest.mark.parametrize("name", OVER_LIMITS)
def test_one_samples_work_is_limited_whatever_the_batch_size(name: str) -> None:
    raw, node, message = OVER_LIMITS[name]
    design = Design.model_validate(raw)
    result = validate_design(design, batch_size=1, caches=None)
    assert [(e.node, e.field, e.message) for e in result.errors] == [(node, None, message)]
    unlimited = DesignLimits(max_macs=2**62, max_sample_bytes=2**62)
    assert validate_design(design, batch_size=1, limits=unlimited, caches=None).valid


def test_new_runs_over_the_sample_limits_are_refused(client: TestClient) -> None:
    for raw, _, message in OVER_LIMITS.values():
        training = {**DIGITS_TRAINING, "batch_size": 1}
        reply = client.post("/api/runs", json={"design": raw, "training": training})
        assert reply.status_code == 422, reply.text[:300]
        assert message in [error["message"] for error in reply.json()["errors"]]


def test_the_sample_limits_are_settings() -> None:
    limits = ServerConfig(max_macs=10**10, max_sample_mib=600).design_limits()
    assert (limits.max_macs, limits.max_sample_bytes) == (10**10, 600 * 2**20)
    for raw, _, _ in OVER_LIMITS.values():
        assert validate_design(Design.model_validate(raw), limits=limits, caches=None).valid


def test_a_design_just_over_a_limit_reads_over_it() -> None:
    """Sizes are said with as many decimals as tell them from the limit, bytes at worst."""
    limits = DesignLimits()
    just_over = [128 * MIB + 4000, 128 * MIB + 4]
    said = [sample_overruns(SampleWork(0, 0, size), limits) for size in just_over]
    assert said == [
        ["The layers' outputs for one sample take 128.004 MiB, over this server's limit of 128.000 MiB"],
        ["The layers' outputs for one sample take 134,217,732 bytes, over this server's limit of 134,217,728 bytes"],
    ]  # fmt: skip
    estimate = SizeEstimate.model_construct(
        batch_size=32, parameter_bytes=4, total_bytes=4 * GIB + 10 * MIB
    )
    [issue] = size_limit_issues(estimate, limits)
    assert "needs about 4.01 GiB (" in issue.message
    assert "over this server's limit of 4.00 GiB:" in issue.message


def test_an_input_too_large_for_one_sample_is_said_in_plain_words(client: TestClient) -> None:
    # [2**70] answered with torch's "empty(): argument 'size' failed to unpack the object".
    for shape, values in [([2**70], f"{2**70:,}"), ([65536] * 4, f"{65536**4:,}")]:
        design = {**DIGITS_CNN, "input_shape": shape}
        for path in ("/api/designs/validate", "/api/designs/code"):
            reply = client.post(path, json={"design": design})
            [issue] = reply.json()["errors"]
            assert issue["message"] == (
                f"The input_shape ({', '.join(map(str, shape))}) is {values} values a sample, "
                "over this server's limit of 33,554,432: give the shape of one sample of the "
                "dataset, such as [1, 28, 28]."
            ), path
