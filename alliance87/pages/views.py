"""The site's own pages: the glossary, about, contact and privacy. Facts only from the project's domain
notes (docs/domain.md); what they do not state is not written here."""

from django.conf import settings
from django.shortcuts import render

from alliance87.artwork.models import PERSONAL_DATA_DAYS
from alliance87.pagecache import public_page

from .glossary import TERMS


@public_page
def glossary(request):
    return render(request, "pages/glossary.html", {"terms": TERMS})


@public_page
def about(request):
    return render(request, "pages/about.html")


@public_page
def contact(request):
    return render(request, "pages/contact.html", {"contact_email": getattr(settings, "CONTACT_EMAIL", "")})


@public_page
def privacy(request):
    return render(
        request,
        "pages/privacy.html",
        {
            "artwork_days": PERSONAL_DATA_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            # js/site.js sets the same cookie for the same year (its max-age) when a page is read.
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
            "language_cookie_days": settings.LANGUAGE_COOKIE_AGE // 86400,
        },
    )
