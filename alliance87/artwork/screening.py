"""Text screening before the queue: the blocklist, and phrases that may be a disclosure of harm.

Both match whole words or phrases, case- and accent-insensitively (Arabic is compared as written,
without its short-vowel marks). The disclosure cues are data (``DisclosureCue``), kept by the safeguarding
focal point and the secretariat from the safeguarding page; a migration seeds a starter list. Every active
cue is read in every language: a contribution in French may quote an English phrase. A moderator can route
any contribution to safeguarding too.
"""

import re
import unicodedata
from functools import lru_cache

from django.core.cache import cache

from .models import BlockedTerm, DisclosureCue
from .starter_cues import STARTER

CACHE_PREFIX = "artwork:blocklist:v2"
CUES_KEY = "artwork:disclosure-cues:v1"
CACHE_SECONDS = 300
SHARED = "shared"  # the starter list every banner uses (terms without a banner)


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.replace("’", "'").split())


def _pattern(phrase: str, *, endings: bool = False) -> re.Pattern:
    """``phrase`` as whole words; with ``endings``, a ``*`` at the end of a word stands for any ending."""
    body = re.escape(normalise(phrase))
    if endings:
        body = body.replace(r"\*", r"\w*")
    return re.compile(r"(?<!\w)" + body + r"(?!\w)")


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
            cache.set(key, found, CACHE_SECONDS)
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


def cues() -> list[tuple[str, re.Pattern]]:
    """The active disclosure cues as patterns: read from the database once when the cache is empty, and
    compiled once per process and list (a contribution is screened 50 times a second at the peak)."""
    phrases = cache.get(CUES_KEY)
    if phrases is None:
        rows = list(DisclosureCue.objects.values_list("phrase", "active"))
        if rows:
            phrases = sorted({phrase for phrase, active in rows if active})
        else:  # no cue at all, not even one set aside: never screen against nothing (``starter_cues``)
            phrases = sorted(
                {" ".join(p.casefold().split()) for kinds in STARTER.values() for ps in kinds.values() for p in ps}
            )
        cache.set(CUES_KEY, phrases, CACHE_SECONDS)
    return _compiled(tuple(phrases))


@lru_cache(maxsize=4)
def _compiled(phrases: tuple[str, ...]) -> list[tuple[str, re.Pattern]]:
    return [(phrase, _pattern(phrase, endings=True)) for phrase in phrases]


def cues_changed() -> None:
    """Forget the cached cues: the next screening reads them again."""
    cache.delete(CUES_KEY)


def disclosure_hits(texts: str | list[str]) -> list[str]:
    """The cues found in any of ``texts``. Each field is read on its own, so two fields never make a
    phrase between them."""
    texts = [texts] if isinstance(texts, str) else texts
    plain = [normalise(text) for text in texts if text]
    if not plain:
        return []
    return [phrase for phrase, pattern in cues() if any(pattern.search(text) for text in plain)]


def may_be_disclosure(texts: str | list[str]) -> bool:
    """Whether any of ``texts`` holds a cue that may be a disclosure of harm (see ``disclosure_hits``)."""
    texts = [texts] if isinstance(texts, str) else texts
    plain = [normalise(text) for text in texts if text]
    return bool(plain) and any(pattern.search(text) for text in plain for _phrase, pattern in cues())
