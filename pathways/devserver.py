"""The address a person opens in a browser for `manage.py runserver <address>`."""

from __future__ import annotations

DEFAULT = "127.0.0.1:8000"


def browse_url(address: str = "") -> str:
    """`runserver` takes a port, an ip:port or a [ipv6]:port; name the URL it serves.

    0.0.0.0 (every interface) is not an address to browse to: this machine answers it as
    127.0.0.1, and other machines at its own name.
    """
    address = (address or DEFAULT).strip()
    if address.isdigit():
        host, port = "127.0.0.1", address
    else:
        host, _, port = address.rpartition(":")
        port = port or "8000"
        if not host:
            host = "127.0.0.1"
    if host in {"0.0.0.0", "[::]", "0"}:
        host = "127.0.0.1"
    return f"http://{host}:{port}/"
