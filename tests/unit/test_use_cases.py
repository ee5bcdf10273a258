"""Every write is a guarded use case: a function of app/ that opens `ctx.write(…)` carries `@use_case`, or is
one of the few the program runs as itself (listed below, each with its reason); and a signed-in account's
write outside a use case is refused at run time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.domain.permissions import USE_CASES, Permission, Principal, use_case
from app.services.context import ServiceContext
from database.enums import Role

APP = Path(__file__).resolve().parents[2] / "app"

# "module.function" -> why it writes without a permission check (it runs as the program itself, or it is the
# step that establishes who the user is).
TRUSTED_WRITERS = {
    "demo.generator.build_demo": "fills a new, empty demo database as the program (no account yet)",
    "selftest.write_sample": "writes into a temporary database of its own, made and thrown away by selftest",
    "services.accounts.create_first_admin": "makes the first account: only while the database has none",
    "services.accounts.sign_in": "the sign-in itself (counts failures, locks, logs): there is no principal yet",
    "services.accounts.record_sign_in": "the bookkeeping of a sign-in sign_in checked (later=True), written "
    "after it as sign_in would have written it",
    "services.accounts.change_password": "the account's own change, checked by its current password",
    "services.context.log_event": "an event row (a refusal, a print, a backup, an export) the program writes of what the "
    "account did: the act itself was a read or a use case already checked",
    "services.backups._bring_up_to_date": "inside restore_backup (a BACKUPS use case): the restored copy's "
    "migration, catalogue and audit row, written into the copy before it replaces the database",
}


def _is_context_call(node: ast.AST) -> bool:
    """`ServiceContext(…)` or `ServiceContext.signed_in(…)`."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id == "ServiceContext"


def _contexts(fn: ast.AST) -> set[str]:
    """Names a function binds to a ServiceContext it builds, and the conventional `ctx`."""
    names = {"ctx"}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign) and _is_context_call(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _opens_a_write(call: ast.Call, contexts: set[str]) -> bool:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "write"):
        return False
    target = func.value
    if isinstance(target, ast.Name):
        return target.id in contexts
    if isinstance(target, ast.Attribute):
        return target.attr in ("ctx", "_ctx")
    return _is_context_call(target)


def _decorated(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    def name(d: ast.AST) -> str:
        d = d.func if isinstance(d, ast.Call) else d
        return d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", "")

    return any(name(d) == "use_case" for d in fn.decorator_list)


def _visit(node: ast.AST, stack: list, module: str, found: dict[str, bool]) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            _visit(child, [*stack, child], module, found)
            continue
        if isinstance(child, ast.Call) and stack and _opens_a_write(child, _contexts(stack[0])):
            key = f"{module}.{stack[0].name}"
            found[key] = found.get(key, False) or any(_decorated(f) for f in stack)
        elif isinstance(child, ast.Call) and not stack and _opens_a_write(child, {"ctx"}):
            found[f"{module}.<module>"] = False
        _visit(child, stack, module, found)


def writers() -> dict[str, bool]:
    """ "module.function" of every function in app/ that opens a ServiceContext write -> whether it (or a
    function it is nested in) is a use case."""
    found: dict[str, bool] = {}
    for path in sorted(APP.rglob("*.py")):
        module = ".".join(path.relative_to(APP).with_suffix("").parts)
        _visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), [], module, found)
    return found


def test_the_scan_sees_the_writes():
    found = writers()
    assert found["services.persons.update_person"] is True
    assert found["services.accounts.sign_in"] is False
    assert len([k for k, guarded in found.items() if guarded]) > 80


def test_every_function_that_writes_is_a_use_case_or_a_listed_trusted_writer():
    unguarded = {name for name, guarded in writers().items() if not guarded}
    assert not unguarded - set(TRUSTED_WRITERS), (
        "a write outside a use case: add @use_case(Permission.X, …) (and a row of "
        f"tests/data/permission_matrix.csv): {sorted(unguarded - set(TRUSTED_WRITERS))}"
    )
    assert not set(TRUSTED_WRITERS) - unguarded, "no longer a trusted writer: take it off the list"


def test_a_signed_in_write_outside_a_use_case_is_refused(tmp_path):
    from app.startup import open_database
    from database.engine import sqlite_url

    db = open_database(sqlite_url(tmp_path / "t.sqlite3"), backup_dir=tmp_path / "b")
    try:
        clerk = ServiceContext.signed_in(db, Principal("an", frozenset({Role.CLERK, Role.ADMIN}), 1))
        with pytest.raises(RuntimeError, match="outside a use case"):
            with clerk.write("Sửa mà không qua nghiệp vụ"):
                pass

        @use_case(Permission.DESK, "thử")
        def guarded(ctx):
            with ctx.write("Sửa qua nghiệp vụ"):
                return "done"

        try:
            assert guarded(clerk) == "done"
        finally:
            USE_CASES.pop(guarded.use_case)  # not one of the program's: keep the matrix test's set exact
        with ServiceContext(db, actor="tests").write("Chương trình tự ghi"):
            pass  # the program itself (no principal) may
    finally:
        db.dispose()
