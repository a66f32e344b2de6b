"""User text in the bundle's README.md (a design's name, a dataset's title, a column's name): read
as itself, never as Markdown or HTML that a renderer acts on (a remote image, a link, raw HTML, a
code span closed early by a backtick in a name)."""

import re

# What gives text a meaning within a line (emphasis, code, links and images, raw HTML, entities,
# tables, GFM's strikethrough and bare-URL links, a heading's closing #s); a backslash escapes
# each. Not `-` or `.` (meaningful only at a line's start, which a heading's "# " is not), so the
# raw file still reads "digits-cnn".
_SPECIAL = re.compile(r"([\\`*_\[\]<>#~&|:])")


def plain(text: str) -> str:
    """`text` as plain Markdown text: each character that could mean something, escaped."""
    return _SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """`text` as an inline code span: its fence longer than any run of backticks in it, and a
    space inside each end where the text begins or ends with one."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
