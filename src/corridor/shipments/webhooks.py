"""Push delivery of new tracking events to subscribers (DCSA-style webhooks).

Each delivery is one JSON ``POST`` whose body is signed with HMAC-SHA256 under
the subscription's secret, sent as ``Notification-Signature: sha256=<hex>``.
Deliveries run on a small background thread pool with a short timeout and a
bounded retry, so a slow or failing subscriber never blocks or fails the
request that stored the events. Redirects are not followed and proxies are not
used: the URL checked at subscription is the one called.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from corridor.errors import ShipmentInputError

LOG = logging.getLogger(__name__)
SIGNATURE_HEADER = "Notification-Signature"
ATTEMPTS = 3
TIMEOUT_S = 2.0
BACKOFF_S = 0.2


def signature(secret: str, body: bytes) -> str:
    """The value of the signature header: ``sha256=`` and the HMAC-SHA256 hex digest of ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


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


def deliver(delivery: Delivery, *, attempts: int = ATTEMPTS, timeout_s: float = TIMEOUT_S) -> bool:
    """POST ``delivery`` up to ``attempts`` times (backoff 0.2 s, 0.4 s, ...); whether a 2xx came back."""
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: signature(delivery.secret, delivery.body),
        "X-Corridor-Subscription-Id": delivery.subscription_id,
    }
    for attempt in range(attempts):
        request = urllib.request.Request(delivery.url, data=delivery.body, headers=headers, method="POST")
        try:
            with _OPENER.open(request, timeout=timeout_s) as response:
                if 200 <= response.status < 300:
                    return True
        except (urllib.error.URLError, OSError, ValueError) as err:
            LOG.warning("webhook %s attempt %d failed: %s", delivery.subscription_id, attempt + 1, err)
        if attempt + 1 < attempts:
            time.sleep(BACKOFF_S * 2**attempt)
    return False


class Notifier:
    """Sends deliveries from a background thread pool; :meth:`close` waits for those under way."""

    def __init__(self, *, workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="corridor-webhook")

    def send(self, deliveries: Iterable[Delivery]) -> list[Future[bool]]:
        """Queue ``deliveries``; returns at once."""
        return [self._pool.submit(deliver, d) for d in deliveries]

    def close(self) -> None:
        """Finish the queued deliveries and stop the threads."""
        self._pool.shutdown(wait=True)
