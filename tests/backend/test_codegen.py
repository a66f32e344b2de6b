"""PyTorch code out: the generated Net equals build_network, and a run's script prints its losses."""

import ast
import contextlib
import gzip
import io
import re
import subprocess
import sys
import tarfile
import unittest.mock
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient

from torchcanvas.api.access import owner_identity
from torchcanvas.config import ServerConfig, training_threads
from torchcanvas.design.build import build_network
from torchcanvas.design.catalog import LAYERS
from torchcanvas.design.codegen import design_code
from torchcanvas.design.layer_spec import LayerSpec
from torchcanvas.design.schema import Design
from torchcanvas.training.data import DatasetError, find_dataset, load_split
from torchcanvas.training.data.builtin import BUILTINS
from torchcanvas.training.data.downloads import CIFAR_TEST, CIFAR_TRAIN, download_folder
from torchcanvas.training.script_data import data_code

from .conftest import DIGITS_CNN, DIGITS_TRAINING, wait_for

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {"image": [4, 8, 8], "sequence": [4, 16], "flat": [12], "flat_or_sequence": [12]}
# Non-default params, so that the exporter writes them and the built modules differ from defaults.
VARIED: dict[str, dict[str, Any]] = {
    "Conv2d": {"out_channels": 6, "kernel_size": [3, 2], "stride": 2, "padding": 1, "bias": False},
    "Conv1d": {"out_channels": 5, "kernel_size": 5, "stride": 2, "padding": 2},
    "ConvTranspose2d": {"out_channels": 4, "kernel_size": 3, "stride": 1, "padding": 1},
    "Linear": {"out_features": 7, "bias": False},
    "MaxPool2d": {"kernel_size": 3, "stride": 1, "padding": 1},
    "AvgPool1d": {"kernel_size": 3, "stride": 2},
    "AdaptiveAvgPool2d": {"output_size": [2, 3]},
    "LeakyReLU": {"negative_slope": 0.2},
    "ELU": {"alpha": 0.5},
    "PReLU": {"init": 0.1},
    "BatchNorm2d": {"eps": 1e-3, "momentum": 0.2},
    "GroupNorm": {"num_groups": 2},
    "Unflatten": {"unflattened_size": [3, 2, 2]},
    "Softmax": {"dim": -1},
    "LSTM": {"hidden_size": 6, "output": "sequence", "num_layers": 2, "dropout": 0.25},
    "GRU": {"hidden_size": 5, "bidirectional": True, "num_layers": 3},
}


def _one_layer(spec: LayerSpec, params: dict[str, Any]) -> dict[str, Any]:
    """The layer between a convolution and a Linear head, so all three draw from the same seed."""
    if spec.joins:
        return {
            "input_shape": [3, 8, 8],
            "layers": [
                {"id": "left", "type": "Conv2d", "params": {"out_channels": 3, "padding": 1}},
                {"id": "join", "type": spec.type},
                {"id": "flat", "type": "Flatten"},
                {"id": "head", "type": "Linear", "params": {"out_features": 3}},
            ],
            "edges": [
                *[["input", "left"], ["left", "join"], ["input", "join"]],
                *[["join", "flat"], ["flat", "head"]],
            ],
        }
    shape = SAMPLE.get(spec.input, [4, 8, 8])
    if spec.type == "Unflatten":
        shape = [12] if params else [64]
    return {
        "input_shape": shape,
        "layers": [
            {"id": "layer", "type": spec.type, "params": params},
            {"id": "flat", "type": "Flatten"},
            {"id": "head", "type": "Linear", "params": {"out_features": 3}},
        ],
    }


def _run_net(code: str) -> type[torch.nn.Module]:
    namespace: dict[str, Any] = {"__name__": "generated"}
    exec(compile(code, "generated.py", "exec"), namespace)
    net: type[torch.nn.Module] = namespace["Net"]
    return net


def assert_same_network(design_json: dict[str, Any], seed: int = 0) -> str:
    design = Design.model_validate(design_json)
    code = design_code(design)
    torch.manual_seed(seed)
    theirs = _run_net(code)()
    torch.manual_seed(seed)
    ours = build_network(design)
    assert list(theirs.state_dict()) == list(ours.state_dict())
    for name, tensor in ours.state_dict().items():
        assert torch.equal(theirs.state_dict()[name], tensor), name
    x = torch.randn(4, *design.input_shape, generator=torch.Generator().manual_seed(1))
    for train in (True, False):
        theirs.train(train), ours.train(train)
        torch.manual_seed(seed + 1)  # dropout draws the same masks in both
        expected = ours(x)
        torch.manual_seed(seed + 1)
        assert torch.equal(theirs(x), expected)
    return code


CASES = [(spec, {}) for spec in LAYERS] + [
    (spec, VARIED[spec.type]) for spec in LAYERS if spec.type in VARIED
]


@pytest.mark.parametrize(
    ("spec", "params"), CASES, ids=[f"{s.type}{'-varied' if p else ''}" for s, p in CASES]
)
def test_generated_layer_equals_build_network(spec: LayerSpec, params: dict[str, Any]) -> None:
    code = assert_same_network(_one_layer(spec, params))
    if spec.category == "recurrent":  # torch's class on (C, L), defined in the file
        assert f"class Sequence{spec.type}(nn.{spec.type}):" in code
        assert f"self.layer = Sequence{spec.type}(" in code
    elif not spec.joins:
        assert f"self.layer = nn.{spec.type}(" in code


RESIDUAL = {
    "name": "residual",
    "input_shape": [1, 8, 8],
    "layers": [
        {"id": "stem", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "x", "type": "BatchNorm2d"},
        {"id": "torch", "type": "ReLU"},
        {"id": "branch", "type": "Conv2d", "params": {"out_channels": 8, "padding": 1}},
        {"id": "drop", "type": "Dropout2d", "params": {"p": 0.3}},
        {"id": "add", "type": "Add"},
        {"id": "cat", "type": "Concat"},
        {"id": "pool", "type": "AdaptiveAvgPool2d"},
        {"id": "flat", "type": "Flatten"},
        {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
    ],
    "edges": [
        ["input", "stem"], ["stem", "x"], ["x", "torch"], ["torch", "branch"],
        ["branch", "drop"], ["drop", "add"], ["torch", "add"], ["stem", "add"],
        ["add", "cat"], ["stem", "cat"], ["cat", "pool"], ["pool", "flat"], ["flat", "fc"],
    ],
}  # fmt: skip


def test_graph_names_variables_after_layers_and_writes_joins() -> None:
    code = assert_same_network(RESIDUAL, seed=3)
    # Layer ids that would shadow forward's own names get a suffix.
    assert "x_out = self.x(stem)  # (B, 8, 8, 8) -> (B, 8, 8, 8)" in code
    assert "torch_out = self.torch(x_out)" in code
    assert "add = drop + torch_out + stem  # (B, 8, 8, 8), (B, 8, 8, 8), (B, 8, 8, 8) -> " in code
    assert (
        "cat = torch.cat([add, stem], dim=1)  # (B, 8, 8, 8), (B, 8, 8, 8) -> (B, 16, 8, 8)" in code
    )
    assert "self.add" not in code and "return fc" in code


def test_a_layer_of_one_parameter_says_parameter() -> None:
    design = Design.model_validate(
        {
            "version": 1,
            "name": "prelu",
            "input_shape": [4],
            "layers": [
                {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
                {"id": "act", "type": "PReLU"},
            ],
        }
    )
    code = design_code(design)
    assert "self.act = nn.PReLU()  # 1 parameter\n" in code
    assert "# 15 parameters" in code


def test_stack_code_reads_like_hand_written_pytorch() -> None:
    code = design_code(Design.model_validate(DIGITS_CNN))
    assert "self.conv1 = nn.Conv2d(1, 16, kernel_size=3, padding=1)  # 160 parameters" in code
    assert "self.fc = nn.Linear(256, 10)  # 2,570 parameters" in code
    assert "x = self.flat(x)  # (B, 16, 4, 4) -> (B, 256)" in code
    # Run as a script, in a namespace of its own: no torch process to start for one forward pass.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "net.py", "exec"), {"__name__": "__main__"})
    assert printed.getvalue() == "torch.Size([2, 10])\n"


def test_generated_files_pass_ruff(tmp_path: Path) -> None:
    designs = [_one_layer(spec, params) for spec, params in CASES] + [RESIDUAL, DIGITS_CNN]
    for i, design in enumerate(designs):
        (tmp_path / f"net_{i}.py").write_text(design_code(Design.model_validate(design)))
    config = ["--config", str(ROOT / "pyproject.toml")]
    ruff = [sys.executable, "-m", "ruff"]
    check = subprocess.run([*ruff, "check", *config, str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    form = subprocess.run(
        [*ruff, "format", "--diff", *config, str(tmp_path)], capture_output=True, text=True
    )
    assert form.returncode == 0, form.stdout


def _exec_load_data(info_name: str, script_path: Path, data_dir: Path | None = None) -> None:
    """The generated load_data() gives exactly the tensors the training loop trains on."""
    info = find_dataset(info_name, data_dir)
    namespace: dict[str, Any] = {"__name__": "generated", "__file__": str(script_path)}
    code = data_code(info)
    exec("\n".join(sorted(code.imports)) + "\n" + code.code, namespace)
    got = namespace["load_data"]()
    expected = load_split(info_name, data_dir)
    for mine, theirs in zip(
        got, (expected.x_train, expected.y_train, expected.x_val, expected.y_val), strict=True
    ):
        assert mine.dtype == theirs.dtype and torch.equal(mine, theirs)


@pytest.mark.parametrize("name", list(BUILTINS))
def test_builtin_data_code_matches_torchcanvas(name: str, tmp_path: Path) -> None:
    _exec_load_data(name, tmp_path / "script.py")


def _idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    return gzip.compress(header + array.astype(np.uint8).tobytes())


def test_download_data_code_reads_the_same_files(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    mnist = download_folder(tmp_path, "mnist")
    mnist.mkdir(parents=True)
    for prefix, n in (("train", 6), ("t10k", 4)):
        (mnist / f"{prefix}-images-idx3-ubyte.gz").write_bytes(
            _idx(rng.integers(0, 256, (n, 28, 28)))
        )
        (mnist / f"{prefix}-labels-idx1-ubyte.gz").write_bytes(_idx(rng.integers(0, 10, n)))
    cifar = download_folder(tmp_path, "cifar10")
    cifar.mkdir(parents=True)
    with tarfile.open(cifar / "cifar-10-binary.tar.gz", "w:gz") as tar:
        for name in [*CIFAR_TRAIN, CIFAR_TEST]:
            records = np.concatenate(
                [rng.integers(0, 10, (2, 1)), rng.integers(0, 256, (2, 3072))], axis=1
            )
            data = records.astype(np.uint8).tobytes()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    for name in ("mnist", "cifar10"):
        _exec_load_data(name, mnist.parent / "script.py", tmp_path)


def test_design_code_route(client: TestClient) -> None:
    reply = client.post("/api/designs/code", json={"design": DIGITS_CNN})
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/x-python")
    compile(reply.text, "net.py", "exec")
    assert "class Net(nn.Module):" in reply.text


def test_design_code_route_refuses_a_bad_design(client: TestClient) -> None:
    bad = {**DIGITS_CNN, "layers": [DIGITS_CNN["layers"][0], DIGITS_CNN["layers"][-1]]}
    reply = client.post("/api/designs/code", json={"design": bad})
    assert reply.status_code == 422
    body = reply.json()
    assert body["detail"] == "The design cannot be built: 1 issue to fix."
    [error] = body["errors"]
    assert error["node"] == "fc"
    assert error["message"].startswith("Linear `fc` expects a flat input but gets (16, 8, 8)")
    empty = client.post("/api/designs/code", json={"design": {"input_shape": [1], "layers": []}})
    assert empty.status_code == 422
    assert empty.json()["errors"][0]["field"] == "design.layers"
    assert client.post("/api/designs/code", json={}).status_code == 422


SINE_MLP = {
    "name": "sine-mlp",
    "input_shape": [1],
    "layers": [
        {"id": "fc1", "type": "Linear", "params": {"out_features": 32}},
        {"id": "norm", "type": "BatchNorm1d"},
        {"id": "act", "type": "Tanh"},
        {"id": "drop", "type": "Dropout", "params": {"p": 0.1}},
        {"id": "out", "type": "Linear", "params": {"out_features": 1}},
    ],
}
SINE_TRAINING = {
    "dataset": "sine", "loss": "HuberLoss", "loss_params": {"delta": 0.5}, "optimizer": "SGD",
    "optimizer_params": {"nesterov": True}, "lr": 0.05, "epochs": 6, "batch_size": 479, "seed": 7,
    "scheduler": "OneCycleLR", "clip_grad_norm": 0.5, "early_stopping_patience": 2,
}  # fmt: skip
# A bidirectional LSTM handing on every step to a GRU: both recurrent classes in one script.
WAVES_RNN = {
    "name": "waves-rnn",
    "input_shape": [1, 32],
    "layers": [
        {
            "id": "lstm1",
            "type": "LSTM",
            "params": {"hidden_size": 8, "output": "sequence", "bidirectional": True},
        },
        {"id": "gru1", "type": "GRU", "params": {"hidden_size": 8}},
        {"id": "fc", "type": "Linear", "params": {"out_features": 3}},
    ],
}
WAVES_TRAINING = {
    "dataset": "waveforms", "loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.01,
    "epochs": 2, "batch_size": 64, "seed": 3,
}  # fmt: skip
FAST = {"precision": "bf16", "channels_last": True, "cudnn_benchmark": True}
# The same script also applies the run's augmentations, drawn as the run draws them.
AUGMENTED = {
    "augmentations": {
        "RandomHorizontalFlip": {"p": 0.3},
        "RandomCrop": {"padding": 2},
        "ColorJitter": {},
    }
}
_ALLOWED_IMPORTS = {
    "argparse",
    "math",
    "gzip",
    "tarfile",
    "pathlib",
    "numpy",
    "torch",
    "sklearn",
    "safetensors",
}
_EPOCH = re.compile(r"^epoch (\d+)  train_loss (\S+)  val_loss (\S+)", re.MULTILINE)


def run_script(path: Path, argv: list[str] | None = None, threads: list[int] | None = None) -> str:
    """Runs a run's script as `python script.py` in its folder would (with `argv` as sys.argv,
    by default the script's name alone), and returns what it printed; `threads` gets the CPU
    threads torch had when it was done.

    In a namespace of its own, and with torch's random state and threads put back after: its
    imports are loaded here already, where a new python spent seconds on them, then on
    torch._dynamo, which an optimizer's first step imports."""
    printed, before = io.StringIO(), torch.get_num_threads()
    try:
        with (
            unittest.mock.patch.object(sys, "argv", argv or [path.name]),
            contextlib.chdir(path.parent),
            torch.random.fork_rng(),
            contextlib.redirect_stdout(printed),
        ):
            script = {"__name__": "__main__", "__file__": str(path)}
            exec(compile(path.read_text(), str(path), "exec"), script)
            if threads is not None:
                threads.append(torch.get_num_threads())
    finally:
        torch.set_num_threads(before)
    return printed.getvalue()


def _without_run(script: str) -> str:
    """A script after its docstring, its --help description and the names its weights download
    by cut: what names its run, or none."""
    after = script.split('"""', 2)[2]
    after = re.sub(r"WEIGHTS_FILES = .*", "WEIGHTS_FILES = ...", after)
    return re.sub(r'description="Trains Net as [^"]*"', "description=...", after)


def test_a_designs_script_names_what_stops_it_as_a_run_would(client: TestClient) -> None:
    flat = {**DIGITS_CNN, "layers": [DIGITS_CNN["layers"][-1]]}  # a Linear on images
    reply = client.post("/api/designs/script", json={"design": flat, "training": DIGITS_TRAINING})
    assert reply.status_code == 422
    assert any("add a Flatten before it" in e["message"] for e in reply.json()["errors"])
    started = {**DIGITS_TRAINING, "init_from": "0123456789abcdef"}
    reply = client.post("/api/designs/script", json={"design": DIGITS_CNN, "training": started})
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["field"] == "training.init_from"
    assert error["message"].startswith("A script that starts from a run's weights")


@pytest.mark.parametrize(
    ("design", "training"),
    [
        (DIGITS_CNN, {**DIGITS_TRAINING, "epochs": 3, "batch_size": 100}),
        (SINE_MLP, SINE_TRAINING),
        (DIGITS_CNN, {**DIGITS_TRAINING, **FAST, "epochs": 3, "batch_size": 100, **AUGMENTED}),
        (WAVES_RNN, WAVES_TRAINING),
    ],
    ids=["digits", "sine", "digits-bf16-channels-last-augmented", "waveforms-lstm-gru"],
)
def test_run_script_prints_the_runs_losses(
    client: TestClient, tmp_path: Path, design: dict[str, Any], training: dict[str, Any]
) -> None:
    reply = client.post("/api/runs", json={"design": design, "training": training})
    assert reply.status_code == 201, reply.text
    run_id = reply.json()["id"]
    assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
    events = client.get(f"/api/runs/{run_id}/events", params={"limit": 1000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]

    code = client.get(f"/api/runs/{run_id}/code.py")
    assert code.status_code == 200
    named = f'attachment; filename="{design["name"]}-{run_id[:6]}.py"'
    assert code.headers["content-disposition"] == named
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]  # type: ignore[union-attr]
        for node in ast.walk(ast.parse(code.text))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= _ALLOWED_IMPORTS
    # The editor's Code panel gives the same script before the run: all but its docstring and
    # --help's first line, which name the run, to the character.
    before = client.post("/api/designs/script", json={"design": design, "training": training})
    assert before.status_code == 200, before.text
    assert "a TorchCanvas design and its training settings" in before.text.split('"""')[1]
    assert 'WEIGHTS_FILES = ["weights.safetensors"]  # the name in a run\'s bundle' in before.text
    assert _without_run(before.text) == _without_run(code.text)
    path = tmp_path / f"{design['name']}.py"
    path.write_text(code.text)
    # Started on a count of threads other than the worker's one: the script takes the run's.
    (started,) = [e for e in events if e["type"] == "started"]
    assert started["threads"] == 1 and "THREADS = 1  #" in code.text
    previous = torch.get_num_threads()
    torch.set_num_threads(2)
    threads: list[int] = []
    try:
        out = run_script(path, threads=threads)
    finally:  # later tests in this process train on one thread, bit for bit as before
        torch.set_num_threads(previous)
    assert threads == [1]
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(out)]
    assert len(printed) == len(epochs) >= 2
    for (epoch, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert epoch == event["epoch"]
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)
    if training is SINE_TRAINING and len(epochs) < SINE_TRAINING["epochs"]:
        assert "stopped early" in out


def test_a_design_name_in_any_script_gives_an_ascii_file_name(client: TestClient) -> None:
    from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING

    design = {**DIGITS_CNN, "name": "café 模型"}
    reply = client.post(
        "/api/runs", json={"design": design, "training": {**DIGITS_TRAINING, "epochs": 1}}
    )
    run_id = reply.json()["id"]
    code = client.get(f"/api/runs/{run_id}/code.py")
    assert code.status_code == 200
    assert 'filename="cafe' in code.headers["content-disposition"]
    code.headers["content-disposition"].encode("ascii")


def test_every_download_of_a_run_is_named_as_its_script_is(client: TestClient) -> None:
    # The weights came as "moons mlp.safetensors", the script as moons-mlp.py, and a design
    # named "" gave ".json", a hidden file (such a name is refused now; one of only punctuation
    # or of other scripts is not). Two runs of one design were both `model.zip`.
    from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING

    stems = []
    cases = [
        ("moons mlp", "moons-mlp"),
        ("???", "model"),
        ('a"b;c/..\\d', "a-b-c----d"),
        ("日本語", "model"),
        ("日本語 ñame", "name"),  # accents go, not the letters under them
    ]
    for name, design_stem in cases:
        reply = client.post(
            "/api/runs",
            json={
                "design": {**DIGITS_CNN, "name": name},
                "training": {**DIGITS_TRAINING, "epochs": 1},
            },
        )
        run_id = reply.json()["id"]
        stem = f"{design_stem}-{run_id[:6]}"
        stems.append(stem)
        assert wait_for(client, run_id, {"succeeded"}, timeout=120)["status"] == "succeeded"
        for path, suffix in [
            ("weights.safetensors", ".safetensors"),
            ("design.json", ".json"),
            ("code.py", ".py"),
            ("files/model.onnx", ".onnx"),
            ("files/bundle.zip", ".zip"),
        ]:
            reply = client.get(f"/api/runs/{run_id}/{path}")
            assert reply.status_code == 200, (path, reply.text)
            disposition = reply.headers["content-disposition"]
            assert disposition == f'attachment; filename="{stem}{suffix}"', (name, disposition)
        # The script finds the weights under the name they download with.
        assert f'"{stem}.safetensors"' in client.get(f"/api/runs/{run_id}/code.py").text
        with zipfile.ZipFile(
            io.BytesIO(client.get(f"/api/runs/{run_id}/files/bundle.zip").content)
        ) as bundle:
            assert f'"{stem}.onnx"' in bundle.read("README.md").decode()
    assert len(set(stems)) == len(stems)  # the two unnamed designs' runs too


def test_run_code_of_an_unknown_run_is_404(client: TestClient) -> None:
    reply = client.get("/api/runs/nope/code.py")
    assert reply.status_code == 404
    assert reply.json()["detail"] == (
        "Run nope is not among this browser's runs: open it in the browser that started "
        "it, or ask for a share link."
    )


def test_a_script_of_a_fine_tuned_run_loads_the_weights_and_freezes_the_layers(
    client: TestClient, tmp_path: Path
) -> None:
    from tests.backend.conftest import DIGITS_CNN, DIGITS_TRAINING

    training = {**DIGITS_TRAINING, "epochs": 2}
    parent = client.post("/api/runs", json={"design": DIGITS_CNN, "training": training}).json()[
        "id"
    ]
    assert wait_for(client, parent, {"succeeded"}, timeout=120)["status"] == "succeeded"
    # Fine-tuned: a BatchNorm and a hidden layer added (fresh), conv1 copied, and frozen with the
    # norm (which runs in inference mode); fc copies its bias only.
    layers = DIGITS_CNN["layers"]
    design = {
        **DIGITS_CNN,
        "layers": [
            layers[0],
            {"id": "norm", "type": "BatchNorm2d"},
            *layers[1:-1],
            {"id": "hidden", "type": "Linear", "params": {"out_features": 32}},
            {"id": "act2", "type": "ReLU"},
            layers[-1],
        ],
    }
    fine_tune = {**training, "init_from": parent, "frozen": ["conv1", "norm"]}
    child = client.post("/api/runs", json={"design": design, "training": fine_tune}).json()["id"]
    assert wait_for(client, child, {"succeeded"}, timeout=120)["status"] == "succeeded"
    events = client.get(f"/api/runs/{child}/events", params={"limit": 1000}).json()
    epochs = [e for e in events if e["type"] == "epoch"]
    (tmp_path / "init.safetensors").write_bytes(
        client.get(f"/api/runs/{parent}/weights.safetensors").content
    )
    path = tmp_path / "child.py"
    path.write_text(client.get(f"/api/runs/{child}/code.py").text)
    out = run_script(path)
    printed = [(int(e), float(t), float(v)) for e, t, v in _EPOCH.findall(out)]
    assert [p[0] for p in printed] == [e["epoch"] for e in epochs]
    for (_, train_loss, val_loss), event in zip(printed, epochs, strict=True):
        assert train_loss == pytest.approx(event["train_loss"], abs=1e-4)
        assert val_loss == pytest.approx(event["val_loss"], abs=1e-4)


def test_the_script_of_a_run_on_a_damaged_download_still_comes(
    client: TestClient, data_dir: Path
) -> None:
    """The script fetches MNIST itself: files damaged on the server do not keep it back."""
    from torchcanvas.store.owners import OwnerStore
    from torchcanvas.store.runs import RunStore
    from torchcanvas.training.data.downloads import DOWNLOADS
    from torchcanvas.training.settings import TrainingSettings

    client.get("/api/health")  # the owner cookie
    services = client.app.state.services  # type: ignore[attr-defined]
    design = Design.model_validate(
        {
            "version": 1,
            "name": "mnist-linear",
            "input_shape": [1, 28, 28],
            "layers": [
                {"id": "flat", "type": "Flatten"},
                {"id": "fc", "type": "Linear", "params": {"out_features": 10}},
            ],
        }
    )
    training = TrainingSettings(
        dataset="mnist", loss="CrossEntropyLoss", optimizer="Adam", lr=1e-3, epochs=1, batch_size=64
    )
    RunStore(services.db).create("0badf11e0badf11e", design, training)
    owner = owner_identity(client.cookies["torchcanvas_owner"])
    OwnerStore(services.db).record("0badf11e0badf11e", owner)
    folder = download_folder(data_dir, "mnist")
    folder.mkdir(parents=True)
    try:
        for name in DOWNLOADS["mnist"].files:
            (folder / name).write_bytes(b"not gzip at all")
        with pytest.raises(DatasetError):
            find_dataset("mnist", data_dir)  # what training would meet
        reply = client.get("/api/runs/0badf11e0badf11e/code.py")
        assert reply.status_code == 200, reply.text
        assert "mnist" in reply.text
        compile(reply.text, "mnist-linear.py", "exec")  # a whole script
    finally:
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()


def test_a_designs_script_takes_the_threads_a_run_of_it_would_train_with() -> None:
    """On Ray each actor has as many threads as the CPUs it asks for, not a local worker's."""
    local = ServerConfig(pin_cores=False, worker_threads=5, cpus_per_run=2)
    assert training_threads(local) == 5
    assert training_threads(local.model_copy(update={"executor": "ray"})) == 2
