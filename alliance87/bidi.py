"""``{{ banner.title|isolate }}``: text of unknown direction, isolated from the sentence around it.

A title typed in English inside an Arabic sentence (``برنامج «10 Years of Alliance 8.7»``) would
otherwise be reordered with its neighbours: the leading "10" and the closing quotation mark jump to
the wrong end. ``<bdi>`` lets the browser take the text's own direction from its first letter and
keeps it in one piece; it changes nothing in English, French or Spanish. A record's text that fell back
to English (``translations.localised``) is marked ``<bdi lang="en">``, as ``localised`` would mark it.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language_bidi

from alliance87.translations import Localised

register = template.Library()


@register.filter
def isolate(text) -> str:
    if isinstance(text, Localised) and text.fell_back and text:
        return format_html('<bdi lang="{}">{}</bdi>', text.lang, text)
    return format_html("<bdi>{}</bdi>", text)


def isolated(text) -> str:
    """The plain-text ``<bdi>``, for a title put into a translated sentence built in Python (a console's title
    on /me/: "الإشراف: 10 Years of Alliance 8.7"): ``text`` between FIRST STRONG ISOLATE and POP DIRECTIONAL
    ISOLATE on a right-to-left page; left to right, where an English title cannot be reordered, unchanged."""
    return f"\u2068{text}\u2069" if get_language_bidi() else str(text)
