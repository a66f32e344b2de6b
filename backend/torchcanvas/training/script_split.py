"""The helpers load_data() ends with: split() as TorchCanvas splits (a built-in set or an upload),
and as_tensors(), the arrays as the tensors a run trains on (every set)."""

from torchcanvas.training.data import DatasetInfo

# split() and its constants, with `{seed}` and `{val_fraction}` to fill.
SPLIT = '''SPLIT_SEED = {seed}  # TorchCanvas splits every dataset with this seed
VAL_FRACTION = {val_fraction!r}


def split(x, y, classify):
    """A seeded split as TorchCanvas makes it: stratified by class when every class has enough."""
    n = len(x)
    n_val = min(n - 1, max(1, math.ceil(n * VAL_FRACTION)))
    stratify = None
    if classify:
        _, counts = np.unique(y, return_counts=True)
        if counts.min() >= 2 and min(n_val, n - n_val) >= len(counts):
            stratify = y
    x_train, x_val, y_train, y_val = train_test_split(
        x, y, test_size=n_val, random_state=SPLIT_SEED, stratify=stratify
    )
    return x_train, y_train, x_val, y_val
'''

_TENSORS = '''

def floats(x):
    """uint8 arrays are images, scaled to [0, 1]; other inputs become float32 as they are. Laid
    out in C order, as TorchCanvas keeps them: a view's other layout (x[:, None], or images
    turned channels-first) makes Conv2d take another kernel, whose numbers differ in the last bits."""
    if x.dtype == np.uint8:
        return torch.from_numpy(x.astype(np.float32, order="C")).div_(255.0)
    return torch.from_numpy(np.array(x, dtype=np.float32, order="C"))


def as_tensors(x_train, y_train, x_val, y_val):
    """Float inputs and {targets}, as TorchCanvas trains on them."""
    y_train, y_val = (torch.as_tensor(y, dtype={dtype}) for y in (y_train, y_val))
    return floats(x_train), y_train, floats(x_val), y_val
'''


def tensors_code(info: DatasetInfo) -> str:
    """as_tensors(), with the targets' type the task trains on."""
    classify = info.task == "classification"
    return _TENSORS.format(
        targets="class numbers" if classify else "float targets",
        dtype="torch.long" if classify else "torch.float32",
    )
