"""The layers of app/ point one way: services → documents → domain. Read from the source (ast), counting
imports at module level and inside functions alike, so a deferred import cannot hide a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(APP.rglob("*.py"))}


def _imported(name: str, source: str, known: set[str], is_package: bool = False) -> set[str]:
    """The app modules `name` imports anywhere in its source (the longest known prefix of each target)."""
    package = name if is_package else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from app.documents import state` imports the module app.documents.state; a name
                # that is no module comes from the package (or module) `base` itself.
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    found = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {
        name: _imported(name, path.read_text(encoding="utf-8"), known, path.name == "__init__.py")
        for name, path in modules.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as [a, b, …, a], or None (iterative depth-first search, three colours)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    for start in sorted(graph):
        if colour[start] != WHITE:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        colour[start] = GREY
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = BLACK
                stack.pop()
                path.pop()
            elif colour.get(child, BLACK) == GREY:
                return [*path[path.index(child) :], child]
            elif colour.get(child) == WHITE:
                colour[child] = GREY
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return None


def test_find_cycle_reports_the_loop():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    cycle = find_cycle(graph)
    assert cycle is not None and cycle[0] == cycle[-1] and set(cycle) == {"a", "b", "c"}
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_sees_every_kind_of_import():
    known = {"app", "app.a", "app.b", "app.c", "app.d", "app.p", "app.p.q", "app.p.r"}
    source = """
import app.a
from app import b
def later():
    from app.c import something
class K:
    def method(self):
        import app.d as d
"""
    assert _imported("app.x", source, known) == {"app.a", "app.b", "app.c", "app.d"}
    assert _imported("app.p.q", "from . import r\nfrom .r import x\nfrom .. import a", known) == {
        "app.p.r",
        "app.a",
    }
    graph = import_graph()
    assert "app.services.context" in graph["app.services.documents"] and "app.domain.units" in graph


def test_app_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle in app/: " + " → ".join(cycle)


def test_documents_and_domain_import_no_service():
    graph = import_graph()
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name.startswith(("app.documents", "app.domain"))
        for target in targets
        if target.startswith("app.services")
    )
    assert not wrong, "\n".join(wrong)


def test_domain_imports_no_document():
    graph = import_graph()
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name.startswith("app.domain")
        for target in targets
        if target.startswith(("app.documents", "app.exchange", "app.commands"))
    )
    assert not wrong, "\n".join(wrong)
