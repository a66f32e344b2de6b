"""What a class's name (a CSV's label, an NPZ's text label, a ZIP's class folder) may hold, as a
column's name (csv_names.py): it shows in Try it, Classify many, the confusion matrix and a
shared model's answers, so a hidden character would make it read as another (a right-to-left
mark turns "tac" into "cat"), and two that differ only in one would look the same. Such labels
are refused, naming the label and the character, for the person to fix them."""

import unicodedata

from torchcanvas.hidden_text import escaped
from torchcanvas.training.data.csv_names import as_it_looks, hidden_char, shown
from torchcanvas.training.data.limits import UploadError


def check_labels(labels: list[str], what: str, fix: str) -> None:
    """UploadError for the first label with a hidden character, or two that look the same;
    `what` names where they are ("The target column `species`"), `fix` how to mend them."""
    for label in labels:
        if (char := hidden_char(label)) is not None:
            name = unicodedata.name(char, "a control character")
            raise UploadError(
                f"{what} holds the label `{shown(escaped(label))}`, with a "
                f"hidden character (U+{ord(char):04X}, {name}): a class's name must read as it "
                f"is. {fix}"
            )
    seen: dict[str, str] = {}
    for label in labels:
        looks = as_it_looks(label)
        if looks in seen and seen[looks] != label:
            raise UploadError(
                f"{what} has the labels `{shown(seen[looks])}` and `{shown(label)}`, which look "
                "the same: they differ only in their spaces or in how a letter's accent is "
                f"written. {fix}"
            )
        seen.setdefault(looks, label)
