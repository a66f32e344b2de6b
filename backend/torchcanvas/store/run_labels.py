"""A run's name and note as its owner types them: bounded, and shown as typed."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from torchcanvas.hidden_text import HIDDEN, NOTE_HIDDEN, hidden_at

# Characters that would not show as themselves in a list of runs (hidden_text.py). The schema
# states them as patterns; shown_as_typed says which.
_NAME_HIDDEN = HIDDEN
_NOTE_HIDDEN = NOTE_HIDDEN


def shown_as_typed(text: str, hidden: str, what: str = "names and notes") -> str:
    """The text, unless it holds a character that would not show as itself."""
    if found := hidden_at(text, hidden):
        raise PydanticCustomError(
            "hidden_character",
            "has the invisible character {code} at position {at}: remove it, {what} are shown "
            "as typed",
            {"code": found[0], "at": found[1], "what": what},
        )
    return text


# What a name and a note may be, said in the schema too (so that clients generating requests
# from it, Schemathesis among them, know). A new run's design name is a RunName too (api/bodies.py).
RunName = Annotated[
    str,
    Field(max_length=200, json_schema_extra={"pattern": f"^[^{_NAME_HIDDEN}]*$"}),
    AfterValidator(lambda text: shown_as_typed(text, _NAME_HIDDEN)),
]
RunNote = Annotated[
    str,
    Field(max_length=5000, json_schema_extra={"pattern": f"^[^{_NOTE_HIDDEN}]*$"}),
    AfterValidator(lambda text: shown_as_typed(text, _NOTE_HIDDEN)),
]


class RunLabels(BaseModel):
    """A new name and/or note for a run; a field left out stays, null or "" clears it."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is an error, not a silent 200

    name: RunName | None = None
    note: RunNote | None = None
