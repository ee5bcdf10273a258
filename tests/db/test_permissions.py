"""The permission matrix kept as data (tests/data/permission_matrix.csv) is what the services enforce.

Every write use case runs under every role, on each backend: a role the matrix refuses gets PermissionDenied
before anything is written (only the "deny" audit row appears); a role it allows is let in (the call's dummy
arguments may then fail in any other way, which is not this test's business).
"""

from __future__ import annotations

import csv
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

import app.exchange
import app.services
from app.domain.permissions import USE_CASES, PermissionDenied, Principal
from app.services.context import ServiceContext
from database.enums import Role
from database.models import AuditEntry, Base

MATRIX = Path(__file__).resolve().parents[1] / "data" / "permission_matrix.csv"


def all_use_cases() -> dict:
    """USE_CASES once every module that may declare one is imported."""
    for package in (app.services, app.exchange):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    return dict(USE_CASES)


def read_matrix() -> dict[str, frozenset[Role]]:
    with MATRIX.open(encoding="utf-8") as f:
        rows = list(csv.reader(line for line in f if not line.startswith("#")))
    header, body = rows[0], rows[1:]
    assert header[0] == "use_case"
    roles = [Role(code) for code in header[1:]]
    assert set(roles) == set(Role), "the matrix needs one column per role"
    matrix = {}
    for row in body:
        assert row[0] not in matrix, f"{row[0]} twice in the matrix"
        assert all(cell in ("x", "") for cell in row[1:]), row
        matrix[row[0]] = frozenset(r for r, cell in zip(roles, row[1:], strict=True) if cell == "x")
    return matrix


def test_every_write_use_case_has_a_row_and_no_row_is_stale():
    cases, matrix = set(all_use_cases()), set(read_matrix())
    assert not cases - matrix, f"write use cases missing from {MATRIX.name}: {sorted(cases - matrix)}"
    assert not matrix - cases, f"rows of {MATRIX.name} that are no use case: {sorted(matrix - cases)}"


def test_the_matrix_is_what_the_code_declares():
    cases = all_use_cases()
    differ = [
        (name, sorted(r.value for r in allowed))
        for name, allowed in read_matrix().items()
        if allowed != frozenset(r for r in Role if Principal("p", frozenset({r})).may(cases[name]))
    ]
    assert not differ, differ


def test_a_viewer_may_write_nothing_and_every_use_case_has_someone():
    matrix = read_matrix()
    assert not [name for name, roles in matrix.items() if Role.VIEWER in roles]
    assert not [name for name, roles in matrix.items() if not roles]


def _counts(s) -> dict[str, int]:
    tables = [t.name for t in Base.metadata.sorted_tables]
    query = " UNION ALL ".join(f"SELECT '{name}', COUNT(*) FROM {name}" for name in tables)
    return dict(s.execute(text(query)).all())


def _dummy_arguments(fn) -> list:
    """None for every positional argument the use case needs (after ctx)."""
    params = list(inspect.signature(fn).parameters.values())[1:]
    return [
        None
        for p in params
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


@pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # s.get(Model, None) of the dummy ids
def test_every_use_case_under_every_role(db):
    matrix = read_matrix()
    cases = all_use_cases()
    wrong = []
    for number, (name, allowed) in enumerate(sorted(matrix.items())):
        fn = cases[name]
        for role in Role:
            principal = Principal(f"u{number}_{role.value.lower()}", frozenset({role}), account_id=number)
            ctx = ServiceContext.signed_in(db, principal)
            with ServiceContext(db).read() as s:
                before = _counts(s)
            try:
                fn(ctx, *_dummy_arguments(fn))
            except PermissionDenied as exc:
                if role in allowed:
                    wrong.append(f"{name}: {role.label} refused, the matrix allows it")
                    continue
                if f"“{principal.username}” ({role.label}) không có quyền" not in str(exc):
                    wrong.append(f"{name}: the refusal does not say who and why: {exc}")
            except Exception:  # noqa: BLE001 - dummy arguments: the call may fail any other way
                if role not in allowed:
                    wrong.append(f"{name}: {role.label} let in, the matrix refuses it")
                continue
            else:
                if role not in allowed:
                    wrong.append(f"{name}: {role.label} let in, the matrix refuses it")
                continue
            with ServiceContext(db).read() as s:
                after = _counts(s)
                last = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
                denials = s.scalar(
                    select(func.count()).select_from(AuditEntry).where(AuditEntry.actor == principal.username)
                )
            expected = dict(before, audit_log=before["audit_log"] + 1)
            if after != expected or (last.action, last.actor, denials) != ("deny", principal.username, 1):
                changed = {k: (before[k], after[k]) for k in after if after[k] != before[k]}
                wrong.append(f"{name}: the refusal of {role.label} changed {changed} (last: {last.action})")
    assert not wrong, "\n".join(wrong)
