"""``{% commitments_of obj %}``: the commitments made by or for an organisation (led, or co-implemented once
confirmed), a country (led by it or carried out in it), an Action Group (led by it or naming it) or a thematic
priority, as a section of that object's page: who committed and how far they got (the light, deliverables
achieved of the total), the figures, and a link to the registry filtered the same way.

Three to five queries whatever the number of commitments; what the reader may see (public ones, and
partners-only ones for Alliance members). The pages holding it are cached for anonymous visitors: the
commitments' services call ``public_pages_changed()``.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def commitments_of(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None)
    if obj is None or user is None:
        return ""
    found = selectors.of_object(obj, user)
    if found is None:
        return ""
    filters, commitments = found
    shown = selectors.rows(commitments[: selectors.SHOWN_ON_OTHER_PAGES])
    if not shown:
        count, on_track = 0, 0
    elif len(shown) < selectors.SHOWN_ON_OTHER_PAGES:
        count, on_track = len(shown), selectors.on_track(commitments.order_by()).count()
    else:
        count, on_track = commitments.count(), selectors.on_track(commitments.order_by()).count()
    return render_to_string(
        "commitments/_commitments_of.html",
        {
            "obj": obj,
            "kind": obj._meta.model_name,
            "rows": shown,
            "count": count,
            "on_track": on_track,
            "more": count > len(shown),
            "registry_url": f"{reverse('commitments:registry')}?{urlencode(filters.as_query())}",
        },
        request=request,
    )
