"""The kinds of error a user can fix, raised anywhere in the core and answered by the API.

The core says what went wrong and how to fix it, in the message, and what kind of problem it is,
by its class; only `api/problem_status.py` knows which HTTP status each kind gets. A module's own
error inherits the kind first and its old base after (`class NoWeights(NotFound,
FileNotFoundError)`), so that the kind decides the answer.
"""


class Problem(Exception):
    """An error whose message tells the user what is wrong and what to do.

    `for_viewers`: what a share link's visitor is told instead, where what to do is the owner's
    (else the message, with the run's id hidden)."""

    for_viewers: str | None = None


class Invalid(Problem):
    """The input is malformed or breaks a rule."""


class TooLarge(Invalid):
    """The input is larger than this server takes."""


class Unsupported(Invalid):
    """The input is of a kind this server does not read."""


class NotFound(Problem):
    """What the request names does not exist (or is not the caller's to see)."""


class Gone(Problem):
    """What the request names existed, and no longer opens: revoked or expired."""


class Forbidden(Problem):
    """The caller may not do this to what it names."""


class Conflict(Problem):
    """The request does not fit the current state of what it names."""


class TooMany(Problem):
    """The caller asked for more of this than it may in a while; later it may again."""


class Unavailable(Problem):
    """The server cannot do it now; trying again later may work."""


# An id a message repeats may be anything the request sent: one 60,000 characters long in a path
# made a 60 KB reply.
SHOWN_ID_CHARS = 80


def shown_id(given: str) -> str:
    """An id as a message repeats it: at most SHOWN_ID_CHARS characters, cut with an ellipsis."""
    return given if len(given) <= SHOWN_ID_CHARS else given[: SHOWN_ID_CHARS - 1] + "…"
