"""The Pathfinder API: public reads of published work, report writes by focal points through the services."""

import datetime
import json

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliance87.accounts.services import api_token_create
from alliance87.pathfinders import services
from alliance87.pathfinders.models import Assessment, AssessmentStatus, CycleQuestion, Report, ReportStatus


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def send(client, method: str, path: str, body, token: str | None = None):
    data = body if isinstance(body, str) else json.dumps(body)
    headers = auth(token) if token else {}
    return getattr(client, method)(path, data=data, content_type="application/json", headers=headers)


@pytest.fixture
def focal_token(cast):
    return api_token_create(user=cast.focal_point, name="national system")[1]


@pytest.fixture
def kenya(cast, alliance):
    """Kenya with a roadmap (one priority, two key actions) and a 2026 cycle, set up by the secretariat."""
    by = cast.secretariat
    roadmap = services.roadmap_create(
        country=alliance.kenya,
        by=by,
        title="Kenya roadmap (test)",
        period_start=2024,
        period_end=2028,
        adopted_on=datetime.date(2024, 2, 1),
    )
    priority = services.priority_add(roadmap=roadmap, by=by, title="Labour inspection")
    actions = [
        services.key_action_add(priority=priority, by=by, title="Train inspectors"),
        services.key_action_add(priority=priority, by=by, title="Referral mechanism"),
    ]
    cycle = services.cycle_create(
        by=by,
        year=2026,
        title="Annual progress reports 2026",
        opens_on=datetime.date(2027, 1, 15),
        deadline=datetime.date(2027, 4, 30),
    )

    class Kenya:
        country = alliance.kenya

    Kenya.roadmap, Kenya.priority, Kenya.actions, Kenya.cycle = roadmap, priority, actions, cycle
    Kenya.questions = list(CycleQuestion.objects.filter(cycle=cycle).order_by("position"))
    return Kenya


@pytest.fixture
def kenya_draft(kenya, cast):
    return services.report_start(country=kenya.country, cycle=kenya.cycle, by=cast.focal_point)


def complete_body(kenya) -> dict:
    return {
        "indicator_values": {"INSP": {"value": 412, "year": 2026, "note": "Labour inspectorate"}},
        "answers": {str(q.pk): f"Answer {n}" for n, q in enumerate(kenya.questions, 1)},
        "action_statuses": {str(a.pk): {"status": "on_track", "note": ""} for a in kenya.actions},
    }


# ---- Public reads ------------------------------------------------------------------------------


def test_api_pathways_show_stage_and_milestones(client, example):
    data = client.get("/api/pathways").json()
    exampleland = next(p for p in data if p["code"] == "XE")
    assert exampleland["is_example"] is True
    assert exampleland["stage"] == "reporting"
    assert exampleland["milestones"][0] == {
        "stage": "interest",
        "date": "2019-03-01",
        "note": "Example: letter of interest to the Global Coordinating Group",
    }
    assert [m["stage"] for m in exampleland["milestones"]][-1] == "reporting"
    kenya = next(p for p in data if p["code"] == "KE")
    # A confirmed Pathfinder with nothing recorded: its status, no invented milestones.
    assert (kenya["stage"], kenya["milestones"], kenya["is_example"]) == ("status_granted", [], False)


def test_api_roadmap_shows_priorities_key_actions_and_budgets(client, example):
    data = client.get("/api/countries/xe/roadmap").json()
    assert data["country"] == {"code": "XE", "name": "Exampleland (example country)"}
    assert (data["period_start"], data["period_end"], data["adopted_on"]) == (2021, 2026, "2021-03-01")
    first = data["priorities"][0]
    assert first["title"] == "Strengthen labour inspection in agriculture (example)"
    assert first["durban_areas"] == ["agriculture", "prevent_protect"]
    assert first["key_actions"][0]["budget"] == {"amount": "250000.00", "currency": "USD", "funding": "funded"}
    assert first["indicators"][0]["target_year"] == 2025
    referral = data["priorities"][2]["key_actions"][0]
    assert referral["budget"] == {"amount": None, "currency": "", "funding": "unknown"}


def test_api_roadmap_of_country_without_one_is_404(client, example):
    response = client.get("/api/countries/ke/roadmap")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert client.get("/api/countries/zz/roadmap").status_code == 404


def test_api_reports_list_published_with_filters(client, example, kenya_draft):
    data = client.get("/api/reports").json()
    assert data["count"] == 2  # Kenya's draft is not listed
    assert [(r["country"]["code"], r["cycle"]["year"]) for r in data["items"]] == [("XE", 2025), ("XE", 2024)]
    assert [r["submitted_on_time"] for r in data["items"]] == [True, False]
    assert [r["cycle"]["year"] for r in client.get("/api/reports", {"cycle": 2024}).json()["items"]] == [2024]
    assert client.get("/api/reports", {"country": "ke"}).json() == {"items": [], "count": 0}
    assert client.get("/api/reports", {"country": "xe"}).json()["count"] == 2


def test_api_reports_list_queries_do_not_grow_with_rows(client, example, django_assert_num_queries):
    one = client.get("/api/reports", {"cycle": 2025})
    assert one.json()["count"] == 1
    with django_assert_num_queries(2):  # count, page
        client.get("/api/reports", {"cycle": 2025})
    with django_assert_num_queries(2):
        assert len(client.get("/api/reports").json()["items"]) == 2


def test_api_published_report_shows_sections(client, example):
    report = Report.objects.get(country=example, cycle__year=2025)
    data = client.get(f"/api/reports/{report.pk}").json()
    assert (data["status"], data["is_example"], data["review_comment"]) == ("published", True, "")
    reported = [{k: v for k, v in i.items() if k != "translations"} for i in data["indicators"] if i["reported"]]
    assert reported == [
        {
            "code": "8.7.1-a",
            "label": "Proportion of children aged 5-17 in child labour (SDG 8.7.1), %",
            "reported": {"value": "10.8", "year": 2025, "note": "Example value"},
        }
    ]
    assert len(data["questions"]) == 5
    assert data["questions"][0]["answer"].startswith("Example answer to question 1")
    statuses = [a["status"] for p in data["priorities"] for a in p["key_actions"]]
    assert statuses == ["on_track", "completed", "delayed", "not_started"]


def test_api_draft_report_is_404_to_anonymous_and_outsiders(client, cast, kenya_draft):
    response = client.get(f"/api/reports/{kenya_draft.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    outsider = api_token_create(user=cast.outsider, name="x")[1]
    assert client.get(f"/api/reports/{kenya_draft.pk}", headers=auth(outsider)).status_code == 404


def test_api_draft_report_is_visible_with_the_focal_points_token(client, kenya_draft, focal_token):
    response = client.get(f"/api/reports/{kenya_draft.pk}", headers=auth(focal_token))
    assert response.status_code == 200
    data = response.json()
    assert (data["country"]["code"], data["status"]) == ("KE", "draft")
    assert [a["title"] for a in data["priorities"][0]["key_actions"]] == ["Train inspectors", "Referral mechanism"]
    assert all(a["status"] is None for a in data["priorities"][0]["key_actions"])


def test_api_report_detail_with_wrong_token_is_401(client, example):
    report = Report.objects.filter(country=example).first()
    response = client.get(f"/api/reports/{report.pk}", headers=auth("a87_not-a-token"))
    assert response.status_code == 401
    assert "bearer token" in response.json()["detail"]


def test_api_assessments_published_with_suggestion_and_judgement(client, example, kenya, cast):
    draft = services.assessment_prepare(country=kenya.country, cycle=kenya.cycle, by=cast.reviewer)
    assert draft.status == AssessmentStatus.DRAFT
    data = client.get("/api/assessments").json()
    assert data["count"] == 2  # Kenya's draft is not listed
    data = client.get("/api/assessments", {"cycle": 2025, "country": "XE"}).json()
    assert data["count"] == 1
    assessment = data["items"][0]
    assert (assessment["country"]["code"], assessment["cycle"], assessment["is_example"]) == ("XE", 2025, True)
    results = {r["criterion"]: r for r in assessment["results"]}
    assert list(results) == ["AF1", "AF2", "AF3", "AF4", "AF5", "AF6"]
    assert (results["AF2"]["suggestion"], results["AF2"]["judgement"], results["AF2"]["judged_by"]) == (
        "met",
        "",
        "platform",
    )
    assert (results["AF5"]["suggestion"], results["AF5"]["judgement"], results["AF5"]["effective"]) == (
        "",
        "partly",
        "partly",
    )
    late = client.get("/api/assessments", {"cycle": 2024}).json()["items"][0]
    assert next(r for r in late["results"] if r["criterion"] == "AF2")["suggestion"] == "partly"


def test_api_assessments_queries_do_not_grow_with_rows(client, example, django_assert_num_queries):
    with django_assert_num_queries(3):  # count, page, results with their criteria
        assert client.get("/api/assessments", {"cycle": 2025}).json()["count"] == 1
    with django_assert_num_queries(3):
        assert client.get("/api/assessments").json()["count"] == 2
    assert Assessment.objects.count() == 2


@pytest.mark.parametrize("address", ["/api/reports", "/api/assessments"])
@pytest.mark.parametrize(
    "query", [{"cycle": "abc"}, {"cycle": "1800"}, {"page": "-1"}, {"country": "KEN"}, {"country": "\x00"}]
)
def test_api_lists_bad_query_is_422_json(client, example, address, query):
    response = client.get(address, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] in query


# ---- Writes by a focal point -------------------------------------------------------------------


def test_api_focal_point_starts_patches_and_submits_a_report(client, kenya, focal_token, cast):
    response = send(client, "post", "/api/reports", {"country": "ke", "cycle": 2026}, focal_token)
    assert response.status_code == 201, response.content
    report_id = response.json()["id"]
    assert response.json()["status"] == "draft"
    again = send(client, "post", "/api/reports", {"country": "KE", "cycle": 2026}, focal_token)
    assert (again.status_code, again.json()["id"]) == (200, report_id)

    response = send(client, "patch", f"/api/reports/{report_id}", complete_body(kenya), focal_token)
    assert response.status_code == 200, response.content
    data = response.json()
    assert next(i for i in data["indicators"] if i["code"] == "INSP")["reported"] == {
        "value": "412",
        "year": 2026,
        "note": "Labour inspectorate",
    }
    assert [q["answer"] for q in data["questions"]] == [f"Answer {n}" for n in range(1, 6)]

    response = send(client, "post", f"/api/reports/{report_id}/submit", "", focal_token)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    report = Report.objects.get(pk=report_id)
    assert (report.status, report.submitted_by) == (ReportStatus.SUBMITTED, cast.focal_point)
    assert report.history.latest().history_user == cast.focal_point
    # Still invisible to the public until published.
    assert client.get(f"/api/reports/{report_id}").status_code == 404
    assert client.get("/api/reports").json()["count"] == 0


def test_api_submit_incomplete_report_names_each_missing_answer(client, kenya, kenya_draft, focal_token):
    body = {"indicator_values": {"INSP": {"value": "12"}}, "answers": {str(kenya.questions[0].pk): "Done."}}
    assert send(client, "patch", f"/api/reports/{kenya_draft.pk}", body, focal_token).status_code == 200
    response = send(client, "post", f"/api/reports/{kenya_draft.pk}/submit", "", focal_token)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [d["loc"] for d in detail] == [
        *(["body", f"answer_{q.pk}"] for q in kenya.questions[1:]),
        *(["body", f"action_{a.pk}"] for a in kenya.actions),
    ]
    assert detail[0]["msg"] == (
        "Section 2, question 2 has no answer: “Which key actions were delayed or dropped, and why?”"
    )
    assert detail[-1]["msg"] == "Key action “Referral mechanism” has no status."
    kenya_draft.refresh_from_db()
    assert kenya_draft.status == ReportStatus.DRAFT


def test_api_start_report_for_another_country_is_403(client, example, kenya, focal_token):
    response = send(client, "post", "/api/reports", {"country": "XE", "cycle": 2025}, focal_token)
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not do this."}


def test_api_patch_and_submit_another_countrys_report_is_403(client, example, cast, focal_token):
    report = Report.objects.filter(country=example).first()
    response = send(client, "patch", f"/api/reports/{report.pk}", {"answers": {}}, focal_token)
    assert response.status_code == 403
    assert send(client, "post", f"/api/reports/{report.pk}/submit", "", focal_token).status_code == 403


def test_api_patch_submitted_report_is_403_with_the_reason(client, kenya, kenya_draft, focal_token, cast):
    send(client, "patch", f"/api/reports/{kenya_draft.pk}", complete_body(kenya), focal_token)
    services.report_submit(report=kenya_draft, by=cast.focal_point)
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", {"answers": {}}, focal_token)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This report is “Submitted”: only a draft or a returned report can be changed."
    )


def test_api_start_report_unknown_country_or_cycle_names_the_field(client, kenya, focal_token):
    response = send(client, "post", "/api/reports", {"country": "ZZ", "cycle": 2026}, focal_token)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "country"], "msg": "No country with the code “ZZ” is in the network."}
    ]
    response = send(client, "post", "/api/reports", {"country": "KE", "cycle": 2019}, focal_token)
    assert response.json()["detail"] == [{"loc": ["body", "cycle"], "msg": "No report cycle for 2019."}]
    response = send(client, "post", "/api/reports", {"country": "Kenya"}, focal_token)
    assert response.status_code == 422
    assert {tuple(d["loc"]) for d in response.json()["detail"]} == {("body", "country"), ("body", "cycle")}


def test_api_start_report_without_roadmap_names_the_roadmap(client, kenya, cast):
    mexico_token = api_token_create(user=cast.secretariat, name="secretariat")[1]
    response = send(client, "post", "/api/reports", {"country": "MX", "cycle": 2026}, mexico_token)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "roadmap"]


def test_api_patch_bad_status_names_the_action(client, kenya, kenya_draft, focal_token):
    train, referral = kenya.actions
    body = {
        "answers": {str(kenya.questions[0].pk): "Saved only if everything is valid."},
        "action_statuses": {str(train.pk): {"status": "on_track"}, str(referral.pk): {"status": "finished"}},
    }
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", body, focal_token)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", f"action_{referral.pk}"], "msg": "Unknown status “finished”."}
    ]
    # Nothing was saved half-way.
    assert not kenya_draft.answers.exists()
    assert not kenya_draft.action_statuses.exists()


def test_api_patch_unknown_items_are_named(client, kenya, kenya_draft, focal_token, example):
    other_action = example.roadmaps.get().priorities.first().key_actions.first()
    body = {
        "indicator_values": {"NOPE": {"value": "1"}},
        "answers": {"999999": "x"},
        "action_statuses": {str(other_action.pk): {"status": "on_track"}},
    }
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", body, focal_token)
    assert response.status_code == 422
    assert [d["loc"][1] for d in response.json()["detail"]] == [
        "indicator_NOPE",
        "answer_999999",
        f"action_{other_action.pk}",
    ]


def test_api_patch_malformed_json_is_4xx_json(client, kenya_draft, focal_token):
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", "{not json", focal_token)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_api_patch_wrong_types_name_the_field(client, kenya, kenya_draft, focal_token):
    body = {"answers": {"first": "x"}, "action_statuses": {str(kenya.actions[0].pk): "on_track"}}
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", body, focal_token)
    assert response.status_code == 422
    locs = [d["loc"] for d in response.json()["detail"]]
    assert ["body", "answers", "first", "[key]"] in locs
    # A bare string is not read as an empty status (which would clear it): it is refused.
    assert ["body", "action_statuses", str(kenya.actions[0].pk)] in locs
    assert not kenya_draft.action_statuses.exists()
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", [1, 2], focal_token)
    assert response.status_code == 422


def test_api_writes_without_token_are_401(client, kenya_draft):
    assert send(client, "post", "/api/reports", {"country": "KE", "cycle": 2026}).status_code == 401
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", {})
    assert response.status_code == 401
    assert "bearer token" in response.json()["detail"]
    assert send(client, "post", f"/api/reports/{kenya_draft.pk}/submit", "").status_code == 401


def test_api_submit_emails_the_reviewers(
    client, kenya, kenya_draft, focal_token, cast, django_capture_on_commit_callbacks
):
    reviewer = cast.reviewer
    send(client, "patch", f"/api/reports/{kenya_draft.pk}", complete_body(kenya), focal_token)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # mail leaves once the submission is saved
        send(client, "post", f"/api/reports/{kenya_draft.pk}/submit", "", focal_token)
    assert [m.to for m in mail.outbox] == [[reviewer.email]]


def test_api_unknown_report_is_json_404(client, db):
    assert client.get("/api/reports/999999").json() == {"detail": "Not found."}


def test_api_openapi_lists_the_pathfinder_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/pathways", "/api/countries/{code}/roadmap", "/api/reports", "/api/assessments"} <= set(paths)
    assert {"get", "patch"} <= set(paths["/api/reports/{report_id}"])
    assert "post" in paths["/api/reports/{report_id}/submit"]


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(
        st.sampled_from(["value", "year", "note", "status", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=30), st.sampled_from(["on_track", "dropped", ""])),
        max_size=4,
    ),
)
_keys = st.one_of(st.text(max_size=6), st.integers(min_value=-3, max_value=60).map(str), st.just("INSP"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.text(max_size=50),
        st.dictionaries(
            st.sampled_from(["indicator_values", "answers", "action_statuses", "x"]),
            st.one_of(_values, st.dictionaries(_keys, _values, max_size=3)),
            max_size=3,
        ).map(json.dumps),
    )
)
def test_api_patch_report_never_500_on_any_body(client, kenya_draft, focal_token, body):
    response = send(client, "patch", f"/api/reports/{kenya_draft.pk}", body, focal_token)
    assert response.status_code in (200, 400, 422), response.content
    assert isinstance(response.json(), dict)
