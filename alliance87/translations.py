"""Content in the reader's language: a record's own text (a partner's name, an agenda item's title) kept
per language, English being the source and the fallback, which pages mark ``lang="en"``.

The interface (for models, forms, the admin, templates and the search index):

- a model inherits ``Translatable`` and names its translatable fields::

      class ActionGroup(Translatable, models.Model):
          translated_fields = ("name", "mandate")

  which gives it ``translations``, a JSON column ``{"fr": {"name": "…"}, "ar": {"name": "…"}}``. The
  English text stays in the field itself (``group.name``), so every query, ordering, export and API
  that reads the field is unchanged. ``full_clean`` checks the column (languages and fields it may hold,
  no NUL, each text no longer than its English field allows), so ``writes.save_validated`` does too.
- ``localised(obj, "name")`` returns a ``Localised`` str in the active language, or in English when that
  language has none; its ``.lang`` says which, ``.fell_back`` whether it is not the page's language.
  ``obj`` may also be a mapping (a ``.values()`` row holding the field and ``translations``).
- templates (these filters are built in, no ``{% load %}``):
  ``{{ group|localised:"name" }}`` prints the text, inside ``<span lang="en">…</span>`` when it fell
  back on a page that is not English (escaped as any variable); ``{{ group|localised_text:"name" }}``
  prints the plain text, for attributes and ``<title>``; for a block, ``{% with t=group|localised_text:"mandate" %}
  <div{{ t|lang_attr }}>{{ t|linebreaks }}</div>{% endwith %}`` puts the mark on the element.
- free text that is never translated (typed by people: an event's description and background, a venue,
  a participant's printed title, a source's citation, a banner's title): it carries the language it was
  written in, taken to be English, the platform's working language and the source language of every
  record (the same rule as a field that has translations). ``{{ event.venue|untranslated }}`` prints it
  inside ``<span lang="en">`` on a page that is not English; ``<p{% untranslated_lang %}>`` marks a block.
  A person who typed French into such a field is then marked English: the price of not asking everyone
  for the language of every text; a field that matters in several languages becomes translatable instead.
  Right to left, site.css gives every element marked with another language its own direction, so the
  English paragraph of an Arabic page reads left to right.
- forms: ``translations_form(SomeModelForm)`` returns the form with one input per translated field per
  language (``name__fr``, labelled "name (French)"), each checked like the English field (length, NUL),
  and saved into ``translations``; ``translations_form(PlainForm, Model)`` does the same for a form whose
  view calls a service: it reads ``initial["translations"]`` and gives ``cleaned_data["translations"]``
  (pass it to the service, which assigns it and validates the model). ``form.translated_inputs`` lists
  the inputs for a template. ``TranslationsAdminMixin`` does it all for a ModelAdmin.
- ``translated_values(obj)``: every translation of ``obj``, for the site search's index.
- ``localised_order("name")``: an expression for ``order_by`` that sorts by the text in the reader's
  language (its English where it has none), so a French list is alphabetical in French.

Why a JSON column rather than a column per field and language (``name_fr``, ``name_es``, ``name_ar``):
the platform has just gained its fourth language, and per-language columns would have meant a migration
and a form change in every app for it, and again for the next one (the conference's languages change
with its host). One column per model takes any language in ``settings.LANGUAGES`` without a migration,
keeps a record's translations in its history row (django-simple-history copies the column), and costs
no join. What it gives up: an index on a translation; lists sort on the JSON's key (``localised_order``,
the same SQL on SQLite and PostgreSQL, no index needed for a few hundred rows) and the site search
indexes the translations itself. Why not a library (django-modeltranslation, django-parler): the first adds columns
per language and patches managers and querysets, the second a table per model with joins on every read;
the platform needs neither for a few short texts per record.
"""

from collections.abc import Mapping
from typing import ClassVar

from django import forms, template
from django.conf import settings
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _

SOURCE_LANGUAGE = settings.LANGUAGE_CODE  # "en": the text in the field itself
NUL = "\x00"


def target_languages() -> list[tuple[str, str]]:
    """(code, name) of every language a text may be translated into: all but the source."""
    return [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def page_language() -> str:
    """The active language's code as ``settings.LANGUAGES`` names it ("fr" for "fr-ca")."""
    return (get_language() or SOURCE_LANGUAGE).split("-")[0].lower()


class Localised(str):
    """A text in a given language: ``.lang`` is its language, ``.fell_back`` is true when that is not the
    page's language (the English source shown because the page's language has no translation)."""

    lang: str
    fell_back: bool

    def __new__(cls, text: str, lang: str, fell_back: bool = False):
        value = super().__new__(cls, text)
        value.lang = lang
        value.fell_back = fell_back
        return value


def _parts(obj, field: str) -> tuple[str, dict]:
    if isinstance(obj, Mapping):
        return obj.get(field) or "", obj.get("translations") or {}
    return getattr(obj, field, "") or "", getattr(obj, "translations", None) or {}


def localised(obj, field: str, language: str | None = None) -> Localised:
    """``obj``'s ``field`` in ``language`` (default: the active one), or its English source."""
    language = language or page_language()
    source, translations = _parts(obj, field)
    if language != SOURCE_LANGUAGE:
        text = (translations.get(language) or {}).get(field)
        if isinstance(text, str) and text.strip():
            return Localised(text, language)
    return Localised(str(source), SOURCE_LANGUAGE, fell_back=language != SOURCE_LANGUAGE)


class SortText(Func):
    """A text as lists sort it: case aside. On PostgreSQL by ICU's root collation (accents and case after
    the letters: "Égalité" beside "egalite", whatever the database's own collation, often C); SQLite's
    ``LOWER`` folds ASCII letters only, so there an accented initial sorts after "z"."""

    function = "LOWER"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return compiler.compile(Collate(self.get_source_expressions()[0], "und-x-icu"))


def localised_order(field: str, language: str | None = None, *, through: str = "") -> SortText:
    """For ``order_by``: ``field`` in ``language`` (default: the active one), else its English, case aside.
    ``through`` reaches a related record's field: ``localised_order("name", through="organisation__")``."""
    language = language or page_language()
    source = F(through + field)
    if language == SOURCE_LANGUAGE:
        return SortText(source)
    translated = KeyTextTransform(field, KeyTransform(language, through + "translations"))
    return SortText(Coalesce(NullIf(translated, Value("")), source))


def translated_values(obj) -> list[str]:
    """Every translated text ``obj`` holds, in every language (for the search index)."""
    return [
        text
        for fields in (getattr(obj, "translations", None) or {}).values()
        if isinstance(fields, dict)
        for text in fields.values()
        if isinstance(text, str) and text
    ]


# -- models -----------------------------------------------------------------------------------------


def translation_errors(model, translations) -> list[str]:
    """What is wrong with ``translations`` for ``model`` (a Translatable class), in plain words."""
    if not isinstance(translations, dict):
        return [_("Translations must map each language to its texts.")]
    languages = dict(target_languages())
    errors = []
    for code, texts in translations.items():
        if code not in languages:
            errors.append(_("“%(code)s” is not a language of the platform.") % {"code": code})
            continue
        if not isinstance(texts, dict):
            message = _("%(language)s: translations must map each field to its text.")
            errors.append(message % {"language": languages[code]})
            continue
        for name, text in texts.items():
            if name not in model.translated_fields:
                errors.append(_("“%(field)s” cannot be translated.") % {"field": name})
                continue
            source = model._meta.get_field(name)
            where = {"field": source.verbose_name, "language": languages[code]}
            if not isinstance(text, str):
                errors.append(_("%(field)s (%(language)s): must be text.") % where)
            elif NUL in text:
                errors.append(_("%(field)s (%(language)s): text may not contain NUL characters.") % where)
            elif source.max_length and len(text) > source.max_length:
                errors.append(
                    _("%(field)s (%(language)s): at most %(count)d characters.") % {**where, "count": source.max_length}
                )
    return errors


class Translatable(models.Model):
    """A model with some text fields kept in every language: name them in ``translated_fields``."""

    translated_fields: ClassVar[tuple[str, ...]] = ()

    translations = models.JSONField(
        gettext_lazy("translations"),
        default=dict,
        blank=True,
        editable=False,  # forms show one input per field and language instead (translations_form)
    )

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not exclude or "translations" not in exclude:
            problems = translation_errors(type(self), self.translations)
            if problems:
                errors.setdefault("translations", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def localised(self, field: str) -> Localised:
        return localised(self, field)


# -- forms and the admin ------------------------------------------------------------------------------


def input_name(field: str, language: str) -> str:
    """The form input that holds ``field`` in ``language``: ``name__fr``."""
    return f"{field}__{language}"


def _input_for(source: models.Field, code: str, language_name) -> forms.CharField:
    multiline = isinstance(source, models.TextField)
    attrs = {"lang": code, "dir": "rtl" if get_language_info(code)["bidi"] else "ltr"}
    widget = forms.Textarea(attrs={**attrs, "rows": 3}) if multiline else forms.TextInput(attrs=attrs)
    label = format_lazy("{} ({})", source.verbose_name, language_name)
    # forms.CharField refuses NUL (ProhibitNullCharactersValidator) and checks max_length, naming the field.
    return forms.CharField(
        label=label, required=False, max_length=source.max_length, strip=True, widget=widget, empty_value=""
    )


class _TranslationsFormMixin:
    """Fills the per-language inputs from the stored translations and hands them back as one dict.

    A ModelForm writes them into ``instance.translations`` before the model is validated (``_post_clean``).
    A plain form (one whose view calls a service) reads them from ``initial["translations"]`` and puts the
    result in ``cleaned_data["translations"]``, in place of the per-language inputs, for the service. Either
    way, languages and fields the form does not show are kept."""

    translated_model: type[Translatable]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if isinstance(instance, Translatable):
            self.stored_translations = instance.translations or {}
        else:
            self.stored_translations = self.initial.get("translations") or {}
        for name, (field, code) in self._inputs().items():
            if name not in self.initial:
                self.initial[name] = (self.stored_translations.get(code) or {}).get(field, "")

    def _inputs(self) -> dict[str, tuple[str, str]]:
        return {
            input_name(field, code): (field, code)
            for field in self.translated_model.translated_fields
            for code, _name in target_languages()
            if input_name(field, code) in self.fields
        }

    @property
    def translated_inputs(self) -> list:
        """The per-language inputs as bound fields, for a template to show together."""
        return [self[name] for name in self._inputs()]

    def translations_from_input(self, current: dict | None) -> dict:
        """``current`` with the cleaned inputs applied: an empty input removes that translation."""
        merged = {code: dict(texts) for code, texts in (current or {}).items() if isinstance(texts, dict)}
        for name, (field, code) in self._inputs().items():
            if name not in self.cleaned_data:
                continue
            text = self.cleaned_data[name]
            if text:
                merged.setdefault(code, {})[field] = text
            else:
                merged.get(code, {}).pop(field, None)
        return {code: texts for code, texts in merged.items() if texts}

    def clean(self):
        cleaned = super().clean()
        if not isinstance(getattr(self, "instance", None), Translatable):
            cleaned["translations"] = self.translations_from_input(self.stored_translations)
            for name in self._inputs():
                cleaned.pop(name, None)
        return cleaned

    def _post_clean(self):
        instance = getattr(self, "instance", None)
        if isinstance(instance, Translatable):
            instance.translations = self.translations_from_input(instance.translations)
        super()._post_clean()


def translation_inputs(model: type[Translatable]) -> dict[str, forms.Field]:
    """The per-language inputs of ``model``'s translated fields, by input name, fields first."""
    return {
        input_name(field, code): _input_for(model._meta.get_field(field), code, name)
        for field in model.translated_fields
        for code, name in target_languages()
    }


def translations_form(form_class: type[forms.BaseForm], model: type[Translatable] | None = None) -> type:
    """``form_class`` with one input per translated field per language, read from and saved into the
    instance's ``translations``. ``model`` defaults to the ModelForm's own."""
    model = model or form_class._meta.model
    attrs = {"translated_model": model, **translation_inputs(model)}
    return type(f"Translated{form_class.__name__}", (_TranslationsFormMixin, form_class), attrs)


class TranslationsAdminMixin:
    """For a ModelAdmin of a Translatable model: the form gains "name (French)", "name (Spanish)",
    "name (Arabic)"… inputs, after the fields the admin lists (in a "Translations" section when the admin
    declares its fields or fieldsets)."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = translations_form(kwargs.get("form", self.form), self.model)
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        shown = {name for _title, options in fieldsets for name in flatten_fieldsets([(None, options)])}
        names = [name for name in translation_inputs(self.model) if name not in shown]
        if not names:
            return fieldsets  # built from the form: the inputs are already in it
        return [*fieldsets, (gettext_lazy("Translations"), {"fields": names, "classes": ["translations"]})]


# -- templates ----------------------------------------------------------------------------------------

register = template.Library()


def _as_localised(value) -> Localised | None:
    return value if isinstance(value, Localised) else None


@register.filter(name="localised")
def localised_html(obj, field: str) -> SafeString:
    """The text, escaped, inside ``<span lang="en">`` when it fell back on a non-English page."""
    value = localised(obj, field)
    if value.fell_back and value:
        return format_html('<span lang="{}">{}</span>', value.lang, value)
    return conditional_escape(value)


@register.filter(name="localised_text")
def localised_text(obj, field: str) -> Localised:
    """The plain text (escaped by the template as any variable), for attributes and titles."""
    return localised(obj, field)


@register.filter(name="untranslated")
def untranslated_html(text) -> SafeString:
    """Free text kept in English only (see the module's docstring), escaped, inside ``<span lang="en">``
    on a page in another language; an empty text stays empty."""
    if text and page_language() != SOURCE_LANGUAGE:
        return format_html('<span lang="{}">{}</span>', SOURCE_LANGUAGE, text)
    return conditional_escape(text)


@register.simple_tag(name="untranslated_lang")
def untranslated_lang() -> str:
    """`` lang="en"`` on a page that is not English, else nothing: for the element holding a block of free
    text kept in English only (``<p{% untranslated_lang %}>{{ event.background|linebreaksbr }}</p>``)."""
    if page_language() != SOURCE_LANGUAGE:
        return mark_safe(f' lang="{SOURCE_LANGUAGE}"')  # noqa: S308 -- settings.LANGUAGE_CODE
    return ""


@register.filter(name="lang_attr")
def lang_attr(value) -> str:
    """`` lang="en"`` for a Localised value that fell back, else nothing: put it on the element that
    holds a block of text (``<div{{ t|lang_attr }}>``)."""
    value = _as_localised(value)
    if value is not None and value.fell_back and value:
        return mark_safe(f' lang="{value.lang}"')  # noqa: S308 -- a language code of settings.LANGUAGES
    return ""
