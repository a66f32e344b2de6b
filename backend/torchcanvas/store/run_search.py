"""Finding runs by text: the runs page's search box, GET /api/runs?q=."""

MAX_QUERY = 100  # longer than any name a person types to find a run; bounds the scan's work

# Where a run's text is: its name, its design's (shown where it has none), its note, its dataset's
# title and name (a built-in's name is its title). A damaged row's JSON is not read (json_extract
# would fail the whole query on it): the listing leaves such a row out anyway.
_TEXTS = (
    "runs.name",
    "runs.note",
    "runs.dataset_title",
    "CASE WHEN json_valid(runs.design) THEN json_extract(runs.design, '$.name') END",
    "CASE WHEN json_valid(runs.training) THEN json_extract(runs.training, '$.dataset') END",
)


def search_clause(query: str | None) -> tuple[str, list[str]]:
    """An SQL condition (`AND …`) keeping the runs the query finds, with its parameters; none for
    a blank query. instr, not LIKE, so that % and _ are plain letters; lower() on both sides, so
    that case does not matter (for A to Z: SQLite's lower() leaves other letters as they are)."""
    text = (query or "").strip()
    if not text:
        return "", []
    holds = " OR ".join(f"instr(lower(COALESCE({column}, '')), lower(?)) > 0" for column in _TEXTS)
    starts = "substr(lower(runs.id), 1, length(?)) = lower(?)"
    return f"AND ({holds} OR {starts}) ", [text] * len(_TEXTS) + [text, text]
