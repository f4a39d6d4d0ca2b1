"""The loopback guard: the emulator, and everything pointed at it, stays on this machine.

Tests run with fake credentials against endpoints they are given; one wrong endpoint and
requests would leave the machine. Anything that binds or targets an address asks here first.
"""

import ipaddress
from urllib.parse import urlsplit

LOCALHOST = "localhost"


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and any loopback address literal (127.0.0.0/8, ``::1``), bracketed or not."""
    host = host.strip("[]")
    if host.lower() == LOCALHOST:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    """True when ``url`` names a loopback host; False for anything else, malformed URLs included."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return bool(host) and is_loopback_host(host)


def endpoint_url(host: str, port: int) -> str:
    """The ``http://`` URL of ``host:port``, with IPv6 literals bracketed as URLs need."""
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"
