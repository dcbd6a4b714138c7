"""``{{ banner.title|isolate }}``: text of unknown direction, isolated from the sentence around it.

A title typed in English inside an Arabic sentence (``برنامج «10 Years of Alliance 8.7»``) would
otherwise be reordered with its neighbours: the leading "10" and the closing quotation mark jump to
the wrong end. ``<bdi>`` lets the browser take the text's own direction from its first letter and
keeps it in one piece; it changes nothing in English, French or Spanish.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def isolate(text) -> str:
    return format_html("<bdi>{}</bdi>", text)
