"""The public thematic priorities: the list of those published (``/priorities/``) and each one's page, the
evidence trail from the priority to the themes, their counts, the quotes in the words people wrote (in their
language, marked so) and the conference outcome areas. A draft is a 404 to anyone but the secretariat; a
withdrawn priority keeps its page, marked withdrawn, and leaves the list.

Thin: the getter and the evidence are ``selectors_priorities``.
"""

from django.shortcuts import render
from django.urls import path

from alliance87.pagecache import public_page

from .. import selectors_priorities as selectors


@public_page
def index(request):
    return render(
        request,
        "engagement/priorities.html",
        {
            "priorities": selectors.published_priorities(),
            "manages": request.user.has_perm("engagement.manage_priorities"),
        },
    )


@public_page
def detail(request, slug):
    priority = selectors.priority_for_page(slug, request.user)
    evidence = selectors.evidence_of(priority)
    return render(
        request,
        "engagement/priority.html",
        {
            "priority": priority,
            "evidence": evidence,
            "linked": {c.pk for c in evidence.consultations if selectors.public_consultation(c)},
            "manages": request.user.has_perm("engagement.manage_priorities"),
        },
    )


urls = [
    path("priorities/", index, name="priorities"),
    path("priorities/<slug:slug>/", detail, name="priority"),
]
