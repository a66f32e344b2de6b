"""frontend/src/editor/templates.ts's designs, as the editor makes them, for the backend's tests."""

from typing import Any

# The epochs and batch size the editor starts a set with that suggests none (suggestedSteps.ts).
EDITOR_STEPS = {"epochs": 10, "batch_size": 64}


def design_json(name: str, layers: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    """A design on the 8×8 digits unless `more` says another input_shape."""
    return {"version": 1, "name": name, "input_shape": [1, 8, 8], "layers": layers, **more}


def layer(id: str, type: str, **params: Any) -> dict[str, Any]:
    return {"id": id, "type": type, "params": params} if params else {"id": id, "type": type}


def mlp(sample_shape: list[int], outputs: int) -> dict[str, Any]:
    """The MLP for a dataset: its samples' shape, and how many numbers it gives."""
    flat = [layer("flat", "Flatten")] if len(sample_shape) > 1 else []
    layers = [
        *flat,
        layer("fc1", "Linear", out_features=64),
        layer("act1", "ReLU"),
        layer("fc2", "Linear", out_features=64),
        layer("act2", "ReLU"),
        layer("out", "Linear", out_features=outputs),
    ]
    return design_json("mlp", layers) | {"input_shape": sample_shape}


def conv(id: str, out_channels: int) -> dict[str, Any]:
    return layer(id, "Conv2d", out_channels=out_channels, kernel_size=3, padding=1)


# The two CNNs for the digits.
LENET = design_json(
    "lenet",
    [
        conv("conv1", 16),
        layer("act1", "ReLU"),
        layer("pool1", "MaxPool2d", kernel_size=2),
        conv("conv2", 32),
        layer("act2", "ReLU"),
        layer("pool2", "MaxPool2d", kernel_size=2),
        layer("flat", "Flatten"),
        layer("fc1", "Linear", out_features=64),
        layer("act3", "ReLU"),
        layer("fc2", "Linear", out_features=10),
    ],
)
RESIDUAL = design_json(
    "residual",
    [
        conv("conv1", 16),
        layer("act1", "ReLU"),
        conv("conv2", 16),
        layer("act2", "ReLU"),
        conv("conv3", 16),
        layer("add", "Add"),
        layer("act3", "ReLU"),
        layer("pool", "MaxPool2d", kernel_size=2),
        layer("flat", "Flatten"),
        layer("fc", "Linear", out_features=10),
    ],
    edges=[
        ["input", "conv1"],
        ["conv1", "act1"],
        ["act1", "conv2"],
        ["conv2", "act2"],
        ["act2", "conv3"],
        ["conv3", "add"],
        ["act1", "add"],
        ["add", "act3"],
        ["act3", "pool"],
        ["pool", "flat"],
        ["flat", "fc"],
    ],
)

# The LSTM for the waveforms (1, 32): its last step, then one output per shape.
LSTM_WAVEFORMS = design_json(
    "lstm-waveforms",
    [
        layer("lstm1", "LSTM", hidden_size=32, output="last"),
        layer("fc", "Linear", out_features=3),
    ],
    input_shape=[1, 32],
)
