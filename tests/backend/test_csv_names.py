"""A CSV column's name: one holding a hidden character, a line break or the look of another is
refused with its place and what to do; a BOM before the header is no part of it; and a message
that quotes names stays short however long they are."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.backend.test_datasets_upload import upload
from torchcanvas.training.data.limits import UploadError
from torchcanvas.training.data.tables import read_csv, read_rows

ROWS = "".join(f"{i},{i % 3},{i % 5},{i % 2}\n" for i in range(20))
FIX = "rename it in your file and upload it again."


def _refusal(tmp_path: Path, header: str, target: str | None = None) -> str:
    """What both readers say of a CSV with this header line, which must be the same."""
    path = tmp_path / "data.csv"
    path.write_bytes((header + "\r\n" + ROWS).encode())
    said = []
    for reader in (read_csv, read_rows):
        with pytest.raises(UploadError) as refusal:
            reader(path, target)
        said.append(str(refusal.value))
    assert said[0] == said[1]
    return said[0]


@pytest.mark.parametrize(
    ("header", "says"),
    [
        (
            'a,"he\u202eLLO","c\u200bd",label',
            "Column 2's name holds a hidden character (U+202E, RIGHT-TO-LEFT OVERRIDE)",
        ),
        ("a,a\u200b,b,label", "Column 2's name holds a hidden character (U+200B, ZERO WIDTH SPACE)"),
        # A BOM is left out before the header only: inside it, it is a name's.
        ("a,\ufeffb,c,label", "Column 2's name holds a hidden character (U+FEFF, ZERO WIDTH NO-BREAK SPACE)"),
        ("a,b,c\u2066,label", "Column 3's name holds a hidden character (U+2066, LEFT-TO-RIGHT ISOLATE)"),
        ("a,b\tc,d,label", "Column 2's name holds a hidden character (U+0009, CHARACTER TABULATION)"),
        ("a,b,c,la\x01bel", "Column 4's name holds a hidden character (U+0001, CONTROL CHARACTER)"),
    ],
)  # fmt: skip
def test_a_name_with_a_hidden_character_is_refused_with_its_place_and_code(
    tmp_path: Path, header: str, says: str
) -> None:
    assert _refusal(tmp_path, header) == f"{says}: {FIX}"


@pytest.mark.parametrize(
    ("header", "first", "second"),
    [
        ("caf\u00e9,cafe\u0301,b,label", "caf\u00e9", "cafe\u0301"),  # é composed, and e + accent
        ("a b,a\u00a0b,c,label", "a b", "a\u00a0b"),  # a no-break space
        ("x,a  b,a b,label", "a  b", "a b"),  # two spaces show as one in a page
    ],
)
def test_two_names_that_look_the_same_are_refused(
    tmp_path: Path, header: str, first: str, second: str
) -> None:
    places = [name.strip() for name in header.split(",")]
    at = places.index(first) + 1, places.index(second) + 1
    assert _refusal(tmp_path, header) == (
        f"Columns {at[0]} and {at[1]} are named `{first}` and `{second}`, which look the same: "
        "they differ only in their spaces or in how a letter's accent is written. Give every "
        "column a name of its own: rename one of them in your file and upload it again."
    )


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ('id,a,"\r\nmulti\nline",label', 3),  # as the review found it: "Line 2 has 1 values"
        ('a,"weight\nkg",b,label', 2),
        ('a,b,c,"la\rbel"', 4),  # a lone \r ends a line too
    ],
)
def test_a_name_with_a_line_break_is_refused_by_its_place(
    tmp_path: Path, header: str, column: int
) -> None:
    assert _refusal(tmp_path, header) == (
        f"Column {column}'s name holds a line break, inside its quotes: a column's name must be "
        "on one line. Remove the line break from the name (in a spreadsheet, edit the header "
        "cell), save the file and upload it again."
    )


def test_a_bom_before_the_header_is_no_part_of_the_first_name(client: TestClient) -> None:
    """Excel's "CSV UTF-8" starts with one; its first column is `id`, never U+FEFF `id`."""
    data = ("\ufeffid,a,b,label\n" + ROWS).encode()
    record = upload(client, "excel.csv", data, target="label", drop="id")
    assert record["standardisation"]["features"] == ["a", "b"]
    assert record["standardisation"]["left_out"][0]["name"] == "id"


def test_a_message_that_lists_names_is_short_however_long_they_are(client: TestClient) -> None:
    """An unknown target on a header of about 1 MB was answered with the header, whole."""
    names = [f"column_{i:04d}_" + "x" * 100 for i in range(9_000)]
    data = (",".join(names) + "\n" + ",".join("1" * len(names)) + "\n").encode()
    assert len(data) > 900_000
    for fields in ({"target": "nope"}, {"drop": "nope"}):
        reply = client.post("/api/datasets", files={"file": ("wide.csv", data)}, data=fields)
        assert reply.status_code == 422
        detail = reply.json()["detail"]
        assert len(detail) < 2_500, len(detail)
        shown = f"column_0000_{'x' * 27}…, column_0001_"  # each name cut at 40 characters
        assert shown in detail and detail.endswith(", … (9,000 in all).")
    # A name a message is about, and a value it quotes, are cut at 200 characters.
    long, cut = "y" * 5_000, "y" * 199 + "…"
    for text, says in [
        (f"a,{long},{long}\n1,2,3\n", f"The CSV header names `{cut}` twice"),
        (f"{long},label\n{long},1\n2,0\n", f"Column `{cut}` holds text ('{cut}' on line 2)"),
    ]:
        reply = client.post("/api/datasets", files={"file": ("long.csv", text.encode())})
        assert reply.status_code == 422
        assert reply.json()["detail"].startswith(says) and len(reply.json()["detail"]) < 800
