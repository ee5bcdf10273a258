"""House rules that code review alone would miss."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|ui)\b", re.M)


def _core_modules() -> list[str]:
    names = []
    for top in ("app", "database"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if rel.parts[:2] == ("app", "__main__") or "migrations" in rel.parts:
                continue
            names.append(".".join(p for p in rel.parts if p != "__init__") or top)
    return names


def test_core_source_does_not_import_qt_or_the_ui():
    offenders = [
        str(p.relative_to(ROOT))
        for top in ("app", "database")
        for p in (ROOT / top).rglob("*.py")
        if p.name != "__main__.py" and QT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt():
    modules = _core_modules()
    assert "app.services.context" in modules and "database.models" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + (
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
            "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- The layers of the window ------------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return ".".join(p for p in rel.parts if p != "__init__")


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str, list[str]]]:
    """Every import of a module (also inside functions): (line, module imported, names taken from it)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            found.append((node.lineno, base, [alias.name for alias in node.names]))
    return found


def _ui_files() -> list[Path]:
    return sorted((ROOT / "ui").rglob("*.py"))


def test_the_window_imports_neither_sqlalchemy_nor_the_models():
    offenders = []
    for path in _ui_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target, names in _imports(tree, _module_name(path), path.name == "__init__.py"):
            taken = [target] + [f"{target}.{n}" for n in names]
            if any(t == "sqlalchemy" or t.startswith("sqlalchemy.") for t in taken) or any(
                t == "database.models" or t.startswith("database.models.") for t in taken
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{line} {target}")
    assert offenders == []


def test_widgets_and_models_import_no_page_and_no_dialog():
    offenders = []
    for folder in ("widgets", "models"):
        for path in sorted((ROOT / "ui" / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for line, target, names in _imports(tree, _module_name(path), path.name == "__init__.py"):
                taken = [target] + [f"{target}.{n}" for n in names]
                if any(t.startswith(("ui.pages", "ui.dialogs")) for t in taken):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {target}")
    assert offenders == []


def _is_ctx_write(call: ast.Call) -> bool:
    """`ctx.write(…)`, `self.ctx.write(…)`, `workspace.ctx.write(…)`: a unit of work opened directly."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "write"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Name) and owner.id == "ctx") or (
        isinstance(owner, ast.Attribute) and owner.attr == "ctx"
    )


class _Names:
    """What the names of one module stand for: its own functions, and what it imported from app/."""

    def __init__(self, module: str, tree: ast.AST, is_package: bool):
        self.module = module
        self.functions: set[str] = set()
        self.aliases: dict[str, tuple[str, str]] = {}  # local name -> (module, function)
        self.modules: dict[str, str] = {}  # local name -> module
        for node in getattr(tree, "body", []):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions.add(node.name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                ((_, base, _),) = _imports(ast.Module(body=[node], type_ignores=[]), module, is_package)
                for alias in node.names:
                    local = alias.asname or alias.name
                    if (ROOT / Path(*f"{base}.{alias.name}".split("."))).with_suffix(".py").exists():
                        self.modules[local] = f"{base}.{alias.name}"
                    else:
                        self.aliases[local] = (base, alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.modules[alias.asname] = alias.name

    def resolve(self, call: ast.Call) -> tuple[str, str] | None:
        func = call.func
        if isinstance(func, ast.Name):
            if func.id in self.aliases:
                return self.aliases[func.id]
            if func.id in self.functions:
                return (self.module, func.id)
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if func.value.id in self.modules:
                return (self.modules[func.value.id], func.attr)
        return None


def _service_writers() -> set[tuple[str, str]]:
    """The functions of app/ that open `ctx.write` themselves or call one that does (transitively)."""
    calls: dict[tuple[str, str], set[tuple[str, str]]] = {}
    writers: set[tuple[str, str]] = set()
    for path in sorted((ROOT / "app").rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _Names(module, tree, path.name == "__init__.py")
        for node in tree.body:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            key = (module, node.name)
            found = [n for n in ast.walk(node) if isinstance(n, ast.Call)]
            if any(_is_ctx_write(c) for c in found):
                writers.add(key)
            calls[key] = {target for c in found if (target := names.resolve(c)) is not None}
    grown = True
    while grown:
        more = {key for key, targets in calls.items() if key not in writers and targets & writers}
        writers |= more
        grown = bool(more)
    return writers


def test_the_service_writers_are_found():
    writers = _service_writers()
    assert ("app.services.settings", "set_document_font") in writers
    assert ("app.services.agency", "save_agency") in writers
    assert ("app.services.settings", "document_font") not in writers  # a read
    assert ("app.services.catalogue", "list_award_types") not in writers


# Opening a database migrates it and brings its catalogue up to date, in transactions of its own, before any
# workspace (or page) exists; it runs on a worker thread at start-up and reports a StartupError. It is the one
# write the window may start itself.
OPENING = {("app.startup", "open_database")}


def write_calls_in_ui() -> list[str]:
    """Every place in ui/ that writes other than through the operation runner: a direct call of a service
    write (a lambda calling one counts: WriteOp must be given the function and its arguments), or a
    `ctx.write(` of its own."""
    writers = _service_writers()
    offenders = []
    for path in _ui_files():
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _Names(module, tree, path.name == "__init__.py")
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            target = names.resolve(call)
            if _is_ctx_write(call):
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} ctx.write")
            elif target in writers and target not in OPENING:
                offenders.append(f"{path.relative_to(ROOT)}:{call.lineno} {target[1]}")
    return offenders


def test_no_write_in_the_window_outside_the_operation_runner():
    assert write_calls_in_ui() == []


def _import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    modules = {_module_name(p) for p in (ROOT / "app").rglob("*.py")}
    for path in sorted((ROOT / "app").rglob("*.py")):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # type-checking-only imports are no cycle at run time
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                node.body = []
        edges = set()
        for _line, target, names in _imports(tree, module, path.name == "__init__.py"):
            for name in names or [""]:
                full = f"{target}.{name}" if name else target
                if full in modules:
                    edges.add(full)
                elif target in modules:
                    edges.add(target)
        edges.discard(module)
        graph[module] = edges
    return graph


def import_cycles() -> list[list[str]]:
    """The strongly connected groups of app/'s import graph (Tarjan): each one is a cycle."""
    graph = _import_graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_the_import_graph_of_app_has_no_cycle():
    assert import_cycles() == []
