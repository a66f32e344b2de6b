"""Optimizers from torch.optim, each with a learning rate that usually works, as data."""

from pydantic import BaseModel

from torchcanvas.design.layer_spec import ParamSpec, bool_param, float_param


class OptimizerSpec(BaseModel):
    """An optimizer from torch.optim, with a learning rate that usually works."""

    name: str
    help: str
    default_lr: float
    params: list[ParamSpec] = []
    # Tensors of optimizer state per parameter tensor (Adam keeps two moments), for size estimates.
    state_per_parameter: int = 0


_WEIGHT_DECAY = "L2 penalty that pulls weights towards zero."

OPTIMIZERS: list[OptimizerSpec] = [
    OptimizerSpec(
        name="SGD",
        state_per_parameter=1,
        default_lr=0.05,
        help="Stochastic gradient descent, with momentum.",
        params=[
            float_param(
                "momentum", 0.9, "Share of the previous update carried into the next.", max=0.999
            ),
            bool_param(
                "nesterov",
                False,
                "Nesterov momentum: looks ahead before it steps (needs momentum).",
            ),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
    OptimizerSpec(
        name="Adam",
        state_per_parameter=2,
        default_lr=0.001,
        help="Adaptive moments: a good default for most networks.",
        params=[float_param("weight_decay", 0.0, _WEIGHT_DECAY)],
    ),
    OptimizerSpec(
        name="AdamW",
        state_per_parameter=2,
        default_lr=0.001,
        help="Adam with decoupled weight decay.",
        params=[float_param("weight_decay", 0.01, _WEIGHT_DECAY)],
    ),
    OptimizerSpec(
        name="RMSprop",
        state_per_parameter=1,
        default_lr=0.001,
        help="Divides each step by a running average of squared gradients.",
        params=[
            float_param("alpha", 0.99, "Smoothing of the squared-gradient average.", max=0.9999),
            float_param(
                "momentum", 0.0, "Share of the previous update carried into the next.", max=0.999
            ),
            bool_param("centered", False, "Normalise by the gradient's variance instead."),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
    OptimizerSpec(
        name="Adagrad",
        state_per_parameter=1,
        default_lr=0.01,
        help="Per-parameter steps that shrink as gradients add up.",
        params=[
            float_param("lr_decay", 0.0, "Learning-rate decay per step."),
            float_param("weight_decay", 0.0, _WEIGHT_DECAY),
        ],
    ),
]

OPTIMIZERS_BY_NAME = {spec.name: spec for spec in OPTIMIZERS}


def optimizer_states(name: str | None) -> int:
    """Optimizer state tensors per parameter tensor, 0 for an unknown or missing name."""
    spec = OPTIMIZERS_BY_NAME.get(name or "")
    return spec.state_per_parameter if spec else 0
