"""Plain SQL for a contribution's way in: the API's banner look-up and the rows ``services.contribute`` writes.

A contribution comes up to 50 times a second at the conference's peak, and the ORM takes several times
longer to build a statement and turn its rows into objects than SQLite or PostgreSQL take to run it: a
banner read by its slug here costs a fifth of ``Banner.objects.get``'s CPU (80 against 390 µs on a busy
two-core machine; ``bench/artwork_post.py`` measures the whole POST). Each statement is written once per
process from the models' own metadata (their tables, columns and the backend's quoting), and every value
goes through the fields' own conversions, as the ORM applies them: ``pre_save`` and ``get_db_prep_save``
on the way in, the backend's and the field's converters on the way out. So what is written and read is
what the ORM would write and read.

Inserts made here send no model signals: the artwork's models have no receivers (and are not indexed for
search); a receiver added one day must be called from the service instead.
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections

from .models import Banner


def _connection():
    """The database connection itself: ``django.db.connection`` is a proxy that looks it up again (a
    thread-local read) on every attribute, and the conversions below read it once per field."""
    return connections[DEFAULT_DB_ALIAS]


def _quote(name: str) -> str:
    return _connection().ops.quote_name(name)


@cache
def _readers(model, names: tuple[str, ...], vendor: str) -> tuple:
    """For each field named (attribute names), its column and the converters the ORM applies to its value."""
    connection = _connection()
    readers = []
    for name in names:
        field = next(f for f in model._meta.concrete_fields if f.attname == name)
        column = field.get_col(model._meta.db_table)
        readers.append((column, tuple(connection.ops.get_db_converters(column) + field.get_db_converters(connection))))
    return tuple(readers)


def convert(model, names: tuple[str, ...], row) -> list:
    """A row read with plain SQL (the columns of ``names``, in order) as the ORM would give its values."""
    connection = _connection()
    values = []
    for raw, (column, converters) in zip(row, _readers(model, names, connection.vendor), strict=True):
        value = raw
        for converter in converters:
            value = converter(value, column, connection)
        values.append(value)
    return values


@cache
def _banner_select(vendor: str) -> tuple[tuple[str, ...], str]:
    fields = Banner._meta.concrete_fields
    columns = ", ".join(_quote(field.column) for field in fields)
    slug = _quote(Banner._meta.get_field("slug").column)
    sql = f"SELECT {columns} FROM {_quote(Banner._meta.db_table)} WHERE {slug} = %s"  # noqa: S608 -- no input
    return tuple(field.attname for field in fields), sql


def banner_by_slug(slug: str) -> Banner | None:
    """The banner (every field, as ``Banner.objects.get(slug=slug)`` reads it), or None."""
    connection = _connection()
    names, sql = _banner_select(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    return Banner.from_db(connection.alias, names, convert(Banner, names, row))


@cache
def _insert_statement(model, rows: int, returning: bool, vendor: str) -> tuple[tuple, str]:
    meta = model._meta
    fields = tuple(field for field in meta.concrete_fields if not field.primary_key)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (
        f"INSERT INTO {_quote(meta.db_table)} ({', '.join(_quote(field.column) for field in fields)}) "  # noqa: S608
        f"VALUES {', '.join([one] * rows)}"
    )
    if returning:  # SQLite 3.35+ and PostgreSQL, as services._reserve
        sql += f" RETURNING {_quote(meta.pk.column)}"
    return fields, sql


def insert(objects: list, *, returning: bool = False) -> None:
    """INSERT ``objects`` (instances of one model, with their primary key made by the database) in one
    statement; with ``returning``, each gets its primary key (in the order given: SQLite and PostgreSQL
    return the rows of a multi-row INSERT in order, which Django's ``bulk_create`` relies on too)."""
    if not objects:
        return
    connection = _connection()
    model = type(objects[0])
    fields, sql = _insert_statement(model, len(objects), returning, connection.vendor)
    params = []
    for obj in objects:
        params += [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall() if returning else None
    for index, obj in enumerate(objects):
        if keys is not None:
            obj.pk = keys[index][0]
        obj._state.adding = False
        obj._state.db = connection.alias
