"""The bundle README's section on a sample and an output: what a sample must be made into
before the model takes it (a table's standardisation, a picture's decoding) and what its output
means (a class's probability, a standardised target's value), in lines a reader can run."""

from torchcanvas.export.markdown_text import code
from torchcanvas.hidden_text import escaped
from torchcanvas.training.catalog import LOSSES_BY_NAME, LossSpec
from torchcanvas.training.class_chances import threshold
from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.info import image_shape
from torchcanvas.training.data.storage import DatasetRecord
from torchcanvas.training.script_upload_parts import EIGHT_BIT
from torchcanvas.training.settings import TrainingSettings

# What a loss taught the outputs to be, and how they become probabilities (class_chances.py).
_AS_PROBABILITIES = {
    "logits": "`torch.sigmoid(output)`",
    "log_probabilities": "`output.exp()`",
    "probabilities": "the output as it is",
    "values": "the output as it is, within 0 to 1 (`output.clamp(0, 1)`)",
}


def _output_kind(loss: LossSpec, last: str | None) -> str:
    """What the outputs are: what the loss taught them to be, but for log-probabilities where the
    network does not end in LogSoftmax (warned as its run was made), read as class_chances.py
    reads them: a Softmax's or Sigmoid's probabilities, else logits."""
    if loss.output != "log_probabilities" or last == "LogSoftmax":
        return loss.output
    return "probabilities" if last in ("Softmax", "Sigmoid") else "logits"


def _class_lines(loss: LossSpec, binary: bool, last: str | None) -> list[str]:
    """What a classifier's output means, and how its probabilities are read from it, as the
    model page's Try it reads them; `last`: the type of the network's last layer."""
    kind = _output_kind(loss, last)
    if binary:
        tips = f"{threshold(loss):g}"
        return [
            f"Its output is one score for two classes: over {tips} means the second, and",
            f"{_AS_PROBABILITIES[kind]} is the second's probability; `classes` in",
            "preprocessing.json names them in order.",
        ]
    one_of = kind == "logits" and loss.targets == "class_index"
    chances = "`torch.softmax(output, 1)`" if one_of else _AS_PROBABILITIES[kind]
    return [
        "Its output is one score per class, the highest naming the answer, and",
        f"{chances} gives each class's probability; `classes` in preprocessing.json",
        "names them in order.",
    ]


def inputs_and_outputs(
    training: TrainingSettings,
    dataset: DatasetInfo | None,
    outputs: int | None,
    last: str | None = None,
) -> list[str]:
    """What a sample must be made into before the model takes it, and what its output means:
    a table's model takes standardised features and gives a standardised target, which the
    examples above (zeros in, raw numbers out) leave a reader to guess."""
    if dataset is None:
        return []
    parts = ["", "## Its inputs and outputs", ""]
    scaling = dataset.standardisation
    if scaling is not None:
        parts += [
            f"The model takes the features {', '.join(code(escaped(f)) for f in scaling.features)}, in",
            "this order, each standardised as it was for training: (value − mean) / std, with the",
            "`mean` and `std` of `standardisation` in preprocessing.json.",
        ]
    elif dataset.pictures is not None and (image := image_shape(dataset.sample_shape)):
        parts += _picture_lines(dataset.sample_shape, image, dataset.pictures.levels)
        if isinstance(dataset, DatasetRecord) and dataset.pictures_at_size:
            _, height, width = image
            parts += [
                f"Its training pictures came {width}×{height} already, made so before the upload (Make an",
                "image dataset makes them in the browser, with the browser's own filter): training",
                "resized none. A picture of another size is resized by the lines above, as Try it",
                "resizes it: close to the browser's resizing, not the same pixels.",
                "",
            ]
    if isinstance(dataset, DatasetRecord) and dataset.channels_last:
        parts += [
            "The uploaded NPZ held its images channels last, (N, H, W, C), as NumPy and PIL keep",
            "them; training turned them channels first, as the model takes them: do the same to",
            "yours, `x = np.moveaxis(x, -1, 1)` on a batch (or `-1, 0` on one image).",
        ]
    if isinstance(dataset, DatasetRecord) and dataset.channel_added:
        parts += [
            "The uploaded NPZ held its images as (N, H, W), one channel each; training gave them",
            "that channel, (N, 1, H, W), as the model takes them: do the same to yours,",
            "`x = x[:, None]` on a batch (or `image[None]` on one image).",
        ]
    binary = outputs == 1
    if dataset.classes and dataset.task == "classification":
        parts += _class_lines(LOSSES_BY_NAME[training.loss], binary, last)
    elif scaling is not None and scaling.target_mean is not None:
        parts += [
            f"Its output is the target {code(escaped(scaling.target or 'y'))} standardised too: multiply it by",
            "`target_std` and add `target_mean` for the value in the target's own units.",
        ]
    if scaling is None:
        return parts
    parts += [
        "",
        "```python",
        "import json",
        "from pathlib import Path",
        "",
        'preprocessing = json.loads(Path("preprocessing.json").read_text())',
        'scaling = preprocessing["standardisation"]',
        f"raw = torch.tensor([[{', '.join('0.0' for _ in scaling.features)}]], dtype=torch.float64)  # one row, in the features' units",
        "# In float64, then float32, as training was: float32 holds 1e9 + 150 only as 1e9 + 128.",
        'mean, std = (torch.tensor(scaling[key], dtype=torch.float64) for key in ("mean", "std"))',
        "output = model(((raw - mean) / std).float())",
    ]
    if dataset.classes and dataset.task == "classification" and not binary:
        parts.append('print(preprocessing["classes"][int(output.argmax(1))])')
    elif scaling.target_mean is not None:
        parts.append('print(output * scaling["target_std"] + scaling["target_mean"])')
    return [*parts, "```"]


def _draft_size(width: int, height: int) -> list[str]:
    """The README's lines for the size a JPEG is decoded at: turned, a photo's sides swap."""
    if width == height:
        return [f"    size = ({width}, {height})"]
    return [
        "    sideways = image.getexif().get(0x0112) in (5, 6, 7, 8)  # EXIF: taken turned",
        f"    size = ({height}, {width}) if sideways else ({width}, {height})",
    ]


def _picture_lines(shape: list[int], image: tuple[int, int, int], levels: int) -> list[str]:
    """How a picture becomes a sample, as training made its images and the model page's Try it
    makes one: the same decoding, resizing and rounding, in lines a reader can run."""
    channels, height, width = image
    mode = "L" if channels == 1 else "RGB"
    arrange = {
        2: "x  # (H, W), as the samples are",
        3: "x[None] if x.ndim == 2 else x.permute(2, 0, 1)  # (C, H, W)",
    }[len(shape)]
    return [
        f"The model takes a picture as a ({', '.join(map(str, shape))}) tensor of values from 0 to",
        f"1 in steps of 1/{levels}, made as training made its images (and as Try it makes one):",
        "upright as taken, laid over white where it is transparent, resized (stretched, not",
        "cropped) with PIL's bilinear filter, each byte",
        f"rounded to the nearest of {levels} steps (a 16-bit picture's levels first scaled to",
        "0–255). In Python, after the lines above:",
        "",
        "```python",
        "import numpy as np",
        "from PIL import Image, ImageOps",
        "",
        "",
        *EIGHT_BIT.splitlines(),
        "",
        "",
        "def picture(path):",
        "    image = Image.open(path)",
        *_draft_size(width, height),
        f'    image.draft("{mode}", size)  # a JPEG decoded small, as training did',
        "    image = on_white(eight_bit(ImageOps.exif_transpose(image)))  # upright, on white",
        f'    image = image.convert("{mode}")',
        f"    image = image.resize(({width}, {height}), Image.Resampling.BILINEAR)",
        f"    steps = np.rint(np.asarray(image, dtype=np.float64) * {levels} / 255)",
        f"    x = torch.from_numpy((steps / {levels}).astype(np.float32))",
        f"    return {arrange}",
        "",
        "",
        'output = model(picture("picture.png")[None])  # a batch of one',
        "```",
        "",
    ]
