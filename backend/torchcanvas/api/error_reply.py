"""The JSON body of an error reply, which always encodes: a message may quote what a request sent."""

import json
import re
from typing import Any

from fastapi.responses import JSONResponse

_HALF_PAIR = re.compile("[\ud800-\udfff]")


class ErrorReply(JSONResponse):
    """A JSONResponse whose text is always UTF-8: half a UTF-16 surrogate pair that a message
    quotes (an NPZ's label, say) becomes U+FFFD, where JSONResponse's encoding raised and the
    4xx became a 500."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(
            content, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
        )
        try:
            return text.encode()
        except UnicodeEncodeError:
            return _HALF_PAIR.sub("\ufffd", text).encode()
