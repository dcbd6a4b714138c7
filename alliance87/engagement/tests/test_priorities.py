"""Thematic priorities: who may write them, when publishing is refused (the exact reasons), whom it tells,
and which answers may be quoted on the evidence trail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from alliance87.engagement import priorities, selectors_priorities
from alliance87.engagement.models import Answer, OutcomeArea, OutcomeDocument, Priority
from alliance87.testing import make_user

from .making import answer_first_question, make_consultation, make_theme


@pytest.fixture
def consultation(cast):
    return make_consultation(cast.secretariat)  # held in English, French and Spanish


@pytest.fixture
def theme(cast, consultation):
    by = cast.secretariat
    answers = [
        answer_first_question(consultation, by, text="Fund labour inspection in every district"),
        answer_first_question(
            consultation, by, text="Financer l’inspection du travail", language="fr", group="government"
        ),
    ]
    return make_theme(by, consultation, label="Labour inspection", answers=answers)


def _draft(by, **fields):
    return priorities.priority_create(
        by=by,
        title="Fund labour inspection",
        summary="Inspectors in every district.",
        translations={
            "fr": {"title": "Financer l’inspection du travail", "summary": "Des inspecteurs partout."},
            "es": {"title": "Financiar la inspección del trabajo", "summary": "Inspectores en cada distrito."},
        },
        **fields,
    )


def _messages(error: ValidationError) -> list[str]:
    return error.messages


def test_the_durban_and_marrakech_outcomes_are_loaded(db):
    durban = OutcomeDocument.objects.get(slug="durban-call-to-action")
    assert durban.conference == "5th Global Conference, Durban, 15-20 May 2022"
    areas = list(durban.areas.order_by("number"))
    assert [a.number for a in areas] == [1, 2, 3, 4, 5, 6]
    assert areas[1].title == "End child labour in agriculture"
    assert areas[1].translations["fr"]["title"] == "Éliminer le travail des enfants dans l’agriculture"
    marrakech = OutcomeDocument.objects.get(slug="marrakech-framework-for-action")
    assert marrakech.title == "Marrakech Global Framework for Action against Child Labour"
    assert not marrakech.areas.exists()
    assert "adopted unanimously" in marrakech.description and "2030" in marrakech.description
    assert "not been verified" in marrakech.description


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "reviewer", "safeguarding"])
def test_only_the_secretariat_writes_priorities(cast, theme, who):
    person = getattr(cast, who)
    priority = _draft(cast.secretariat)
    area = OutcomeArea.objects.first()
    calls = [
        lambda: priorities.priority_create(by=person, title="Mine"),
        lambda: priorities.priority_update(by=person, priority=priority, title="Changed"),
        lambda: priorities.priority_set_evidence(by=person, priority=priority, themes=[theme], outcome_areas=[]),
        lambda: priorities.publish_priority(by=person, priority=priority),
        lambda: priorities.withdraw_priority(by=person, priority=priority),
        lambda: priorities.outcome_document_create(by=person, title="Mine"),
        lambda: priorities.outcome_area_add(by=person, document=area.document, title="Mine"),
        lambda: priorities.outcome_area_update(by=person, area=area, title="Mine"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    priority.refresh_from_db()
    assert (priority.title, priority.status, priority.themes.count()) == ("Fund labour inspection", "draft", 0)


def test_publishing_without_evidence_is_refused(cast):
    priority = _draft(cast.secretariat)
    with pytest.raises(ValidationError) as refused:
        priorities.publish_priority(by=cast.secretariat, priority=priority)
    assert _messages(refused.value) == [
        "It has no evidence: attach at least one reviewed theme or conference outcome area before publishing."
    ]
    assert Priority.objects.get().status == "draft"


def test_a_theme_whose_review_is_not_finished_is_refused(cast, consultation):
    answer = answer_first_question(consultation, cast.secretariat, text="Data on child labour")
    unreviewed = make_theme(cast.secretariat, consultation, label="Data", answers=[answer], reviewed=False)
    priority = _draft(cast.secretariat)
    with pytest.raises(ValidationError) as refused:
        priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[unreviewed], outcome_areas=[])
    assert refused.value.message_dict["themes"] == [
        "The theme “Data” comes from a synthesis of “Priorities after Durban” whose review is not finished."
    ]
    # Attached before the review was reopened (here: directly), it still blocks publishing.
    priority.themes.add(unreviewed)
    with pytest.raises(ValidationError) as refused:
        priorities.publish_priority(by=cast.secretariat, priority=priority)
    assert _messages(refused.value) == [
        "The theme “Data” comes from a synthesis of “Priorities after Durban” whose review is not finished."
    ]


def test_a_merged_theme_is_refused(cast, consultation):
    answer = answer_first_question(consultation, cast.secretariat, text="Data on child labour")
    merged = make_theme(cast.secretariat, consultation, label="Data", answers=[answer], status="merged")
    with pytest.raises(ValidationError) as refused:
        priorities.priority_set_evidence(
            by=cast.secretariat, priority=_draft(cast.secretariat), themes=[merged], outcome_areas=[]
        )
    assert refused.value.message_dict["themes"] == [
        "The theme “Data” was merged or discarded in the review: attach the theme that stands instead."
    ]


def test_a_missing_translation_in_a_language_of_the_consultation_blocks_publishing(cast, theme):
    priority = priorities.priority_create(
        by=cast.secretariat,
        title="Fund labour inspection",
        summary="Inspectors in every district.",
        translations={"fr": {"title": "Financer l’inspection du travail"}},
    )
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[theme], outcome_areas=[])
    with pytest.raises(ValidationError) as refused:
        priorities.publish_priority(by=cast.secretariat, priority=priority)
    held = "and “Priorities after Durban” was held in %s: add it before publishing."
    assert _messages(refused.value) == [
        "The summary has no French translation, " + held % "French",
        "The title has no Spanish translation, " + held % "Spanish",
        "The summary has no Spanish translation, " + held % "Spanish",
    ]


def test_an_outcome_area_alone_asks_no_translation(cast):
    priority = priorities.priority_create(by=cast.secretariat, title="Social protection for every family")
    area = OutcomeArea.objects.get(document__slug="durban-call-to-action", number=5)
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[], outcome_areas=[area])
    priorities.publish_priority(by=cast.secretariat, priority=priority)
    assert Priority.objects.get().status == "published"


def test_publishing_tells_the_team_and_the_secretariat_with_the_link(
    cast, consultation, theme, django_capture_on_commit_callbacks
):
    analyst = make_user("analyst@example.org")
    analyst.language = "fr"
    analyst.save()
    consultation.team.add(analyst)
    other = make_user("colleague@example.org", role="secretariat")
    priority = _draft(cast.secretariat)
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[theme], outcome_areas=[])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        priorities.publish_priority(by=cast.secretariat, priority=priority)
    priority.refresh_from_db()
    assert priority.status == "published" and priority.published_by == cast.secretariat
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {analyst.email, other.email}  # not the person who published it
    assert "/fr/priorities/fund-labour-inspection/" in to[analyst.email].body
    assert "Financer l’inspection du travail" in to[analyst.email].subject
    assert "/priorities/fund-labour-inspection/" in to[other.email].body
    assert "“Priorities after Durban”" in to[other.email].body


def test_a_published_priority_keeps_its_evidence_and_translations(cast, theme):
    priority = _draft(cast.secretariat)
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[theme], outcome_areas=[])
    priorities.publish_priority(by=cast.secretariat, priority=priority)
    with pytest.raises(ValidationError) as refused:
        priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[], outcome_areas=[])
    assert _messages(refused.value)[0] == "It is published, so this change is refused:"
    assert Priority.objects.get().themes.count() == 1
    with pytest.raises(ValidationError):
        priorities.priority_update(by=cast.secretariat, priority=priority, translations={})
    assert Priority.objects.get().translations["es"]["title"] == "Financiar la inspección del trabajo"


def test_withdraw_and_publish_again(cast, theme):
    priority = _draft(cast.secretariat)
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[theme], outcome_areas=[])
    with pytest.raises(ValidationError) as refused:
        priorities.withdraw_priority(by=cast.secretariat, priority=priority)
    assert _messages(refused.value) == ["Only a published priority can be withdrawn."]
    priorities.publish_priority(by=cast.secretariat, priority=priority)
    priorities.withdraw_priority(by=cast.secretariat, priority=priority)
    assert Priority.objects.get().status == "withdrawn"
    assert not selectors_priorities.published_priorities().exists()
    priorities.publish_priority(by=cast.secretariat, priority=priority)
    assert Priority.objects.get().status == "published"


def test_quotes_only_from_people_who_agreed_never_a_disclosure_nor_a_survivor_without_consent(cast):
    by = cast.secretariat
    consultation = make_consultation(by, asks_lived_experience=True)
    agreed = answer_first_question(consultation, by, text="Fund labour inspection in every district")
    refused = answer_first_question(consultation, by, text="Inspectors need cars", consent_quote=False)
    disclosure = answer_first_question(consultation, by, text="My employer took my passport and I cannot leave")
    survivor = answer_first_question(
        consultation, by, text="Inspectors never came to our farm", survivor=True, consent_quote=False
    )
    survivor_agreed = answer_first_question(
        consultation, by, text="Inspectors freed us", language="fr", survivor=True, consent_quote=True
    )
    assert disclosure.may_be_disclosure and disclosure.response.consent_quote
    theme = make_theme(
        by, consultation, label="Inspection", answers=[refused, disclosure, survivor, agreed, survivor_agreed]
    )
    priority = priorities.priority_create(by=by, title="Inspection")
    priorities.priority_set_evidence(by=by, priority=priority, themes=[theme], outcome_areas=[])
    [trail] = selectors_priorities.evidence_of(priority).themes
    assert [(q.text, q.language) for q in trail.quotes] == [
        ("Fund labour inspection in every district", "en"),
        ("Inspectors freed us", "fr"),
    ]
    # The query and the model agree on what may be quoted.
    quotable = set(Answer.objects.filter(selectors_priorities.QUOTABLE).values_list("pk", flat=True))
    assert quotable == {a.pk for a in Answer.objects.all() if a.quotable}
    assert (trail.count, trail.total, trail.groups[0].label) == (5, 10, "Civil society")


def test_outcome_areas_are_numbered_once(cast):
    document = priorities.outcome_document_create(by=cast.secretariat, title="Marrakech sections")
    first = priorities.outcome_area_add(by=cast.secretariat, document=document, title="Enforcement")
    second = priorities.outcome_area_add(by=cast.secretariat, document=document, title="Prevention")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError) as refused:
        priorities.outcome_area_update(by=cast.secretariat, area=second, number=1)
    assert refused.value.message_dict["number"] == ["Area 1 exists already in this outcome: give another number."]
    priority = priorities.priority_create(by=cast.secretariat, title="Enforce")
    priorities.priority_set_evidence(by=cast.secretariat, priority=priority, themes=[], outcome_areas=[first])
    with pytest.raises(ValidationError):
        priorities.outcome_area_delete(by=cast.secretariat, area=first)
    priorities.outcome_area_delete(by=cast.secretariat, area=second)
    assert list(document.areas.values_list("title", flat=True)) == ["Enforcement"]


def test_nul_and_oversize_titles_are_refused(cast):
    with pytest.raises(ValidationError) as refused:
        priorities.priority_create(by=cast.secretariat, title="Fund\x00inspection")
    assert "title" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        priorities.priority_create(by=cast.secretariat, title="x" * 201)
    assert "title" in refused.value.message_dict
