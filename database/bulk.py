"""Many rows into one table at once, inside the caller's transaction; many keys looked up at once; many rows
read at once.

    insert_rows(session.connection(), Award.__table__, rows)   # rows: dicts with the same keys
    ids = insert_rows_returning_ids(session.connection(), Person.__table__, rows)   # and their new ids
    select(Award.id).where(one_of(session, Award.uid, uids))   # uids: thousands of them
    plain_rows(session.connection(), select(Person.id, …))     # tuples, as the driver gives them

SQLite takes an executemany in C, row after row in the same process: already fast. PostgreSQL answers
each row of an executemany (psycopg sends them in a pipeline, still a message and a reply a row): 200,000
awards took a minute there. There the rows go by COPY … FROM STDIN instead, one stream, their values
made what the columns hold as SQLAlchemy would (each column type's bind processor) and the columns' own
Python defaults filled in (version, created_at): what an INSERT of the same rows would have written.
When the new ids are wanted, PostgreSQL hands them out from the table's sequence first and the rows go by
COPY with them (an INSERT … RETURNING of thousands of rows costs psycopg more to rewrite its placeholders
than the server to store the rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import (
    ARRAY,
    Column,
    ColumnElement,
    Connection,
    Select,
    Table,
    any_,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    if connection.dialect.name != "postgresql" or not _copyable(table, rows[0]):
        connection.execute(insert(table), list(rows))
        return
    from psycopg import sql

    given = list(rows[0])
    defaults = _python_defaults(table, given)
    names = given + list(defaults)
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    raw = connection.connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = [row[name] for name in given] + [make() for make in defaults.values()]
            copy.write_row(
                [v if p is None or v is None else p(v) for v, p in zip(values, processors, strict=True)]
            )


def insert_rows_returning_ids(
    connection: Connection, table: Table, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """`insert_rows`, and the new rows' ids (the `id` column) in no particular order (asking SQLite for the
    rows' order makes it insert them one by one)."""
    if not rows:
        return []
    if connection.dialect.name != "postgresql" or not _copyable(table, rows[0]):
        return list(connection.scalars(insert(table).returning(table.c.id), list(rows)))
    sequence = func.pg_get_serial_sequence(table.name, "id")
    ids = list(
        connection.scalars(select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows))))
    )
    insert_rows(connection, table, [{**row, "id": new} for row, new in zip(rows, ids, strict=True)])
    return ids


def _python_defaults(table: Table, given: list[str]) -> dict[str, Callable[[], Any]]:
    """The columns the rows leave out that SQLAlchemy would fill in Python: how to make each value."""
    defaults: dict[str, Callable[[], Any]] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if default.is_scalar:
            defaults[column.name] = lambda value=default.arg: value
        else:  # a callable (checked by _copyable): SQLAlchemy wraps it to take the execution context
            defaults[column.name] = lambda make=default.arg: make(None)
    return defaults


def _copyable(table: Table, first: dict[str, Any]) -> bool:
    """Whether every default the rows need is a plain value or a Python callable (a SQL expression one would
    need an INSERT)."""
    return all(
        c.default is None or c.name in first or c.default.is_scalar or c.default.is_callable
        for c in table.columns
    )


def one_of(where: Session | Connection, column: Column, values: Sequence[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL `column = ANY(array)`: one parameter however many values (thousands
    of placeholders cost the driver and the server more to parse than the index costs to look them up)."""
    bind = where.get_bind() if isinstance(where, Session) else where
    if bind.dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(column.type)))
    return column.in_(values)


def plain_rows(connection: Connection, query: Select) -> list[tuple]:
    """Every row of `query` as the driver gives it, in the caller's transaction: plain tuples, no Row objects
    and no column type's processing (SQLite gives a date as its text, PostgreSQL as a date). For reads of
    a hundred thousand rows, where SQLAlchemy's rows cost as much again as the driver's own."""
    compiled = query.compile(dialect=connection.dialect)
    params = compiled.params
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()
    finally:
        cursor.close()
