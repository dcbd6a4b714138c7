from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language


def site(request):
    """What the shared layout needs: the language links (plain links, so pages stay cacheable).

    An English address carries no language, so the English link goes through
    ``first_language.choose_language``, which remembers the choice on the device before showing the
    page: without it, a French browser choosing English would be sent back to French. The other links
    go straight to the page (``page_url``, also the ``hreflang`` alternates); reading it remembers its
    language (js/site.js).
    """
    path = request.get_full_path()
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        page_url = translate_url(path, code)
        url = page_url
        if code == settings.LANGUAGE_CODE:
            url = f"{reverse('choose_language', args=[code])}?{urlencode({'next': page_url})}"
        links.append(
            {
                "code": code,
                "name": settings.LANGUAGE_NAMES_NATIVE[code],
                "url": url,
                "page_url": page_url,
                "current": code == current,
            }
        )
    # A page read in French, Spanish or Arabic is remembered on the device (js/site.js).
    remember = current != settings.LANGUAGE_CODE
    return {"language_links": links, "remember_language": remember, "demo_mode": settings.DEMO}
