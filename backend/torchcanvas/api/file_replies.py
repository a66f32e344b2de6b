"""The OpenAPI 200 of each download: the media types its file really comes in.

A FileResponse route documents no content of its own ("Successful Response"), and a client
generated from the schema returned nothing for a download. Each media type here is the one the
route sends (FILES in model_views.py for a model's files); a design.json is a Design.
"""

from typing import Any

from torchcanvas.api.model_views import FILES
from torchcanvas.design.schema import Design

_BINARY = {"schema": {"type": "string", "format": "binary"}}
JSON = "application/json"  # design.json's: the Design, as the editor loads it back
OCTETS = "application/octet-stream"

WEIGHTS_FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The weights, as a safetensors file.", "content": {OCTETS: _BINARY}}
}
DESIGN_FILE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The design, as the editor loads it back.", "model": Design}
}
# A model's files: the bundle (a ZIP), weights and exports (bytes), and its design (JSON).
MODEL_FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, as an attachment: its media type says which kind it is.",
        "model": Design,  # design.json, under application/json
        "content": {media: _BINARY for _, _, media in FILES.values() if media != JSON},
    }
}
