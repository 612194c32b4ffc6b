"""Security review, as tests: network reach, escaping, CSV injection, the write token, SQL text.

Each test names the rule it holds; RELIABILITY.md ("Security") lists them with what was found.
"""

from __future__ import annotations

import ast
import csv
import re
import socket
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.ingest.localserver import LocalServer, running_server
from tidings.errors import BlockedAddress
from tidings.export import write_csv
from tidings.ingest import fetch as fetch_module
from tidings.ingest.fetch import fetch, make_client
from tidings.settings import Settings
from tidings.store import open_store
from tidings.web.app import create_app
from tidings.web.pages import environment, render

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # see tests/web/test_api.py: Starlette's httpx2 deprecation warning
    from fastapi.testclient import TestClient

SRC = Path(__file__).resolve().parents[2] / "src" / "tidings"
PUBLIC = "93.184.216.34"
_real_getaddrinfo = socket.getaddrinfo


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running_server() as running:
        yield running


def _answer(address: str, port: int) -> list[tuple[object, ...]]:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return [(family, socket.SOCK_STREAM, 6, "", (address, port))]


def rebinding_resolver(name: str, answers: list[str]) -> Callable[..., list[tuple[object, ...]]]:
    """getaddrinfo that answers `name` with `answers` in turn (the last one from then on); other
    names (the IP literals the checked connection uses) go to the real resolver."""
    remaining = list(answers)

    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host != name:
            return _real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]
        address = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return _answer(address, port)

    return getaddrinfo


# ---------------------------------------------------------------- fetch never reaches private addresses

def test_dns_rebinding_cannot_reach_loopback(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The name passes the check as a public address, then answers 127.0.0.1 for the connection.
    server.add("/secret", "internal only", content_type="text/plain")
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver("rebind.example", [PUBLIC, "127.0.0.1"]))
    with pytest.raises(BlockedAddress, match="127.0.0.1"):
        fetch(f"http://rebind.example:{server.port}/secret", Settings(fetch_timeout=5.0))
    assert server.requests == []


def test_the_checked_address_is_the_one_connected(server: LocalServer,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The connection resolves once, checks and connects to that answer: a name that stays on one
    # (here loopback, allowed by the backend's own check being bypassed) reaches exactly it.
    server.add("/page", "hello", content_type="text/plain")
    seen: list[str] = []

    def resolver(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        seen.append(host)
        return _real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    monkeypatch.setattr(fetch_module, "_is_blocked", lambda address: False)
    assert fetch(f"http://localhost:{server.port}/page", Settings(fetch_timeout=5.0)).body == b"hello"
    # Once for the check, once by the checking backend; the socket is then opened to an IP literal.
    assert seen.count("localhost") == 2


def test_the_checking_backend_is_used_unless_private_networks_are_allowed() -> None:
    with make_client(Settings()) as guarded, make_client(Settings(allow_private_networks=True)) as open_:
        assert isinstance(guarded._transport._pool._network_backend, fetch_module._CheckedBackend)  # type: ignore[attr-defined]
        assert not isinstance(open_._transport._pool._network_backend, fetch_module._CheckedBackend)  # type: ignore[attr-defined]


@pytest.mark.parametrize("target", ["http://127.0.0.1/admin", "http://10.0.0.8/", "http://169.254.169.254/latest/",
                                    "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/"])
def test_a_redirect_from_a_public_host_to_a_private_one_is_refused(
        target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver("news.example", [PUBLIC]))
    hosts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        return httpx.Response(302, headers={"Location": target})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(BlockedAddress):
        fetch("http://news.example/story", Settings(), client=client)
    assert hosts == ["news.example"]


def test_private_addresses_are_fetched_only_when_allowed(server: LocalServer) -> None:
    url = server.add("/page", "hello", content_type="text/plain")
    with pytest.raises(BlockedAddress):
        fetch(url, Settings(fetch_timeout=5.0))
    assert fetch(url, Settings(fetch_timeout=5.0, allow_private_networks=True)).body == b"hello"


# ---------------------------------------------------------------- pages escape article-borne text

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def test_a_javascript_url_is_never_a_link_on_the_alerts_page() -> None:
    alert = {"fired_at": "2024-05-01T10:00:00Z", "rule": HOSTILE, "message": HOSTILE, "sentence": HOSTILE,
             "kind": "event", "key": HOSTILE, "article_id": "a1", "title": HOSTILE,
             "url": "javascript:alert(document.cookie)", "mentions": 1, "outlets": 1}
    page = render(environment(), "alerts.html", alerts=[alert])
    assert "javascript:" not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    alert["url"] = "https://news.example/story?a=1&b=2"
    linked = render(environment(), "alerts.html", alerts=[alert])
    assert 'href="https://news.example/story?a=1&amp;b=2"' in linked


def test_no_template_marks_text_safe_or_turns_escaping_off() -> None:
    from tidings.web.pages import TEMPLATES

    for name, source in TEMPLATES.items():
        assert "|safe" not in source.replace(" ", ""), name
        assert "autoescape false" not in source, name
        # A stored value in an href must be one of our own paths or checked to be http(s).
        for value in re.findall(r'href="\{\{\s*([^}|]+?)\s*\}\}"', source):
            assert value in ("previous", "next") or re.search(
                rf"{re.escape(value)}\.startswith\(\(\"http://\", \"https://\"\)\)", source), (name, value)


# ---------------------------------------------------------------- CSV exports neutralise formulas

@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1"])
def test_csv_cells_that_would_run_as_formulas_are_made_inert(text: str, tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    write_csv([{"title": text, "goldstein": -5.0, "topics": ["a"]}], out)
    with out.open(encoding="utf-8", newline="") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"] == "'" + text
    # Numbers stay numbers: only text cells are prefixed.
    assert row["goldstein"] == "-5.0" and row["topics"] == '["a"]'


def test_ordinary_csv_cells_are_untouched(tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    write_csv([{"title": "Talks go on", "quote": "'quoted' already"}], out)
    with out.open(encoding="utf-8", newline="") as handle:
        assert next(csv.DictReader(handle)) == {"title": "Talks go on", "quote": "'quoted' already"}


# ---------------------------------------------------------------- the API token

@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "empty.db"
    with open_store(path, create=True):
        pass
    return path


def _write_routes(client: TestClient) -> list[tuple[str, str]]:
    routes = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        for method in getattr(route, "methods", set()) - {"GET", "HEAD", "OPTIONS"}:
            routes.append((method, route.path))
    return routes


def test_every_write_route_needs_the_token(empty_db: Path) -> None:
    with TestClient(create_app(empty_db, token="s3cret")) as client:
        routes = _write_routes(client)
        assert routes, "the API has a write route (POST /api/articles)"
        for method, path in routes:
            for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"},
                            {"Authorization": "Bearer s3cret-and-more"}):
                response = client.request(method, path, json={"text": "x"}, headers=headers)
                assert response.status_code == 403, (method, path, headers)
    with TestClient(create_app(empty_db)) as read_only:
        for method, path in _write_routes(read_only):
            assert read_only.request(method, path, json={"text": "x"},
                                     headers={"Authorization": "Bearer anything"}).status_code == 405


def test_the_token_is_compared_in_constant_time() -> None:
    source = "".join(path.read_text(encoding="utf-8") for path in sorted((SRC / "web").glob("*.py")))
    assert "hmac.compare_digest(" in source
    # No ==/!= against the token anywhere.
    assert not re.search(r"(==|!=)\s*token\b|\btoken\s*(==|!=)", source)


# ---------------------------------------------------------------- no SQL built from strings

# SQL keywords as the code base writes them (upper case), at the start of a literal piece.
_SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|PRAGMA|SAVEPOINT|ROLLBACK|"
                        r"RELEASE|SET|FROM|WHERE|AND|OR|ORDER|GROUP|LIMIT|VALUES|JOIN|IN)\b")
SQL_MODULES = [*sorted((SRC / "store").glob("*.py")), SRC / "query.py"]

# Every expression interpolated into SQL text in src/, reviewed: each is a constant, a table or column
# name from a fixed tuple, a clause built of fixed text with ? or :name placeholders, or a placeholder
# list. Values always travel as parameters. A new interpolation fails the test until it is reviewed
# and added here.
REVIEWED: dict[str, set[str]] = {
    "query.py": {"kind", "quoted"},  # a view name from KINDS; a file path with ' doubled (DuckDB)
    "store/actors.py": {"' AND '.join(clauses)", "', '.join(FACT_COLUMNS)", "in_names", "where",
                        # a name list's IN and the fixed ORDER BY ... LIMIT ? of the latest articles
                        "dialect.in_list('a.name')", "dialect.in_list('a.article_id')", "order"},
    # the actor rollup's fixed fragments: the listing's order, the group's condition, the CASE of
    # the earlier or later date of two columns or a ? placeholder, every value a parameter
    "store/actor_rollup.py": {"LISTING_ORDER", "_EVERY_ROW", "of_group", "' AND '.join(clauses)", "where",
                              "dialect.in_list('name')",
                              "_earlier('actor_totals.first_published', 'excluded.first_published')",
                              "_later('actor_totals.last_published', 'excluded.last_published')",
                              "_earlier('first_published', '?')", "_later('last_published', '?')"},
    # table and tally names from the constant TALLIED, trigger text of fixed parts
    "store/tallies.py": {"table", "name", "op", "op.lower()", "change", "analysed", "ANALYSED", "cases",
                         # the day triggers: fixed SQL with NEW/OLD row names, no value
                         "old", "new", "_DROP_DAY.format(day=old)", "_ADD_DAY.format(day=new)",
                         "_DAY_OF.format(row='articles')"},
    "store/alerts.py": {"' AND '.join(clauses)", "QUOTE_SELECT", "dialect.in_list('q.article_id')", "order",
                        "where"},
    "store/articles.py": {"' AND '.join(clauses)", "', '.join((':' + n for n in FILLABLE))",
                          "', '.join((f'{n} = coalesce({n}, :{n})' for n in FILLABLE))",
                          "', '.join(FILLABLE)", "ARTICLE_SUMMARY", "fills", "marks", "table", "where"},
    "store/base.py": {"name"},  # a savepoint name, tidings_<counter>
    "store/intake.py": {"ifnull", "where"},
    "store/dialect.py": {"alias", "column"},
    # listed: _select()'s constant SELECT, counted as the listing filters it
    "store/events.py": {"' AND '.join(clauses)", "_select(dialect_of(conn))", "column", "listed", "match[0]",
                        "parts[0][0]",
                        "parts[1][0]", "parts[2][0]", "parts[3][0]", "where"},
    "store/merged.py": {"' AND '.join(clauses)", "_select(dialect)", "_select(dialect_of(conn))",
                        "dialect.in_list('l.article_id')", "dialect.in_list('l.canonical')", "where",
                        "select", "listed",  # _select(...) of fixed text, held in a variable
                        # a keyset page's HAVING and a key list's IN: fixed text, values as parameters
                        "having", "exact", "dialect.in_list('e.article_id')",
                        # the span classes' CASE, of the constant SPAN_CLASS_DAYS and column names
                        "classes", "len(SPAN_CLASS_DAYS)",
                        # the side keys' columns (a fixed tuple) and their type, the candidate
                        # read's conditions of fixed text with ? placeholders
                        "column", "text_type", "' AND '.join(where)"},
    "store/signatures.py": {"', '.join('?' * len(keys))"},  # a placeholder list
    # the timeline's fixed SELECTs and CASEs, a key list's IN
    "store/timeline.py": {"_DAY", "_BORROWED", "_KEYED", "_EVERY", "grouped.format(rows=rows)",
                          "dialect.in_list('k.canonical')", "dialect.in_list('m.canonical')"},
    # the rollup's fragments: table and column names and conditions of fixed text chosen by the
    # filters given (store.rollup._where), every value a parameter
    "store/rollup.py": {"' AND '.join(conditions)", "columns", "dialect.in_list('canonical')",
                        "dialect.in_list('e.article_id')", "dialect.in_list('l.canonical')", "driver",
                        "linked", "sampled", "source", "unlinked", "where"},
    "store/pg_schema.py": {"source", "target"},  # the case-folding table, built from constants
    "store/postgres.py": {"listed", "table"},  # names read from the catalogue, double-quoted
    "store/quotes.py": {"' AND '.join(clauses)", "KEY_SEPARATOR", "_SELECT", "dialect.in_list('a.name')",
                        "joined",
                        "matches", "rank", "where"},
    "store/sqlite.py": {"BUSY_TIMEOUT_MS"},
}


def _sql_interpolations(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(part.value for part in node.values
                              if isinstance(part, ast.Constant) and isinstance(part.value, str))
            pieces = [part.value for part in node.values if isinstance(part, ast.Constant)]
            if any(_SQL_START.search(str(piece)) for piece in pieces) or re.search(
                    r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE|WHERE)\b", literal):
                for part in node.values:
                    if isinstance(part, ast.FormattedValue):
                        yield node.lineno, ast.unparse(part.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
              and _SQL_START.search(node.func.value.value)):
            yield node.lineno, "str.format"
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod)
              and any(isinstance(side, ast.Constant) and isinstance(side.value, str)
                      and _SQL_START.search(side.value)
                      for side in (node.left, node.right))):
            yield node.lineno, ast.unparse(node)


def _unreviewed() -> list[str]:
    found = []
    for path in SQL_MODULES:
        name = str(path.relative_to(SRC))
        allowed = REVIEWED.get(name, set())
        found += [f"{name}:{line}: {expr}" for line, expr in _sql_interpolations(path) if expr not in allowed]
    return found


def test_no_sql_text_is_built_from_unreviewed_values() -> None:
    assert _unreviewed() == []


def test_the_sql_scan_catches_an_interpolated_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('def f(conn, user_value):\n    conn.execute(f"SELECT * FROM t WHERE a = {user_value}")\n'
                   '    conn.execute("DELETE FROM t WHERE a = " + user_value)\n'
                   '    conn.execute("SELECT {}".format(user_value))\n')
    assert [expr for _line, expr in _sql_interpolations(bad)] == [
        "user_value", "'DELETE FROM t WHERE a = ' + user_value", "str.format"]
