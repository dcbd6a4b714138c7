"""``{% commitments_of obj %}``: the commitments made by or for an organisation, a country, an Action Group or
a thematic priority, as a section of that object's page (to be filled by the registry's work)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def commitments_of(context, obj):
    return ""
