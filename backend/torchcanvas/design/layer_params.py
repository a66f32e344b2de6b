"""Params and help texts that several layers of the catalogue share, written once."""

from torchcanvas.design.layer_spec import ParamSpec, bool_param, float_param, int_param

KERNEL = "Size of the sliding window: one number, or [height, width]."
STRIDE = "Step of the sliding window."
PADDING = "Zeros added on each side of the input."
BIAS = "Learn an additive bias."
POOL_STRIDE = "Step of the window; empty means equal to kernel_size."
EPS = "Added to the variance for numerical stability."
DILATION = "Spacing between the kernel's taps: a 3-wide kernel with dilation 2 spans 5 inputs."
GROUPS = (
    "Splits the channels into this many groups, each filtered apart: in and out channels must "
    "both divide by it; as many groups as input channels is a depthwise convolution."
)
MOMENTUM = "Weight of the newest batch in the running statistics."


def recurrent_params(kind: str) -> list[ParamSpec]:
    """An LSTM's or a GRU's params: sizes, stacking, direction, and what it hands on."""
    return [
        int_param(
            "hidden_size",
            32,
            "Size of its memory and output at each step (twice this when bidirectional).",
            max=4096,
        ),
        ParamSpec(
            name="output",
            kind="choice",
            default="last",
            choices=["last", "sequence"],
            help="What it hands on: the last step, flat, for a Linear; or every step, a "
            f"sequence (C, L), for another {kind} or a Conv1d (Keras's return_sequences).",
        ),
        int_param(
            "num_layers", 1, f"{kind}s stacked inside it, each reading the one before.", max=8
        ),
        bool_param("bidirectional", False, "Also read the sequence backwards, and join the two."),
        float_param(
            "dropout",
            0.0,
            "Dropout between its stacked layers while training (num_layers 2 or more).",
        ),
    ]
