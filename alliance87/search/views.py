from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .engine import QueryRefused
from .normalise import MAX_QUERY_CHARS


@require_GET
def search(request):
    """One search over partners, countries, events, listed people, Action Groups, public consultations, public
    commitments and published experiences (``?q=``)."""
    text = request.GET.get("q", "")
    context = {"q": text, "max_chars": MAX_QUERY_CHARS, "groups": [], "total": 0, "error": ""}
    status = 200
    if text.strip():
        try:
            groups = selectors.site_search(text)
        except QueryRefused as refused:
            context["error"] = str(refused)
            context["q"] = text[:MAX_QUERY_CHARS]
            status = 400
        else:
            context["groups"] = groups
            context["total"] = sum(g.count for g in groups)
            context["directory_query"] = urlencode({"q": text})
    return render(request, "search/results.html", context, status=status)
