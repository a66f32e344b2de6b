"""The token an upload's request may name itself by (`Upload-Token`), to be asked about later
(api/routes/uploads_sent.py): made by the sender, random, one for each upload."""

import re
from typing import Annotated

from fastapi import Header

from torchcanvas.problems import Invalid

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,100}")
TOKEN_RULE = "16 to 100 letters, digits, - or _, a new random one for each upload"

UploadToken = Annotated[
    str | None,
    Header(
        alias="Upload-Token",
        description=f"Optional: {TOKEN_RULE}. GET /api/uploads-sent/{{token}} then says whether "
        "the upload is being read or was kept, should its reply be lost.",
    ),
]


def checked_token(token: str) -> str:
    if not _TOKEN.fullmatch(token):
        raise Invalid(f"An upload token must be {TOKEN_RULE}.")
    return token
