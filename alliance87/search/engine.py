"""Matching a search text against the index: SQLite FTS5 by default, PostgreSQL full-text search in
production, both over the folded words of normalise.py. Imports no other app, so any app may use it
(the partner directory does)."""

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from .models import SearchEntry
from .normalise import MAX_QUERY_CHARS, MAX_QUERY_WORDS, words


class _TextMatch(Func):
    """``to_tsvector('simple', terms) @@ to_tsquery('simple', %s)``: the GIN index's own expression
    (migrations/0001_initial.py), so PostgreSQL uses it; the column is named by Django, which aliases
    the table inside a subquery."""

    template = "to_tsvector('simple', %(expressions)s)"
    arg_joiner = ") @@ to_tsquery('simple', "
    output_field = BooleanField()


class QueryRefused(ValueError):
    """The search text cannot be searched; the message says why, for the reader."""


def query_words(text: str) -> list[str]:
    """The folded words to look for; raises QueryRefused for a text that cannot be searched."""
    text = text or ""
    if "\x00" in text:
        raise QueryRefused(_("The search text may not contain NUL characters."))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(
            _("The search text is too long: at most %(count)d characters, this one has %(length)d.")
            % {"count": MAX_QUERY_CHARS, "length": len(text)}
        )
    return words(text)[:MAX_QUERY_WORDS]


def matches(text: str, kind: str | None = None) -> QuerySet:
    """Index entries holding every word of ``text``, each as the start of a word (so typing finds)."""
    found = query_words(text)
    entries = SearchEntry.objects.all()
    if kind:
        entries = entries.filter(kind=kind)
    if not found:
        return entries.none()
    vendor = connection.vendor
    if vendor == "sqlite":
        expression = " ".join(f'"{word}"*' for word in found)
        return entries.filter(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [expression]))
    if vendor == "postgresql":
        expression = " & ".join(f"'{word}':*" for word in found)
        return entries.filter(_TextMatch(F("terms"), Value(expression)))
    # Any other database: the same words, as the start of a word, without an index.
    condition = Q()
    for word in found:
        condition &= Q(terms__startswith=word) | Q(terms__contains=f" {word}")
    return entries.filter(condition)


def matching_ids(text: str, kind: str) -> QuerySet:
    """The ids of the objects of ``kind`` that match ``text`` (a subquery)."""
    return matches(text, kind).values("object_id")
