"""The consultation pages and API: who gets in, what the console lists, answering through a link."""

import re

import pytest
from django.urls import reverse

from alliance87.accounts.services import api_token_create
from alliance87.engagement import services
from alliance87.engagement.models import Answer, Consultation, Response, ResponseStatus
from alliance87.testing import make_user

from .making import make_consultation


@pytest.fixture
def consultation(cast):
    return make_consultation(cast.secretariat)


def _token(consultation, by, address="ana@example.org", language="fr"):
    [done] = services.invite(by=by, consultation=consultation, addresses=[(address, language)])
    return done.link.rstrip("/").rsplit("/", 1)[1]


def test_the_console_lists_each_consultation_with_its_counts(secretariat_client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    services.response_save(
        consultation=consultation, token=token, version=None, values={"first": "Inspection"}, submit=True
    )
    page = secretariat_client.get(reverse("engagement:console"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Priorities after Durban" in html
    row = html[html.index("Priorities after Durban") :].split("</tr>")[0]
    assert re.findall(r"<td>(\d+)</td>", row) == ["3", "1", "0"]  # questions, invitations, drafts
    assert 'href="/consultations/manage/priorities-after-durban/answers/"' in row


@pytest.mark.parametrize("who", ["outsider", "partner_editor", "safeguarding", "reviewer"])
def test_the_console_is_the_secretariats(client, cast, consultation, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("engagement:console")).status_code == 403
    assert client.get(reverse("engagement:manage", args=[consultation.slug])).status_code == 403
    assert client.get(reverse("engagement:answers", args=[consultation.slug])).status_code == 403
    assert client.post(reverse("engagement:close", args=[consultation.slug])).status_code == 403
    assert Consultation.objects.get().status == "open"


def test_a_team_member_reads_the_answers_and_edits_nothing(client, cast, consultation):
    member = make_user("analyst@example.org")
    consultation.team.add(member)
    client.force_login(member)
    assert client.get(reverse("engagement:answers", args=[consultation.slug])).status_code == 200
    assert client.get(reverse("engagement:manage", args=[consultation.slug])).status_code == 403


def test_me_shows_the_consultations_console(secretariat_client, consultation):
    page = secretariat_client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("engagement:console") in page
    assert "1 consultation open for answers" in page


def test_create_a_trilingual_consultation_from_the_console(secretariat_client):
    page = secretariat_client.post(
        reverse("engagement:new"),
        {
            "title": "Regional consultation, Africa",
            "title__fr": "Consultation régionale, Afrique",
            "title__es": "Consulta regional, África",
            "kind": "regional",
            "languages": ["en", "fr", "es"],
        },
    )
    consultation = Consultation.objects.get()
    assert page.status_code == 302 and consultation.status == "draft"
    assert consultation.translations["fr"]["title"] == "Consultation régionale, Afrique"
    secretariat_client.post(
        reverse("engagement:question_add", args=[consultation.slug]),
        {"add-kind": "text", "add-label": "What works?", "add-label__fr": "Qu’est-ce qui marche ?"},
    )
    assert consultation.questions.get().translations == {"fr": {"label": "Qu’est-ce qui marche ?"}}
    refused = secretariat_client.post(reverse("engagement:new"), {"title": "", "kind": "survey", "languages": ["fr"]})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()


def test_open_asks_first_then_opens(secretariat_client, cast):
    consultation = make_consultation(cast.secretariat, open_it=False)
    ask = secretariat_client.get(reverse("engagement:open", args=[consultation.slug]))
    assert ask.status_code == 200 and "Open “Priorities after Durban” for answers?" in ask.content.decode()
    assert Consultation.objects.get().status == "draft"
    secretariat_client.post(reverse("engagement:open", args=[consultation.slug]))
    assert Consultation.objects.get().status == "open"


def test_answering_in_french_through_the_link(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    url = f"/fr/consultations/{consultation.slug}/answer/{token}/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Que devrait faire l’Alliance en premier ?" in html and 'lang="fr"' in html
    assert not Response.objects.exists()  # a visit alone makes nothing
    saved = client.post(url, {"q_first": "Renforcer l’inspection", "q_area": "data", "action": "save", "version": ""})
    assert saved.status_code == 302
    assert "Renforcer l’inspection" in client.get(url).content.decode()  # resumed
    version = str(Response.objects.get().version)
    done = client.post(url, {"q_first": "Renforcer l’inspection", "action": "submit", "version": version})
    assert done.status_code == 302 and done.url.endswith(f"/consultations/{consultation.slug}/thanks/")
    assert Response.objects.get().status == ResponseStatus.SUBMITTED and Response.objects.get().language == "fr"
    again = client.get(url)
    assert again.status_code == 410 and "Renforcer" not in again.content.decode()


def test_a_missing_required_answer_is_named(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    url = reverse("engagement:answer", args=[consultation.slug, token])
    page = client.post(url, {"q_area": "finance", "action": "submit", "version": ""})
    assert page.status_code == 400
    assert "This question needs an answer." in page.content.decode()
    assert 'value="finance" checked' in page.content.decode()  # what was chosen stays


def test_closed_and_unknown_links(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    assert client.get(reverse("engagement:answer", args=[consultation.slug, "nope"])).status_code == 404
    services.consultation_close(by=cast.secretariat, consultation=consultation)
    page = client.get(reverse("engagement:answer", args=[consultation.slug, token]))
    assert page.status_code == 403 and "This consultation is closed" in page.content.decode()


def test_anonymous_answering_by_the_public_link(client, cast):
    consultation = make_consultation(cast.secretariat, anonymous=True)
    public = client.get(reverse("engagement:consultation", args=[consultation.slug])).content.decode()
    assert "Answer" in public and "no e-mail, IP address or device is kept" in public
    started = client.post(reverse("engagement:start", args=[consultation.slug]), REMOTE_ADDR="203.0.113.9")
    assert started.status_code == 302
    page = client.get(started.url).content.decode()
    assert 'name="stakeholder_group"' in page and 'name="region"' in page and 'name="consent_name"' not in page


def test_a_draft_consultation_is_not_public(client, cast):
    consultation = make_consultation(cast.secretariat, open_it=False)
    assert client.get(reverse("engagement:consultation", args=[consultation.slug])).status_code == 404
    assert client.get(f"/api/consultations/{consultation.slug}").status_code == 404


def test_safeguarding_list_for_the_focal_point(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    services.response_save(
        consultation=consultation, token=token, version=None, values={"first": "They took my passport"}
    )
    client.force_login(cast.safeguarding)
    page = client.get(reverse("engagement:safeguarding")).content.decode()
    assert "They took my passport" in page
    answer = Answer.objects.get(may_be_disclosure=True)
    client.post(reverse("engagement:safeguarding_done", args=[answer.pk]))
    assert Answer.objects.get(pk=answer.pk).safeguarding_done_at is not None
    client.force_login(cast.outsider)
    assert client.get(reverse("engagement:safeguarding")).status_code == 403


def test_api_answers_for_the_team_only(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    services.response_save(
        consultation=consultation,
        token=token,
        version=None,
        values={"first": "Inspection"},
        profile={"consent_quote": True},
        submit=True,
    )
    listed = client.get("/api/consultations").json()
    assert [c["slug"] for c in listed] == [consultation.slug]
    detail = client.get(f"/api/consultations/{consultation.slug}").json()
    assert [q["name"] for q in detail["questions"]] == ["first", "area", "urgency"]
    assert detail["questions"][1]["choices"][0]["translations"] == {"fr": {"label": "Données"}}
    url = f"/api/consultations/{consultation.slug}/responses"
    assert client.get(url).status_code == 401
    _key, outsider = api_token_create(user=cast.outsider, name="t")
    assert client.get(url, headers={"Authorization": f"Bearer {outsider}"}).status_code == 403
    _key, secret = api_token_create(user=cast.secretariat, name="t")
    [response] = client.get(url, headers={"Authorization": f"Bearer {secret}"}).json()
    assert response["answers"][0] == {
        "question": "first",
        "text": "Inspection",
        "choices": [],
        "number": None,
        "ranking": [],
        "may_be_disclosure": False,
        "withheld": False,
        "quotable": True,
    }


def test_api_withholds_a_possible_disclosure_from_the_team_and_gives_it_to_safeguarding(client, cast, consultation):
    token = _token(consultation, cast.secretariat)
    services.response_save(
        consultation=consultation,
        token=token,
        version=None,
        values={"first": "They took my passport"},
        submit=True,
    )
    consultation.team.add(cast.reviewer)
    url = f"/api/consultations/{consultation.slug}/responses"

    def first_answer(user):
        _key, secret = api_token_create(user=user, name="t")
        [response] = client.get(url, headers={"Authorization": f"Bearer {secret}"}).json()
        return response["answers"][0]

    seen_by_team = first_answer(cast.reviewer)
    assert seen_by_team["text"] == "withheld: possible disclosure"
    assert seen_by_team["may_be_disclosure"] and seen_by_team["withheld"] and not seen_by_team["quotable"]
    seen_by_secretariat = first_answer(cast.secretariat)
    assert seen_by_secretariat["text"] == "They took my passport" and not seen_by_secretariat["withheld"]
