"""TensorFlow Playground's options for the 2-D sets: noise, training share and input features.

The points of a 2-D set are (x1, x2); the network gets the features chosen from them. One
function, `plane_input`, turns points into a network's input: the training data, the decision
boundary's grid (live and final), a prediction from typed x1, x2, all go through it.
"""

from typing import Annotated, Literal

import torch
from pydantic import BaseModel, ConfigDict, Field, field_validator

from torchcanvas.design.schema import not_bool
from torchcanvas.training.bounds import NumberBounds, number_bounds

Feature = Literal["x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"]

# Each feature's label, as TensorFlow Playground writes it, in the order it lists them.
FEATURE_LABELS: dict[Feature, str] = {
    "x1": "x₁",
    "x2": "x₂",
    "x1_squared": "x₁²",
    "x2_squared": "x₂²",
    "x1_x2": "x₁·x₂",
    "sin_x1": "sin(x₁)",
    "sin_x2": "sin(x₂)",
}
PLAIN_FEATURES: list[Feature] = ["x1", "x2"]  # the points as they are: the sets' default
MAX_NOISE = 50  # per cent, as TensorFlow Playground's slider
TRAIN_SHARE = 80  # per cent of the points a run trains on by default; the rest validate it
MIN_TRAIN_SHARE, MAX_TRAIN_SHARE = 10, 90


class DatasetOptions(BaseModel):
    """How a run makes a 2-D set: its noise, its training share and the network's features.
    Unset values take the dataset's defaults (its `plane` entry in the catalogue)."""

    model_config = ConfigDict(extra="forbid")

    noise: Annotated[float | None, not_bool("a number, such as 10")] = Field(
        default=None,
        ge=0,
        le=MAX_NOISE,
        description="How far the points stray from their shape, in per cent as TensorFlow "
        "Playground's slider (moons: scikit-learn's noise × 100); none: the dataset's default.",
    )
    train_share: Annotated[int | None, not_bool("a whole number, such as 80")] = Field(
        default=None,
        ge=MIN_TRAIN_SHARE,
        le=MAX_TRAIN_SHARE,
        description="Per cent of the points to train on; the rest validate. None: 80.",
    )
    features: list[Feature] | None = Field(
        default=None,
        min_length=1,
        max_length=len(FEATURE_LABELS),
        examples=[["x1", "x2", "x1_squared", "x2_squared"]],
        json_schema_extra={"uniqueItems": True},
        description="The network's inputs, computed from each point (x1, x2); none: x1, x2.",
    )

    @field_validator("noise")
    @classmethod
    def _no_negative_zero(cls, noise: float | None) -> float | None:
        """-0.0 passes `ge=0` and numpy's normal() refuses it as a negative scale: it is 0."""
        return None if noise is None else noise + 0.0

    @field_validator("features")
    @classmethod
    def _once_each(cls, features: list[Feature] | None) -> list[Feature] | None:
        if features is not None and len(set(features)) != len(features):
            raise ValueError("name each feature once: remove the repeated ones")
        return features


class PlaneOptions(BaseModel):
    """The options a 2-D set was made with, every one set: what a run trained on."""

    noise: float = Field(description="Per cent, as DatasetOptions.noise.")
    train_share: int = Field(description="Per cent of the points in the training part.")
    features: list[Feature] = Field(description="The network's inputs, in this order.")

    def with_options(self, options: DatasetOptions | None) -> "PlaneOptions":
        """These defaults, with what `options` sets; features in TensorFlow Playground's order."""
        if options is None:
            return self
        chosen = options.features if options.features is not None else self.features
        return PlaneOptions(
            noise=self.noise if options.noise is None else options.noise,
            train_share=self.train_share if options.train_share is None else options.train_share,
            features=[f for f in FEATURE_LABELS if f in chosen],
        )


def plane_input(points: torch.Tensor, features: list[Feature] | None) -> torch.Tensor:
    """(N, 2) points (x1, x2) -> (N, F) the network's input; None or [x1, x2]: the points."""
    if features is None or features == PLAIN_FEATURES:
        return points
    x1, x2 = points[:, 0], points[:, 1]  # (N,), (N,)
    columns = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1_squared": lambda: x1 * x1,
        "x2_squared": lambda: x2 * x2,
        "x1_x2": lambda: x1 * x2,
        "sin_x1": lambda: torch.sin(x1),
        "sin_x2": lambda: torch.sin(x2),
    }
    return torch.stack([columns[f]() for f in features], dim=1)  # (N, F)


class FeatureChoice(BaseModel):
    name: Feature
    label: str = Field(examples=["x₁²"])


class PlaneChoices(BaseModel):
    """What the editor offers for a 2-D set's options, as DatasetOptions checks them."""

    bounds: dict[str, NumberBounds] = Field(description="noise and train_share, in per cent.")
    features: list[FeatureChoice] = Field(description="Every feature, in Playground's order.")


def plane_choices() -> PlaneChoices:
    return PlaneChoices(
        bounds=number_bounds(DatasetOptions),
        features=[FeatureChoice(name=name, label=label) for name, label in FEATURE_LABELS.items()],
    )
