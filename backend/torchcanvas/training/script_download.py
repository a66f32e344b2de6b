"""The downloadable sets' load_data() in a run's script: MNIST's IDX files, CIFAR-10's records,
read from the files a person puts beside the script."""

from torchcanvas.training.data import DatasetInfo
from torchcanvas.training.data.downloads import CIFAR_RECORD, CIFAR_TEST, CIFAR_TRAIN, DOWNLOADS
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.script_split import tensors_code

_IDX = '''

def read_idx(path):
    """A gzipped IDX file of unsigned bytes, MNIST's format, as an array of its dimensions."""
    with gzip.open(path, "rb") as f:
        header = f.read(4)
        dims = np.frombuffer(f.read(4 * header[3]), dtype=">u4").astype(int)
        return np.frombuffer(bytearray(f.read()), dtype=np.uint8).reshape(dims)  # writable
'''

_CIFAR = f'''

def cifar_records(tar, name):
    """Records of one label byte and 3,072 pixel bytes -> images (N, 3, 32, 32) and labels (N,)."""
    records = np.frombuffer(bytearray(tar.extractfile(name).read()), dtype=np.uint8).reshape(-1, {CIFAR_RECORD})
    return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)
'''


def download_data(info: DatasetInfo) -> CodePart:
    """load_data() of a downloadable set, from its files put beside the script."""
    entry = DOWNLOADS[info.name]
    imports = {"import numpy as np", "import torch", "from pathlib import Path"}
    where = (
        f'DATA_DIR = Path(__file__).resolve().parent / "{info.name}"\n'
        f"# Put {', '.join(entry.files)} from {entry.url} in DATA_DIR.\n"
    )
    if info.name == "cifar10":
        imports.add("import tarfile")
        helper = _CIFAR
        body = f"""    with tarfile.open(DATA_DIR / "{entry.files[0]}", "r:gz") as tar:
        parts = [cifar_records(tar, name) for name in {CIFAR_TRAIN!r}]
        x_val, y_val = cifar_records(tar, "{CIFAR_TEST}")
    x_train = np.concatenate([x for x, _ in parts])
    y_train = np.concatenate([y for _, y in parts])"""
    else:
        imports.add("import gzip")
        helper = _IDX
        images = "read_idx(DATA_DIR / {!r})[:, None]  # (N, 28, 28) -> (N, 1, 28, 28)"
        labels = "read_idx(DATA_DIR / {!r}).astype(np.int64)"
        body = "\n".join(
            [
                "    x_train = " + images.format(entry.files[0]),
                "    y_train = " + labels.format(entry.files[1]),
                "    x_val = " + images.format(entry.files[2]),
                "    y_val = " + labels.format(entry.files[3]),
            ]
        )
    doc = f'    """{info.name}: {info.title}, its official training and test parts."""'
    back = "    return as_tensors(x_train, y_train, x_val, y_val)"
    code = "\n".join(["", "", "def load_data():", doc, body, back])
    return CodePart(where + helper + tensors_code(info) + code + "\n", imports)
