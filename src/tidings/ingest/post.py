"""POST one JSON object over HTTP(S) under the rules `fetch` keeps: the alert webhook's way out.

`post_json(url, payload, settings)` returns a `Posted` (the answer's status) or raises one of the
`tidings.errors` that `fetch` raises, each with a message that says what to do:

- the host is checked as every fetch hop is (`check_host`): a private, loopback or otherwise
  non-public address is refused (`BlockedAddress`) unless `allow_private_networks` is on, and the
  client from `make_client` connects only to addresses it checked itself (DNS rebinding);
- redirects are not followed. A redirected POST is either resent with its body (307, 308) or, as
  clients do in practice for 301-303, turned into a GET that drops it; neither is what a webhook's
  owner configured, and following would need each hop checked again. A webhook is one URL in the
  configuration, so the redirect comes back as a `Posted` with its `location`, for the caller to
  tell the user which URL to configure instead;
- `timeout` (default `fetch_timeout`) bounds connecting, sending and waiting for the answer;
  nothing is retried here (the caller keeps what it could not send);
- the answer's body is never read, only its status, so no size cap is needed;
- the `user_agent` setting is sent.

Tests replace the network with `httpx.MockTransport` by passing their own `client`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from tidings.errors import FetchError
from tidings.ingest.fetch import check_host, connect_failed, make_client, parse_http_url
from tidings.settings import Settings

__all__ = ["Posted", "post_json"]


@dataclass(frozen=True, slots=True)
class Posted:
    """The answer to a POST: its HTTP status and reason, and where a redirect (not followed) pointed."""

    url: str
    status: int
    reason: str
    location: str | None = None

    @property
    def ok(self) -> bool:
        """True for a 2xx answer: the receiver took the payload."""
        return 200 <= self.status < 300


def _post_with(client: httpx.Client, url: str, payload: Mapping[str, object], settings: Settings,
               timeout: float) -> Posted:
    parsed = parse_http_url(url)
    check_host(parsed, settings)
    try:
        with client.stream("POST", parsed, json=dict(payload), headers={"User-Agent": settings.user_agent},
                           timeout=timeout, follow_redirects=False) as response:
            location = response.headers.get("location") if response.is_redirect else None
            return Posted(url=str(parsed), status=response.status_code, reason=response.reason_phrase,
                          location=str(parsed.join(location)) if location else None)
    except httpx.TimeoutException:
        raise FetchError(f"{parsed} did not answer a POST within {timeout:g} s; "
                         "check that it is up, or raise the timeout") from None
    except httpx.ConnectError as exc:
        raise connect_failed(parsed, exc) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"posting to {parsed} failed: {type(exc).__name__}: {exc}") from None


def post_json(url: str, payload: Mapping[str, object], settings: Settings, *, timeout: float | None = None,
              client: httpx.Client | None = None) -> Posted:
    """POST `payload` as JSON to `url` and return the answer's status; any status, 3xx included.

    Requires: an http or https URL; a payload json.dumps can encode. Uses `client` if given (it is
    not closed), else one made for this call. Raises FetchError (bad URL, timeout), its subclasses
    BlockedAddress (a non-public address while allow_private_networks is off) and HostUnreachable
    (DNS failure, connection refused). Never raises anything else for a network problem.
    """
    seconds = settings.fetch_timeout if timeout is None else timeout
    if client is not None:
        return _post_with(client, url, payload, settings, seconds)
    with make_client(settings) as own:
        return _post_with(own, url, payload, settings, seconds)
