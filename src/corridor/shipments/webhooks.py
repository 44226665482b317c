"""Push delivery of new tracking events to subscribers (DCSA-style webhooks).

Each delivery is one JSON ``POST`` signed with HMAC-SHA256 under the
subscription's secret over the time of sending and the body:
``Notification-Signature: t=<unix seconds>,sha256=<hex of HMAC(secret, "<t>." + body)>``.
A receiver checks it with :func:`verify_signature`, which refuses signatures
older than a replay window (5 minutes), so a captured delivery cannot be
replayed later.

The callback URL is checked again when each delivery is sent, against the
allow-list of that moment, and the addresses its host resolves to must be
public (or loopback for a loopback host): a name that resolved to a public
address at subscription and to an internal one later (DNS rebinding) gets
nothing.
Deliveries are written to an outbox in the transaction of their events
(:mod:`corridor.shipments.outbox`) and sent by a background worker
(:mod:`corridor.shipments.dispatch`) with a short timeout, retries with
exponential back-off and a dead-letter list, so a slow or failing subscriber
never blocks or fails the request that stored the events. Redirects are not followed and proxies are not
used: the URL checked at subscription is the one called.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from corridor.errors import ShipmentInputError

LOG = logging.getLogger(__name__)
SIGNATURE_HEADER = "Notification-Signature"
ATTEMPTS = 3
TIMEOUT_S = 5.0
BACKOFF_S = 0.2


#: Seconds a signature stays valid for :func:`verify_signature`.
REPLAY_WINDOW_S = 300


def signature(secret: str, body: bytes) -> str:
    """``sha256=`` and the HMAC-SHA256 hex digest of ``body`` under ``secret``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, *, timestamp: int) -> str:
    """The signature header's value: ``t=<timestamp>,sha256=<HMAC of "<timestamp>." + body>``.

    Examples
    --------
    >>> signature_header("Jefe", b"{}", timestamp=1700000000)[:15]
    't=1700000000,sh'

    """
    return f"t={timestamp}," + signature(secret, f"{timestamp}.".encode("ascii") + body)


def verify_signature(
    secret: str, header: str, body: bytes, *, now: float | None = None, window_s: int = REPLAY_WINDOW_S
) -> bool:
    """Whether ``header`` signs ``body`` under ``secret`` and is at most ``window_s`` seconds old.

    Examples
    --------
    >>> header = signature_header("Jefe", b"{}", timestamp=1700000000)
    >>> verify_signature("Jefe", header, b"{}", now=1700000100)
    True
    >>> verify_signature("Jefe", header, b"{}", now=1700001000)  # 1,000 s later: a replay
    False

    """
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > window_s:
        return False
    return hmac.compare_digest(signature_header(secret, body, timestamp=timestamp), header)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate_callback_url(url: str, *, allowed_hosts: Iterable[str] = ()) -> str:
    """``url`` if it is http(s) to a loopback host or one of ``allowed_hosts``.

    Raises
    ------
    ShipmentInputError
        Another scheme, no host, or a host neither loopback nor allowed.

    """
    if not url.isascii() or not url.isprintable() or " " in url:
        raise ShipmentInputError(
            "url: only printable ASCII without spaces or control characters (percent-encode the rest)", "url"
        )
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        _ = parts.port  # a port out of range or not a number raises here
    except ValueError as err:
        raise ShipmentInputError(f"url: not a valid URL ({err})", "url") from err
    if parts.scheme not in ("http", "https") or not host:
        raise ShipmentInputError(f"url: expected an http(s) URL with a host, got {url!r}", "url")
    if parts.username or parts.password:
        raise ShipmentInputError("url: credentials in the URL are not allowed", "url")
    allowed = {h.strip().lower() for h in allowed_hosts if h.strip()}
    if not (_loopback(host) or host in allowed):
        raise ShipmentInputError(
            f"url: host {host!r} is not allowed; callbacks go to loopback or to a host listed in "
            "CORRIDOR_WEBHOOK_HOSTS",
            "url",
        )
    return url


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def check_resolved(url: str) -> None:
    """Refuse ``url`` unless its host resolves only to loopback (a loopback host) or public addresses.

    Raises
    ------
    ShipmentInputError
        The host does not resolve, or resolves to an address of the wrong kind.

    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    loopback = _loopback(host)
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError) as err:
        raise ShipmentInputError(f"url: host {host!r} does not resolve", "url") from err
    for info in infos:
        address = str(info[4][0])
        ok = ipaddress.ip_address(address.split("%", 1)[0]).is_loopback if loopback else _public(address)
        if not ok:
            raise ShipmentInputError(f"url: host {host!r} resolves to a refused address", "url")


@dataclass(frozen=True, slots=True)
class Delivery:
    """One signed POST to one subscriber."""

    subscription_id: str
    url: str
    secret: str
    body: bytes


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def send_once(
    delivery: Delivery, *, timeout_s: float = TIMEOUT_S, allowed_hosts: Iterable[str] = ()
) -> str | None:
    """POST ``delivery`` once; ``None`` if a 2xx came back, else why not (in one line).

    The URL is checked first against ``allowed_hosts`` and its resolved addresses
    (:func:`check_resolved`); a refused URL is not called.
    """
    try:
        validate_callback_url(delivery.url, allowed_hosts=tuple(allowed_hosts))
        check_resolved(delivery.url)
    except ShipmentInputError as err:
        return f"not sent: {err}"
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature_header(delivery.secret, delivery.body, timestamp=int(time.time())),
        "X-Corridor-Subscription-Id": delivery.subscription_id,
    }
    request = urllib.request.Request(delivery.url, data=delivery.body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout_s) as response:
            if 200 <= response.status < 300:
                return None
            return f"answered {response.status}"
    except urllib.error.HTTPError as err:
        return f"answered {err.code}"
    except (urllib.error.URLError, OSError, ValueError) as err:
        return f"failed: {err}"


def deliver(
    delivery: Delivery,
    *,
    attempts: int = ATTEMPTS,
    timeout_s: float = TIMEOUT_S,
    allowed_hosts: Iterable[str] = (),
) -> bool:
    """POST ``delivery`` up to ``attempts`` times (backoff 0.2 s, 0.4 s, ...); whether a 2xx came back.

    For one-off use; the server sends through the outbox (:mod:`corridor.shipments.outbox`). A URL
    refused by :func:`send_once`'s checks is not retried.
    """
    for attempt in range(attempts):
        error = send_once(delivery, timeout_s=timeout_s, allowed_hosts=allowed_hosts)
        if error is None:
            return True
        LOG.warning("webhook %s attempt %d: %s", delivery.subscription_id, attempt + 1, error)
        if error.startswith("not sent"):
            return False
        if attempt + 1 < attempts:
            time.sleep(BACKOFF_S * 2**attempt)
    return False
