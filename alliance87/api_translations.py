"""A record's translations in the API, beside its English (``alliance87.translations``).

Reads: a translated record's schema has ``translations``, ``{"fr": {"name": "…", "acronym": "…"}, "ar": …}``:
by language, then field, only the texts that exist (a language or field without a translation is left
out, and the client shows the English field, which is unchanged). ``translations_type(Model)`` gives the
schema's type (its languages and fields named in the OpenAPI), ``translations_out(obj)`` the value.

Writes (where a form lets the same person edit them): ``merged(current, sent)`` applies what a PATCH sent
as the form does: a text replaces the stored one, an empty text removes it, what is not sent stays. The
model then checks the result (``Translatable.clean_fields``), so the API refuses what the form refuses,
naming the language and the field.
"""

from typing import Literal

from pydantic import Field

from alliance87.translations import target_languages

DESCRIPTION = (
    "the text in other languages, by language then field: only the translations that exist (the English "
    "is in the fields themselves, and stands in for a missing one)"
)


def translations_type(model, fields: tuple[str, ...] | None = None):
    """The type of ``model``'s ``translations`` in a schema, naming its languages and ``fields`` (default:
    all its translated fields)."""
    languages = Literal[tuple(code for code, _name in target_languages())]
    names = Literal[tuple(fields or model.translated_fields)]
    return dict[languages, dict[names, str]]


def translations_field():
    """The schema field's default and description."""
    return Field(default_factory=dict, description=DESCRIPTION)


def translations_out(obj, fields: tuple[str, ...] | None = None) -> dict[str, dict[str, str]]:
    """``obj``'s translations as the API gives them: the platform's languages, ``fields`` (default: all its
    translated fields), non-empty texts only."""
    fields = fields or type(obj).translated_fields
    stored = getattr(obj, "translations", None) or {}
    out = {}
    for code, _name in target_languages():
        texts = stored.get(code)
        if not isinstance(texts, dict):
            continue
        kept = {name: text for name, text in texts.items() if name in fields and isinstance(text, str) and text}
        if kept:
            out[code] = kept
    return out


def merged(current: dict | None, sent: dict[str, dict[str, str]]) -> dict:
    """``current`` with ``sent`` applied: a text replaces, an empty one removes, the rest stays."""
    result = {code: dict(texts) for code, texts in (current or {}).items() if isinstance(texts, dict)}
    for code, texts in sent.items():
        target = result.setdefault(code, {})
        for name, text in texts.items():
            if text.strip():
                target[name] = text.strip()
            else:
                target.pop(name, None)
    return {code: texts for code, texts in result.items() if texts}
