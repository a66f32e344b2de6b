"""A trained image model's prediction for a picture, made into a sample as its training images were."""

import time
from pathlib import Path

from pydantic import BaseModel, Field

from torchcanvas.design.schema import Design
from torchcanvas.export.predict import Prediction, model_answer
from torchcanvas.training.catalog import LOSSES_BY_NAME
from torchcanvas.training.data.limits import UploadLimits
from torchcanvas.training.data.pictures import picture_sample
from torchcanvas.training.run_dataset import run_dataset
from torchcanvas.training.run_folder import RunFolder
from torchcanvas.training.settings import TrainingSettings


class SeenPicture(BaseModel):
    """The sample the model was shown, as an image: what a person can look at beside the answer."""

    height: int
    width: int
    channels: int = Field(description="1 for grey, 3 for red, green and blue.")
    pixels: list[int] = Field(
        description="height × width × channels bytes (0–255), row by row, each pixel's "
        "channels together: the sample's values in [0, 1] times 255."
    )


class PicturePrediction(Prediction):
    """The model's answer for a picture, and the picture as the model saw it."""

    seen: SeenPicture
    note: str | None = Field(description="Something the person should know about the picture.")


def predict_picture(
    folder: Path,
    design: Design,
    training: TrainingSettings,
    picture: bytes,
    limits: UploadLimits,
    data_dir: Path | None = None,
) -> PicturePrediction:
    """The model's output for a picture's file (one of PICTURE_TYPES)."""
    start = time.perf_counter()
    info = run_dataset(RunFolder(folder), training.dataset, data_dir)
    sample = picture_sample(picture, design.input_shape, info, limits)
    answer = model_answer(folder, design, info, LOSSES_BY_NAME[training.loss], sample.x, start)
    height, width, channels = sample.seen.shape  # (H, W, C)
    seen = SeenPicture(
        height=height, width=width, channels=channels, pixels=sample.seen.reshape(-1).tolist()
    )
    note = "The picture is animated: the model saw its first frame." if sample.animated else None
    return PicturePrediction(**answer.model_dump(), seen=seen, note=note)
