"""A download source's URL: its user and password (a mirror's, in TORCHCANVAS_DOWNLOAD_URL) go
to the server as HTTP Basic auth, and never into a message.

urllib takes no user:password in a URL: http.client reads `reader:s3cret@host` as a host and a
port, and says so with the password in its error. So the credentials leave the URL before it is
opened, and every error text about it is scrubbed of them, whatever raised it.
"""

import base64
import urllib.error
import urllib.request
from http.client import HTTPResponse
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit
from urllib.response import addinfourl

HIDDEN = "***"


def _userinfo(url: str) -> tuple[str, str]:
    """(the URL without its user:password@, that user:password as written, or "")."""
    parts = urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at:
        return url, ""
    return urlunsplit(parts._replace(netloc=host)), userinfo


def shown_url(url: str) -> str:
    """The URL as a message may show it: without its user and password."""
    return _userinfo(url)[0]


def shown_host(url: str) -> str | None:
    """host[:port] of the URL, for a message; None when it names no host (a file: URL)."""
    parts = urlsplit(shown_url(url))
    if not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:  # not a number: urllib refuses it, and the message says why
        port = None
    return f"{parts.hostname}:{port}" if port else parts.hostname


def scrubbed(text: str, url: str) -> str:
    """`text` (an error about `url`) with every part of the URL's user:password hidden."""
    userinfo = _userinfo(url)[1]
    if not userinfo:
        return text
    user, _, password = userinfo.partition(":")
    secrets = {userinfo, unquote(userinfo), user, unquote(user), password, unquote(password)}
    for secret in sorted(secrets - {""}, key=len, reverse=True):  # the whole before its parts
        text = text.replace(secret, HIDDEN)
    return text


def open_source(
    url: str, method: Literal["GET", "HEAD"], timeout: float
) -> HTTPResponse | addinfourl:
    """Opens `url`, sending its user and password (if any) as an Authorization header."""
    bare, userinfo = _userinfo(url)
    request = urllib.request.Request(bare, method=method)
    if userinfo:
        user, _, password = userinfo.partition(":")
        token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode()
        # Unredirected: a redirect to another host does not carry the mirror's password there.
        request.add_unredirected_header("Authorization", f"Basic {token}")
    try:
        response: HTTPResponse | addinfourl = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()  # its body is never read: its socket is not left to the garbage collector
        raise
    return response
