"""The dataset functions under their first name; they live in the `data` package now."""

from torchcanvas.training.data import (
    DatasetInfo,
    Split,
    dataset_info,
    dataset_names,
    load_split,
)

__all__ = ["DatasetInfo", "Split", "dataset_info", "dataset_names", "load_split"]
