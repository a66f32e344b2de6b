"""A 404's message for an API path that no route takes, with the path it likely meant.

Each template of the schema is filled from the path asked for: as it is, or with one word the
path left out or added. A parameter is filled only where the words before it are the
template's (or typos of them), so that an id is never put where another kind of id goes (a
share link's token where a run's id goes), and one of a few values (a file's name) only with
one of them. The paths are then compared without the ids they share, which would make any two
paths with a long token in them look alike.
"""

import difflib
from typing import Any, NamedTuple

from starlette.types import Scope

SAME_AS = {"stop": "cancel", "abort": "cancel"}  # the words a script may try for an endpoint
_SAME_WORD = 0.8  # how close a path's word is to a template's to be a typo of it (run: runs)
_SAME_VALUE = 0.5  # how close to one of a parameter's values (weights: weights.safetensors)
_SAME_PATH = 0.85  # how close the path, ids aside, is to the one it likely meant

# Longer than any endpoint's path by far (a share link's file: under 100 characters): compared
# with none, and said cut short. Compared, a path of 60 KB took seconds of the event loop.
LONGEST = 256

Choices = dict[str, list[str]]  # a path parameter's name: the values it takes, where few


class Filling(NamedTuple):
    """A template filled from the path: its parts, and the ids it took from the path."""

    parts: list[str]
    ids: set[str]


def _filled(parts: list[str], segments: list[str], choices: Choices) -> Filling:
    """The template's parts, each parameter taken from the path's segment in its place where
    the words before it match, and it is one the parameter takes (or close to one)."""
    filled, ids, same_so_far = [], set(), True
    for part, segment in zip(parts, segments, strict=True):
        if not part.startswith("{"):
            filled.append(part)
            close = difflib.SequenceMatcher(None, part, segment).ratio() >= _SAME_WORD
            same_so_far = same_so_far and close
        elif not same_so_far:
            filled.append(part)
        elif (values := choices.get(part[1:-1])) is not None:
            near = difflib.get_close_matches(segment, values, n=1, cutoff=_SAME_VALUE)
            filled.append(near[0] if near else part)
        else:
            filled.append(segment)
            ids.add(segment)
    return Filling(filled, ids)


def _fillings(template: str, segments: list[str], choices: Choices) -> list[Filling]:
    """The template filled from the path as it is, or with one word the path left out
    (/api/shared/<token>/weights.safetensors: /api/shared/<token>/files/weights.safetensors) or
    added."""
    parts = template.split("/")
    if len(parts) == len(segments):
        return [_filled(parts, segments, choices)]
    fillings = []
    if len(parts) == len(segments) + 1:  # a word of the template left out of the path
        for i, word in enumerate(parts):
            if i and not word.startswith("{"):
                filled, ids = _filled(parts[:i] + parts[i + 1 :], segments, choices)
                fillings.append(Filling([*filled[:i], word, *filled[i:]], ids))
    elif len(segments) == len(parts) + 1:  # a word too many in the path
        for i in range(1, len(segments)):
            fillings.append(_filled(parts, segments[:i] + segments[i + 1 :], choices))
    return fillings or [Filling(parts, set())]


def _choices(operations: dict[str, Any]) -> Choices:
    """The path parameters of a template's operations that take only listed values."""
    return {
        parameter["name"]: parameter["schema"]["enum"]
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path" and "enum" in parameter.get("schema", {})
    }


def _likeness(segments: list[str], filling: Filling) -> float:
    """How alike the path and a filled template are, the ids they share left out."""

    def words(parts: list[str]) -> str:
        return "/".join("*" if part in filling.ids else part for part in parts)

    return difflib.SequenceMatcher(None, words(segments), words(filling.parts)).ratio()


def no_endpoint(scope: Scope) -> str:
    """A 404's message for an API path no route takes, with the path it likely meant."""
    path = scope["path"]
    if len(path) > LONGEST:
        return (
            f"The API has no endpoint {path[:LONGEST]}… ({len(path):,} characters). Its "
            "endpoints are listed at /docs."
        )
    segments = path.rstrip("/").split("/")
    known = [
        filling
        for template, operations in scope["app"].openapi()["paths"].items()
        for filling in _fillings(template, segments, _choices(operations))
    ]
    *head, last = segments
    named = [*head, SAME_AS.get(last, last)]  # Stop is /cancel, not the close /step
    if any(filling.parts == named for filling in known):
        close: list[str] | None = named
    else:
        scored = [(_likeness(segments, filling), filling.parts) for filling in known]
        score, best = max(scored, key=lambda pair: pair[0], default=(0.0, []))
        close = best if score >= _SAME_PATH else None
    # A path an endpoint would take but for an empty part (/api/runs//pause) is no suggestion.
    meant = f" Did you mean {'/'.join(close)}?" if close and close != segments else ""
    return f"The API has no endpoint {path}.{meant} Its endpoints are listed at /docs."
