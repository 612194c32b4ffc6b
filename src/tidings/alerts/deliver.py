"""Delivering alerts: log each in the store once, then console, JSON Lines and webhook.

The store's log comes first, so an alert fires at most once even when delivery crashes; the
webhook alone is retried (its alerts stay pending in the log until it answers 2xx). The webhook
is posted to through the ingest layer (tidings.ingest.post), under the same user agent and
address checks as every fetch.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TextIO

from tidings.alerts.evaluate import Alert, evaluate
from tidings.alerts.rules import AlertOutputs, Rule
from tidings.errors import BlockedAddress, FetchError
from tidings.ingest.fetch import make_client
from tidings.ingest.post import post_json

if TYPE_CHECKING:
    from tidings.settings import Settings
    from tidings.store import Store

log = logging.getLogger(__name__)


def run_alerts(store: Store, rules: Sequence[Rule], outputs: AlertOutputs, *, settings: Settings,
               new_article_ids: Sequence[str], now: datetime, stream: TextIO | None = None) -> list[Alert]:
    """Evaluate `rules` on the new articles, log each alert once in the store, deliver it, and
    return the alerts fired now (none that fired on an earlier pass).

    `rules` and `outputs` are the [[alerts]] and [outputs] tables as parse_rules and parse_outputs
    read them. Console lines go to `stream` (standard output). The webhook is posted to under
    `settings` (user agent; a private address refused unless allow_private_networks is on).
    Never raises on an output that fails: a JSON Lines file that cannot be written is logged; a
    webhook that fails or is refused is logged and its alerts retried on the next pass (oldest first).
    """
    if outputs.webhook is not None:
        _retry_webhook(store, outputs, settings)
    fired = [alert for alert in evaluate(store, rules, new_article_ids=new_article_ids, now=now)
             if store.record_alert(alert, webhook_pending=outputs.webhook is not None)]
    if not fired:
        return []
    if outputs.console:
        out = stream or sys.stdout
        for alert in fired:
            link = f" <{alert.url}>" if alert.url else ""
            out.write(f"ALERT {alert.rule}: {alert.message}{link}\n")
        out.flush()
    if outputs.jsonl is not None:
        try:
            with outputs.jsonl.open("a", encoding="utf-8") as log_file:
                for alert in fired:
                    log_file.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        except OSError as exc:
            log.error("alerts: cannot append to %s (%s); %d alerts not written there", outputs.jsonl, exc,
                      len(fired))
    if outputs.webhook is not None:
        _post(store, outputs, settings, [(alert.rule, alert.key, alert.to_dict()) for alert in fired])
    return fired


# One alert for the webhook: its rule and key (to mark it delivered) and the JSON object to send.
_Outgoing = tuple[str, str, Mapping[str, object]]


def _retry_webhook(store: Store, sinks: AlertOutputs, settings: Settings) -> None:
    pending = store.fired_alerts(pending=True, limit=1_000)
    if pending:
        _post(store, sinks, settings,
              [(fired.alert.rule, fired.alert.key, fired.logged()) for fired in pending])


def _post(store: Store, sinks: AlertOutputs, settings: Settings, alerts: Sequence[_Outgoing]) -> None:
    """POST each alert to the webhook; mark the ones it took. After a network failure or a refused
    address the rest wait for the next pass (one timeout per pass, not one per alert)."""
    assert sinks.webhook is not None
    with make_client(settings) as client:
        for number, (rule, key, payload) in enumerate(alerts):
            try:
                answer = post_json(sinks.webhook, payload, settings, timeout=sinks.webhook_timeout,
                                   client=client)
            except FetchError as exc:
                failure = "refused" if isinstance(exc, BlockedAddress) else "unreachable"
                log.warning("alerts: webhook %s %s (%s); %d alerts will be retried on the next pass",
                            sinks.webhook, failure, exc, len(alerts) - number)
                return
            if answer.ok:
                store.mark_alert_delivered(rule, key)
            elif answer.location is not None:
                log.warning("alerts: webhook %s answered %d, a redirect to %s, to alert %r (%s); "
                            "tidings does not follow redirects for a POST: set webhook to that URL. "
                            "It will be retried",
                            sinks.webhook, answer.status, answer.location, key, rule)
            else:
                log.warning("alerts: webhook %s answered %d to alert %r (%s); it will be retried",
                            sinks.webhook, answer.status, key, rule)
