"""The themes' pages and API, as the team uses them: the secretariat finds themes from the form and lands on
the run; the run's fragment polls while it works and says when it was interrupted; the themes show their
labels, counts, who raised them and quotes marked with their language; a theme's answers page moves, splits
and merges; the log lists each step; the answers page filters by theme; the API gives runs and themes to
the team only. Query counts stay the same with more themes and more answers."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance87.accounts.services import api_token_create
from alliance87.engagement import themes
from alliance87.engagement.models import ThemeAssignment, ThemeRun, ThemeRunStatus, ThemeStatus

from .making import make_consultation
from .making_themes import THREE_THEMES, labelled_rows, store_answers

pytestmark = pytest.mark.usefixtures("themes_in_the_foreground")


def _url(name, consultation, *args):
    return reverse(f"engagement:{name}", args=[consultation.slug, *args])


def _messages(response) -> list[str]:
    """The messages the step left for the page it redirects to (read there, as the browser would)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def _follow(client, response) -> None:
    assert response.status_code == 302
    client.get(response.url)


def test_the_secretariat_finds_themes_from_the_form_and_lands_on_them(secretariat_client, consultation):
    page = secretariat_client.get(_url("themes", consultation))
    assert "Find themes" in page.content.decode() and "No run yet." in page.content.decode()
    response = secretariat_client.post(_url("themes", consultation), {"question": "", "themes_asked": "3"})
    run = ThemeRun.objects.get()
    assert response.status_code == 302 and response.url == _url("theme_run", consultation, run.pk)
    html = secretariat_client.get(response.url).content.decode()
    for theme in run.themes.all():
        assert f"<bdi>{theme.label}</bdi></a></h3>" in html
    assert "45 answers read; 3 themes stand." in html
    assert 'hx-trigger="every 1s"' not in html  # done: nothing to follow


def test_the_form_names_what_is_wrong(secretariat_client, consultation):
    response = secretariat_client.post(_url("themes", consultation), {"themes_asked": "90"})
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 40." in response.content.decode()
    assert not ThemeRun.objects.exists()


def test_a_team_member_reads_but_does_not_start(client, consultation, member, run):
    client.force_login(member)
    page = client.get(_url("themes", consultation)).content.decode()
    assert "Find themes" not in page and f"Run {run.pk}" in page
    assert client.post(_url("themes", consultation), {"question": ""}).status_code == 403
    assert client.get(_url("theme_run", consultation, run.pk)).status_code == 200


def test_an_outsider_gets_403_and_a_draft_is_404(client, cast, consultation, run):
    client.force_login(cast.outsider)
    theme = run.themes.first()
    for url in (
        _url("themes", consultation),
        _url("theme_run", consultation, run.pk),
        _url("theme", consultation, run.pk, theme.pk),
        _url("theme_log", consultation, run.pk),
    ):
        assert client.get(url).status_code == 403
    assert client.post(_url("theme_discard", consultation, run.pk, theme.pk)).status_code == 403
    assert run.themes.get(pk=theme.pk).status == ThemeStatus.ACTIVE
    draft = make_consultation(cast.secretariat, open_it=False)
    assert client.get(_url("themes", draft)).status_code == 404


def test_a_running_run_is_followed_by_its_fragment(client, consultation, member):
    now = timezone.now()
    working = ThemeRun.objects.create(
        consultation=consultation, status=ThemeRunStatus.RUNNING, stage="encoding", done=30, total=120, heartbeat_at=now
    )
    client.force_login(member)
    fragment = client.get(_url("theme_run", consultation, working.pk), headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert html.lstrip().startswith('<div id="run-state"') and "<h1>" not in html
    assert 'hx-trigger="every 1s"' in html
    assert re.search(r'<progress id="run-progress" max="100" value="25">', html)
    assert "30 of 120 (25%)" in html and "Working: encoding" in html


def test_an_interrupted_run_says_so_and_runs_again(secretariat_client, consultation):
    stale = timezone.now() - timezone.timedelta(minutes=5)
    lost = ThemeRun.objects.create(consultation=consultation, status=ThemeRunStatus.RUNNING, heartbeat_at=stale)
    html = secretariat_client.get(_url("theme_run", consultation, lost.pk)).content.decode()
    assert "This run was interrupted" in html and 'hx-trigger="every 1s"' not in html
    response = secretariat_client.post(_url("theme_run_again", consultation, lost.pk))
    again = ThemeRun.objects.exclude(pk=lost.pk).get()
    assert response.url == _url("theme_run", consultation, again.pk) and again.status == ThemeRunStatus.DONE


def test_the_themes_show_who_raised_them_and_quotes_in_their_language(client, consultation, member, run):
    client.force_login(member)
    html = client.get(_url("theme_run", consultation, run.pk)).content.decode()
    for theme in run.themes.all():
        assert f"{theme.answer_count} answers</strong>" in html
    assert "Who raised it: stakeholder group" in html and "Who raised it: language" in html
    quoted = run.themes.order_by("position").first().quotes[0]
    assert re.search(rf'<blockquote class="cx-quote" lang="{quoted["language"]}" dir="auto">', html)
    assert "majority" in html


def test_merge_move_and_split_from_the_theme_page_and_the_log(client, consultation, member, run):
    into, other, third = run.themes.order_by("position")
    client.force_login(member)
    page = client.get(_url("theme", consultation, run.pk, into.pk)).content.decode()
    assert page.count('name="answers"') == into.answer_count
    assert "placed by the synthesis" in page and "placed by a reviewer" not in page

    response = client.post(_url("theme_merge", consultation, run.pk, into.pk), {"others": [other.pk]})
    assert _messages(response) == [f"Merged into this theme: “{other.label}”."]
    _follow(client, response)
    moved = sorted(ThemeAssignment.objects.filter(theme=into, superseded=False).values_list("answer_id", flat=True))[:2]
    response = client.post(
        _url("theme_answers_step", consultation, run.pk, into.pk),
        {"answers": moved, "target": third.pk, "step": "move"},
    )
    assert _messages(response) == [f"2 answers moved to “{third.label}”."]
    _follow(client, response)
    response = client.post(
        _url("theme_answers_step", consultation, run.pk, into.pk), {"answers": [], "label": "New", "step": "split"}
    )
    assert _messages(response) == ["Choose the answers of this theme that go into the new one."]
    page = client.get(_url("theme", consultation, run.pk, third.pk)).content.decode()
    assert page.count("placed by a reviewer") == 2

    log = client.get(_url("theme_log", consultation, run.pk)).content.decode()
    assert "Synthesis run" in log and "Merged" in log and "Answer moved" in log
    assert f"2 answers from “{into.label}” to “{third.label}”" in log
    assert "analyst@example.org" in log


def test_rename_shows_a_field_error_next_to_the_field(client, consultation, member, run):
    theme = run.themes.first()
    client.force_login(member)
    response = client.post(_url("theme_rename", consultation, run.pk, theme.pk), {"label": "x" * 201})
    assert response.status_code == 400
    assert "Ensure this value has at most 200 characters (it has 201)." in response.content.decode()
    response = client.post(
        _url("theme_rename", consultation, run.pk, theme.pk),
        {"label": "Inspection", "label__fr": "Inspection du travail"},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.label, theme.translations["fr"]["label"]) == ("Inspection", "Inspection du travail")


def test_finishing_the_review_names_what_stops_it(secretariat_client, consultation, member, run):
    first = run.themes.order_by("position").first()
    themes.split_theme(
        theme=first,
        answer_ids=list(ThemeAssignment.objects.filter(theme=first).values_list("answer_id", flat=True))[:1],
        label="Alone",
        by=member,
    )
    response = secretariat_client.post(_url("theme_review_finish", consultation, run.pk))
    assert _messages(response) == [
        "“Alone” has 1 answers, fewer than 5: merge it into another theme, move its answers or discard it."
    ]
    html = secretariat_client.get(_url("theme_run", consultation, run.pk)).content.decode()
    assert "“Alone” has 1 answers" in html


def test_the_answers_page_filters_by_theme(client, consultation, member, run):
    theme = run.themes.order_by("position").first()
    client.force_login(member)
    html = client.get(reverse("engagement:answers", args=[consultation.slug]), {"theme": theme.pk}).content.decode()
    assert f"{theme.answer_count} responses match these filters" in html


def test_the_console_links_the_latest_run(secretariat_client, consultation, run):
    html = secretariat_client.get(reverse("engagement:manage", args=[consultation.slug])).content.decode()
    assert f'href="{_url("theme_run", consultation, run.pk)}"' in html and "To review" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_themes_pages_take_the_same_queries_with_more_themes_and_answers(client, cast, member, consultation):
    client.force_login(member)
    small = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=2)
    _queries(client, _url("theme_run", consultation, small.pk))  # what the session reads once
    counts = {"run": [], "theme": [], "index": []}
    store_answers(consultation, labelled_rows([t for t in ("financing",) if t not in THREE_THEMES], 15))
    big = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=4)
    assert big.themes.count() > small.themes.count()
    for run in (small, big):
        counts["run"].append(_queries(client, _url("theme_run", consultation, run.pk)))
        counts["theme"].append(_queries(client, _url("theme", consultation, run.pk, run.themes.first().pk)))
    counts["index"].append(_queries(client, _url("themes", consultation)))
    themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    counts["index"].append(_queries(client, _url("themes", consultation)))
    assert counts["run"][0] == counts["run"][1]
    assert counts["theme"][0] == counts["theme"][1]
    assert counts["index"][0] == counts["index"][1]


# --- API ----------------------------------------------------------------------------------------------


def test_api_runs_and_themes_for_the_team_only(client, cast, consultation, member, run):
    first, other, _third = run.themes.order_by("position")
    themes.merge_themes(into=first, others=[other], by=member)
    runs_url = f"/api/consultations/{consultation.slug}/theme-runs"
    assert client.get(runs_url).status_code == 401
    _key, outsider = api_token_create(user=cast.outsider, name="t")
    assert client.get(runs_url, headers={"Authorization": f"Bearer {outsider}"}).status_code == 403
    _key, secret = api_token_create(user=member, name="t")
    bearer = {"Authorization": f"Bearer {secret}"}
    [listed] = client.get(runs_url, headers=bearer).json()
    assert (listed["id"], listed["status"], listed["encoder"], listed["interrupted"]) == (
        run.pk,
        "done",
        "tfidf-words-char-ngrams",
        False,
    )
    detail = client.get(f"{runs_url}/{run.pk}", headers=bearer).json()
    shown = {t["id"]: t for t in detail["themes"]}
    first.refresh_from_db()
    assert shown[first.pk]["answer_count"] == first.answer_count
    assert shown[first.pk]["human_assignments"] > 0 and shown[first.pk]["machine_assignments"] > 0
    assert (shown[other.pk]["status"], shown[other.pk]["merged_into"]) == ("merged", first.pk)
    assert shown[first.pk]["breakdown"]["language"][0]["count"] > 0
    assert client.get(f"{runs_url}/999999", headers=bearer).status_code == 404


def test_me_counts_the_themes_waiting_for_review_with_a_link(client, cast, consultation, member, run):
    client.force_login(member)
    page = client.get("/me/").content.decode()
    assert "Themes to review" in page and "1 consultation whose themes wait for review" in page
    assert f'href="{_url("theme_run", consultation, run.pk)}"' in page
    themes.finish_review(run=run, by=cast.secretariat)
    assert "Themes to review" not in client.get("/me/").content.decode()


def test_a_quote_whose_author_did_not_agree_is_marked_not_to_be_quoted(client, cast, member):
    consultation = make_consultation(cast.secretariat, languages=("en", "fr", "es", "ar"))
    store_answers(consultation, labelled_rows(THREE_THEMES, 15), quotable=False)
    run = themes.start_run(consultation=consultation, by=cast.secretariat, themes_asked=3)
    consultation.team.add(member)
    client.force_login(member)
    html = client.get(_url("theme_run", consultation, run.pk)).content.decode()
    quotes = sum(len(t.quotes) for t in run.themes.all())
    assert quotes and html.count("not to be quoted") == quotes


def test_a_team_member_reaches_every_themes_page_by_links_from_me(client, consultation, member, run):
    """Every room has a door: from /me/, by links only, the run, its themes, a theme's answers, the runs and
    the review log; every page reached answers 200."""
    from alliance87.tests.test_doors import crawl  # noqa: PLC0415 -- the doors' crawler, shared by the apps

    client.force_login(member)
    reached, statuses, _texts = crawl(client, "/me/")
    for name in ("engagement:theme_run", "engagement:theme", "engagement:themes", "engagement:theme_log"):
        assert reached.get(name), f"{name} is not reached from /me/"
    themed = [path for path, status in statuses.items() if "/themes/" in path]
    assert themed and all(statuses[path] == 200 for path in themed)
