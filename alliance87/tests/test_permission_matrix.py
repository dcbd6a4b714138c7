"""The permission matrix: every role × every write (pages, API, sockets, the admin), from the one table in
``permission_matrix.py``. Each write is made by each role on the same objects, each time from the same
starting point (a savepoint rolled back after it); the answer must be the table's, and a refusal must leave
the data as it was. A write the table does not list fails the completeness test, so a new page, API
operation or socket action cannot arrive without its row.

``WRITE_PERMISSION_MATRIX=1`` rewrites ``docs/permission-matrix.md`` from the table; without it the test
checks that the file says what the table says.
"""

import datetime
import inspect
import json
import os
import re
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alliance87.accounts.models import Role
from alliance87.accounts.services import api_token_create
from alliance87.testing import SocketClient, make_user

from . import permission_matrix as matrix

DOC = Path(__file__).resolve().parents[2] / "docs" / "permission-matrix.md"
SMALL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# A 1×1 PNG.
SMALL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63382167030002d401237262d8760000000049454e44ae426082"
)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LANGUAGE_PREFIX = r"^/(?:(?:fr|es)/)?"
SOCKET_TIMEOUT = 5

# One client for every attempt, its cookies set for each: a new client loads the middleware again (whitenoise
# then walks every static file), which would cost more than the requests.
CLIENT = Client()
HTTP_WRITES = [w for w in matrix.WRITES if w.kind != "socket"]
HTTP_READS = [r for r in matrix.READS if r.kind != "socket"]
SOCKET_WRITES = [w for w in matrix.WRITES if w.kind == "socket"]


def _param(row: matrix.Write):
    marks = [pytest.mark.xfail(strict=True, reason=row.pending)] if row.pending else []
    return pytest.param(row, id=row.id, marks=marks)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Evidence, an experience's pictures and a previewed pledges file are written to a throwaway storage.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Sixteen accounts per test: the production hasher would spend most of the run hashing passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# ---- The world every row acts on -----------------------------------------------------------------------


class World:
    """Event A (published, the side event from the seed concept note, with its agenda and people) and event
    B (a draft); banner A of event A with a pending mark, a mark held for safeguarding and a blocklist term,
    banner B of event B; Kenya with a roadmap, a draft report (2026), a complete one (2025), a cycle not
    started (2024), a submitted report (2023) and an accepted one (2022); the cast with one user per role."""

    def __init__(self, cast, alliance, *, pathfinders_work: bool = True):
        from allauth.mfa.totp.internal.auth import TOTP  # noqa: PLC0415 -- allauth's models need the apps

        from alliance87.artwork import services as artwork  # noqa: PLC0415
        from alliance87.artwork.models import (  # noqa: PLC0415
            Banner,
            BlockedTerm,
            Contribution,
            DisclosureCue,
            HelpLine,
        )
        from alliance87.artwork.vocab import Status  # noqa: PLC0415
        from alliance87.events import services as events  # noqa: PLC0415
        from alliance87.network import services as network  # noqa: PLC0415
        from alliance87.network.models import Membership, Organisation, Person  # noqa: PLC0415

        secretariat = cast.secretariat
        self.alliance = alliance
        self.kenya, self.fts, self.agri = alliance.kenya, alliance.free_the_slaves, alliance.agriculture

        from alliance87.events.tests.conftest import SEED  # noqa: PLC0415

        side_event = events.concept_note_import(text=SEED.read_text(encoding="utf-8"), by=None)
        events.event_publish(event=side_event, by=None)
        self.event_a = side_event
        self.item_a = side_event.items.order_by("position").first()
        self.participation_a = side_event.participations.select_related("person").order_by("pk").first()
        self.event_b = events.event_create(
            by=None,
            title="Event B",
            time_zone="Europe/Zurich",
            starts_at=datetime.datetime(2026, 6, 1, 8, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        )
        self.outside_person = Person.objects.create(name="Someone Outside")
        self.person_of_a = (
            side_event.participations.exclude(person=self.participation_a.person).select_related("person").first()
        ).person

        self.banner_a = Banner.objects.create(
            title="Banner A", slug="banner-a", event=side_event, columns=12, rows=4, wall_delay_seconds=0
        )
        self.banner_b = Banner.objects.create(
            title="Banner B", slug="banner-b", event=self.event_b, columns=12, rows=4, wall_delay_seconds=0
        )
        self.pending = artwork.contribute(
            banner=self.banner_a, device_token="phone-1", colour="#A21942", message="Hello"
        ).contribution
        self.held = artwork.contribute(
            banner=self.banner_a, device_token="phone-2", colour="#A21942", message="Help"
        ).contribution
        Contribution.objects.filter(pk=self.held.pk).update(status=Status.SAFEGUARDING)
        self.term_a = BlockedTerm.objects.create(banner=self.banner_a, language="en", term="matrix-a")
        self.cue = DisclosureCue.objects.create(language="en", phrase="matrix cue a", kind="other")
        self.help_line = HelpLine.objects.create(name="Matrix line A", phone="+1 555 0101")

        # Only for the rows that use it (it takes a while), and never for the sockets: a transactional test
        # empties the Framework's data, which a migration loads.
        if pathfinders_work:
            self._pathfinders_work(secretariat)
        self._consultations(secretariat)
        self._themes(secretariat)
        self._priorities(secretariat)
        self._rounds(secretariat)
        self._commitments(cast)
        self._exchange(cast)
        self._indicators(cast)

        outside = Organisation.objects.exclude(
            pk__in=Membership.objects.filter(action_group=self.agri).values("organisation")
        )
        first, self.not_a_member = outside.order_by("pk")[:2]
        self.membership = network.membership_add(group=self.agri, organisation=first, role="member", by=secretariat)

        TOTP.activate(secretariat, TOTP_SECRET)
        self.users = {
            "outsider": cast.outsider,
            "secretariat": secretariat,
            "secretariat_nocode": secretariat,
            "focal_point": cast.focal_point,
            "focal_point_other": make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico),
            "reviewer": cast.reviewer,
            "partner_editor": cast.partner_editor,
            "partner_editor_other": make_user("editor@nestle.example.org", Role.PARTNER_EDITOR, alliance.nestle),
            "group_lead": cast.group_lead,
            "group_lead_other": make_user("lead@ilo.example.org", Role.ACTION_GROUP_LEAD, alliance.supply_chains),
            "organiser": make_user("organiser.a@example.org", Role.EVENT_ORGANISER, side_event),
            "organiser_other": make_user("organiser.b@example.org", Role.EVENT_ORGANISER, self.event_b),
            "moderator": make_user("moderator.a@example.org", Role.MODERATOR, side_event),
            "moderator_other": make_user("moderator.b@example.org", Role.MODERATOR, self.event_b),
            "safeguarding": cast.safeguarding,
        }
        # Signed in here, outside the attempts' savepoints, so that every attempt finds its session.
        self.sessions = {role: self._sign_in(role) for role in self.users}
        self.tokens, self.secrets = {}, {}
        for role, user in self.users.items():
            if role not in self.tokens and role != "secretariat_nocode":
                self.tokens[role], self.secrets[role] = api_token_create(user=user, name="world")
        self.stranger = make_user("stranger@example.org")
        self.someone_elses_token = api_token_create(user=self.stranger, name="theirs")[0].pk
        assert set(self.users) == set(matrix.ROLES) - {"anonymous"}

    def _pathfinders_work(self, secretariat) -> None:
        from alliance87.pathfinders import services as pathfinders  # noqa: PLC0415
        from alliance87.pathfinders.models import Report, ReportStatus  # noqa: PLC0415
        from alliance87.pathfinders.selectors import current_framework  # noqa: PLC0415
        from alliance87.pathfinders.tests.test_report_pages import give_roadmap, open_cycle  # noqa: PLC0415
        from alliance87.pathfinders.views.reports import parse_report_form  # noqa: PLC0415

        self.priority_ke = give_roadmap(self.kenya, secretariat).priorities.get()
        reports = {}
        for year in (2022, 2023, 2024, 2025, 2026):
            cycle = open_cycle(secretariat, year)
            if year != 2024:
                reports[year] = pathfinders.report_start(country=self.kenya, cycle=cycle, by=secretariat)
        self.unstarted_year = 2024
        self.draft = reports[2026]
        self.complete = reports[2025]
        pathfinders.report_save(report=self.complete, by=secretariat, **parse_report_form(self._form(self.complete)))
        Report.objects.filter(pk=reports[2023].pk).update(status=ReportStatus.SUBMITTED)
        Report.objects.filter(pk=reports[2022].pk).update(status=ReportStatus.ACCEPTED)
        self.submitted, self.accepted = reports[2023], reports[2022]
        criteria = list(current_framework().criteria.order_by("position", "pk"))
        self.criterion = criteria[0]
        # The 2025 assessment is judged in full, ready for the secretariat to publish; the 2023 one is published.
        self.published_year = self.submitted.cycle.year
        for report in (self.complete, self.submitted):
            judged = pathfinders.assessment_prepare(country=self.kenya, cycle=report.cycle, by=secretariat)
            for criterion in criteria:
                pathfinders.assessment_judge(
                    assessment=judged, criterion=criterion, by=secretariat, judgement="met", evidence="A law."
                )
        pathfinders.assessment_publish(assessment=judged, by=secretariat)

    def _consultations(self, secretariat) -> None:
        """An open consultation by invitation (a link not used yet, and a draft answer the screening flagged),
        a draft one and an open anonymous one."""
        from alliance87.engagement import services as engagement  # noqa: PLC0415
        from alliance87.engagement.models import Answer  # noqa: PLC0415
        from alliance87.engagement.tests.making import make_consultation  # noqa: PLC0415

        self.consultation = make_consultation(secretariat)
        self.draft_consultation = make_consultation(secretariat, open_it=False)
        self.anonymous_consultation = make_consultation(secretariat, anonymous=True)
        self.question = self.consultation.questions.get(name="area")
        self.choice = self.question.choices.order_by("pk").first()
        invited = engagement.invite(
            by=secretariat,
            consultation=self.consultation,
            addresses=[("invited@example.org", "en"), ("flagged@example.org", "en")],
        )
        self.answer_token, flagged_token = (done.link.rstrip("/").rsplit("/", 1)[1] for done in invited)
        engagement.response_save(
            consultation=self.consultation, token=flagged_token, version=None, values={"first": "They took my passport"}
        )
        self.flagged = Answer.objects.get(may_be_disclosure=True)

    def _themes(self, secretariat) -> None:
        """A run of the open consultation with two standing themes of five answers each (its review can be
        finished) and a discarded one, stored as a run stores them; and a run whose process died."""
        from django.utils import timezone  # noqa: PLC0415

        from alliance87.engagement.models import (  # noqa: PLC0415
            Theme,
            ThemeAssignment,
            ThemeRun,
            ThemeRunStatus,
            ThemeStatus,
        )
        from alliance87.engagement.tests.making_themes import store_answers  # noqa: PLC0415

        rows = [{"answer": f"Matrix answer {n}: more labour inspectors", "language": "en"} for n in range(10)]
        answers = store_answers(self.consultation, rows)
        self.theme_run = ThemeRun.objects.create(
            consultation=self.consultation, status=ThemeRunStatus.DONE, answer_count=10, started_by=secretariat
        )
        self.theme, self.other_theme, self.discarded_theme = (
            Theme.objects.create(
                run=self.theme_run, key=key, position=n, label=label, answer_count=count, status=status
            )
            for n, (key, label, count, status) in enumerate(
                [
                    ("T01", "Matrix theme", 5, ThemeStatus.ACTIVE),
                    ("T02", "Matrix other theme", 5, ThemeStatus.ACTIVE),
                    ("T03", "Matrix discarded theme", 0, ThemeStatus.DISCARDED),
                ]
            )
        )
        ThemeAssignment.objects.bulk_create(
            ThemeAssignment(run=self.theme_run, answer=a, theme=self.theme if n < 5 else self.other_theme)
            for n, a in enumerate(answers)
        )
        self.theme_answer = answers[0]
        self.stale_run = ThemeRun.objects.create(
            consultation=self.consultation,
            status=ThemeRunStatus.RUNNING,
            heartbeat_at=timezone.now() - timezone.timedelta(minutes=10),
        )

    def _priorities(self, secretariat) -> None:
        """A draft priority resting on a Durban area (publishable), a published one, and the Marrakech
        Framework (loaded by a migration, no area) with an area of its own entered here."""
        from alliance87.engagement import priorities  # noqa: PLC0415
        from alliance87.engagement.models import OutcomeArea, OutcomeDocument  # noqa: PLC0415

        durban_area = OutcomeArea.objects.get(document__slug="durban-call-to-action", number=2)
        self.draft_priority = priorities.priority_create(by=secretariat, title="Matrix draft priority")
        priorities.priority_set_evidence(
            by=secretariat, priority=self.draft_priority, themes=[], outcome_areas=[durban_area]
        )
        self.published_priority = priorities.priority_create(by=secretariat, title="Matrix published priority")
        priorities.priority_set_evidence(
            by=secretariat, priority=self.published_priority, themes=[], outcome_areas=[durban_area]
        )
        self.published_priority = priorities.publish_priority(by=secretariat, priority=self.published_priority)
        self.outcome = OutcomeDocument.objects.get(slug="marrakech-framework-for-action")
        self.outcome_area = priorities.outcome_area_add(by=secretariat, document=self.outcome, title="Matrix area")

    def _rounds(self, secretariat) -> None:
        """An open second round that takes participants' statements (one waiting for moderation, and a
        participant whose browser key the vote rows send), and a draft round."""
        from alliance87.engagement import rounds  # noqa: PLC0415
        from alliance87.engagement.tests.making import make_round  # noqa: PLC0415

        self.round = make_round(secretariat, accepts_statements=True)
        self.draft_round = make_round(secretariat, open_it=False)
        self.round_statement = self.round.statements.order_by("position").first()
        self.round_participant, self.round_key = rounds.participant_join(round_=self.round)
        self.waiting_statement = rounds.statement_propose(participant=self.round_participant, text="Matrix waiting")

    def _commitments(self, cast) -> None:
        """Commitments (issue 16): a draft of each kind of maker (Free the Slaves' with a co-implementer to
        remove, Kenya's, the Agriculture group's); a submitted one of Free the Slaves whose verdicts all pass;
        a running one of Free the Slaves that the Agriculture group co-implements (confirmed) and Kenya is
        asked to confirm, with an update offered as a story; event A's two takeaways and its invitation to
        Free the Slaves, whose link's token is known here."""
        from alliance87.commitments.models import Invitation, ProgressUpdate, Takeaway  # noqa: PLC0415
        from alliance87.commitments.stage import token_hash  # noqa: PLC0415
        from alliance87.commitments.tests.making import co_implementer, commitment  # noqa: PLC0415

        alliance, priorities = self.alliance, [self.published_priority]
        self.c_fts = commitment(lead=self.fts, status="draft", by=cast.partner_editor, priorities=priorities)
        self.c_fts_deliverable = self.c_fts.deliverables.get()
        self.c_fts_resource = self.c_fts.resources.get()
        self.c_fts_co = co_implementer(self.c_fts, alliance.nestle, confirmed=False)
        self.c_kenya = commitment(lead=self.kenya, status="draft", by=cast.focal_point, priorities=priorities)
        self.c_agri = commitment(lead=self.agri, status="draft", by=cast.group_lead, priorities=priorities)
        self.c_submitted = commitment(
            lead=self.fts,
            status="submitted",
            priorities=priorities,
            smart_review={letter: {"ok": True, "note": ""} for letter in "SMART"},
        )
        self.c_running = commitment(
            lead=self.fts, priorities=priorities, co_implementers=[self.agri, (self.kenya, False)]
        )
        self.co_kenya = self.c_running.co_implementers.get(country=self.kenya)
        self.update = ProgressUpdate.objects.create(
            commitment=self.c_running, progress="on_track", text="Matrix journey.", share_as_story=True
        )
        self.takeaway = Takeaway.objects.create(event=self.event_a, text="Matrix takeaway", position=0)
        self.other_takeaway = Takeaway.objects.create(event=self.event_a, text="Matrix takeaway 2", position=1)
        self.invitation_token = "matrix-invitation-token"
        self.invitation = Invitation.objects.create(
            event=self.event_a, organisation=self.fts, token_hash=token_hash(self.invitation_token)
        )

    def _exchange(self, cast) -> None:
        """Experiences (issue 16, part 6): a lived-experience draft shared by Free the Slaves' editor with a
        picture of people whose consent is not recorded; a submitted one of Free the Slaves; a published
        story of the Agriculture group with a document."""
        from django.core.files.base import ContentFile  # noqa: PLC0415

        from alliance87.exchange.models import Experience, ExperienceMedia  # noqa: PLC0415

        common = {"summary": "Matrix summary.", "what_was_done": "Matrix work.", "is_example": True}
        self.xp_draft = Experience.objects.create(
            slug="matrix-draft",
            title="Matrix draft",
            kind="story",
            lived_experience=True,
            organisation=self.fts,
            created_by=cast.partner_editor,
            **common,
        )
        self.xp_media = ExperienceMedia(
            experience=self.xp_draft, original_name="people.png", alt_text="People (example)", shows_people=True
        )
        self.xp_media.file.save("people.png", ContentFile(SMALL_PNG), save=True)
        self.xp_submitted = Experience.objects.create(
            slug="matrix-submitted", title="Matrix submitted", organisation=self.fts, status="submitted", **common
        )
        self.xp_story = Experience.objects.create(
            slug="matrix-story",
            title="Matrix story",
            kind="story",
            lived_experience=True,
            action_group=self.agri,
            created_by=cast.group_lead,
            status="published",
            published_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
            **common,
        )
        self.story_media = ExperienceMedia(experience=self.xp_story, original_name="report.pdf", caption="Matrix")
        self.story_media.file.save("report.pdf", ContentFile(SMALL_PDF), save=True)

    # A small file of Kenya's figures (an example, not Kenya's data), as Open SDG tidy CSV.
    TIDY = b"Year,Sex,Value\r\n2019,,8.5\r\n2019,Female,7.9\r\n2019,Male,9.1\r\n"

    def _indicators(self, cast) -> None:
        """Issue 17: Kenya's draft dataset; a dataset shown to Kenya (its notice open for two weeks); one whose
        notice Kenya answered (publishable); a published one; an import of Kenya's file waiting for the
        confirmation of what it inferred; a ten-year report still being built; a national series of Kenya
        whose only figures are the draft's. Every figure is an example."""
        from django.core.files.base import ContentFile  # noqa: PLC0415
        from django.utils import timezone  # noqa: PLC0415

        from alliance87.indicators import imports  # noqa: PLC0415
        from alliance87.indicators.models import (  # noqa: PLC0415
            CountryNotice,
            Dataset,
            IndicatorImport,
            Observation,
            Series,
        )
        from alliance87.stocktake.models import TenYearReport  # noqa: PLC0415

        now = timezone.now()
        self.ind_series, _ = Series.objects.get_or_create(
            code="SL_TLF_CHLDEC", defaults={"kind": "sdg", "indicator": "8.7.1", "title": "Child labour (matrix)"}
        )
        self.draft_series = Series.objects.create(
            code="KE_MATRIX_DRAFT", kind="national", title="Matrix national series", country=self.kenya
        )

        def dataset(title: str, status: str, series=None) -> Dataset:
            made = Dataset.objects.create(
                title=title, country=self.kenya, status=status, source="Matrix (example)", is_example=True
            )
            Observation.objects.create(
                dataset=made,
                series=series or self.ind_series,
                year=2019,
                area="404",
                country=self.kenya,
                value=8.5,
                value_text="8.5",
            )
            return made

        self.ind_draft = dataset("Matrix draft", "draft", self.draft_series)
        self.ind_notice = dataset("Matrix under notice", "notice")
        self.ind_kenya_notice = CountryNotice.objects.create(
            dataset=self.ind_notice,
            country=self.kenya,
            closes_at=now + timezone.timedelta(days=14),
            opened_by=cast.secretariat,
        )
        Dataset.objects.filter(pk=self.ind_notice.pk).update(notice_closes_at=now + timezone.timedelta(days=14))
        self.ind_answered = dataset("Matrix answered", "notice")
        self.ind_answered_notice = CountryNotice.objects.create(
            dataset=self.ind_answered,
            country=self.kenya,
            closes_at=now + timezone.timedelta(days=14),
            status="answered",
            comment="Matrix comment (example).",
            comment_language="en",
            commented_by=cast.focal_point,
            commented_at=now,
        )
        self.ind_published = dataset("Matrix published", "published")
        try:
            self.ind_run = imports.check(
                data=self.TIDY, file_name="kenya.csv", by=cast.secretariat, country=self.kenya, series=self.ind_series
            )
        except NotImplementedError:  # the reader not there yet: the run as it would leave it
            self.ind_run = IndicatorImport(
                file_name="kenya.csv",
                country=self.kenya,
                series=self.ind_series,
                created_by=cast.secretariat,
                report={"problems": [], "inferred": [{"key": "unit", "what": "Unit", "value": "PT", "why": "Matrix"}]},
            )
            self.ind_run.file.save("kenya.csv", ContentFile(self.TIDY), save=True)
        self.building_report = TenYearReport.objects.create(language="en", status="running", heartbeat_at=now)
        self.stale_report = TenYearReport.objects.create(
            language="fr", status="running", heartbeat_at=now - timezone.timedelta(minutes=10)
        )

    def tidy_file(self):
        return SimpleUploadedFile("kenya.csv", self.TIDY, content_type="text/csv")

    def confirm_form(self) -> dict:
        """Every inferred value confirmed as the report gives it."""
        inferred = self.ind_run.report.get("inferred", [])
        return {"source": "Matrix (example)", **{f"inferred_{n}": item["value"] for n, item in enumerate(inferred)}}

    def notice_form(self) -> dict:
        closes = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
        return {"countries": [self.kenya.pk], "closes_on": closes}

    def round_cookie(self, role: str) -> str:
        """The Cookie header of a participant's browser: the round's key, beside the role's session."""
        from alliance87.engagement.rounds import KEY_COOKIE  # noqa: PLC0415

        session = "" if role == "anonymous" else f"{settings.SESSION_COOKIE_NAME}={self.sessions[role]}; "
        return f"{session}{KEY_COOKIE}={self.round_key}"

    # What the rows' requests ask for.

    def own_token(self, role: str) -> int:
        return self.tokens[role].pk if role in self.tokens else self.someone_elses_token

    def own_banner(self, role: str):
        return self.banner_b if role == "moderator_other" else self.banner_a

    def items_reversed(self) -> list[int]:
        return list(self.event_a.items.order_by("-position").values_list("pk", flat=True))

    def participation_form(self) -> dict:
        p = self.participation_a
        return {
            "role": p.role,
            "agenda_item": p.agenda_item_id or "",
            "printed_title": p.printed_title,
            "printed_organisation": "Taken over",
            "confirmation": p.confirmation,
        }

    @staticmethod
    def _form(report) -> dict:
        from alliance87.pathfinders.tests.test_report_pages import complete_form  # noqa: PLC0415

        return complete_form(report)

    def report_form(self) -> dict:
        return self._form(self.draft)

    def report_patch(self) -> dict:
        question = self.draft.cycle.questions.order_by("pk").first()
        return {"answers": {str(question.pk): "Our answer."}}

    def judgement_form(self, judgement: str = "met") -> dict:
        code = self.criterion.code
        return {"criterion": code, f"{code}-judgement": judgement, f"{code}-evidence": "The matrix's evidence."}

    def organisation_form(self) -> dict:
        org = self.fts
        return {
            "name": org.name,
            "acronym": org.acronym,
            "country": org.country_id or "",
            "website": org.website,
            "description": "Taken over",
        }

    def group_form(self) -> dict:
        group = self.agri
        return {"name": group.name, "mandate": "Taken over", "secretariat": group.secretariat}

    def commitment_about(self) -> dict:
        c = self.c_fts
        return {
            "section": "about",
            "title": "Taken over",
            "description": c.description,
            "contribution": c.contribution,
            "communication": c.communication,
            "language": "en",
            "focal_point": c.focal_point,
            "focal_point_email": "",
        }

    def deliverable_form(self, prefix: str, title: str = "Taken over") -> dict:
        values = {"title": title, "indicator": "Matrix", "unit": "people", "baseline": "0", "target": "5"}
        values["due_on"] = "2027-06-30"
        return {f"{prefix}-{name}": value for name, value in values.items()}

    @staticmethod
    def resource_form(prefix: str, description: str = "Taken over") -> dict:
        values = {"kind": "money", "description": description, "amount": "10", "currency": "USD"}
        return {f"{prefix}-{name}": value for name, value in values.items()}

    @staticmethod
    def verdicts_form(action: str) -> dict:
        return {"action": action, **{f"{x}_ok": "ok" for x in "SMART"}, **{f"{x}_note": "Matrix" for x in "SMART"}}

    def invitable(self) -> dict:
        """An organisation event A may invite that is not invited yet."""
        from alliance87.commitments import stage  # noqa: PLC0415

        found = next(o for o in stage.candidates(self.event_a).organisations if o.pk != self.fts.pk)
        return {"organisations": [found.pk]}

    def experience_form(self) -> dict:
        return {
            "title": "Taken over",
            "kind": "story",
            "summary": "Matrix summary.",
            "what_was_done": "Matrix work.",
            "language": "en",
            "organisation": self.fts.pk,
            "lived_experience": "on",
        }

    @staticmethod
    def pledges_file():
        data = Path(__file__).resolve().parents[1] / "commitments" / "tests" / "data" / "pledges_good.csv"
        return SimpleUploadedFile("pledges.csv", data.read_bytes(), content_type="text/csv")

    @staticmethod
    def png():
        return SimpleUploadedFile("matrix.png", SMALL_PNG, content_type="image/png")

    @staticmethod
    def concept_note_file():
        from alliance87.events.tests.conftest import SEED  # noqa: PLC0415

        # Another title than event A's: the note of a published event is refused (re-import), not imported.
        note = SEED.read_bytes().replace(b"10 years of Partnership", b"Ten years of Partnership")
        return SimpleUploadedFile("note.txt", note, content_type="text/plain")

    @staticmethod
    def pdf():
        return SimpleUploadedFile("evidence.pdf", SMALL_PDF, content_type="application/pdf")

    # Who acts.

    def _sign_in(self, role: str) -> str:
        """A session for ``role`` (the confirmed secretariat has given its code, as after sign-in); its key."""
        client = Client()
        client.force_login(self.users[role])
        if role == "secretariat":
            from allauth.account.internal.flows.login import record_authentication  # noqa: PLC0415

            request = RequestFactory().get("/")
            request.session = client.session
            record_authentication(request, self.users[role], "mfa", type="totp")
            request.session.save()
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    def acting_as(self, role: str, *, session: bool = True) -> Client:
        """The one client every attempt uses, holding ``role``'s session cookie and nothing else (a write
        that signs out, or sets the phone's cookie, leaves nothing for the next attempt)."""
        CLIENT.cookies = SimpleCookie()
        if session and role != "anonymous":
            CLIENT.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[role]
        return CLIENT

    def api_headers(self, role: str) -> tuple[Client, dict]:
        """A bearer token for each role; none for the anonymous, and only the password-only session for the
        secretariat that has not given its code (the API takes no session)."""
        if role == "secretariat_nocode":
            return self.acting_as(role), {}
        if role == "anonymous":
            return self.acting_as(role), {}
        return self.acting_as(role, session=False), {"Authorization": f"Bearer {self.secrets[role]}"}

    # What a refusal must leave as it was.

    WATCHED = (
        *("event_a", "event_b", "item_a", "participation_a", "banner_a", "pending", "held", "term_a"),
        *("cue", "help_line"),
        *("fts", "agri", "membership", "draft", "complete", "submitted", "accepted"),
        *("consultation", "draft_consultation", "question", "choice", "flagged"),
        *("theme_run", "theme", "other_theme", "discarded_theme", "stale_run"),
        *("draft_priority", "published_priority", "outcome", "outcome_area"),
        *("round", "draft_round", "round_statement", "waiting_statement"),
        *("c_fts", "c_fts_deliverable", "c_fts_resource", "c_fts_co", "c_kenya", "c_agri", "c_submitted"),
        *("c_running", "co_kenya", "update", "takeaway", "other_takeaway", "invitation"),
        *("xp_draft", "xp_media", "xp_submitted", "xp_story", "story_media"),
        *("ind_draft", "ind_notice", "ind_kenya_notice", "ind_answered", "ind_answered_notice", "ind_published"),
        *("ind_run", "building_report", "stale_report"),
    )

    def fingerprint(self) -> dict:
        """The number of rows of every model of the platform's apps, and every field of the objects the rows
        act on: a refused write that changed anything shows here."""
        from django.apps import apps  # noqa: PLC0415

        models = [
            model
            for app in (
                *("accounts", "network", "pathfinders", "events", "artwork", "engagement"),
                *("commitments", "exchange", "account", "mfa", "indicators", "stocktake"),
            )
            for model in apps.get_app_config(app).get_models()
        ]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:  # one query: the counts are taken twice per refusal
            cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models))
            counts = dict(zip((m._meta.label for m in models), cursor.fetchone(), strict=True))
        by_model = {}
        for name in self.WATCHED:
            obj = getattr(self, name, None)  # the Pathfinder work is there only for its rows
            if obj is not None:
                by_model.setdefault(type(obj), []).append(obj.pk)
        objects = {
            (model._meta.label, row["id"]): row
            for model, pks in by_model.items()
            for row in model.objects.filter(pk__in=pks).values()
        }
        return {"counts": counts, "objects": objects}


@pytest.fixture
def world(cast, alliance) -> World:
    return World(cast, alliance, pathfinders_work=False)


# ---- Classifying an answer ---------------------------------------------------------------------------------


def answer_of(response) -> str:
    """The answer's class: see ``permission_matrix``'s docstring."""
    status = response.status_code
    if 300 <= status < 400:
        path = urlsplit(response["Location"]).path
        if re.match(LANGUAGE_PREFIX + r"accounts/login/", path) or path.startswith("/admin/login/"):
            return "login"
        if re.match(LANGUAGE_PREFIX + r"accounts/2fa/", path):
            return "2fa"
        return "ok"
    if status in (401, 403, 404, 405):
        return str(status)
    if status >= 500:
        return f"{status}"
    return "ok"  # 2xx, and the validation answers (400, 409, 422, 429) that only come past the permission check


def _send(w: World, row: matrix.Write, role: str):
    request = row.request(w, role)
    if row.kind == "api":
        client, headers = w.api_headers(role)
        body = None if request.data is None else json.dumps(request.data)
        return client.generic(
            request.method, request.path, body, content_type="application/json", headers={**request.headers, **headers}
        )
    client = w.acting_as(role)
    if request.method == "GET":  # the reads of the table
        return client.get(request.path, request.data or {}, headers=request.headers)
    return client.post(request.path, {**(request.data or {}), **request.files}, headers=request.headers)


def _attempt(w: World, row: matrix.Write, role: str) -> str | None:
    """Make the write as ``role`` and undo it; returns what went wrong, or None."""
    expected = row.expected(role)
    with transaction.atomic():
        cache.clear()  # throttles, cooldowns and cached pages start from nothing for every attempt
        before = w.fingerprint() if expected in matrix.REFUSALS else None
        effect_before = row.effect(w) if row.effect else None
        got = answer_of(_send(w, row, role))
        if got == "ok" and row.effect and row.effect(w) == effect_before:
            got = "no effect"
        after = w.fingerprint() if expected in matrix.REFUSALS else None
        transaction.set_rollback(True)
    if got != expected:
        return f"{role}: expected {expected}, got {got}"
    if after is not None and after != before:
        changed = _differences(before, after)
        return f"{role}: refused ({got}) but changed {changed}"
    return None


def _differences(before: dict, after: dict) -> list[str]:
    return [f"{part}.{key}" for part in before for key in before[part] if before[part][key] != after[part].get(key)]


@pytest.mark.parametrize("row", [_param(row) for row in HTTP_WRITES])
def test_permission_matrix_page_and_api_writes_answer_as_the_table_says(cast, alliance, row):
    world = World(cast, alliance, pathfinders_work=row.group.startswith("Pathfinders"))
    problems = [p for role in matrix.ROLES if (p := _attempt(world, row, role))]
    assert not problems, f"{row.id} ({row.what}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("row", [_param(row) for row in HTTP_READS])
def test_permission_matrix_reads_answer_as_the_table_says(cast, alliance, row):
    world = World(cast, alliance, pathfinders_work=False)
    problems = [p for role in matrix.ROLES if (p := _attempt(world, row, role))]
    assert not problems, f"{row.id} ({row.what}):\n  " + "\n  ".join(problems)


# ---- Sockets -------------------------------------------------------------------------------------------------


def Screen(path: str, cookie: str = "") -> SocketClient:  # noqa: N802 -- named as the other socket tests' screens
    """A WebSocket client of the real stack (origin, session, second factor)."""
    from alliance87.asgi import application  # noqa: PLC0415 -- imported when a socket test runs

    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return SocketClient(application, path, headers)


SOCKET_ERRORS = {"permission": "403", "not_found": "404"}


async def socket_answer(frame: matrix.Frame, cookie: str) -> str:
    """Connect, send the row's frame, and classify the first answer to it."""
    screen = Screen(frame.path, cookie)
    await screen.send_input({"type": "websocket.connect"})
    try:
        opened = await screen.receive_output(SOCKET_TIMEOUT)
        if opened["type"] == "websocket.close":
            return {4403: "403", 4404: "404"}.get(opened.get("code"), f"closed {opened.get('code')}")
        await screen.send_input({"type": "websocket.receive", "text": json.dumps(frame.message)})
        while True:
            output = await screen.receive_output(SOCKET_TIMEOUT)
            if output["type"] == "websocket.close":
                return {4403: "403", 4404: "404"}.get(output.get("code"), f"closed {output.get('code')}")
            message = json.loads(output["text"])
            if message.get("type") == "error":
                return SOCKET_ERRORS.get(message["code"], "ok")  # another error is about the input: let in
            if message.get("type") == "pong" or (message.get("type") == "state" and message.get("state") == "running"):
                return "ok"
            # Anything else (the snapshot sent on connecting) comes before the answer.
    finally:
        await screen.send_input({"type": "websocket.disconnect", "code": 1000})
        await screen.wait(SOCKET_TIMEOUT)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("row", [_param(row) for row in SOCKET_WRITES])
def test_permission_matrix_socket_writes_answer_as_the_table_says(cast, alliance, row):
    from alliance87.events.models import RunOfShow  # noqa: PLC0415

    w = World(cast, alliance, pathfinders_work=False)
    problems = []
    for role in matrix.ROLES:
        cookie = "" if role == "anonymous" else w.acting_as(role).cookies[settings.SESSION_COOKIE_NAME].value
        got = async_to_sync(socket_answer)(row.request(w, role), cookie)
        RunOfShow.objects.all().delete()  # every role starts the show from the beginning
        if got != row.expected(role):
            problems.append(f"{role}: expected {row.expected(role)}, got {got}")
    assert not problems, f"{row.id} ({row.what}):\n  " + "\n  ".join(problems)


# ---- The admin: every model -----------------------------------------------------------------------------------


def test_admin_add_forms_refuse_everyone_but_the_confirmed_secretariat(world):
    """Every registered model's add form, POSTed empty by every role: only the confirmed secretariat gets in
    (a form with errors, or 403 where the admin adds nothing of that kind); nothing is created."""
    before = world.fingerprint()["counts"]
    problems = []
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
        for role in matrix.ROLES:
            got = answer_of(world.acting_as(role).post(url, {}))
            if role == "secretariat":
                ok = got in ("ok", "403")
                expected = "ok or 403"
            else:
                expected = "2fa" if role == "secretariat_nocode" else "login"
                ok = got == expected
            if not ok:
                problems.append(f"{role} {url}: expected {expected}, got {got}")
    assert not problems, "\n".join(problems)
    assert world.fingerprint()["counts"] == before


# ---- Completeness: every write has its row ---------------------------------------------------------------------

WRITE_MARKERS = re.compile(r"request\.(POST|FILES|body)\b|request\.method|require_POST|require_http_methods")
API_WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
PATH_CONVERTER = re.compile(r"{\w+:(\w+)}")  # "{int:item_id}" → "{item_id}"


def _patterns(patterns, prefix: str = "", namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern.callback


def page_writes() -> set[str]:
    """The URL name of every page that takes a write: a class-based view with a writing method, or a view
    function that reads a POST (or checks the method). The admin and the API are walked apart."""
    found = set()
    for route, name, view in _patterns(get_resolver().url_patterns):
        if route.startswith(("admin/", "api/")):
            continue
        view_class = getattr(view, "view_class", None)
        if view_class is not None:
            writes = any(hasattr(view_class, method) for method in ("post", "put", "patch", "delete"))
        else:
            writes = bool(WRITE_MARKERS.search(inspect.getsource(inspect.unwrap(view))))
        if writes:
            found.add(name or route)
    return found


def api_writes() -> set[str]:
    """ "METHOD /path" of every operation of the API that writes."""
    from alliance87.api import api  # noqa: PLC0415

    found = set()
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            plain = PATH_CONVERTER.sub(r"{\1}", path)
            for operation in path_view.operations:
                found |= {f"{method} {plain}" for method in set(operation.methods) & API_WRITE_METHODS}
    return found


def socket_routes() -> set[str]:
    """Every WebSocket route of the ASGI application, found through its middleware."""
    from alliance87.asgi import application  # noqa: PLC0415

    layer = application.application_mapping["websocket"]
    while not hasattr(layer, "routes"):
        layer = getattr(layer, "inner", None) or layer.application
    return {str(route.pattern) for route in layer.routes}


def test_every_write_has_a_row_in_the_permission_matrix():
    listed = {row.route for row in matrix.WRITES} | set(matrix.NOT_WRITES)
    found = page_writes() | api_writes() | socket_routes() | {"admin"}
    missing = found - listed
    assert not missing, f"writes without a row in alliance87/tests/permission_matrix.py: {sorted(missing)}"
    # A pending row may wait for its page to arrive at all (its test is a strict xfail until then).
    stale = listed - found - {row.route for row in matrix.WRITES if row.pending}
    assert not stale, f"rows for writes that no longer exist: {sorted(stale)}"
    ids = [row.id for row in matrix.WRITES]
    assert len(ids) == len(set(ids)), "two rows share an id"


def test_the_write_finder_sees_a_write_a_view_hides_behind_its_method():
    """The completeness test's eyes: a view function that writes on POST is found, a read-only one is not."""

    def reads(request):
        return request.GET.get("q")

    def writes(request):
        if request.method == "POST":
            return "saved"
        return None

    assert not WRITE_MARKERS.search(inspect.getsource(reads))
    assert WRITE_MARKERS.search(inspect.getsource(writes))
    assert "events:manage_event" in page_writes() and "events:programme" not in page_writes()
    assert "PATCH /events/{slug}" in api_writes() and "GET /events/{slug}" not in api_writes()


# ---- The matrix as a page of the docs --------------------------------------------------------------------------


def render_doc() -> str:
    roles = list(matrix.ROLES)
    lines = [
        "# Permission matrix",
        "",
        "Who may make each write of the platform: every page that takes a form, every write of the API, the",
        "socket actions and the admin. Generated from `alliance87/tests/permission_matrix.py` by",
        "`WRITE_PERMISSION_MATRIX=1 pytest alliance87/tests/test_permission_matrix.py`; the same test makes",
        "each write as each role and fails on any other answer, and fails when a write has no row. What each",
        "role is for: [roles.md](roles.md).",
        "",
        "✓ the write is made (or its input is checked and refused for what it says, not for who sends it);",
        "— refused: sent to sign in (anonymous pages), sent to give the second-factor code (the secretariat",
        "before it has), 401 (the API without a token), 403, or 404 where the role may not even see the object;",
        "a refusal changes nothing. “A” is the object a row acts on; “other” holds the same role for another",
        "country, organisation, group, event or banner. In the sections on who may read, ✓ the page or",
        "the file opens, — it does not (a 404 where the object does not exist for that role).",
        "",
        "The columns:",
        "",
        *(f"- **{matrix.SHORT[r]}**: {matrix.ROLES[r]}" for r in roles),
        "",
    ]
    pending = []
    rows = matrix.WRITES + matrix.READS
    for group in dict.fromkeys(row.group for row in rows):
        head = "read" if group in {row.group for row in matrix.READS} else "write"
        lines += [f"## {group}", "", f"| {head} | at | " + " | ".join(matrix.SHORT[r] for r in roles) + " |"]
        lines.append("|---|---|" + ":-:|" * len(roles))
        for row in (r for r in rows if r.group == group):
            what = row.what
            if row.pending:
                pending.append(row)
                what += f" [{len(pending)}]"
            cells = ["✓" if row.expected(r) == "ok" else "—" for r in roles]
            lines.append(f"| {what} | `{row.route}` | " + " | ".join(cells) + " |")
        lines.append("")
    if pending:
        lines += ["## Waiting for a fix", ""]
        lines += [f"{n}. {row.what}: {row.pending}." for n, row in enumerate(pending, start=1)]
        lines.append("")
    return "\n".join(lines)


def test_the_permission_matrix_doc_says_what_the_table_says():
    text = render_doc()
    if os.environ.get("WRITE_PERMISSION_MATRIX"):
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text, (
        "docs/permission-matrix.md differs from the table: "
        "WRITE_PERMISSION_MATRIX=1 pytest alliance87/tests/test_permission_matrix.py -k doc"
    )
