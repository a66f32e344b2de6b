"""Writes a design as readable PyTorch: `class Net(nn.Module)` with shape comments, standalone."""

import inspect
import unicodedata
from typing import Any

import torch.nn as nn

from torchcanvas.design.build import DesignInvalid
from torchcanvas.design.graph import INPUT
from torchcanvas.design.limits import DesignLimits, structure_limit_issues
from torchcanvas.design.recurrent import RECURRENT_MODULES
from torchcanvas.design.schema import Design
from torchcanvas.design.walk import Walk, WalkedLayer, walk_design
from torchcanvas.hidden_text import without_hidden

# Names that forward() uses itself, so a layer output of that name gets a suffix.
_TAKEN = {"self", "x", "torch", "nn", "F"}
LINE_LENGTH = 100


def batch_shape(shape: tuple[int, ...] | list[int]) -> str:
    """A sample shape with the batch in front, as the comments show it: (B, 16, 8, 8)."""
    return "(" + ", ".join(["B", *(str(d) for d in shape)]) + ")"


def clean_text(text: str, limit: int = 80) -> str:
    """User text made safe for a comment or a docstring: one line, no quotes or backslashes, and
    no hidden characters (left out, not made spaces: "data\u200b.csv" read as two words)."""
    kept = "".join(c if c.isprintable() and c not in '\\"' else " " for c in without_hidden(text))
    short = " ".join(kept.split())
    return short if len(short) <= limit else short[: limit - 1] + "…"


def name_for_file(design: Design) -> str:
    """A file name, without its suffix, from the design's name: ASCII letters, digits, dashes and
    underscores, "model" when none are left; accented letters lose their accents ("ñame" is
    "name", not "ame"). Every download of a run is named by it."""
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", design.name) if not unicodedata.combining(c)
    )
    kept = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in plain).strip(
        "-"
    )
    return kept[:60] or "model"


def file_stem(design: Design, run_id: str | None) -> str:
    """What a run's downloads are named, without their suffix: the design's file name and the
    first six characters of the run's id, so two runs of one design are two files (`mlp-3fa2c1.zip`,
    not `mlp.zip` and `mlp (1).zip`). A design with no run yet (the editor's script) by its name."""
    if run_id is None:
        return name_for_file(design)
    short = "".join(c for c in run_id[:6] if c.isascii() and c.isalnum())
    return f"{name_for_file(design)}-{short}" if short else name_for_file(design)


class Code(str):
    """An expression written into the code as it is, such as `LR` or `model.parameters()`."""

    def __repr__(self) -> str:
        return str(self)


def call_arguments(
    cls: type[Any],
    kwargs: dict[str, Any],
    named: frozenset[str] = frozenset(),
    max_positional: int = 8,
) -> list[str]:
    """Constructor arguments as a person writes them: leading required ones by position, then
    only the keywords whose value differs from torch's own default."""
    signature = inspect.signature(cls)
    parts: list[str] = []
    positional = True
    for name, param in signature.parameters.items():
        if name not in kwargs:
            positional = positional and param.default is not inspect.Parameter.empty
            continue
        value = kwargs[name]
        required = param.default is inspect.Parameter.empty
        if required and positional and name not in named and len(parts) < max_positional:
            parts.append(_literal(value))
            continue
        positional = False
        if required or not _same(value, param.default):
            parts.append(f"{name}={_literal(value)}")
    parts += [
        f"{name}={_literal(value)}"
        for name, value in kwargs.items()
        if name not in signature.parameters
    ]
    return parts


def _literal(value: Any) -> str:
    """A value as code, a plain string in double quotes as ruff format writes it."""
    if type(value) is str and not {'"', "\\"} & set(value):  # not Code, which writes itself
        return f'"{value}"'
    return repr(value)


def call(indent: int, head: str, args: list[str], comment: str = "") -> str:
    """`head(args)` at an indent, wrapped as ruff format wraps it when it runs past 100."""
    pad = " " * indent
    line = f"{pad}{head}({', '.join(args)}){comment}"
    if len(line) <= LINE_LENGTH:
        return line
    inner = f"{pad}    {', '.join(args)}"
    if len(inner) <= LINE_LENGTH:
        return f"{pad}{head}(\n{inner}\n{pad}){comment}"
    each = "".join(f"{pad}    {arg},\n" for arg in args)
    return f"{pad}{head}(\n{each}{pad}){comment}"


def _same(value: Any, default: Any) -> bool:
    """Equal and of the same kind: 0.0 is torch's 0, but True is not 1."""
    numbers = (int, float)
    if isinstance(value, numbers) and isinstance(default, numbers):
        both_bool = isinstance(value, bool) == isinstance(default, bool)
        return both_bool and value == default
    return type(value) is type(default) and bool(value == default)


def _layer_line(node: str, layer: WalkedLayer) -> str:
    own = RECURRENT_MODULES.get(layer.spec.type)  # defined in the file, above Net
    cls = own or getattr(nn, layer.spec.type)
    args = call_arguments(cls, layer.kwargs, named=frozenset({"kernel_size"}))
    count = (
        f"  # {layer.params:,} parameter{'' if layer.params == 1 else 's'}" if layer.params else ""
    )
    head = own.__name__ if own is not None else f"nn.{layer.spec.type}"
    return call(8, f"self.{node} = {head}", args, count)


def _own_classes(walk: Walk) -> list[str]:
    """The classes that the layers use from outside torch.nn (LSTM and GRU on (C, L)), as code:
    the very classes TorchCanvas builds, so the file trains and loads as TorchCanvas does."""
    used = {layer.spec.type for layer in walk.layers.values()}
    return [
        inspect.getsource(cls).replace("  # type: ignore[override]", "").rstrip("\n")
        for layer_type, cls in RECURRENT_MODULES.items()
        if layer_type in used
    ]


def _variables(design: Design) -> dict[str, str]:
    """The local variable that holds each layer's output in a graph's forward."""
    ids = {layer.id for layer in design.layers}
    names = {INPUT: "x"}
    for node in (layer.id for layer in design.layers):
        name = node
        while name in _TAKEN or (name != node and name in ids):
            name += "_out"
        names[node] = name
    return names


def _forward_lines(design: Design, walk: Walk) -> list[str]:
    shapes: dict[str, tuple[int, ...]] = {INPUT: tuple(design.input_shape)}
    shapes.update({node: layer.output_shape for node, layer in walk.layers.items()})
    stack = design.edges is None
    names = {node: "x" for node in shapes} if stack else _variables(design)
    lines = []
    for node in walk.graph.order:
        layer = walk.layers[node]
        sources = walk.graph.inputs[node]
        given = [names[src] for src in sources]
        if layer.spec.type == "Add":
            expression = " + ".join(given)
        elif layer.spec.type == "Concat":
            expression = f"torch.cat([{', '.join(given)}], dim=1)"
        else:
            expression = f"self.{node}({given[0]})"
        inputs = ", ".join(batch_shape(shapes[src]) for src in sources)
        comment = f"{inputs} -> {batch_shape(layer.output_shape)}"
        lines.append(f"        {names[node]} = {expression}  # {comment}")
    lines.append(f"        return {names[walk.graph.output or INPUT]}")
    return lines


def valid_walk(design: Design) -> Walk:
    """The design's walk; DesignInvalid with its issues when it cannot be built."""
    walk = walk_design(design, count_macs=False)  # the code shows shapes, not MACs
    if walk.issues or walk.graph.output is None:
        raise DesignInvalid(walk.issues)
    return walk


def net_class(design: Design, walk: Walk | None = None) -> str:
    """`class Net(nn.Module)`: layers made in the design's list order, so a seed gives the same
    weights as TorchCanvas; forward runs them in the graph's order with a shape on every line."""
    walk = walk or valid_walk(design)
    total = sum(layer.params for layer in walk.layers.values())
    modules = [layer for layer in design.layers if not walk.layers[layer.id].spec.joins]
    lines = [
        "class Net(nn.Module):",
        f'    """{clean_text(design.name)}: {len(design.layers)} layers, {total:,} parameters."""',
        "",
        "    def __init__(self) -> None:",
        "        super().__init__()",
        *(_layer_line(layer.id, walk.layers[layer.id]) for layer in modules),
        "",
        "    def forward(self, x: torch.Tensor) -> torch.Tensor:",
        *_forward_lines(design, walk),
    ]
    if not modules:
        lines.insert(5, "        # no layers with modules: only joins")
    return "\n\n\n".join([*_own_classes(walk), "\n".join(lines) + "\n"])


def design_code(design: Design, limits: DesignLimits | None = None) -> str:
    """A standalone Python file with the design's Net and a forward pass of a random batch;
    DesignInvalid for a design over `limits` (a new design's, not a trained run's)."""
    if limits is not None and (too_big := structure_limit_issues(design, limits)):
        raise DesignInvalid(too_big)
    walk = valid_walk(design)
    output = walk.layers[walk.graph.output or ""].output_shape
    shape = ", ".join(str(d) for d in design.input_shape)
    return "\n".join(
        [
            f'"""{clean_text(design.name)}: a network designed in TorchCanvas, in plain PyTorch."""',
            "",
            "import torch",
            "import torch.nn as nn",
            "",
            "",
            net_class(design, walk),
            "",
            'if __name__ == "__main__":',
            "    model = Net()",
            f"    x = torch.randn(2, {shape})  # a batch of 2 samples",
            f"    print(model(x).shape)  # torch.Size([2, {', '.join(map(str, output))}])",
            "",
        ]
    )
