"""`python -m torchcanvas --help`: how to start the server, and every setting it reads, from the
settings' own declarations (config.py), so that the two cannot disagree."""

import argparse
import textwrap
from pathlib import Path

from pydantic.fields import FieldInfo

from torchcanvas.config import ServerConfig, variable_name
from torchcanvas.download_mirror import MIRROR_ABOUT, MIRROR_ENV

_ABOUT = (
    "Serves TorchCanvas: the editor, training and the model pages, at http://HOST:PORT. Every "
    "setting is an environment variable, e.g. "
    "`PORT=8080 TORCHCANVAS_DATA=/srv/torchcanvas python -m torchcanvas`; the one command, "
    "`backup DEST`, copies the data folder while its server runs."
)


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        return "depends on the machine"
    if isinstance(field.default, Path) and field.default.is_absolute():
        return "the repository's"
    return "unset" if field.default in (None, "") else str(field.default)


def settings_text() -> str:
    """Each setting's variable, default and meaning, a paragraph each."""
    lines = ["settings (environment variables):"]
    for field in ServerConfig.model_fields.values():
        lines.append(f"  {variable_name(field)} (default: {_default(field)})")
        lines.extend(
            textwrap.wrap(
                field.description or "", 92, initial_indent=" " * 6, subsequent_indent=" " * 6
            )
        )
    # Read by the workers as they download, not by the server's settings.
    lines.append(f"  {MIRROR_ENV} (default: unset)")
    lines.extend(textwrap.wrap(MIRROR_ABOUT, 92, initial_indent=" " * 6, subsequent_indent=" " * 6))
    return "\n".join(lines)


def read_arguments(argv: list[str]) -> Path | None:
    """The folder to back the data folder up to, for `backup DEST`; None to serve. Prints the
    help and exits for --help; exits with a usage error for anything else given, rather than
    starting a server the caller did not mean to start."""
    if argv[:1] == ["backup"]:
        dest: Path = _backup_parser().parse_args(argv[1:]).dest
        return dest
    parser = argparse.ArgumentParser(
        prog="python -m torchcanvas",
        usage="[SETTING=value ...] python -m torchcanvas [-h] [backup DEST]",
        description=_ABOUT,
        epilog=settings_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.parse_args(argv)  # a command other than backup, or an option: its usage error
    return None


def _backup_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m torchcanvas backup",
        usage="[TORCHCANVAS_DATA=folder] python -m torchcanvas backup [-h] DEST",
        description=(
            "Copies the data folder (TORCHCANVAS_DATA) to DEST, a folder that does not exist "
            "yet, while its server runs: its database as of one moment, and the runs and uploads "
            "it holds then. To restore, start a server on the copy: TORCHCANVAS_DATA=DEST "
            "python -m torchcanvas."
        ),
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="the new folder to copy to")
    return parser
