"""Answers to themes, offline: clean, embed, cluster, apply the theme-set rules, describe each theme.

In the spirit of ThemeFinder's generate → condense → refine → map, without a hosted model:
- clean: courtesy sentences dropped, answers with nothing left set aside, identical answers (case, accents
  and punctuation aside) encoded once, answers of three words or fewer kept out of the grouping;
- embed: each distinct answer once, with the encoder given (the multilingual one by default);
- cluster: spectral clustering, the number of themes chosen between 8 and 20 by the eigengap, or given;
- refine, the theme-set rules: a theme has at least ``MIN_THEME_SIZE`` answers (a smaller one joins the
  nearest theme, or "other" when none is near); no two themes share their label's terms or most of their
  answers (they are merged);
- map: short answers join the nearest theme when near enough; an answer that is also close to a second
  theme is listed there too (secondary), so "fees and passports" counts for both.
- keep stances apart (a question asking for a view, ``stances=True``): no theme holds both agreement and
  disagreement (``stance.py`` reads each answer's side).
Each theme is described by its key terms (c-TF-IDF, overall and per language), a label and description per
language drawn from them and from its most central answer, quotes in the language they were written in,
and who raised it (stakeholder group, region, language); each quote names the answers of the theme that
say nearly the same in its other languages. Same answers, same encoder: same themes.
"""

import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from . import clustering, stance, text
from .encoders import Encoder, default_encoder, encode_chunks

MIN_THEME_SIZE = 5
THEME_RANGE = (8, 20)
SHORT_WORDS = 3  # answers with this many content words or fewer join a theme, never shape one
SHORT_MIN_SIMILARITY = 0.25
SMALL_THEME_MIN_SIMILARITY = 0.5  # a too-small theme joins its nearest one only when at least this close
SAME_THEME_SIMILARITY = 0.9  # two themes whose centres are this close are one
SAME_ANSWERS_OVERLAP = 0.6  # ... and so are two themes sharing this share of their answers
SECONDARY_MIN_SIMILARITY = 0.3  # a clause at least this close to another theme's centre adds it
QUOTES = 5
TERMS = 8
COMMON_TERM_SHARE = 0.12  # a term in more answers than this is left out of labels
# A quote's translation is an answer of the same theme, in another language, at least this close. On the
# labelled set (53,519 pairs of answers in two languages) the closest pair of different hand themes is at
# 0.72, and pairs between 0.70 and 0.75 already say different things ("agencies charging fees must lose
# their licences" beside, in Arabic, "migrants borrow to pay the agents"); from 0.75 up the 122 pairs read
# as one answer translated (docs/consultations.md). Never a machine translation: another participant's words.
TRANSLATION_MIN_SIMILARITY = 0.75
ENCODE_CHUNK = 256
PARALLEL_MIN_TEXTS = 2000  # fewer texts are encoded in a second or two: a second process would not pay
OTHER = "other"

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    language: str = ""
    stakeholder_group: str = ""
    region: str = ""
    quotable: bool = True  # its author agreed to be quoted: quotes are taken from these first


@dataclass(frozen=True)
class Quote:
    answer_id: str
    text: str
    language: str
    # language -> id of an answer in that language saying nearly the same (TRANSLATION_MIN_SIMILARITY)
    translations: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Share:
    value: str
    count: int
    share: float
    role: str  # "majority" (more than half the theme), "minority" (under a fifth) or ""


@dataclass
class Theme:
    key: str
    label: str
    labels: dict[str, str]
    descriptions: dict[str, str]
    terms: list[str]
    terms_by_language: dict[str, list[str]]
    quotes: list[Quote]
    answer_ids: list[str]
    secondary_ids: list[str] = field(default_factory=list)
    breakdown: dict[str, list[Share]] = field(default_factory=dict)
    stance: str = ""  # "agree" or "disagree" when the run kept stances apart and its answers take one

    @property
    def size(self) -> int:
        return len(self.answer_ids)


@dataclass
class Synthesis:
    themes: list[Theme]
    assignments: dict[str, str]  # answer id -> theme key; "" for an answer with nothing to group
    secondary: dict[str, list[str]]
    encoder: str
    encoder_version: str
    k_chosen: int
    gaps: dict[int, float]
    duplicates: list[list[str]]  # answer ids written identically, each group of two or more
    stances: dict[str, str] = field(default_factory=dict)  # answer id -> "agree" / "disagree", when asked

    def theme(self, key: str) -> Theme:
        return next(t for t in self.themes if t.key == key)


def synthesise(
    answers: Iterable[Answer],
    *,
    n_themes: int | None = None,
    theme_range: tuple[int, int] = THEME_RANGE,
    encoder: Encoder | None = None,
    progress: Progress | None = None,
    stances: bool = False,
    workers: int | None = None,
) -> Synthesis:
    """Group ``answers`` into themes; ``n_themes`` fixes their number before the theme-set rules.

    ``stances`` (for a question asking for a view): each answer's stance is read (``stance.of``) and no
    theme holds both agreement and disagreement. ``workers``: processes encoding the answers; by default
    two (on two cores or more) for 2,000 texts or more when this process runs no other thread, else one.
    The themes are the same whatever the number.
    """
    answers = sorted(answers, key=lambda a: a.id)
    encoder = encoder or default_encoder()
    report = progress or (lambda stage, done, total: None)
    run = _Run(answers, encoder, report, stances=stances, workers=workers)
    return run.synthesise(n_themes, theme_range)


def _automatic_workers() -> int:
    # Forking is safe only from a process running one thread (the CLI, the bench): a web server's thread
    # shares its process with others that may hold a lock the child would then wait on forever.
    if threading.active_count() > 1 or not hasattr(os, "sched_getaffinity"):
        return 1
    return min(2, len(os.sched_getaffinity(0)))


class _Run:
    """One synthesis: the arrays every step shares, indexed by answer position."""

    def __init__(
        self, answers: list[Answer], encoder: Encoder, report: Progress, *, stances: bool = False, workers=None
    ):
        self.answers = answers
        self.workers: int | None = workers
        self.encoder = encoder
        self.report = report
        self.cleaned = [text.clean(a.text) for a in answers]
        self.languages = [a.language or text.guess_language(c) for a, c in zip(answers, self.cleaned, strict=True)]
        self.keys = [text.duplicate_key(c) for c in self.cleaned]
        # Each answer's words, read once: key terms and labels look at them theme by theme, many times over.
        # One tuple per distinct (folded, written) pair, shared: 10,000 answers would otherwise hold a quarter
        # of a million small tuples (16 MB more at the peak).
        shared: dict = {}
        self.forms = [[shared.setdefault(pair, pair) for pair in text.word_forms(c)] for c in self.cleaned]
        self.content = [frozenset(text.content_words(c)) for c in self.cleaned]
        self.stances = [stance.of(c) if stances and c else stance.NEITHER for c in self.cleaned]
        self.group_stance: dict[int, str] = {}  # a theme's stance, once stances are kept apart
        self._frequencies: dict[str | None, tuple[Counter, int]] = {}

    def synthesise(self, n_themes: int | None, theme_range: tuple[int, int]) -> Synthesis:
        n = len(self.answers)
        self.report("cleaning", n, n)
        with_content = [i for i in range(n) if self.keys[i]]
        distinct = sorted({self.keys[i] for i in with_content})
        position = {key: p for p, key in enumerate(distinct)}
        first_text = {}
        for i in with_content:
            first_text.setdefault(self.keys[i], self.cleaned[i])
        unique_vectors = self._encode([first_text[key] for key in distinct])
        self.vectors = np.zeros((n, unique_vectors.shape[1] if distinct else 1), dtype=np.float32)
        for i in with_content:
            self.vectors[i] = unique_vectors[position[self.keys[i]]]

        self.report("grouping", 0, 1)
        shaping = [p for p, key in enumerate(distinct) if len(key.split()) > SHORT_WORDS]
        if len(shaping) < MIN_THEME_SIZE:
            shaping = list(range(len(distinct)))
        low, high = theme_range
        labels = np.full(len(distinct), -1)
        k_chosen, gaps = 0, {}
        if shaping:
            fitted, k_chosen, gaps = clustering.cluster(unique_vectors[shaping], n_themes, low, high)
            labels[shaping] = fitted
        self.report("grouping", 1, 1)

        primary = {i: int(labels[position[self.keys[i]]]) for i in with_content}
        primary = self._place_short(primary)
        primary = self._apply_rules(primary)
        if any(self.stances):
            primary = self._apply_rules(self._keep_stances_apart(primary))
        secondary = self._secondary(primary)
        primary, secondary = self._merge_same(primary, secondary)
        themes = self._describe(primary, secondary)
        keys = {group: theme.key for group, theme in themes.items()}
        assignments = {a.id: "" for a in self.answers}
        for i, group in primary.items():
            assignments[self.answers[i].id] = keys[group]
        return Synthesis(
            themes=list(themes.values()),
            assignments=assignments,
            secondary={
                self.answers[i].id: [keys[g] for g in groups] for i, groups in sorted(secondary.items()) if groups
            },
            encoder=self.encoder.name,
            encoder_version=self.encoder.version,
            k_chosen=k_chosen,
            gaps=gaps,
            duplicates=self._duplicates(),
            stances={self.answers[i].id: side for i, side in enumerate(self.stances) if side},
        )

    def _encode(self, texts: list[str], stage: str = "encoding") -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        if not getattr(self.encoder, "independent", False):
            self.report(stage, 0, len(texts))
            vectors = self.encoder.encode(texts)
            self.report(stage, len(texts), len(texts))
            return vectors
        chunks = [texts[start : start + ENCODE_CHUNK] for start in range(0, len(texts), ENCODE_CHUNK)]
        workers = self.workers
        if workers is None:
            workers = _automatic_workers() if len(texts) >= PARALLEL_MIN_TEXTS else 1
        encoded = 0

        def done(count: int) -> None:
            nonlocal encoded
            encoded += count
            if encoded < len(texts):  # the last report waits for the worker processes to have ended
                self.report(stage, encoded, len(texts))

        self.report(stage, 0, len(texts))
        vectors = np.vstack(encode_chunks(self.encoder, chunks, workers=workers, done=done))
        self.report(stage, len(texts), len(texts))
        return vectors

    # -- the theme-set rules -------------------------------------------------------------------------

    def _centres(self, primary: dict[int, int]) -> dict[int, np.ndarray]:
        members = defaultdict(list)
        for i, group in primary.items():
            if group >= 0:
                members[group].append(i)
        return {g: clustering.normalise(self.vectors[ids].sum(axis=0)) for g, ids in sorted(members.items())}

    def _nearest(self, vector: np.ndarray, centres: dict[int, np.ndarray], exclude: int | None = None, side=""):
        """(cosine, group) of the nearest centre, among the themes whose stance does not contradict ``side``."""
        scored = [
            (float(vector @ centre), g)
            for g, centre in centres.items()
            if g != exclude and self._compatible(side, self.group_stance.get(g, ""))
        ]
        return max(scored, default=(-1.0, -1))

    @staticmethod
    def _compatible(side: str, other: str) -> bool:
        return not side or not other or side == other

    def _place_short(self, primary: dict[int, int]) -> dict[int, int]:
        centres = self._centres(primary)
        placed = dict(primary)
        for i, group in primary.items():
            if group < 0:
                similarity, nearest = self._nearest(self.vectors[i], centres)
                placed[i] = nearest if similarity >= SHORT_MIN_SIMILARITY else -1
        return placed

    def _apply_rules(self, primary: dict[int, int]) -> dict[int, int]:
        """Themes under MIN_THEME_SIZE join the nearest theme (or 'other'), the smallest first."""
        while True:
            sizes = Counter(g for g in primary.values() if g >= 0)
            small = sorted((size, g) for g, size in sizes.items() if size < MIN_THEME_SIZE)
            if not small or len(sizes) == 1:
                return primary
            group = small[0][1]
            centres = self._centres(primary)
            side = self.group_stance.get(group, "")
            similarity, nearest = self._nearest(centres[group], centres, exclude=group, side=side)
            target = nearest if similarity >= SMALL_THEME_MIN_SIMILARITY else -1
            if target >= 0 and side:
                self.group_stance[target] = side
            primary = {i: (target if g == group else g) for i, g in primary.items()}

    def _keep_stances_apart(self, primary: dict[int, int]) -> dict[int, int]:
        """Each theme holds one stance: split where both sides are strong, else move the weaker side.

        A theme with at least MIN_THEME_SIZE answers agreeing and as many disagreeing becomes two; its
        answers taking no side go to the part whose centre is nearer. Otherwise the theme takes the stance
        of most of its answers that take one, and the others each join the nearest theme of their own
        stance (when at least SHORT_MIN_SIMILARITY close) or "other". The encoder puts "I agree with a
        global fund" and "I do not agree with a global fund" side by side, so grouping alone mixes them.
        """
        primary = dict(primary)
        members = defaultdict(list)
        for i, g in sorted(primary.items()):
            if g >= 0:
                members[g].append(i)
        next_group = max(members, default=-1) + 1
        moving = []
        for group, ids in sorted(members.items()):
            sides = {side: [i for i in ids if self.stances[i] == side] for side in (stance.AGREE, stance.DISAGREE)}
            agree, disagree = sides[stance.AGREE], sides[stance.DISAGREE]
            if len(agree) >= MIN_THEME_SIZE and len(disagree) >= MIN_THEME_SIZE:
                towards_agree = clustering.normalise(self.vectors[agree].sum(axis=0))
                towards_disagree = clustering.normalise(self.vectors[disagree].sum(axis=0))
                nearer_disagree = self.vectors[ids] @ towards_disagree > self.vectors[ids] @ towards_agree
                for i, nearer in zip(ids, nearer_disagree, strict=True):
                    if self.stances[i] == stance.DISAGREE or (not self.stances[i] and nearer):
                        primary[i] = next_group
                self.group_stance[group], self.group_stance[next_group] = stance.AGREE, stance.DISAGREE
                next_group += 1
            elif len(agree) != len(disagree):
                major, minor = (agree, disagree) if len(agree) > len(disagree) else (disagree, agree)
                self.group_stance[group] = self.stances[major[0]]
                moving += minor
            else:
                moving += agree + disagree  # as many on each side: the theme takes none, both sides move
        for i in moving:
            primary[i] = -1
        centres = self._centres(primary)
        for i in sorted(moving):
            side = self.stances[i]
            of_side = {g: centre for g, centre in centres.items() if self.group_stance.get(g) == side}
            similarity, nearest = self._nearest(self.vectors[i], of_side)
            if similarity >= SHORT_MIN_SIMILARITY:
                primary[i] = nearest
        return primary

    def _secondary(self, primary: dict[int, int]) -> dict[int, list[int]]:
        """Themes an answer also mentions: one of its clauses is nearer another theme than its own.

        The whole answer's vector lies between its two themes and near neither, so each clause of an
        answer with several is encoded and placed on its own.
        """
        centres = self._centres(primary)
        if len(centres) < 2:
            return {}
        groups = list(centres)
        matrix = np.vstack([centres[g] for g in groups])
        clauses = {
            i: parts
            for i, group in primary.items()
            if group >= 0 and len(parts := [c for c in text.clauses(self.cleaned[i]) if _long(c)]) > 1
        }
        distinct = sorted({c for parts in clauses.values() for c in parts})
        vectors = dict(zip(distinct, self._encode(distinct, "encoding clauses"), strict=True)) if distinct else {}
        secondary = {}
        for i, parts in clauses.items():
            found = []
            allowed = np.array([self._compatible(self.stances[i], self.group_stance.get(g, "")) for g in groups])
            for clause in parts:
                similarities = np.where(allowed, matrix @ vectors[clause], -1.0)
                best = int(np.argmax(similarities))
                if groups[best] not in {primary[i], *found} and similarities[best] >= SECONDARY_MIN_SIMILARITY:
                    found.append(groups[best])
            if found:
                secondary[i] = found
        return secondary

    def _merge_same(self, primary, secondary):
        """Two themes are one when their centres nearly coincide or they share most of their answers."""
        while True:
            centres = self._centres(primary)
            members = defaultdict(set)
            for i, g in primary.items():
                members[g].add(i)
            for i, groups in secondary.items():
                for g in groups:
                    members[g].add(i)
            pair = self._same_pair(centres, members)
            if pair is None:
                return primary, secondary
            keep, drop = pair
            self.group_stance[keep] = self.group_stance.get(keep) or self.group_stance.get(drop, "")
            primary = {i: (keep if g == drop else g) for i, g in primary.items()}
            secondary = {
                i: [g for g in dict.fromkeys(keep if g == drop else g for g in groups) if g != primary[i]]
                for i, groups in secondary.items()
            }

    def _same_pair(self, centres, members):
        groups = [g for g in centres if g >= 0]
        labels = {g: frozenset(self._terms(sorted(members[g]), None)[:3]) for g in groups}
        for a_index, a in enumerate(groups):
            for b in groups[a_index + 1 :]:
                if not self._compatible(self.group_stance.get(a, ""), self.group_stance.get(b, "")):
                    continue  # agreement and disagreement on one subject are two themes, however alike
                overlap = len(members[a] & members[b]) / min(len(members[a]), len(members[b]))
                if (
                    float(centres[a] @ centres[b]) >= SAME_THEME_SIMILARITY
                    or overlap >= SAME_ANSWERS_OVERLAP
                    or (labels[a] and labels[a] == labels[b])
                ):
                    return (a, b) if len(members[a]) >= len(members[b]) else (b, a)
        return None

    # -- describing a theme --------------------------------------------------------------------------

    def _terms(self, ids: list[int], language: str | None) -> list[str]:
        """Key terms of the answers ``ids`` against all answers (c-TF-IDF), in one language or all."""
        scope = [i for i in ids if language is None or self.languages[i] == language]
        if not scope:
            return []
        inside = Counter(w for i in scope for w in self.content[i])
        everywhere, documents = self._document_frequency(language)
        total = sum(inside.values())
        scored = {
            w: (count / total) * np.log(1 + documents / everywhere[w]) for w, count in inside.items() if count >= 2
        }
        return sorted(scored, key=lambda w: (-scored[w], w))[:TERMS]

    def _document_frequency(self, language: str | None) -> tuple[Counter, int]:
        """How many answers (of the language, or all) use each word, and how many answers there are."""
        if language not in self._frequencies:
            scope = [i for i in range(len(self.answers)) if self.keys[i] and language in {None, self.languages[i]}]
            counts = Counter(w for i in scope for w in self.content[i])
            self._frequencies[language] = (counts, len(scope))
        return self._frequencies[language]

    def _distinctive(self, terms: list[str], language: str | None) -> list[str]:
        """Terms used by at most ``COMMON_TERM_SHARE`` of the answers: "children" names no theme."""
        counts, documents = self._document_frequency(language)
        return [t for t in terms if counts.get(text.fold(t), 0) <= COMMON_TERM_SHARE * documents]

    def _surfaces(self, terms: list[str], ids: list[int]) -> list[str]:
        """The terms as most answers wrote them (école, not the folded ecole)."""
        wanted = set(terms)
        seen = Counter((folded, written) for i in ids for folded, written in self.forms[i] if folded in wanted)
        best: dict[str, tuple[int, str]] = {}
        for (folded, written), count in seen.items():  # the first written form seen wins a tie
            if count > best.get(folded, (0, ""))[0]:
                best[folded] = (count, written)
        return [best[term][1] if term in best else term for term in terms]

    def _describe(self, primary, secondary) -> dict[int, Theme]:
        members = defaultdict(list)
        for i, g in sorted(primary.items()):
            members[g].append(i)
        seconds = defaultdict(list)
        for i, groups in sorted(secondary.items()):
            for g in groups:
                seconds[g].append(i)
        centres = self._centres(primary)
        order = sorted(members, key=lambda g: (g < 0, -len(members[g]), min(self.answers[i].id for i in members[g])))
        themes = {}
        for number, group in enumerate(order, start=1):
            self.report("describing", number - 1, len(order))
            ids = members[group]
            key = OTHER if group < 0 else f"T{number:02d}"
            themes[group] = self._theme(key, ids, seconds[group], centres.get(group))
            themes[group].stance = self.group_stance.get(group, "") if group >= 0 else ""
        self.report("describing", len(order), len(order))
        return themes

    def _theme(self, key: str, ids: list[int], second_ids: list[int], centre) -> Theme:
        if centre is None:
            centre = clustering.normalise(self.vectors[ids].sum(axis=0))
        closeness = self.vectors[ids] @ centre
        central = [ids[p] for p in sorted(range(len(ids)), key=lambda p: (-closeness[p], self.answers[ids[p]].id))]
        by_language = Counter(self.languages[i] for i in ids if self.languages[i])
        terms = self._surfaces(self._terms(ids, None), ids)
        terms_by_language, labels, descriptions = {}, {}, {}
        for language in sorted(by_language):
            in_language = [i for i in ids if self.languages[i] == language]
            found = self._surfaces(self._terms(in_language, language), in_language)
            terms_by_language[language] = found
            labels[language] = _label(self._distinctive(found, language) or found or terms)
            representative = next(
                (i for i in central if self.languages[i] == language and len(self.keys[i].split()) > SHORT_WORDS),
                next(i for i in central if self.languages[i] == language),
            )
            descriptions[language] = self.cleaned[representative]
        main_language = max(by_language, key=lambda lang: (by_language[lang], lang == "en"), default="")
        label = "Other" if key == OTHER else labels.get(main_language) or _label(self._distinctive(terms, None))
        return Theme(
            key=key,
            label=label,
            labels=labels,
            descriptions=descriptions,
            terms=terms,
            terms_by_language=terms_by_language,
            quotes=self._quotes(central),
            answer_ids=[self.answers[i].id for i in ids],
            secondary_ids=[self.answers[i].id for i in second_ids],
            breakdown=self._breakdown(ids),
        )

    def _quotes(self, central: list[int]) -> list[Quote]:
        """The answers nearest the theme's centre, one per language first, never two alike; answers whose
        authors agreed to be quoted before any other (a quote of someone who did not agree stays inside the
        team: taken first, it would have left a priority's page with no quote at all)."""
        long = [i for i in central if len(self.keys[i].split()) > SHORT_WORDS] or central
        quotable = [i for i in long if self.answers[i].quotable]
        candidates = quotable + [i for i in long if not self.answers[i].quotable]
        chosen: list[int] = []

        def take(i):
            if len(chosen) < QUOTES and all(
                self.keys[i] != self.keys[j] and float(self.vectors[i] @ self.vectors[j]) < 0.95 for j in chosen
            ):
                chosen.append(i)

        for group in (quotable, candidates):
            for language in dict.fromkeys(self.languages[i] for i in group):
                take(next(i for i in group if self.languages[i] == language))
            for i in group:
                take(i)
        chosen.sort(key=lambda i: (not self.answers[i].quotable, central.index(i)))
        return [
            Quote(self.answers[i].id, self.answers[i].text, self.languages[i], self._translations(i, central))
            for i in chosen
        ]

    def _translations(self, quoted: int, ids: list[int]) -> dict[str, str]:
        """For each other language of the theme, the answer nearest the quote when near enough to be one."""
        found = {}
        closeness = self.vectors[ids] @ self.vectors[quoted]
        for language in sorted({self.languages[i] for i in ids} - {self.languages[quoted], ""}):
            # ``ids`` is in a fixed order (nearest the centre first, then by id): a tie goes the same way each run
            best = max((p for p, i in enumerate(ids) if self.languages[i] == language), key=lambda p: closeness[p])
            if closeness[best] >= TRANSLATION_MIN_SIMILARITY:
                found[language] = self.answers[ids[best]].id
        return found

    def _breakdown(self, ids: list[int]) -> dict[str, list[Share]]:
        breakdown = {}
        for dimension in ("stakeholder_group", "region", "language"):
            if dimension == "language":
                values = Counter(self.languages[i] or "" for i in ids)
            else:
                values = Counter(getattr(self.answers[i], dimension) for i in ids)
            values.pop("", None)
            total = sum(values.values())
            breakdown[dimension] = [
                Share(value, count, count / total, _role(count / total))
                for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
            ]
        return breakdown

    def _duplicates(self) -> list[list[str]]:
        groups = defaultdict(list)
        for answer, key in zip(self.answers, self.keys, strict=True):
            if key:
                groups[key].append(answer.id)
        return sorted(ids for ids in groups.values() if len(ids) > 1)


def _long(value: str) -> bool:
    return len(text.content_words(value)) > SHORT_WORDS


def _label(terms: list[str]) -> str:
    picked = terms[:3]
    return ", ".join(picked).capitalize() if picked else ""


def _role(share: float) -> str:
    if share > 0.5:
        return "majority"
    return "minority" if share < 0.2 else ""
