"""The layers keep to their own work (docs/ARCHITECTURE.md): only tidings.ingest talks to the network,
and only the store (and the DuckDB query module) runs SQL. Read from the source with `ast`, so an
import inside a function or under TYPE_CHECKING counts as well."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import tidings

PACKAGE = Path(tidings.__file__).parent
NETWORK_LIBRARIES = ("httpx", "httpcore")


def modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the package: its path relative to src/ ("tidings/watch/loop.py") and its tree."""
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def imported(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every import in `tree`; relative imports are tidings' own."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name.partition(".")[0]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module.partition(".")[0]


def test_only_the_ingest_layer_imports_the_http_client() -> None:
    found = [f"{name}:{line} imports {package}" for name, tree in modules()
             if not name.startswith("tidings/ingest/")
             for line, package in imported(tree) if package in NETWORK_LIBRARIES]
    assert found == [], "requests go through tidings.ingest (fetch, post_json, Client, host_of, is_http_url)"


def executions(tree: ast.Module) -> list[int]:
    """The lines of every `<something>.execute(...)` call in `tree`."""
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == "execute"]


def test_only_the_store_and_the_query_module_run_sql() -> None:
    found = [f"{name}:{line}" for name, tree in modules()
             if not name.startswith("tidings/store/") and name != "tidings/query.py"
             for line in executions(tree)]
    assert found == [], "SQL belongs in tidings.store (or tidings.query for DuckDB); add a Store method"


def test_the_walk_sees_what_it_looks_for() -> None:
    # Without this, a walk that read no file would pass both tests above.
    trees = dict(modules())
    assert any(package == "httpx" for _, package in imported(trees["tidings/ingest/fetch.py"]))
    assert executions(trees["tidings/store/base.py"])


@pytest.mark.parametrize("source", ["import httpx", "from httpx import URL", "import httpx.URL as u",
                                    "def f():\n    import httpcore"])
def test_an_import_of_the_client_is_seen_wherever_it_is(source: str) -> None:
    assert any(package in NETWORK_LIBRARIES for _, package in imported(ast.parse(source)))


def test_an_execute_call_is_seen_but_not_a_name_or_a_method_definition() -> None:
    assert executions(ast.parse("store.connection.execute('SELECT 1')")) == [1]
    assert executions(ast.parse("execute('x')\ndef execute(self): pass\nrun = conn.execute")) == []
