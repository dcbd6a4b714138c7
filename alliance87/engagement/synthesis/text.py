"""The words of an answer: accent folding, courtesy sentences, tokens and a language guess.

Kept apart from the engine because the fallback encoder and the key terms both need the same
tokens, and because the courtesy and stop-word lists are what a reviewer will want to read and extend.
"""

import re
import unicodedata
from functools import lru_cache

# Arabic diacritics (harakat) and the tatweel: dropped when folding, like Latin accents.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?؟;\n])\s+")
_CLAUSE_BREAK = re.compile(r"(?<=[.!?؟;:\n])\s+|,\s+(?=(?:so|and so|donc|alors|así que|por eso)\s)", re.IGNORECASE)
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

# A sentence made only of thanks, greetings or sign-offs says nothing about a theme. A sentence counts as
# courtesy when it opens with one of these (after folding) and is short; "Thank you. Fund the inspectors."
# keeps its second sentence.
_COURTESY_OPENINGS = (
    "thank",
    "thanks",
    "many thanks",
    "dear",
    "hello",
    "hi ",
    "good morning",
    "best regards",
    "kind regards",
    "regards",
    "best wishes",
    "sincerely",
    "merci",
    "bonjour",
    "cordialement",
    "bien cordialement",
    "salutations",
    "chers",
    "madame",
    "gracias",
    "muchas gracias",
    "hola",
    "saludos",
    "estimados",
    "atentamente",
    "شكرا",
    "مع التحية",
    "السلام عليكم",
    "تحياتي",
)
_COURTESY_MAX_WORDS = 10
# Answers that say "nothing to add" in so many words.
_EMPTY_ANSWERS = {"n a", "na", "none", "nothing", "no comment", "rien", "aucun", "nada", "ninguno", "لا شيء", "لا"}

# Words that carry no theme. Short lists on purpose: key terms should keep "child", "labour", "travail".
STOP_WORDS = {
    "en": set(
        "a an the and or but of to in on at for from by with without as is are was were be been being it its this "
        "that these those there their they them we our us you your i my me he she his her not no nor so than too "
        "very can cannot could should would must will shall may might do does did done have has had more most "
        "also only just all any each every other such own same into over under about after before between "
        "through during up down out off again further then once here where when why how which who whom what "
        "need needs please thank thanks if until while because keep make get".split()
    ),
    "fr": set(
        "le la les un une des du de d l et ou mais donc or ni car à au aux en dans sur sous par pour avec sans "
        "ce cet cette ces qui que qu quoi dont où est sont était être été avoir a ont il ils elle elles on nous "
        "vous je tu leur leurs son sa ses notre nos votre vos plus moins très tout tous toute toutes pas ne n "
        "se s y doit doivent faut il faut même aussi comme si merci bien".split()
    ),
    "es": set(
        "el la los las un una unos unas de del al y o pero ni en con sin por para sobre entre que quien cual "
        "donde como cuando es son era ser sido estar está están hay ha han se su sus nuestro nuestra nuestros "
        "lo le les mi tu yo nosotros ellos ellas muy más menos todo todos toda todas no sí también ya debe "
        "deben hay que gracias casi necesitan".split()
    ),
    "ar": set(
        "في من إلى على عن مع أن إن أو و ثم هذا هذه ذلك تلك التي الذي الذين هو هي هم نحن كل لا ما لم لن قد "
        "كان كانت يجب ويجب حتى بين عند بعد قبل أي شكرا".split()
    ),
}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents (é → e, ñ → n) or Arabic diacritics: typed with or without them, one word.

    Cached: it is called on every word of every answer, and a consultation's answers share their words.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _ARABIC_MARKS.sub("", text)


def word_forms(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for each word; an elided article goes (l'école → ecole, école)."""
    forms = []
    for token in _WORD.findall(text.casefold()):
        written = token.replace("’", "'").split("'")[-1]
        forms.append((fold(written), written))
    return forms


def words(text: str) -> list[str]:
    """The folded words of a text."""
    return [folded for folded, _ in word_forms(text)]


def content_words(text: str) -> list[str]:
    """Folded words without stop words (of any of the four languages) or one-letter words."""
    return [w for w in words(text) if len(w) > 1 and w not in _FOLDED_STOP_WORDS]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def clauses(text: str) -> list[str]:
    """Sentences, cut again at semicolons and at ', so' / ', donc' / ', así que': one idea each, mostly."""
    return [c.strip(" ,;") for c in _CLAUSE_BREAK.split(text.strip()) if c.strip(" ,;")]


def is_courtesy(sentence: str) -> bool:
    folded = " ".join(words(sentence))
    if not folded:
        return True
    if len(folded.split()) > _COURTESY_MAX_WORDS:
        return False
    return any(folded == o.strip() or folded.startswith(fold(o)) for o in _COURTESY_OPENINGS)


def clean(text: str) -> str:
    """The answer without its courtesy sentences; '' when nothing is left or it says 'nothing to add'."""
    kept = [s for s in sentences(text or "") if not is_courtesy(s)]
    cleaned = " ".join(kept).strip()
    if " ".join(words(cleaned)) in _EMPTY_ANSWERS:
        return ""
    return cleaned


def duplicate_key(text: str) -> str:
    """Two answers with the same key are the same answer (case, accents, punctuation and spacing aside)."""
    return " ".join(words(text))


def guess_language(text: str) -> str:
    """en, fr, es or ar from the script and stop words; '' when there is nothing to go on.

    Used only when the CSV or the form gave no language: the engine centres each language's vectors.
    """
    if _ARABIC_LETTER.search(text):
        return "ar"
    found = words(text)
    scores = {lang: sum(w in _FOLDED_BY_LANGUAGE[lang] for w in found) for lang in ("en", "fr", "es")}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] else ""


_FOLDED_BY_LANGUAGE = {lang: {fold(w) for w in ws} for lang, ws in STOP_WORDS.items()}
_FOLDED_STOP_WORDS = set().union(*_FOLDED_BY_LANGUAGE.values())
