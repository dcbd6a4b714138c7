"""/me/ is each person's start page: the consoles their roles give, each with what waits there; and
e-mails reach people in the language they use the platform in, with a link."""

import re

from django.core import mail
from django.utils.translation import gettext_lazy

from alliance87.accounts.models import User
from alliance87.notify import notify


def consoles(page: str) -> list[str]:
    """The consoles' titles as the page lists them."""
    block = page.split('class="cards consoles"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", title).strip() for title in re.findall(r"<h3>(.*?)</h3>", block, re.S)]


def test_partner_editor_and_group_lead_find_what_they_keep(client, cast):
    client.force_login(cast.partner_editor)
    page = client.get("/me/").content.decode()
    assert consoles(page) == ["Your commitments", "Your experiences", "Partner profile: Free the Slaves"]
    assert 'href="/partners/free-the-slaves/edit/"' in page

    client.force_login(cast.group_lead)
    assert consoles(client.get("/me/").content.decode()) == [
        "Your commitments",
        "Your experiences",
        f"Action Group: {cast.alliance.agriculture.name}",
    ]


def test_focal_point_and_reviewer_find_reports(client, cast):
    client.force_login(cast.focal_point)
    page = client.get("/me/").content.decode()
    assert consoles(page) == ["Annual reports to file", "Your commitments", "Your experiences"]
    assert "0 reports to start, finish or correct" in page

    client.force_login(cast.reviewer)
    page = client.get("/me/").content.decode()
    assert consoles(page) == ["Annual reports to review", "Accountability Framework"]
    assert "0 reports to review" in page


def test_someone_without_a_role_is_told_how_roles_come(client, cast):
    client.force_login(cast.outsider)
    page = client.get("/me/").content.decode()
    assert 'class="cards consoles"' not in page
    assert "You hold no role yet." in page


def test_secretariat_finds_the_administration(secretariat_client):
    page = secretariat_client.get("/me/").content.decode()
    assert "Administration" in consoles(page)
    assert "Events to organise" in consoles(page)


def test_the_language_read_in_is_remembered(client, cast):
    client.force_login(cast.partner_editor)
    client.get("/fr/me/")
    assert User.objects.get(pk=cast.partner_editor.pk).language == "fr"
    client.get("/es/partners/")
    assert User.objects.get(pk=cast.partner_editor.pk).language == "es"
    # An address without a language now opens in the one last read (first_language.py) ...
    assert client.get("/me/")["Location"] == "/es/me/"
    # ... until English is chosen with the language link. The person is told, not left to guess which
    # language the e-mails come in.
    page = client.get("/language/en/", {"next": "/me/"}, follow=True)
    assert "The platform e-mails you in English, the language you last read it in" in page.content.decode()


def test_notify_writes_in_each_recipients_language_with_a_link(cast, django_capture_on_commit_callbacks, settings):
    settings.SITE_ROOT = "https://alliance87.example.org"
    User.objects.filter(pk=cast.focal_point.pk).update(language="fr")
    User.objects.filter(pk=cast.reviewer.pk).update(language="")
    recipients = User.objects.filter(pk__in=[cast.focal_point.pk, cast.reviewer.pk]).order_by("email")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients, subject=gettext_lazy("Sign in"), body=gettext_lazy("Sign in"), link="/reports/7/")
    by_address = {m.to[0]: m for m in mail.outbox}
    french = by_address[cast.focal_point.email]
    english = by_address[cast.reviewer.email]
    assert french.subject == "Se connecter" and english.subject == "Sign in"
    assert "https://alliance87.example.org/reports/7/" in french.body
    assert "https://alliance87.example.org/me/" in english.body


def test_the_secretariats_start_page_counts_in_a_fixed_number_of_queries(
    secretariat_client, django_assert_max_num_queries
):
    """Twenty-one queries whatever the number of banners, events, reports, consultations, commitments,
    experiences, indicator imports and report builds (each console counts in one: the consultations, the second
    rounds' statements waiting for moderation, the draft priorities, the themes waiting for review, the
    commitments to review and overdue, the experiences to review, the indicator data waiting, the ten-year
    report's builds and the safeguarding list among them)."""
    from alliance87.artwork.models import Banner, default_palette  # noqa: PLC0415

    for n in range(3):
        Banner.objects.create(title=f"Banner {n}", slug=f"banner-{n}", palette=default_palette())
    secretariat_client.get("/me/")  # the first page read in a session records its language
    with django_assert_max_num_queries(21):
        page = secretariat_client.get("/me/").content.decode()
    assert consoles(page).count("Moderation: Banner 0") == 1 and "Safeguarding: Banner 2" in consoles(page)
