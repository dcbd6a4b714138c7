from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """What the shared layout needs: the language links (plain links, so pages stay cacheable)."""
    path = request.get_full_path()
    current = get_language()
    return {
        "language_links": [
            {
                "code": code,
                "name": settings.LANGUAGE_NAMES_NATIVE[code],
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
        "demo_mode": settings.DEMO,
    }
