"""``{% experiences_of obj %}``: the published experiences about an organisation (shared by it), a country,
an Action Group, a thematic priority or a commitment, as a section of that object's page (one query, however
many there are; nothing when there are none). ``{{ experience|written_in }}``: `` lang="…"`` on the element
holding an experience's text when it was written in another language than the page's."""

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

from alliance87.translations import page_language

from .. import selectors

register = template.Library()


def commitment_url(commitment) -> str:
    """The commitment's public page (``/commitments/<pk>/``)."""
    try:
        return commitment.get_absolute_url()
    except NoReverseMatch:  # the registry's pages not yet in this tree
        return ""


@register.simple_tag(takes_context=True)
def experiences_of(context, obj):
    if obj is None:
        return ""
    experiences = list(selectors.about(obj))
    if not experiences:
        return ""
    return render_to_string(
        "exchange/_experiences_of.html",
        {"experiences": experiences, "obj": obj, "list_url": reverse("exchange:experiences")},
        request=context.get("request"),
    )


@register.filter
def written_in(experience) -> str:
    code = getattr(experience, "language", "") or ""
    if code and code != page_language():
        direction = ' dir="rtl"' if get_language_info(code).get("bidi") else ' dir="ltr"'
        return mark_safe(f' lang="{code}"{direction}')  # noqa: S308 -- a code of settings.LANGUAGES
    return ""


@register.simple_tag(takes_context=True)
def share_journey(context, update):
    """ "Share your journey": on a progress update offered as a story (``share_as_story``), a button that makes
    a draft story of it, for the people who may report on its commitment (asked once per page and
    commitment, so a long history costs no more queries)."""
    request = context.get("request")
    if request is None or not update.share_as_story or not request.user.is_authenticated:
        return ""
    asked = context.render_context.setdefault("exchange_share_journey", {})
    if update.commitment_id not in asked:
        asked[update.commitment_id] = request.user.has_perm("exchange.share_journey", update.commitment)
    if not asked[update.commitment_id]:
        return ""
    return render_to_string("exchange/_share_journey.html", {"update": update}, request=request)


@register.simple_tag(takes_context=True)
def share_journeys(context, commitment):
    """ "Share your journey" on a commitment's page, outside what every reader shares: for the people who may
    report on it, its updates offered as stories (``share_as_story``), each with the button that makes a draft
    story of it (one query; nothing for anyone else)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    if not request.user.has_perm("exchange.share_journey", commitment):
        return ""
    updates = list(commitment.updates.filter(share_as_story=True).order_by("-reported_at", "-pk")[:10])
    if not updates:
        return ""
    return render_to_string("exchange/_share_journeys.html", {"updates": updates}, request=request)
