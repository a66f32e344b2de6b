"""A file download that passes over a Range header it cannot read, as HTTP asks.

Starlette's FileResponse answered `Range: bytes=junk` (or `items=0-9`) with a plain-text 400,
where RFC 9110 (14.2) has a server ignore such a header and send the whole file: a download
manager's odd header cost the person the file, in a body none of the API's errors look like.
A range it can read is served as before, and one past the file's end is still a 416.
"""

from starlette.responses import FileResponse, MalformedRangeHeader


class Download(FileResponse):
    """A FileResponse whose unreadable Range header is ignored: the whole file, 200."""

    @classmethod
    def _parse_range_header(cls, http_range: str, file_size: int) -> list[tuple[int, int]]:
        try:
            return super()._parse_range_header(http_range, file_size)
        except MalformedRangeHeader:
            return []  # no range: the whole file
