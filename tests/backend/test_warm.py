"""The warm-up run (training/warm.py): a run that passes every check and trains, leaving nothing."""

import tempfile
from pathlib import Path

from torchcanvas.training.check import check_run
from torchcanvas.training.warm import WARM_DESIGN, WARM_TRAINING, train_warm_run


def test_the_warm_up_run_is_one_a_person_could_start() -> None:
    assert check_run(WARM_DESIGN, WARM_TRAINING) == []


def test_the_warm_up_run_trains_and_leaves_no_folder_behind() -> None:
    before = set(Path(tempfile.gettempdir()).glob("torchcanvas-warm-*"))
    train_warm_run()  # raises unless the run succeeded
    assert set(Path(tempfile.gettempdir()).glob("torchcanvas-warm-*")) == before
