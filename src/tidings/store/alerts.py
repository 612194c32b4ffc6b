"""Alerts in the store: the fired-alert log that makes each alert fire once, and the reads rules need.

`alerts_fired` (migration m006_alerts_fired) holds one row per (rule, key): the alert rule's name
and its evidence key (an event's canonical key, a quote key, a story id, a dyad and window).
`record_alert` inserts it and says whether it is new, so two passes, a restart, or two watchers
on one database fire an alert once. `webhook_pending` stays 1 until the webhook took the alert,
so a failed POST is retried on a later pass (tidings.alerts delivers).

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL;
`Store` exposes them as methods.
"""

from __future__ import annotations

import json
from typing import Any

from tidings.filters import iso_bound
from tidings.store.dialect import Connection, dialect_of
from tidings.store.quotes import _SELECT as QUOTE_SELECT
from tidings.store.quotes import _quote_filter
from tidings.store.quotes import _row as quote_row


def record_alert(conn: Connection, alert: dict[str, Any], *, webhook_pending: bool) -> bool:
    """Log a fired alert (a dict with at least rule, key, kind, fired_at); True when it is new.

    An alert already logged for the same (rule, key) changes nothing and gives False. Must run
    inside the store's write transaction.
    """
    cursor = conn.execute(
        "INSERT INTO alerts_fired (rule, key, kind, fired_at, alert_json, webhook_pending) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (rule, key) DO NOTHING",
        (alert["rule"], alert["key"], alert["kind"], alert["fired_at"],
         json.dumps(alert, ensure_ascii=False, sort_keys=True), int(webhook_pending)),
    )
    return bool(cursor.rowcount == 1)


def mark_delivered(conn: Connection, rule: str, key: str) -> None:
    """The webhook took the alert (rule, key): it is no longer retried."""
    conn.execute("UPDATE alerts_fired SET webhook_pending = 0 WHERE rule = ? AND key = ? "
                 "AND webhook_pending = 1", (rule, key))


def fired_alerts(conn: Connection, *, since: str | None = None, rule: str | None = None,
                 kind: str | None = None, pending: bool = False, limit: int = 100) -> list[dict[str, Any]]:
    """Logged alerts, latest fired first (oldest first with pending=True, the order to retry in).

    Each dict is the alert as logged (tidings.alerts.Alert.to_dict: rule, kind, key, fired_at,
    message and the evidence) plus webhook_pending (bool). `since` is an inclusive ISO date or
    time compared with fired_at (UTC); `rule` and `kind` match exactly; `pending` keeps the
    alerts the webhook has not taken yet. Raises ValueError for a malformed date or a negative limit.
    """
    if limit < 0:
        raise ValueError("limit must not be negative")
    clauses: list[str] = []
    params: list[Any] = []
    if since is not None:
        clauses.append("fired_at >= ?")
        params.append(iso_bound("since", since))
    for column, value in (("rule", rule), ("kind", kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if pending:
        clauses.append("webhook_pending = 1")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    order = "fired_at, rowid" if pending else "fired_at DESC, rowid DESC"
    rows = conn.execute(f"SELECT alert_json, webhook_pending FROM alerts_fired {where} ORDER BY {order} "
                        "LIMIT ?", [*params, limit]).fetchall()
    return [{**json.loads(document), "webhook_pending": bool(flag)} for document, flag in rows]


def article_quotes(conn: Connection, article_ids: list[str], *, speaker: str | None = None,
                   limit: int = 10_000) -> list[dict[str, Any]]:
    """The quotes of the given articles, optionally by `speaker` (matched as store.quotes.quotes
    matches it), as store.quotes.quotes rows, in article then text order."""
    if not article_ids:
        return []
    found = _quote_filter(conn, speaker=speaker)
    if found is None:
        return []
    where, params = found
    dialect = dialect_of(conn)
    where = f"{where} AND " if where else "WHERE "
    cursor = conn.execute(
        f"{QUOTE_SELECT} {where}{dialect.in_list('q.article_id')} "
        "ORDER BY q.article_id, q.span_start NULLS FIRST, length(q.id), q.id LIMIT ?",
        [*params, dialect.list_param(article_ids), limit],
    )
    names = [column[0] for column in cursor.description]
    return [quote_row(names, values) for values in cursor.fetchall()]
