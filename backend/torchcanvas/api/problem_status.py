"""The HTTP status of each kind of the core's problems: the one place that spells it."""

from torchcanvas.problems import (
    Conflict,
    Forbidden,
    Gone,
    Invalid,
    NotFound,
    Problem,
    TooLarge,
    TooMany,
    Unavailable,
    Unsupported,
)

# The status of each kind of problem; a problem answers as the first of its classes listed here.
STATUS: dict[type[Problem], int] = {
    TooLarge: 413,
    Unsupported: 415,
    Invalid: 422,
    NotFound: 404,
    Gone: 410,
    Forbidden: 403,
    Conflict: 409,
    TooMany: 429,
    Unavailable: 503,
}


def status_of(problem: Problem) -> int:
    """The HTTP status of a problem: its own kind's, by the order of its classes."""
    for kind in type(problem).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return 400  # a Problem of no listed kind: still the caller's to fix
