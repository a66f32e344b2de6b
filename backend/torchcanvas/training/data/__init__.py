"""Datasets: built-in, downloaded and uploaded, each split once into fixed train and validation parts."""

from torchcanvas.training.data.info import DatasetError, DatasetInfo, Split, Standardisation
from torchcanvas.training.data.registry import (
    UnknownDataset,
    catalog_datasets,
    dataset_names,
    find_dataset,
    load_split,
    prepare_dataset,
    unknown_dataset,
)

__all__ = [
    "DatasetError",
    "DatasetInfo",
    "Split",
    "Standardisation",
    "UnknownDataset",
    "catalog_datasets",
    "dataset_names",
    "find_dataset",
    "load_split",
    "prepare_dataset",
    "unknown_dataset",
]
