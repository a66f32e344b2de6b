"""The catalogue of layers, as data: the palette, validator, builder and tests all read this table.

What an entry holds is in design/layer_spec.py; params that several layers share, in
design/layer_params.py.
"""

from torchcanvas.design.layer_params import (
    BIAS,
    DILATION,
    EPS,
    GROUPS,
    KERNEL,
    MOMENTUM,
    PADDING,
    POOL_STRIDE,
    STRIDE,
    recurrent_params,
)
from torchcanvas.design.layer_spec import (
    LayerSpec,
    ParamSpec,
    bool_param,
    float_param,
    int_param,
    pair_param,
)

LAYERS: list[LayerSpec] = [
    LayerSpec(
        type="Linear",
        category="linear",
        input="flat",
        help="Fully connected layer: every output is a weighted sum of all inputs.",
        params=[
            int_param("out_features", 10, "Number of outputs."),
            bool_param("bias", True, BIAS),
        ],
        inferred={"in_features": "features"},
    ),
    LayerSpec(
        type="Conv2d",
        category="convolution",
        input="image",
        help="2-D convolution: slides learnt filters over an image.",
        params=[
            int_param(
                "out_channels", 16, "Number of filters, which is the number of output channels."
            ),
            pair_param("kernel_size", 3, KERNEL),
            pair_param("stride", 1, STRIDE),
            pair_param("padding", 0, PADDING, min=0),
            pair_param("dilation", 1, DILATION),
            int_param("groups", 1, GROUPS, max=4096),
            bool_param("bias", True, BIAS),
        ],
        inferred={"in_channels": "channels"},
    ),
    LayerSpec(
        type="Conv1d",
        category="convolution",
        input="sequence",
        help="1-D convolution: slides learnt filters along a sequence of shape (C, L).",
        params=[
            int_param(
                "out_channels", 16, "Number of filters, which is the number of output channels."
            ),
            int_param("kernel_size", 3, "Length of the sliding window.", max=64),
            int_param("stride", 1, STRIDE, max=64),
            int_param("padding", 0, PADDING, min=0, max=64),
            int_param("dilation", 1, DILATION, max=64),
            int_param("groups", 1, GROUPS, max=4096),
            bool_param("bias", True, BIAS),
        ],
        inferred={"in_channels": "channels"},
    ),
    LayerSpec(
        type="MaxPool2d",
        category="pooling",
        input="image",
        help="Keeps the largest value in each window, shrinking height and width.",
        params=[
            pair_param("kernel_size", 2, KERNEL),
            pair_param("stride", None, POOL_STRIDE),
            pair_param("padding", 0, PADDING, min=0),
        ],
    ),
    LayerSpec(
        type="AvgPool2d",
        category="pooling",
        input="image",
        help="Averages each window, shrinking height and width.",
        params=[
            pair_param("kernel_size", 2, KERNEL),
            pair_param("stride", None, POOL_STRIDE),
            pair_param("padding", 0, PADDING, min=0),
        ],
    ),
    LayerSpec(
        type="AdaptiveAvgPool2d",
        category="pooling",
        input="image",
        help="Averages each channel down to a fixed output size, whatever the input size.",
        params=[pair_param("output_size", 1, "Height and width of the output.")],
    ),
    LayerSpec(
        type="Flatten",
        category="reshape",
        help="Turns each sample into one flat vector, as a Linear layer needs.",
    ),
    LayerSpec(type="ReLU", category="activation", help="max(0, x): the usual default activation."),
    LayerSpec(
        type="LeakyReLU",
        category="activation",
        help="Like ReLU, but lets a small slope through for negative inputs.",
        params=[float_param("negative_slope", 0.01, "Slope for negative inputs.")],
    ),
    LayerSpec(type="Sigmoid", category="activation", help="Squashes values into (0, 1)."),
    LayerSpec(type="Tanh", category="activation", help="Squashes values into (-1, 1)."),
    LayerSpec(type="GELU", category="activation", help="Smooth ReLU used in transformers."),
    LayerSpec(type="SiLU", category="activation", help="x * sigmoid(x), also called swish."),
    LayerSpec(
        type="ELU",
        category="activation",
        help="Smooth ReLU with negative values down to -alpha.",
        params=[
            float_param(
                "alpha", 1.0, "Value the output approaches for large negative inputs.", max=10.0
            )
        ],
    ),
    LayerSpec(
        type="Dropout",
        category="regularization",
        help="Zeroes random inputs while training, which fights overfitting.",
        params=[float_param("p", 0.5, "Probability of zeroing each input.")],
    ),
    LayerSpec(
        type="BatchNorm1d",
        category="normalization",
        input="flat_or_sequence",
        help="Normalises each feature over the batch, for flat or (C, L) inputs.",
        params=[float_param("eps", 1e-5, EPS, min=1e-12), float_param("momentum", 0.1, MOMENTUM)],
        inferred={"num_features": "channels"},
    ),
    LayerSpec(
        type="BatchNorm2d",
        category="normalization",
        input="image",
        help="Normalises each channel of an image over the batch.",
        params=[float_param("eps", 1e-5, EPS, min=1e-12), float_param("momentum", 0.1, MOMENTUM)],
        inferred={"num_features": "channels"},
    ),
]

LAYERS += [
    LayerSpec(
        type="ConvTranspose2d",
        category="convolution",
        input="image",
        help="Transposed 2-D convolution: learns to upsample an image.",
        params=[
            int_param("out_channels", 16, "Number of output channels."),
            pair_param("kernel_size", 2, KERNEL),
            pair_param("stride", 2, "Upsampling factor: the step of the window on the output."),
            pair_param("padding", 0, "Removed from each side of the output.", min=0),
            pair_param("dilation", 1, DILATION),
            int_param("groups", 1, GROUPS, max=4096),
            bool_param("bias", True, BIAS),
        ],
        inferred={"in_channels": "channels"},
    ),
    LayerSpec(
        type="MaxPool1d",
        category="pooling",
        input="sequence",
        help="Keeps the largest value in each window along a sequence (C, L).",
        params=[
            int_param("kernel_size", 2, "Length of the window.", max=64),
            ParamSpec(name="stride", kind="int", default=None, min=1, max=64, help=POOL_STRIDE),
        ],
    ),
    LayerSpec(
        type="AvgPool1d",
        category="pooling",
        input="sequence",
        help="Averages each window along a sequence (C, L).",
        params=[
            int_param("kernel_size", 2, "Length of the window.", max=64),
            ParamSpec(name="stride", kind="int", default=None, min=1, max=64, help=POOL_STRIDE),
        ],
    ),
    LayerSpec(
        type="LayerNorm",
        category="normalization",
        help="Normalises each sample over its last dimension, independent of the batch.",
        params=[float_param("eps", 1e-5, EPS, min=1e-12)],
        inferred={"normalized_shape": "features"},
    ),
    LayerSpec(
        type="GroupNorm",
        category="normalization",
        input="image",
        help="Normalises groups of channels in each sample; num_groups must divide the channels.",
        params=[
            int_param("num_groups", 4, "Number of channel groups.", max=1024),
            float_param("eps", 1e-5, EPS, min=1e-12),
        ],
        inferred={"num_channels": "channels"},
    ),
    LayerSpec(
        type="Dropout2d",
        category="regularization",
        input="image",
        help="Zeroes whole random channels while training.",
        params=[float_param("p", 0.5, "Probability of zeroing each channel.")],
    ),
    LayerSpec(
        type="Unflatten",
        category="reshape",
        input="flat",
        fixed={"dim": 1},
        help="Turns a flat vector back into a shape, such as (16, 4, 4).",
        params=[
            ParamSpec(
                name="unflattened_size",
                kind="int_list",
                default=[1, 8, 8],
                min=1,
                max=65536,
                help="The shape to make; its sizes must multiply to the input's length.",
            )
        ],
    ),
    LayerSpec(type="Identity", category="reshape", help="Passes its input through unchanged."),
    LayerSpec(
        type="PReLU",
        category="activation",
        help="Leaky ReLU whose negative slope is learnt.",
        params=[float_param("init", 0.25, "Starting negative slope.")],
    ),
    LayerSpec(
        type="Softmax",
        category="activation",
        help="Turns scores into probabilities that sum to 1 (not before CrossEntropyLoss).",
        params=[
            int_param("dim", 1, "Dimension to normalise, counting the batch as 0.", min=-4, max=4)
        ],
    ),
    LayerSpec(
        type="LogSoftmax",
        category="activation",
        help="Log of Softmax: the input NLLLoss expects.",
        params=[
            int_param("dim", 1, "Dimension to normalise, counting the batch as 0.", min=-4, max=4)
        ],
    ),
    LayerSpec(
        type="LSTM",
        category="recurrent",
        input="sequence",
        help="Long short-term memory: reads a sequence (C, L) step by step, keeping a memory.",
        params=recurrent_params("LSTM"),
        inferred={"input_size": "channels"},
    ),
    LayerSpec(
        type="GRU",
        category="recurrent",
        input="sequence",
        help="Gated recurrent unit: a lighter LSTM, with fewer weights for the same hidden_size.",
        params=recurrent_params("GRU"),
        inferred={"input_size": "channels"},
    ),
    LayerSpec(
        type="Add",
        category="merge",
        joins=True,
        help="Sums two or more branches of the same shape: a residual connection.",
    ),
    LayerSpec(
        type="Concat",
        category="merge",
        joins=True,
        help="Joins two or more branches along the channels; other sizes must match.",
    ),
]

LAYERS_BY_TYPE: dict[str, LayerSpec] = {spec.type: spec for spec in LAYERS}
