"""The making pages: new, edit in sections, submit, my commitments, a co-implementer's confirmation; the wrong
person's 403; every form error next to its field; the /me/ console."""

import re

import pytest
from django.urls import reverse

from alliance87.commitments import services
from alliance87.commitments.models import Commitment, CommitmentStatus

from .making import commitment

pytestmark = pytest.mark.usefixtures("mail_at_once")


def errors_of(response) -> str:
    return " ".join(re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode(), re.S))


def test_new_offers_only_the_parties_one_speaks_for(client, cast):
    client.force_login(cast.partner_editor)
    response = client.get(reverse("commitments:new"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Free the Slaves" in page and "Nestl" not in page


def test_new_is_refused_to_someone_who_speaks_for_no_one(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("commitments:new")).status_code == 403


def test_a_partner_editor_starts_a_draft(client, cast):
    client.force_login(cast.partner_editor)
    lead = f"organisation:{cast.alliance.free_the_slaves.pk}"
    response = client.post(
        reverse("commitments:new"),
        {"lead": lead, "title": "Train inspectors (example)", "description": "In every district.", "language": "en"},
    )
    made = Commitment.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(reverse("commitments:edit", args=[made.pk]))
    assert made.lead == cast.alliance.free_the_slaves and made.status == CommitmentStatus.DRAFT


def test_a_party_one_does_not_speak_for_is_refused_naming_the_field(client, cast):
    client.force_login(cast.partner_editor)
    response = client.post(
        reverse("commitments:new"),
        {"lead": f"organisation:{cast.alliance.nestle.pk}", "title": "x", "description": "y", "language": "en"},
    )
    assert response.status_code == 400
    assert 'id="id_lead_errors"' in response.content.decode()
    assert not Commitment.objects.exists()


def test_too_many_words_are_named_at_the_title(client, cast):
    client.force_login(cast.partner_editor)
    response = client.post(
        reverse("commitments:new"),
        {
            "lead": f"organisation:{cast.alliance.free_the_slaves.pk}",
            "title": " ".join(["word"] * 21),
            "description": "y",
            "language": "en",
        },
    )
    assert response.status_code == 400
    assert 'id="id_title_errors"' in response.content.decode()
    assert "At most 20 words; this has 21." in errors_of(response)


def test_the_edit_page_shows_its_sections_and_the_checklist(client, cast, draft):
    client.force_login(cast.partner_editor)
    response = client.get(reverse("commitments:edit", args=[draft.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for anchor in ("about-title", "focus-title", "deliverables-title", "resources-title", "co-title", "dates-title"):
        assert f'id="{anchor}"' in page
    assert "SMART checklist" in page and "M (Measurable)" in page


@pytest.mark.parametrize("who", ["other_editor", "other_focal_point", "outsider"])
def test_a_draft_is_unknown_to_the_wrong_person(client, cast, draft, who, request):
    """A draft is its makers' and the secretariat's: to anyone else its number is unknown (404)."""
    user = cast.outsider if who == "outsider" else request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("commitments:edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("commitments:submit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("commitments:deliverable_add", args=[draft.pk]), {}).status_code == 404


def test_a_published_commitment_is_not_edited_403(client, cast, published, other_editor):
    client.force_login(other_editor)
    assert client.get(reverse("commitments:edit", args=[published.pk])).status_code == 403
    assert client.post(reverse("commitments:submit", args=[published.pk])).status_code == 403


def test_dates_out_of_order_are_named(client, cast, draft):
    client.force_login(cast.partner_editor)
    response = client.post(
        reverse("commitments:edit", args=[draft.pk]),
        {"section": "dates", "starts_on": "2027-01-01", "ends_on": "2026-01-01", "visibility": "public"},
    )
    assert response.status_code == 400
    assert 'id="id_ends_on_errors"' in response.content.decode()


def test_a_deliverable_after_the_end_is_named_at_its_due_date(client, cast, draft):
    client.force_login(cast.partner_editor)
    response = client.post(
        reverse("commitments:deliverable_add", args=[draft.pk]),
        {"new_d-title": "Late", "new_d-indicator": "x", "new_d-target": "3", "new_d-due_on": "2029-01-01"},
    )
    assert response.status_code == 400
    assert 'id="id_new_d-due_on_errors"' in response.content.decode()
    assert "Due after the commitment ends (2027-12-31)" in errors_of(response)


def test_an_unknown_priority_is_named(client, cast, draft):
    client.force_login(cast.partner_editor)
    response = client.post(reverse("commitments:edit", args=[draft.pk]), {"section": "focus", "priorities": ["999999"]})
    assert response.status_code == 400
    assert 'id="id_priorities_errors"' in response.content.decode()


def test_the_focus_is_saved(client, cast, draft, priority):
    client.force_login(cast.partner_editor)
    response = client.post(
        reverse("commitments:edit", args=[draft.pk]),
        {"section": "focus", "priorities": [str(priority.pk)], "sdg_targets": "8.7, 16.2"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.sdg_targets == ["8.7", "16.2"]


def test_a_focal_point_is_offered_the_roadmaps_key_actions(client, exampleland, example_focal_point):
    made = commitment(lead=exampleland, status="draft")
    client.force_login(example_focal_point)
    page = client.get(reverse("commitments:edit", args=[made.pk])).content.decode()
    first = services.key_actions_for(exampleland).first()
    assert 'name="key_actions"' in page and first.title in page


def test_submitting_a_commitment_without_a_measurable_deliverable_names_the_letter(client, cast, draft):
    draft.deliverables.all().delete()
    client.force_login(cast.partner_editor)
    response = client.post(reverse("commitments:submit", args=[draft.pk]))
    assert response.status_code == 400
    assert "M (Measurable): no deliverable has both an indicator and a target" in response.content.decode()


def test_submit_then_mine_lists_it_waiting(client, cast, draft):
    client.force_login(cast.partner_editor)
    response = client.post(reverse("commitments:submit", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("commitments:mine")
    page = client.get(reverse("commitments:mine")).content.decode()
    assert draft.title in page and "Waiting for the secretariat" in page
    # No longer editable: the maker is sent to the list with a word.
    assert client.get(reverse("commitments:edit", args=[draft.pk])).status_code == 302


def test_a_co_implementer_confirms_on_its_page(client, cast, draft, other_editor):
    co = services.invite_co_implementer(by=cast.partner_editor, commitment=draft, party=cast.alliance.nestle)
    client.force_login(cast.partner_editor)
    assert client.get(reverse("commitments:co_implementation", args=[co.pk])).status_code == 403
    client.force_login(other_editor)
    assert "Joint commitments to confirm" in client.get(reverse("commitments:mine")).content.decode()
    response = client.post(reverse("commitments:co_implementation", args=[co.pk]), {"action": "confirm"})
    assert response.status_code == 302
    co.refresh_from_db()
    assert co.confirmed_at is not None


def test_the_me_console_counts_drafts_and_confirmations(client, cast, draft):
    from alliance87.commitments.consoles_making import consoles_for

    [console] = [c for c in consoles_for(cast.partner_editor) if c.title == "Your commitments"]
    assert console.waiting == 1 and console.url == reverse("commitments:mine")
    assert not [c for c in consoles_for(cast.outsider) if c.title == "Your commitments"]
    [review] = [c for c in consoles_for(cast.secretariat) if c.title == "Commitments to review"]
    assert review.waiting == 0


def test_mine_queries_do_not_grow_with_rows(client, cast, django_assert_max_num_queries):
    client.force_login(cast.partner_editor)
    commitment(lead=cast.alliance.free_the_slaves, status="draft")
    client.get(reverse("commitments:mine"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("commitments:mine"))
    for _ in range(2):
        commitment(lead=cast.alliance.free_the_slaves, status="draft")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("commitments:mine"))


def test_the_makers_text_is_marked_with_its_language_only_when_it_differs(client, cast, draft):
    client.force_login(cast.partner_editor)
    page = client.get(reverse("commitments:edit", args=[draft.pk])).content.decode()
    assert '<h1 lang="en">' not in page
    page = client.get("/fr" + reverse("commitments:edit", args=[draft.pk])).content.decode()
    assert '<h1 lang="en">' in page


def test_deliverables_and_resources_are_added_changed_and_removed_on_the_edit_page(client, cast, other_editor):
    draft = commitment(lead=cast.alliance.free_the_slaves, status=CommitmentStatus.DRAFT)
    client.force_login(cast.partner_editor)
    base = f"/commitments/{draft.pk}"

    response = client.post(f"{base}/deliverables/", {"new_d-title": "Guides printed (example)", "new_d-target": "-1"})
    assert response.status_code == 400 and "greater than or equal to 0" in errors_of(response)
    response = client.post(f"{base}/deliverables/", {"new_d-title": "Guides printed (example)", "new_d-target": "50"})
    assert response.status_code == 302 and response["Location"].endswith("#deliverables-title")
    added = draft.deliverables.get(title="Guides printed (example)")
    response = client.post(f"{base}/deliverables/{added.pk}/", {f"d{added.pk}-title": "Guides handed out (example)"})
    assert response["Location"].endswith(f"#deliverable-{added.pk}")
    added.refresh_from_db()
    assert (added.title, added.target) == ("Guides handed out (example)", None)
    client.post(f"{base}/deliverables/{added.pk}/", {"remove": "1"})
    assert not draft.deliverables.filter(pk=added.pk).exists()

    response = client.post(
        f"{base}/resources/", {"new_r-kind": "staff", "new_r-description": "Two trainers", "new_r-staff_count": "2"}
    )
    assert response["Location"].endswith("#resources-title")
    resource = draft.resources.get(description="Two trainers")
    response = client.post(
        f"{base}/resources/{resource.pk}/", {f"r{resource.pk}-kind": "staff", f"r{resource.pk}-description": ""}
    )
    assert response.status_code == 400 and "This field is required." in errors_of(response)
    client.post(f"{base}/resources/{resource.pk}/", {"remove": "1"})
    assert not draft.resources.filter(pk=resource.pk).exists()

    client.force_login(other_editor)  # another organisation's editor: refused, nothing added
    before = draft.resources.count()
    refused = client.post(f"{base}/resources/", {"new_r-kind": "staff", "new_r-description": "X"})
    assert refused.status_code == 404 and draft.resources.count() == before
