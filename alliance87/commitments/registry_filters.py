"""The registry's filters as a form (a GET form that works without JavaScript), shared by the page and the
exports; the API reads the same names as query parameters. A value the form refuses is left out (the rest
still filter) and the form names the field."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from alliance87.network.models import ActionGroup, Country, OrganisationKind

from . import selectors
from .models import PUBLIC_STATUSES, CommitmentStatus, Light


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Any maker")),
        (selectors.KIND_COUNTRY, _("Pathfinder Country")),
        (selectors.KIND_ACTION_GROUP, _("Action Group")),
        (_("Partner organisations"), list(OrganisationKind.choices)),
    ]


SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
LIGHT_CHOICES = [("", _("Any status light")), *[(v.value, v.label) for v in selectors.LIGHTS]]
STATUS_CHOICES = [("", _("Any stage")), *[(v.value, CommitmentStatus(v).label) for v in PUBLIC_STATUSES]]


class RegistryFilterForm(forms.Form):
    q = forms.CharField(label=_("Words of the title"), required=False, max_length=200)
    priority = forms.ChoiceField(label=_("Thematic priority"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Made by"), required=False)
    group = forms.ChoiceField(label=_("Action Group"), required=False)
    light = forms.ChoiceField(label=_("Status light"), required=False, choices=LIGHT_CHOICES)
    status = forms.ChoiceField(label=_("Stage"), required=False, choices=STATUS_CHOICES)
    # Not in the form's fields shown: the link from an organisation's page.
    organisation = forms.SlugField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from alliance87.engagement.models import Priority  # noqa: PLC0415

        self.fields["priority"].choices = [
            ("", _("Any priority")),
            *((p.slug, p.localised("title")) for p in Priority.objects.published().order_by("position", "title")),
        ]
        countries = sorted(((c.code.code, c.name) for c in Country.objects.all()), key=lambda pair: pair[1])
        self.fields["country"].choices = [("", _("Any country")), *countries]
        self.fields["kind"].choices = kind_choices()
        self.fields["group"].choices = [
            ("", _("Any Action Group")),
            *((g.slug, g.localised("name")) for g in ActionGroup.objects.order_by("name")),
        ]


def _known_values() -> tuple[dict[str, set[str]], None]:
    from alliance87.engagement.models import Priority  # noqa: PLC0415

    return {
        "priority": set(Priority.objects.published().values_list("slug", flat=True)),
        "country": {code.upper() for code in Country.objects.values_list("code", flat=True)},
        "group": set(ActionGroup.objects.values_list("slug", flat=True)),
        "kind": {selectors.KIND_COUNTRY, selectors.KIND_ACTION_GROUP, *OrganisationKind.values},
        "light": {v.value for v in selectors.LIGHTS},
        "status": {str(v) for v in PUBLIC_STATUSES},
    }, None


def known_values() -> dict[str, set[str]]:
    """The values each choice filter accepts: read once while no public data changes, so that reading the
    filters costs no query (the form with its labels is built only with the page's shared part)."""
    from alliance87.pagecache import shared_fragment  # noqa: PLC0415

    return shared_fragment("commitments:registry:choices", _known_values)


def parse(query) -> tuple[selectors.Filters, list[str]]:
    """The filters of ``query`` as the form would clean them, and the names of those it refused (left out)."""
    known, values, refused = known_values(), {}, []
    for name in selectors.Filters.__annotations__:
        value = (query.get(name) or "").strip()
        if not value:
            continue
        if name == "country":
            value = value.upper()
        if name in known and value not in known[name]:
            refused.append(name)
            continue
        if name == "q" and len(value) > RegistryFilterForm.base_fields["q"].max_length:
            refused.append(name)
            continue
        if name == "organisation" and not SLUG.match(value):
            refused.append(name)
            continue
        values[name] = value
    return selectors.Filters(**values), refused


__all__ = ["Light", "RegistryFilterForm", "known_values", "parse"]
