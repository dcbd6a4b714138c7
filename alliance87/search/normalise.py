"""How text is folded before it is indexed or searched, so that both sides meet.

Accents and case go (“Nestlé” and “NESTLE” are both ``nestle``), punctuation splits words, British and
American spellings meet (``labor`` is ``labour``, ``organization`` is ``organisation``), and an
organisation the data names gets its names and acronyms in English, French and Spanish (the ILO is also
the OIT and the BIT). The same function folds what is indexed and what is searched, so the rules only
have to agree with themselves. No database feature is needed: SQLite's FTS5 and PostgreSQL's ``simple``
text search index the folded words as they are.
"""

import re
import unicodedata

# Spellings that differ between British and American English, folded to the British one.
VARIANTS = {
    "labor": "labour",
    "labors": "labours",
    "laborer": "labourer",
    "laborers": "labourers",
    "behavior": "behaviour",
    "neighbor": "neighbour",
    "neighbors": "neighbours",
    "favor": "favour",
    "honor": "honour",
    "center": "centre",
    "centers": "centres",
    "program": "programme",
    "programs": "programmes",
    "defense": "defence",
}
# -ize, -ization and their forms: organization, recognized, mobilizing (a stem of four letters or more,
# so that “size” and “prize” stay as they are).
_IZE = re.compile(r"^([a-z]{4,})iz(e|es|ed|ing|ation|ations|er|ers)$")

# Official names and acronyms of organisations the Alliance's data names, in English, French and Spanish.
# An entry that names one of them (by its acronym, or by one of these names) is found by all of them.
ALIASES = [
    (
        "ILO",
        "OIT",
        "BIT",
        "International Labour Organization",
        "International Labour Office",
        "Organisation internationale du Travail",
        "Bureau international du Travail",
        "Organización Internacional del Trabajo",
        "Oficina Internacional del Trabajo",
    ),
    (
        "FAO",
        "Food and Agriculture Organization of the United Nations",
        "Organisation des Nations Unies pour l’alimentation et l’agriculture",
        "Organización de las Naciones Unidas para la Alimentación y la Agricultura",
    ),
    (
        "IOM",
        "OIM",
        "International Organization for Migration",
        "Organisation internationale pour les migrations",
        "Organización Internacional para las Migraciones",
    ),
    (
        "UNICEF",
        "United Nations Children’s Fund",
        "Fonds des Nations Unies pour l’enfance",
        "Fondo de las Naciones Unidas para la Infancia",
    ),
    (
        "ITUC",
        "CSI",
        "International Trade Union Confederation",
        "Confédération syndicale internationale",
        "Confederación Sindical Internacional",
    ),
    (
        "IOE",
        "OIE",
        "International Organisation of Employers",
        "Organisation internationale des employeurs",
        "Organización Internacional de Empleadores",
    ),
]

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12


def _fold_token(token: str) -> str:
    token = VARIANTS.get(token, token)
    return _IZE.sub(lambda m: f"{m.group(1)}is{m.group(2)}", token)


def words(text: str) -> list[str]:
    """The folded words of ``text``: no accents, no case, no punctuation, one spelling."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # Apostrophes join (l’alimentation → lalimentation would not match “alimentation”): split on them.
    tokens = re.split(r"[^\w]+|_", plain)
    return [_fold_token(t) for t in tokens if t]


def fold(text: str) -> str:
    return " ".join(words(text))


_FOLDED_ALIASES = [[fold(name) for name in group] for group in ALIASES]


def aliases(*, names: list[str] = (), acronyms: list[str] = ()) -> list[str]:
    """Every name and acronym of the organisations that ``names`` (full names) or ``acronyms`` name."""
    folded_names = [f" {fold(n)} " for n in names if n]
    folded_acronyms = {fold(a) for a in acronyms if a}
    found = []
    for group, folded in zip(ALIASES, _FOLDED_ALIASES, strict=True):
        acronym_hit = any(f in folded_acronyms for f in folded if " " not in f)
        name_hit = any(f" {f} " in n for f in folded if " " in f for n in folded_names)
        if acronym_hit or name_hit:
            found.extend(group)
    return found
