"""DNS rebinding: a request must name a host this server answers to.

A page on evil.example can make its own name resolve to 127.0.0.1 once it has loaded; the browser
then sends that page's requests to this server with `Host: evil.example` and an `Origin` that
matches it, so the origin check (crosssite.py), which takes its own origin from Host, lets them
act. So the Host header must be an IP address (which no rebinding can fake: the browser connected
to that very address), `localhost` or a name under it, the server's HOST, this machine's name
when it listens beyond loopback, a host of TORCHCANVAS_ALLOWED_ORIGINS, or one of
TORCHCANVAS_ALLOWED_HOSTS. Behind a trusted proxy (TORCHCANVAS_TRUST_PROXY) the proxy's names
are its own to route, and Host is not checked.
"""

import ipaddress
import socket

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from torchcanvas.api.crosssite import refuse
from torchcanvas.config import ServerConfig

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def host_name(host: str) -> str:
    """The name in a Host header, without its port or an IPv6 address's brackets, lower case."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def known_hosts(settings: ServerConfig) -> set[str]:
    """The names this server answers to, besides IP addresses and localhost."""
    names = {host_name(settings.host)}
    names |= {host_name(origin.partition("://")[2]) for origin in settings.origins()}
    names |= {host_name(h) for h in settings.allowed_hosts.split(",") if h.strip()}
    if settings.host not in _LOOPBACK:  # reachable from other machines, by this one's name
        names.add(socket.gethostname().lower())  # no getfqdn: a DNS lookup at start-up
    return names


def answers_to(host: str, known: set[str]) -> bool:
    name = host_name(host)
    return name == "localhost" or name.endswith(".localhost") or _is_ip(name) or name in known


def _refusal(host: str) -> str:
    if not host.strip():  # HTTP/1.0 may leave it out; HTTP/1.1 must send it
        return (
            "The request has no Host header: send one naming this server (its IP address or "
            "localhost, or a name in TORCHCANVAS_ALLOWED_HOSTS), as HTTP/1.1 asks."
        )
    return (
        f"This server does not answer to the host `{host_name(host)}`, which protects it from DNS "
        "rebinding: open it by its IP address or localhost, or, to reach it by this name, add "
        "the name to TORCHCANVAS_ALLOWED_HOSTS (comma-separated) where the server runs."
    )


class HostCheckMiddleware:
    """Refuses with 400 a request (or websocket) whose Host is not one this server answers to."""

    def __init__(self, app: ASGIApp, known: set[str], trust_proxy: bool) -> None:
        self.app, self.known, self.trust_proxy = app, known, trust_proxy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.trust_proxy:
            host = Headers(scope=scope).get("host", "")
            if not answers_to(host, self.known):
                await refuse(scope, receive, send, 400, _refusal(host))
                return
        await self.app(scope, receive, send)
