"""No import circle in src/tidings: the layers depend one way.

The graph has a node per module of src/tidings and an edge for every import of one of them that
runs: at module level and inside functions alike (an import deferred into a function still makes
the two modules need each other; deferring it only hides the circle from import time). Imports
under `if TYPE_CHECKING:` are not counted: they never run, and annotations may name a type of a
higher layer. `from package import name` is an edge to the submodule when `name` is one, else to
the package; a package's `__init__` is not implied by importing one of its submodules (Python
runs it, but it is the submodule that is depended on).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Every module under src/package by dotted name (a package by its own name)."""
    names = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements under `node` that can run (not those under `if TYPE_CHECKING:`)."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
        return
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        children: list[ast.AST] = list(node.orelse)
    else:
        children = list(ast.iter_child_nodes(node))
    for child in children:
        yield from _imports(child)


def import_graph(src: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of `package` it imports (see the module docstring)."""
    modules = module_names(src, package)

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        targets: set[str | None] = set()
        for statement in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(statement, ast.Import):
                targets.update(known(alias.name) for alias in statement.names)
                continue
            base = statement.module or ""
            if statement.level:
                parent = name.split(".")[:len(name.split(".")) - statement.level + is_package]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in statement.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in modules else known(base))
        graph[name] = {target for target in targets if target is not None and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, ..., a], or None when there is none."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target):], target]
            if target not in done:
                found = visit(target)
                if found:
                    return found
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start)
            if found:
                return found
    return None


def test_no_module_of_tidings_imports_itself_round_a_circle() -> None:
    cycle = find_cycle(import_graph(SRC, "tidings"))
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_graph_has_the_edges_it_should() -> None:
    graph = import_graph(SRC, "tidings")
    assert "tidings.store.base" in graph["tidings.store.sqlite"]  # from tidings.store.base import Store
    assert "tidings.store.actors" in graph["tidings.store.base"]  # from tidings.store import actors as ...
    assert "tidings.store.postgres" in graph["tidings.store"]  # an import inside a function counts
    assert "tidings.store" not in graph["tidings.stories"]  # an import under TYPE_CHECKING does not


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_circle_through_a_late_import_is_found(tmp_path: Path) -> None:
    src = _package(tmp_path, {
        "__init__.py": "",
        "low.py": "def f():\n    from pkg.high import g\n",
        "high.py": "from . import low\n",
    })
    assert find_cycle(import_graph(src, "pkg")) in (["pkg.high", "pkg.low", "pkg.high"],
                                                    ["pkg.low", "pkg.high", "pkg.low"])


def test_an_import_only_for_type_checking_makes_no_circle(tmp_path: Path) -> None:
    src = _package(tmp_path, {
        "__init__.py": "",
        "low.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.high import G\n",
        "high.py": "from pkg.low import f\n",
    })
    assert find_cycle(import_graph(src, "pkg")) is None
