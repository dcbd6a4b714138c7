"""Text screening before the queue: the blocklist, and phrases that may be a disclosure of harm.

Both match whole words or phrases, case- and accent-insensitively (Arabic is compared as written,
without its short-vowel marks). The disclosure phrases are a starter list for the safeguarding focal
point to review; a moderator can route any contribution to them too.
"""

import re
import unicodedata

from django.core.cache import cache

from .models import BlockedTerm

CACHE_KEY = "artwork:blocklist:v1"

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


def blocklist() -> list[tuple[str, str, re.Pattern]]:
    terms = cache.get(CACHE_KEY)
    if terms is None:
        terms = list(BlockedTerm.objects.values_list("language", "term"))
        cache.set(CACHE_KEY, terms, 300)
    return [(language, term, _pattern(term)) for language, term in terms]


def blocklist_changed() -> None:
    cache.delete(CACHE_KEY)


def blocklist_hits(text: str) -> list[str]:
    """The blocked terms found in ``text``, as "term (language)"."""
    if not text:
        return []
    plain = normalise(text)
    return [f"{term} ({language})" for language, term, pattern in blocklist() if pattern.search(plain)]


_DISCLOSURE = [_pattern(phrase) for phrases in DISCLOSURE_PHRASES.values() for phrase in phrases]


def may_be_disclosure(text: str) -> bool:
    plain = normalise(text or "")
    return any(pattern.search(plain) for pattern in _DISCLOSURE)
