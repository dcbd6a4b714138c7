"""Text screening before the queue: the blocklist, and phrases that may be a disclosure of harm.

Both match whole words or phrases, case- and accent-insensitively (Arabic is compared as written,
without its short-vowel marks). The disclosure phrases are a starter list for the safeguarding focal
point to review; a moderator can route any contribution to them too.
"""

import re
import unicodedata

from django.core.cache import cache

from .models import BlockedTerm

CACHE_PREFIX = "artwork:blocklist:v2"
SHARED = "shared"  # the starter list every banner uses (terms without a banner)

# Phrases that may mean a contributor is telling of harm to themselves: held for safeguarding.
DISCLOSURE_PHRASES = {
    "en": ["help me", "i was trafficked", "i am being", "forced me", "they took my passport", "hurt me", "abused me"],
    "fr": ["aidez-moi", "aide-moi", "on m'a forcé", "on m'a forcée", "ils ont pris mon passeport", "on me frappe"],
    "es": ["ayúdame", "ayudenme", "me obligaron", "me quitaron el pasaporte", "me pegan", "abusaron de mí"],
    "ar": ["ساعدني", "أجبروني", "أخذوا جواز سفري"],
}


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.replace("’", "'").split())


def _pattern(phrase: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(normalise(phrase)) + r"(?!\w)")


def _key(banner_id: int | None) -> str:
    return f"{CACHE_PREFIX}:{SHARED if banner_id is None else banner_id}"


def blocklist(banner_id: int | None) -> list[tuple[str, str, re.Pattern]]:
    """The terms a banner's contributions are screened against: the shared list and the banner's own
    (one cache round trip; each list is read from the database once when its cache is empty)."""
    keys = [_key(None)] if banner_id is None else [_key(None), _key(banner_id)]
    cached = cache.get_many(keys)
    terms = []
    for key, owner in zip(keys, (None, banner_id), strict=False):
        found = cached.get(key)
        if found is None:
            found = list(BlockedTerm.objects.filter(banner_id=owner).values_list("language", "term"))
            cache.set(key, found, 300)
        terms.extend(found)
    return [(language, term, _pattern(term)) for language, term in dict.fromkeys(map(tuple, terms))]


def blocklist_changed(banner_id: int | None = None) -> None:
    """Forget the cached list of ``banner_id`` (None: the shared list)."""
    cache.delete(_key(banner_id))


def blocklist_hits(texts: str | list[str], *, banner_id: int | None = None) -> list[str]:
    """The blocked terms found in any of ``texts`` (each field on its own), as "term (language)", once each."""
    texts = [texts] if isinstance(texts, str) else texts
    plain = [normalise(text) for text in texts if text]
    if not plain:
        return []
    return [
        f"{term} ({language})"
        for language, term, pattern in blocklist(banner_id)
        if any(pattern.search(text) for text in plain)
    ]


_DISCLOSURE = [_pattern(phrase) for phrases in DISCLOSURE_PHRASES.values() for phrase in phrases]


def may_be_disclosure(texts: str | list[str]) -> bool:
    """Whether any of ``texts`` holds a phrase that may be a disclosure of harm. Each field is read on its
    own, so two fields never make a phrase between them."""
    texts = [texts] if isinstance(texts, str) else texts
    return any(pattern.search(normalise(text)) for text in texts if text for pattern in _DISCLOSURE)
