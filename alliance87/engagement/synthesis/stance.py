"""Does an answer agree or disagree? Cue phrases in EN/FR/ES/AR, with negation, no model.

Used when a question asks for a view (``synthesise(..., stances=True)``): the engine keeps the two sides
in different themes, since ThemeFinder's users asked that "agree" and "disagree" never be counted as one
theme. Cue lists rather than a classifier because they can be read, argued with and extended by the
secretariat, and because the encoder places "I agree with X" and "I do not agree with X" side by side.

How an answer is read: its words are folded (case, accents, Arabic diacritics and hamza forms aside),
"n't" becomes "not" and elisions are cut (d'accord → d accord). Cue phrases are matched longest first,
each word used once, so "could not agree more" is agreement and "disagree" is never read as "agree". A
cue with a negation in the three words before it counts for the other side: "I do not agree", "je ne
suis pas d'accord", "no estoy de acuerdo", "لا أوافق", "غير موافق". An answer opening with "Yes," /
"Oui" / "Sí" / "نعم" agrees, one opening with "No," / "Non," / "لا،" disagrees. The side with more cues
wins; as many on each side, or none, is "" (neither).
"""

import re

from . import text

AGREE, DISAGREE, NEITHER = "agree", "disagree", ""
NEGATION_WINDOW = 3

# Phrases as folded words, one phrase a string. "support" alone is not a cue: "support survivors" is a
# theme of this field, not a view; "against" alone neither ("fight against forced labour").
_AGREE_CUES = {
    "en": "agree|agreed|i support|we support|fully support|strongly support|support this|support the proposal|"
    "in favour|in favor|i approve|we approve|good idea|could not agree more|i endorse|we endorse",
    "fr": "d accord|je soutiens|nous soutenons|suis favorable|sommes favorables|j approuve|nous approuvons|bonne idee",
    "es": "de acuerdo|apoyo la propuesta|apoyamos|estoy a favor|estamos a favor|a favor|buena idea",
    "ar": "اوافق|نوافق|موافق|موافقون|موافقين|موافقا|اويد|نويد|مويد|مويدون",
}
# "opposed" alone is not a cue either: "we are opposed to child labour" says nothing about the proposal.
_DISAGREE_CUES = {
    "en": "disagree|disagreed|i oppose|we oppose|strongly oppose|not support|bad idea|i reject|we reject",
    "fr": "desaccord|je m oppose|nous nous opposons|je suis contre|nous sommes contre|suis defavorable|"
    "sommes defavorables|mauvaise idee|je rejette|nous rejetons|ne soutiens pas|ne soutenons pas|"
    "n approuve pas|n approuvons pas",
    "es": "desacuerdo|me opongo|nos oponemos|estoy en contra|estamos en contra|mala idea|rechazamos",
    "ar": "اعارض|نعارض|معارض|معارضون|ارفض|نرفض|رافض|رافضون",
}
_NEGATIONS = set(
    "not no never hardly ne n pas jamais guere nunca jamas tampoco ni لا لست لسنا غير ليس ليست لم لن ما".split()
)
# Arabic words carry the conjunction "and" (و) or "so" (ف) as a first letter: وأوافق, فنحن.
_ARABIC_PREFIXES = ("و", "ف")
_OPENING_YES = re.compile(r"^\W*(?:yes|oui|sí|نعم)\b", re.IGNORECASE)
_OPENING_NO = re.compile(r"^\W*(?:no|non|لا)\s*[,.!;:،]", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي"})


def _cues(by_language: dict[str, str]) -> list[tuple[str, ...]]:
    return [tuple(cue.split()) for phrases in by_language.values() for cue in phrases.split("|")]


_CUES = sorted(
    [(cue, AGREE) for cue in _cues(_AGREE_CUES)] + [(cue, DISAGREE) for cue in _cues(_DISAGREE_CUES)],
    key=lambda item: (-len(item[0]), item[0]),
)
_ARABIC_CUE_WORDS = {cue[0] for cue, _side in _CUES if len(cue) == 1 and _ARABIC_LETTER.search(cue[0])}


def tokens(value: str) -> list[str]:
    """The folded words the cues are matched against."""
    folded = text.fold(value).translate(_HAMZA).replace("’", "'")
    folded = re.sub(r"n't\b", " not", folded).replace("cannot", "can not")
    return [_unprefixed(token) for token in _TOKEN.findall(folded)]


def _unprefixed(token: str) -> str:
    if token.startswith(_ARABIC_PREFIXES) and token[1:] in _ARABIC_CUE_WORDS:
        return token[1:]
    return token


def of(value: str) -> str:
    """ "agree", "disagree" or "" (neither, or as much of both) for one answer."""
    words = tokens(value)
    used = [False] * len(words)
    counts = {AGREE: 0, DISAGREE: 0}
    opening = text.fold(value).translate(_HAMZA)
    if _OPENING_YES.match(value.casefold()):
        counts[AGREE] += 1
    elif _OPENING_NO.match(opening):
        counts[DISAGREE] += 1
    for cue, side in _CUES:
        size = len(cue)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) != cue or any(used[start : start + size]):
                continue
            used[start : start + size] = [True] * size
            negated = any(w in _NEGATIONS for w in words[max(0, start - NEGATION_WINDOW) : start])
            counts[_other(side) if negated else side] += 1
    if counts[AGREE] == counts[DISAGREE]:
        return NEITHER
    return AGREE if counts[AGREE] > counts[DISAGREE] else DISAGREE


def _other(side: str) -> str:
    return DISAGREE if side == AGREE else AGREE
