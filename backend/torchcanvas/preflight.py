"""Checks made before the server starts, so that a bad setting costs one clear line, not a traceback."""

import errno
import os
import socket
import sqlite3
from pathlib import Path

from pydantic import AliasChoices, ValidationError

from torchcanvas.config import ServerConfig
from torchcanvas.setting_names import unknown_setting


class StartupError(RuntimeError):
    """A setting or a resource the server cannot start with, and what to do about it."""


def _env_name(field: str) -> str:
    alias = (
        ServerConfig.model_fields[field].validation_alias
        if field in ServerConfig.model_fields
        else None
    )
    return str(alias.choices[0]) if isinstance(alias, AliasChoices) else field


_SECRETS = ("TORCHCANVAS_TOKEN", "TORCHCANVAS_ADMIN_TOKEN")


def _setting_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = str(first["loc"][0]) if first["loc"] else ""
    name = _env_name(where)  # the loc is the field's name or the alias it was read from
    if name in _SECRETS:  # its value is never printed
        if first["type"] == "string_too_short":
            return (
                f"{name} must be at least 16 characters long: choose a longer token, for example "
                "the output of `python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`."
            )
        return f"{name}: {first['msg']}."
    value = first.get("input")
    shown = f" (it is {value!r})" if isinstance(value, str | int | float) else ""
    return f"{name}{shown}: {first['msg']}."


def load_settings() -> ServerConfig:
    if (unknown := unknown_setting(os.environ)) is not None:
        raise StartupError(unknown)
    try:
        return ServerConfig()
    except ValidationError as exc:
        raise StartupError(_setting_problem(exc)) from None


def check_data_dir(data_dir: Path) -> None:
    """The data folder exists (or can be made) and can be written to."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        probe = data_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StartupError(
            f"The data folder {data_dir} cannot be written ({exc.strerror}): set TORCHCANVAS_DATA "
            "to a folder this user may write, or fix its permissions."
        ) from None


def check_database(data_dir: Path) -> None:
    """The data folder's database opens (and is brought up to date): a full disk, a file that is
    no SQLite database, or one a newer version wrote, is said in one line, with what to do, not
    as a traceback."""
    from torchcanvas.store.data_format import NewerData
    from torchcanvas.store.db import DATABASE_NAME, Database
    from torchcanvas.store.free_space import is_disk_full

    path = data_dir / DATABASE_NAME
    try:
        Database(path).close()
    except NewerData as newer:  # a version rolled back: it would read newer runs as damaged
        raise StartupError(str(newer)) from None
    except sqlite3.DatabaseError as exc:
        if is_disk_full(exc):
            raise StartupError(
                f"The disk of the data folder {data_dir} is full ({exc}), so its database cannot "
                "be opened: free some space on it, then start the server again. Stored runs are "
                "kept."
            ) from None
        raise StartupError(
            f"The database {path} cannot be opened ({exc}): if it is not TorchCanvas's, move it "
            "away or set TORCHCANVAS_DATA to another folder; else check the disk it is on."
        ) from None


def check_port(host: str, port: int) -> None:
    """Nothing else listens on host:port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise StartupError(
                    f"Port {port} on {host} is already in use: stop what listens there, or "
                    "choose another with PORT=…"
                ) from None
            raise StartupError(
                f"Cannot listen on {host}:{port} ({exc.strerror}): check HOST and PORT."
            ) from None
