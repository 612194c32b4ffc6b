"""Delivering alerts: log each in the store once, then console, JSON Lines and webhook.

The store's log comes first, so an alert fires at most once even when delivery crashes; the
webhook alone is retried (its alerts stay pending in the log until it answers 2xx).
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

import httpx

from tidings.alerts.evaluate import Alert, evaluate
from tidings.alerts.rules import AlertOutputs, parse_outputs, parse_rules

if TYPE_CHECKING:
    from tidings.store import Store

log = logging.getLogger(__name__)


def run_alerts(store: Store, rules: Sequence[Mapping[str, Any]], outputs: Mapping[str, Any], *,
               new_article_ids: Sequence[str], now: datetime, stream: TextIO | None = None) -> list[Alert]:
    """Evaluate `rules` on the new articles, log each alert once in the store, deliver it, and
    return the alerts fired now (none that fired on an earlier pass).

    `rules` are the [[alerts]] tables, `outputs` the [outputs] table (parse_rules, parse_outputs:
    AlertRuleError when they cannot be used). Console lines go to `stream` (standard output).
    Never raises on an output that fails: a JSON Lines file that cannot be written is logged; a
    webhook that fails is logged and its alerts retried on the next pass (oldest first).
    """
    parsed, sinks = parse_rules(rules), parse_outputs(outputs)
    if sinks.webhook is not None:
        _retry_webhook(store, sinks)
    fired = [alert for alert in evaluate(store, parsed, new_article_ids=new_article_ids, now=now)
             if store.record_alert(alert.to_dict(), webhook_pending=sinks.webhook is not None)]
    if not fired:
        return []
    if sinks.console:
        out = stream or sys.stdout
        for alert in fired:
            link = f" <{alert.url}>" if alert.url else ""
            out.write(f"ALERT {alert.rule}: {alert.message}{link}\n")
        out.flush()
    if sinks.jsonl is not None:
        try:
            with sinks.jsonl.open("a", encoding="utf-8") as log_file:
                for alert in fired:
                    log_file.write(json.dumps(alert.to_dict(), ensure_ascii=False) + "\n")
        except OSError as exc:
            log.error("alerts: cannot append to %s (%s); %d alerts not written there", sinks.jsonl, exc,
                      len(fired))
    if sinks.webhook is not None:
        _post(store, sinks, [alert.to_dict() for alert in fired])
    return fired


def _retry_webhook(store: Store, sinks: AlertOutputs) -> None:
    pending = store.fired_alerts(pending=True, limit=1_000)
    if pending:
        _post(store, sinks, [{k: v for k, v in alert.items() if k != "webhook_pending"} for alert in pending])


def _post(store: Store, sinks: AlertOutputs, alerts: list[dict[str, Any]]) -> None:
    """POST each alert to the webhook; mark the ones it took. After a network failure the rest
    wait for the next pass (one timeout per pass, not one per alert)."""
    assert sinks.webhook is not None
    with httpx.Client(timeout=sinks.webhook_timeout) as client:
        for number, alert in enumerate(alerts):
            try:
                response = client.post(sinks.webhook, json=alert)
            except httpx.HTTPError as exc:
                log.warning("alerts: webhook %s unreachable (%s); %d alerts will be retried on the next pass",
                            sinks.webhook, exc, len(alerts) - number)
                return
            if response.is_success:
                store.mark_alert_delivered(alert["rule"], alert["key"])
            else:
                log.warning("alerts: webhook %s answered %d to alert %r (%s); it will be retried",
                            sinks.webhook, response.status_code, alert["key"], alert["rule"])
