"""A mistake's values, back in its dataset's units, as a person types them into Try it: short,
and standardising back to the very float32s the model got wrong (numpy float64 as the oracle)."""

import numpy as np
import torch

from torchcanvas.training.data.info import Standardisation

SCALING = Standardisation.model_validate(
    {"features": ["when", "alcohol"], "mean": [1e9 + 3.3, 12.9], "std": [58.0, 0.81]}
    | {"features_read_as": "float64"}
)


def test_typed_values_are_short_and_standardise_to_the_same_float32s() -> None:
    raw = np.array([[1000000017.0, 12.47], [999999950.25, 11.3], [1e9 + 99.5, 14.83]])
    z = torch.from_numpy(((raw - SCALING.mean) / SCALING.std).astype(np.float32))
    typed = SCALING.typed_features(z)
    assert typed.tolist() == raw.tolist()  # as the CSV had them, not 12.469999980926513
    assert torch.equal(SCALING.scaled_features(typed), z)
    # Scaled back whole, they are neither: float64 noise of the float32s.
    assert SCALING.raw_features(z).tolist() != raw.tolist()


def test_any_standardised_value_comes_back_to_itself() -> None:
    z = torch.randn(200, 2, generator=torch.Generator().manual_seed(0)) * 3
    typed = SCALING.typed_features(z)
    assert torch.equal(SCALING.scaled_features(typed), z)
    for value in typed.flatten().tolist():  # at most the figures a float32 of z needs
        assert len(repr(value).replace("-", "").replace(".", "").lstrip("0")) <= 17
