"""The TORCHCANVAS_* names something reads, so that one nothing reads (a misspelt setting) stops
the server as it starts, naming the closest real one: it was silently ignored, and a data folder
meant for a big disk went to the working directory's."""

import difflib
import re
from collections.abc import Mapping

from pydantic import AliasChoices

from torchcanvas.config import ServerConfig
from torchcanvas.download_mirror import MIRROR_ENV

PREFIX = "TORCHCANVAS_"
# Names read outside ServerConfig: known as its settings are.
OTHER_NAMES = (
    MIRROR_ENV,  # the datasets' download mirror, read by the workers as they download
    "TORCHCANVAS_SCREENS",  # the browser tests' screenshot folder (frontend/README.md)
    "TORCHCANVAS_TEST_FOUND",  # a test worker's report file (tests/backend/worker_bodies.py)
)

# Names others set that the server never reads: Kubernetes gives every pod its namespace's
# services as variables, a service named torchcanvas as TORCHCANVAS_SERVICE_HOST, TORCHCANVAS_PORT
# =tcp://…, TORCHCANVAS_PORT_8000_TCP_ADDR and the like, and Docker's legacy links as much, with
# TORCHCANVAS_NAME and a linked container's variables (TORCHCANVAS_ENV_TOKEN for its TOKEN). An
# operator cannot unset them: a pod refused to start.
SERVICE_LINKS = re.compile(
    rf"{PREFIX}(SERVICE_HOST|SERVICE_PORT(_\w+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?"
    r"|NAME|ENV_\w+)"
)


def setting_names() -> list[str]:
    """Every TORCHCANVAS_* name read: the settings' (config.py) and the others above."""
    names = set(OTHER_NAMES)
    for field in ServerConfig.model_fields.values():
        alias = field.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
        names |= {name for name in choices if isinstance(name, str) and name.startswith(PREFIX)}
    return sorted(names)


def unknown_setting(environ: Mapping[str, str]) -> str | None:
    """What is wrong with the first TORCHCANVAS_* variable nothing reads, if one is set."""
    known = setting_names()
    # Settings are read whatever their case (pydantic-settings), so they are compared upper-case;
    # the shared prefix is left out, or every name would be close to every other.
    endings = {name.removeprefix(PREFIX): name for name in known}
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(PREFIX) or upper in known or SERVICE_LINKS.fullmatch(upper):
            continue
        close = difflib.get_close_matches(upper.removeprefix(PREFIX), endings, n=1)
        fix = (
            f"did you mean {endings[close[0]]}?"
            if close
            else "unset it (`python -m torchcanvas --help` lists the settings)."
        )
        return f"{name} is not a setting: {fix}"
    return None
