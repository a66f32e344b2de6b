"""Share links' tokens kept out of the server's log. Each is a bearer link to a model (whoever has it
sees the model and downloads its files), and uvicorn logs every request's path, where the token
is, to `docker logs` and whatever collects them. A line keeps the token's last four characters, as
the owner's list of links names each (…abcd), so it still says which link was used."""

import logging
import re

# A share link's page (/s/<token>) and its API (/api/shared/<token>/...), in a logged path.
_TOKEN_IN_PATH = re.compile(r"(/api/shared/|/s/)[A-Za-z0-9_-]*([A-Za-z0-9_-]{4})(?![A-Za-z0-9_-])")


def hide_tokens(text: str) -> str:
    """`text` with each share token in a path cut to its last four characters."""
    return _TOKEN_IN_PATH.sub(r"\1...\2", text)


class HideShareTokens(logging.Filter):
    """For the server's log handlers: uvicorn passes the path as an argument of its line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(hide_tokens(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = hide_tokens(record.msg)
        return True


def log_config(base: dict[str, object]) -> dict[str, object]:
    """uvicorn's logging configuration (`base`, its LOGGING_CONFIG), with every handler's lines
    passed through HideShareTokens."""
    config = {**base, "filters": {"share_tokens": {"()": HideShareTokens}}}
    handlers = base.get("handlers")
    assert isinstance(handlers, dict)
    config["handlers"] = {
        name: {**handler, "filters": ["share_tokens"]} for name, handler in handlers.items()
    }
    return config
