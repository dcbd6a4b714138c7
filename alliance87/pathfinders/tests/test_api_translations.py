"""The Pathfinder API gives a cycle's title, its indicators' and questions' wording and the criteria's titles
in every language they are kept in, beside the English."""

from alliance87.pathfinders.models import Report


def test_a_report_carries_its_questions_and_indicators_in_every_language(client, example):
    report = Report.objects.published().order_by("-cycle__year").first()
    body = client.get(f"/api/reports/{report.pk}").json()
    question = body["questions"][0]
    assert question["text"] == report.cycle.questions.order_by("position").first().text  # the English, as before
    assert set(question["translations"]) == {"fr", "es", "ar"}
    assert question["translations"]["fr"]["text"]
    indicator = body["indicators"][0]
    assert set(indicator["translations"]["es"]) == {"label"}
    assert body["cycle"]["translations"]["ar"]["title"]


def test_an_assessments_criteria_carry_their_translated_titles(client, example):
    (assessment, *_rest) = client.get("/api/assessments").json()["items"]
    result = assessment["results"][0]
    assert set(result["translations"]["fr"]) == {"title"}  # the title: the field the result shows
    assert result["translations"]["fr"]["title"] != result["title"]
