"""Content in the reader's language: the accessor, the template filters, the forms and the admin."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import engines
from django.utils import translation

from alliance87.network.models import ActionGroup, Organisation, StatedFigure
from alliance87.translations import Localised, localised, translated_values, translations_form

render = engines["django"].from_string


def _org(**translations) -> Organisation:
    return Organisation(name="International Labour Organization", acronym="ILO", translations=translations)


def test_the_active_language_is_used_and_english_is_the_marked_fallback():
    org = _org(fr={"name": "Organisation internationale du Travail", "acronym": "OIT"})
    with translation.override("fr"):
        name = localised(org, "name")
        assert (name, name.lang, name.fell_back) == ("Organisation internationale du Travail", "fr", False)
    with translation.override("es"):
        name = localised(org, "name")
        assert (name, name.lang, name.fell_back) == ("International Labour Organization", "en", True)
    with translation.override("en"):
        name = localised(org, "name")
        assert (name, name.lang, name.fell_back) == ("International Labour Organization", "en", False)
    assert isinstance(name, Localised) and isinstance(name, str)


def test_a_blank_translation_falls_back_and_a_mapping_row_works_too():
    row = {"name": "Free the Slaves", "translations": {"fr": {"name": "  "}}}
    assert localised(row, "name", "fr").fell_back
    assert localised({"name": "X"}, "name", "ar") == "X"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "<b>International Labour Organization</b>"),
        ("fr", "<b>Organisation internationale du Travail</b>"),
        ("es", '<b><span lang="en">International Labour Organization</span></b>'),
        ("ar", "<b>منظمة العمل الدولية</b>"),
    ],
)
def test_the_filter_marks_english_only_when_it_stands_in_on_another_language(language, expected):
    org = _org(fr={"name": "Organisation internationale du Travail"}, ar={"name": "منظمة العمل الدولية"})
    with translation.override(language):
        assert render('<b>{{ org|localised:"name" }}</b>').render({"org": org}) == expected


def test_the_filters_escape_the_text_and_the_plain_variant_has_no_markup():
    org = Organisation(name="<script>x</script> & Co", translations={})
    with translation.override("fr"):
        html = render('{{ org|localised:"name" }}|<a title="{{ org|localised_text:"name" }}">').render({"org": org})
        block = render('{% with t=org|localised_text:"name" %}<p{{ t|lang_attr }}>{{ t }}</p>{% endwith %}')
        block = block.render({"org": org})
    escaped = "&lt;script&gt;x&lt;/script&gt; &amp; Co"
    assert html == f'<span lang="en">{escaped}</span>|<a title="{escaped}">'
    assert block == f'<p lang="en">{escaped}</p>'
    with translation.override("en"):
        plain = render('{% with t=org|localised_text:"name" %}<p{{ t|lang_attr }}>{% endwith %}')
        assert plain.render({"org": org}) == "<p>"


def test_translated_values_feed_the_search():
    org = _org(fr={"name": "Organisation internationale du Travail", "acronym": "OIT"}, es={"acronym": "OIT"})
    assert sorted(translated_values(org)) == ["OIT", "OIT", "Organisation internationale du Travail"]


@pytest.mark.django_db
def test_the_model_refuses_unknown_languages_fields_nul_and_oversize():
    org = _org(de={"name": "x"}, fr={"slug": "x", "name": "a\x00b"}, es={"name": "x" * 201}, ar={"acronym": 3})
    org.slug, org.kind = "ilo-2", "un_agency"
    with pytest.raises(ValidationError) as refused:
        org.full_clean()
    messages = " ".join(refused.value.message_dict["translations"])
    assert "“de” is not a language" in messages
    assert "“slug” cannot be translated" in messages
    assert "name (French): text may not contain NUL" in messages
    assert "name (Spanish): at most 200 characters" in messages
    assert "acronym (Arabic): must be text" in messages


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "acronym"]


@pytest.mark.django_db
def test_the_form_has_one_input_per_field_and_language_and_saves_them():
    form_class = translations_form(OrganisationForm)
    org = Organisation.objects.create(
        name="International Labour Organization",
        slug="ilo-x",
        kind="un_agency",
        translations={"fr": {"acronym": "BIT"}},
    )
    form = form_class(instance=org)
    assert str(form["name__ar"].label) == "name (Arabic)"
    assert 'lang="ar"' in str(form["name__ar"]) and 'dir="rtl"' in str(form["name__ar"])
    assert form["acronym__fr"].value() == "BIT"
    data = {"name": org.name, "slug": org.slug, "kind": org.kind, "acronym": "ILO"}
    data |= {"name__fr": "Organisation internationale du Travail", "acronym__fr": "OIT"}
    data |= {"name__ar": "منظمة العمل الدولية"}
    form = form_class(data, instance=org)
    assert form.is_valid(), form.errors
    form.save()
    org.refresh_from_db()
    assert org.translations == {
        "fr": {"name": "Organisation internationale du Travail", "acronym": "OIT"},
        "ar": {"name": "منظمة العمل الدولية"},
    }
    # Emptying an input removes that translation (the page falls back to English, marked).
    form = form_class({**data, "name__fr": "", "acronym__fr": "OIT"}, instance=org)
    assert form.is_valid(), form.errors
    form.save()
    org.refresh_from_db()
    assert org.translations == {"fr": {"acronym": "OIT"}, "ar": {"name": "منظمة العمل الدولية"}}


@pytest.mark.django_db
def test_the_form_refuses_nul_and_oversize_naming_the_input():
    form_class = translations_form(OrganisationForm)
    data = {"name": "X", "slug": "x", "kind": "academia", "name__fr": "a\x00b", "name__es": "y" * 201}
    form = form_class(data)
    assert not form.is_valid()
    assert "Null characters are not allowed." in form.errors["name__fr"]
    assert "at most 200 characters" in form.errors["name__es"][0]
    assert Organisation.objects.filter(slug="x").count() == 0


def test_the_admin_edits_each_translation_and_the_french_page_shows_it(secretariat_client, alliance, client):
    group = ActionGroup.objects.get(slug="migration")
    page = secretariat_client.get(f"/admin/network/actiongroup/{group.pk}/change/").content.decode()
    assert 'name="name__fr"' in page and "name (Arabic)" in page
    assert client.get("/fr/action-groups/").status_code == 200  # cached before the edit
    form = {
        "name": group.name,
        "slug": group.slug,
        "lead_organisation": group.lead_organisation_id,
        "is_active": "on",
        "status_verified": "on",
        "name__fr": "Groupe d’action sur les migrations (essai)",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = secretariat_client.post(f"/admin/network/actiongroup/{group.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    group.refresh_from_db()
    assert group.translations["fr"]["name"] == "Groupe d’action sur les migrations (essai)"
    assert "Groupe d’action sur les migrations (essai)" in client.get("/fr/action-groups/").content.decode()


def test_the_admin_refuses_an_oversized_translation_naming_it(secretariat_client, alliance):
    figure = StatedFigure.objects.get(key="partners")
    before = figure.translations
    form = {"key": figure.key, "label": figure.label, "value": figure.value, "source": figure.source}
    form |= {"position": figure.position, "label__es": "x" * 201}
    page = secretariat_client.post(f"/admin/network/statedfigure/{figure.pk}/change/", form).content.decode()
    assert "at most 200 characters" in page
    figure.refresh_from_db()
    assert figure.translations == before
