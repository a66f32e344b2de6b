"""Characters that do not show as themselves: controls, the bidirectional overrides, isolates and
marks that make the text after them read backwards ("‮gpj.csv" shows as "vsc.jpg"), and the
zero-width ones. Names people give are refused with them (store/run_labels.py); a file's name is
shown without them; text written into generated code is escaped."""

import re

# As a regex class's body, which the schema's patterns state too. A note may hold tabs and line
# breaks (NOTE_HIDDEN). Besides controls and direction marks: the soft hyphen, line and paragraph
# separators, invisible operators, and the fillers that show as blank letters. U+200C and U+200D
# join letters in Persian and emoji: they stay.
HIDDEN = (
    r"\x00-\x1f\x7f-\x9f\xad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028\u2029"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
)
NOTE_HIDDEN = HIDDEN.replace(r"\x00-\x1f", r"\x00-\x08\x0b-\x1f")
_HIDDEN = re.compile(f"[{HIDDEN}]")


def hidden_at(text: str, hidden: str = HIDDEN) -> tuple[str, int] | None:
    """The first character of `hidden` (a regex class's body) in `text`, as its code point's
    name ("U+200B") and its position counted from 1; None where it holds none."""
    if found := re.search(f"[{hidden}]", text):
        return f"U+{ord(found.group()):04X}", found.start() + 1
    return None


def without_hidden(text: str) -> str:
    """The text as it shows: each hidden character left out."""
    return _HIDDEN.sub("", text)


def escaped(code: str) -> str:
    """Python source with each character that does not print (bidirectional controls and the like,
    which would make the code read otherwise than it runs) as its escape; only inside literals."""
    return "".join(c if c.isprintable() or c in "\n" else _escape(c) for c in code)


def _escape(c: str) -> str:
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
