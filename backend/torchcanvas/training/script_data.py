"""The dataset part of a run's training script: load_data(), the same arrays and split as
TorchCanvas, for a built-in set, a downloadable one or an upload."""

from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.downloads import DOWNLOADS
from torchcanvas.training.script_builtin import builtin_data, is_builtin
from torchcanvas.training.script_download import download_data
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.script_split import SPLIT, tensors_code
from torchcanvas.training.script_upload import upload_data


def _upload(info: DatasetInfo) -> CodePart:
    code, imports = upload_data(info, SPLIT, tensors_code(info))
    return CodePart(code, imports | {"from sklearn.model_selection import train_test_split"})


def data_code(info: DatasetInfo) -> CodePart:
    """`load_data()`, which returns x_train, y_train, x_val, y_val as TorchCanvas's tensors."""
    if is_builtin(info.name):
        return builtin_data(info)
    if info.name in DOWNLOADS:
        return download_data(info)
    return _upload(info)
