"""``{% experiences_of obj %}``: the published experiences about an organisation, a country, an Action Group,
a thematic priority or a commitment, as a section of that object's page (to be filled by the exchange's work)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def experiences_of(context, obj):
    return ""
