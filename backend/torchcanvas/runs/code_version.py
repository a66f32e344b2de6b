"""Which TorchCanvas code this process runs: a digest of the package's Python sources.

A Ray node must run the server's code: one with another commit fails to unpickle what the
server sends (a class it lacks) or, worse, trains a run differently and says nothing. Its workers
say their digest as they become ready, and the server takes none whose digest is not its own.
"""

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # backend/torchcanvas


@functools.cache
def code_version() -> str:
    """This process's: 12 hex digits that change with any of the package's .py files."""
    return digest_of(PACKAGE)


def package_folder() -> str:
    """Where this process's TorchCanvas is. A function, as the actor's class reaches a node
    pickled by value, with the server's values of the module globals its methods name."""
    return str(PACKAGE)


def digest_of(package: Path) -> str:
    """The digest of a copy of the package (its .py files' names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
