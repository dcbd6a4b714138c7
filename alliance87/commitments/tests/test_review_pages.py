"""The secretariat's review pages: the queue, a commitment's review letter by letter, publish, changes, close;
nobody else gets in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliance87.commitments import services
from alliance87.commitments.models import CommitmentStatus

from .making import commitment

pytestmark = pytest.mark.usefixtures("mail_at_once")


def verdicts(**overrides) -> dict:
    data = {}
    for letter in "SMART":
        data[f"{letter}_ok"] = "ok"
        data[f"{letter}_note"] = ""
    data.update(overrides)
    return data


@pytest.fixture
def waiting(cast, draft):
    return services.submit(by=cast.partner_editor, commitment=draft)


def test_only_the_secretariat_sees_the_queue_and_the_review(client, cast, waiting, other_editor):
    # Its maker is refused (403); to anyone else a submitted commitment's number is unknown (404).
    for user, answer in (
        (cast.partner_editor, 403),
        (other_editor, 404),
        (cast.focal_point, 404),
        (cast.outsider, 404),
    ):
        client.force_login(user)
        assert client.get(reverse("commitments:manage")).status_code == 403
        assert client.get(reverse("commitments:review", args=[waiting.pk])).status_code == answer
        response = client.post(reverse("commitments:review", args=[waiting.pk]), verdicts(action="publish"))
        assert response.status_code == answer
        assert client.get(reverse("commitments:close", args=[waiting.pk])).status_code == answer


def test_the_queue_lists_the_submitted(secretariat_client, waiting):
    page = secretariat_client.get(reverse("commitments:manage")).content.decode()
    assert waiting.title in page and reverse("commitments:review", args=[waiting.pk]) in page


def test_the_review_page_explains_each_letter(secretariat_client, waiting):
    page = secretariat_client.get(reverse("commitments:review", args=[waiting.pk])).content.decode()
    for letter in "SMART":
        assert f'name="{letter}_ok"' in page and f'name="{letter}_note"' in page
    assert "Measurable: each deliverable has an indicator and a numeric target" in page


def test_a_verdict_not_ok_without_a_note_is_named(secretariat_client, waiting):
    response = secretariat_client.post(
        reverse("commitments:review", args=[waiting.pk]), verdicts(M_ok="not_ok", action="save")
    )
    assert response.status_code == 400
    assert 'id="id_M_note_errors"' in response.content.decode()


def test_a_missing_verdict_is_named(secretariat_client, waiting):
    data = verdicts(action="save")
    del data["A_ok"]
    response = secretariat_client.post(reverse("commitments:review", args=[waiting.pk]), data)
    assert response.status_code == 400
    assert 'id="id_A_ok_errors"' in response.content.decode()


def test_publish_from_the_review(secretariat_client, waiting):
    response = secretariat_client.post(reverse("commitments:review", args=[waiting.pk]), verdicts(action="publish"))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == CommitmentStatus.PUBLISHED


def test_publish_refused_names_the_letter(secretariat_client, waiting):
    response = secretariat_client.post(
        reverse("commitments:review", args=[waiting.pk]),
        verdicts(R_ok="not_ok", R_note="Where is the money?", action="publish"),
    )
    assert response.status_code == 400
    assert "The secretariat’s verdict is not ok for: R." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == CommitmentStatus.SUBMITTED and waiting.smart_review["R"]["note"] == "Where is the money?"


def test_ask_for_changes(secretariat_client, waiting):
    response = secretariat_client.post(
        reverse("commitments:review", args=[waiting.pk]), {"action": "changes", "comment": ""}
    )
    assert response.status_code == 400 and 'id="id_comment_errors"' in response.content.decode()
    response = secretariat_client.post(
        reverse("commitments:review", args=[waiting.pk]), {"action": "changes", "comment": "Add a baseline."}
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == CommitmentStatus.CHANGES_REQUESTED


def test_close(secretariat_client, published):
    response = secretariat_client.post(reverse("commitments:close", args=[published.pk]), {"reason": ""})
    assert response.status_code == 400 and 'id="id_reason_errors"' in response.content.decode()
    response = secretariat_client.post(reverse("commitments:close", args=[published.pk]), {"reason": "Ended early."})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == CommitmentStatus.CLOSED


def test_the_queue_queries_do_not_grow_with_rows(secretariat_client, cast, django_assert_max_num_queries):
    commitment(lead=cast.alliance.free_the_slaves, status="submitted")
    secretariat_client.get(reverse("commitments:manage"))
    with CaptureQueriesContext(connection) as one:
        secretariat_client.get(reverse("commitments:manage"))
    commitment(lead=cast.alliance.kenya, status="submitted")
    commitment(lead=cast.alliance.agriculture, status="changes_requested")
    with django_assert_max_num_queries(len(one.captured_queries)):
        secretariat_client.get(reverse("commitments:manage"))


def test_the_admin_is_the_secretariats(secretariat_client, client, cast, published):
    from alliance87.commitments.models import CommitmentRules

    assert secretariat_client.get("/admin/commitments/commitment/").status_code == 200
    assert secretariat_client.get(f"/admin/commitments/commitment/{published.pk}/change/").status_code == 200
    rules = CommitmentRules.current()
    assert secretariat_client.get(f"/admin/commitments/commitmentrules/{rules.pk}/change/").status_code == 200
    client.force_login(cast.partner_editor)
    assert client.get("/admin/commitments/commitment/").status_code in (302, 403)
