"""The event stream's messages in the OpenAPI schema: a client generated from it (not only the
frontend's openapi-typescript, which reads a default as present) must find `type`, the field it
tells the messages apart by, required in each."""

from typing import Any

from torchcanvas.api.app import create_app

MESSAGES = {
    "BoundaryMessage": "boundary",
    "DamagedMessage": "damaged",
    "DownloadingMessage": "downloading",
    "EndMessage": "end",
    "EpochMessage": "epoch",
    "HeartbeatMessage": "heartbeat",
    "InsightMessage": "insight",
    "LrRangeMessage": "lr_range",
    "PausedMessage": "paused",
    "ProgressMessage": "progress",
    "RateMessage": "rate",
    "ResumedMessage": "resumed",
    "StartedMessage": "started",
    "WarningMessage": "warning",
    "WeightsMessage": "weights",
}


def test_every_stream_message_requires_its_type() -> None:
    schemas: dict[str, Any] = create_app().openapi()["components"]["schemas"]
    with_seq = {name for name, schema in schemas.items() if "seq" in schema.get("properties", {})}
    assert with_seq | {"HeartbeatMessage"} == set(MESSAGES)  # no message left unlisted here
    for name, kind in MESSAGES.items():
        schema = schemas[name]
        assert schema["properties"]["type"]["const"] == kind, name
        assert schema["required"].count("type") == 1, (name, schema["required"])
        if name != "HeartbeatMessage":
            assert "seq" in schema["required"], name
