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
from typing import TYPE_CHECKING

from tidings.filters import iso_bound
from tidings.records import Json
from tidings.rows import FiredAlert, QuoteRow
from tidings.store.dialect import Connection, Param, dialect_of, one_row, text, whole
from tidings.store.tallies import tallied

if TYPE_CHECKING:
    from tidings.alerts.evaluate import Alert
from tidings.store.quotes import _SELECT as QUOTE_SELECT
from tidings.store.quotes import _quote_filter
from tidings.store.quotes import _row as quote_row


def record_alert(conn: Connection, alert: Alert, *, webhook_pending: bool) -> bool:
    """Log a fired alert (its to_dict(), keys sorted); True when it is new.

    An alert already logged for the same (rule, key) changes nothing and gives False. Must run
    inside the store's write transaction.
    """
    cursor = conn.execute(
        "INSERT INTO alerts_fired (rule, key, kind, fired_at, alert_json, webhook_pending) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (rule, key) DO NOTHING",
        (alert.rule, alert.key, alert.kind, alert.fired_at,
         json.dumps(alert.to_dict(), ensure_ascii=False, sort_keys=True), int(webhook_pending)),
    )
    return bool(cursor.rowcount == 1)


def mark_delivered(conn: Connection, rule: str, key: str) -> None:
    """The webhook took the alert (rule, key): it is no longer retried."""
    conn.execute("UPDATE alerts_fired SET webhook_pending = 0 WHERE rule = ? AND key = ? "
                 "AND webhook_pending = 1", (rule, key))


def fired_alerts(conn: Connection, *, since: str | None = None, rule: str | None = None,
                 kind: str | None = None, pending: bool = False, limit: int = 100,
                 offset: int = 0) -> list[FiredAlert]:
    """Logged alerts, latest fired first (oldest first with pending=True, the order to retry in).

    Each is the alert as logged (tidings.alerts.Alert: rule, kind, key, fired_at, message and the
    evidence) and whether the webhook has yet to take it. `since` is an inclusive ISO date or
    time compared with fired_at (UTC); `rule` and `kind` match exactly; `pending` keeps the
    alerts the webhook has not taken yet; `offset` skips that many first. Raises ValueError for a
    malformed date or a negative limit or offset.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    where, params = _alert_filter(since=since, rule=rule, kind=kind, pending=pending)
    order = "fired_at, rowid" if pending else "fired_at DESC, rowid DESC"
    rows = conn.execute(f"SELECT alert_json, webhook_pending FROM alerts_fired {where} ORDER BY {order} "
                        "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [_fired(json.loads(text(document)), bool(whole(flag))) for document, flag in rows]


def count_fired_alerts(conn: Connection, *, since: str | None = None, rule: str | None = None,
                       kind: str | None = None, pending: bool = False) -> int:
    """How many alerts `fired_alerts(conn, ...)` would list with these filters and no limit."""
    if since is None and rule is None and kind is None and not pending:
        return tallied(conn, "alerts")
    where, params = _alert_filter(since=since, rule=rule, kind=kind, pending=pending)
    (count,) = one_row(conn.execute(f"SELECT count(*) FROM alerts_fired {where}", params))
    return whole(count)


def _alert_filter(*, since: str | None, rule: str | None, kind: str | None,
                  pending: bool) -> tuple[str, list[Param]]:
    """The WHERE clause and parameters for fired_alerts()' filters."""
    clauses: list[str] = []
    params: list[Param] = []
    if since is not None:
        clauses.append("fired_at >= ?")
        params.append(iso_bound("since", since))
    for column, value in (("rule", rule), ("kind", kind)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if pending:
        clauses.append("webhook_pending = 1")
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _fired(logged: dict[str, Json], webhook_pending: bool) -> FiredAlert:
    """A logged alert (Alert.to_dict() as JSON) read back."""
    from tidings.alerts.evaluate import Alert  # the alerts package imports the store's users

    def optional(name: str) -> str | None:
        value = logged.get(name)
        return None if value is None else str(value)

    def count(name: str) -> int | None:
        value = logged.get(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    article_ids = logged.get("article_ids")
    alert = Alert(rule=str(logged["rule"]), kind=str(logged["kind"]), key=str(logged["key"]),
                  fired_at=str(logged["fired_at"]), message=str(logged["message"]),
                  sentence=optional("sentence"), title=optional("title"), url=optional("url"),
                  published=optional("published"), article_id=optional("article_id"),
                  mentions=count("mentions"), articles=count("articles"), outlets=count("outlets"),
                  article_ids=tuple(map(str, article_ids)) if isinstance(article_ids, list) else ())
    return FiredAlert(alert, webhook_pending)


def article_quotes(conn: Connection, article_ids: list[str], *, speaker: str | None = None,
                   limit: int = 10_000) -> list[QuoteRow]:
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
    return [quote_row(values) for values in cursor.fetchall()]
