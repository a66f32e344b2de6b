"""What a run's event stream sends: each event the worker records, with its place in the log."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from torchcanvas.runs.eventlog import DamagedEvent
from torchcanvas.training.epoch_weights import WeightsEvent
from torchcanvas.training.events import (
    DownloadingEvent,
    EndEvent,
    EpochEvent,
    LrRangeEvent,
    PausedEvent,
    ProgressEvent,
    RateEvent,
    ResumedEvent,
    StartedEvent,
)
from torchcanvas.training.insight import InsightEvent
from torchcanvas.training.insight_warnings import WarningEvent
from torchcanvas.training.live_boundary import BoundaryEvent


def _type_required(schema: dict[str, Any]) -> None:
    """Lists `type` as required: every message carries it (its default is its only value), and
    a client's generated types should not read it as optional."""
    schema["required"] = [*[name for name in schema.get("required", []) if name != "type"], "type"]


class _Seq(BaseModel):
    model_config = ConfigDict(json_schema_extra=_type_required)

    seq: int = Field(ge=1, description="Position in the run's event log, from 1, with no gaps.")


class DownloadingMessage(DownloadingEvent, _Seq):
    pass


class StartedMessage(StartedEvent, _Seq):
    pass


class ProgressMessage(ProgressEvent, _Seq):
    pass


class EpochMessage(EpochEvent, _Seq):
    pass


class EndMessage(EndEvent, _Seq):
    pass


class PausedMessage(PausedEvent, _Seq):
    pass


class ResumedMessage(ResumedEvent, _Seq):
    pass


class RateMessage(RateEvent, _Seq):
    pass


class InsightMessage(InsightEvent, _Seq):
    pass


class WarningMessage(WarningEvent, _Seq):
    pass


class BoundaryMessage(BoundaryEvent, _Seq):
    pass


class LrRangeMessage(LrRangeEvent, _Seq):
    pass


class WeightsMessage(WeightsEvent, _Seq):
    pass


class DamagedMessage(DamagedEvent, _Seq):
    pass


RunEventMessage = Annotated[
    DownloadingMessage
    | StartedMessage
    | ProgressMessage
    | EpochMessage
    | EndMessage
    | PausedMessage
    | ResumedMessage
    | RateMessage
    | InsightMessage
    | WarningMessage
    | BoundaryMessage
    | LrRangeMessage
    | WeightsMessage
    | DamagedMessage,
    Field(discriminator="type"),
]


class HeartbeatMessage(BaseModel):
    """Sent on a run's websocket (with `heartbeat=1`) after a few seconds with nothing else to
    send: a page that hears nothing, not even this, has lost touch with the server. It carries no
    `seq` and is no event of the run's log."""

    model_config = ConfigDict(json_schema_extra=_type_required)

    type: Literal["heartbeat"] = "heartbeat"


def document_stream_messages(schema: dict[str, Any]) -> dict[str, Any]:
    """Adds the websocket's own messages to the OpenAPI schema's components, where the frontend's
    types are generated from: OpenAPI documents no websocket, and the event list never sends them."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["HeartbeatMessage"] = HeartbeatMessage.model_json_schema()
    return schema
