"""Event pages: exports. The files are built in ``events.exports`` and ``events.schedule``.

Public files (the printable programme, the schedule XML and JSON) are served for published events to
anyone, and cached for anonymous visitors like any public page; a draft's are served only to those who
may edit it, and to no one else (404, as the draft's page). Organisers' files (run-of-show, participant
lists, the concept note) need the permission: anonymous visitors are sent to sign in, others get 403
(404 for a draft they may not see, as for an unknown address).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from alliance87.pagecache import public_page

from .. import exports, prebuild, schedule, selectors
from ..models import Event
from ..vocab import EventStatus

PDF = "application/pdf"
XML = "application/xml; charset=utf-8"
JSON = "application/json"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, content_type: str, filename: str, *, private: bool, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=not inline, filename=filename)
    if private:
        # What only some people may see must not linger in a shared cache.
        response["Cache-Control"] = "private, no-store"
    return response


def _public_event(request, slug: str) -> tuple[Event, bool]:
    """The event if it is published, or a draft its editor is looking at (then ``private``); else 404."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        raise Http404
    if event.status == EventStatus.PUBLISHED:
        return event, False
    if request.user.is_authenticated and request.user.has_perm("events.edit_event", event):
        return event, True
    raise Http404


def _organiser_event(request, slug: str, perm: str) -> Event:
    """404 for a draft the user may not see (as for an unknown address), 403 for a published event not theirs."""
    return selectors.event_for(slug, request.user, perm, queryset=Event.objects.all())


@public_page
def programme_pdf(request, slug: str):
    event, private = _public_event(request, slug)
    prebuild.asked(event.pk, get_language())
    return _file(
        exports.programme_pdf(event, published_only=not private),
        PDF,
        exports.filename(event, "programme", "pdf"),
        private=private,
        inline=True,
    )


@public_page
def schedule_xml(request, slug: str):
    event, private = _public_event(request, slug)
    return _file(
        schedule.schedule_xml(event, published_only=not private),
        XML,
        exports.filename(event, "schedule", "xml"),
        private=private,
        inline=True,
    )


@public_page
def schedule_json(request, slug: str):
    event, private = _public_event(request, slug)
    return _file(
        schedule.schedule_json(event, published_only=not private),
        JSON,
        exports.filename(event, "schedule", "json"),
        private=private,
        inline=True,
    )


@login_required
def run_of_show_pdf(request, slug: str):
    event = _organiser_event(request, slug, "events.run_event")
    prebuild.asked(event.pk, get_language())
    return _file(exports.run_of_show_pdf(event), PDF, exports.filename(event, "run-of-show", "pdf"), private=True)


@login_required
def participants_csv(request, slug: str):
    event = _organiser_event(request, slug, "events.edit_event")
    return _file(exports.participants_csv(event), CSV, exports.filename(event, "participants", "csv"), private=True)


@login_required
def participants_xlsx(request, slug: str):
    event = _organiser_event(request, slug, "events.edit_event")
    return _file(exports.participants_xlsx(event), XLSX, exports.filename(event, "participants", "xlsx"), private=True)


@login_required
def concept_note_docx(request, slug: str):
    event = _organiser_event(request, slug, "events.edit_event")
    return _file(exports.concept_note_docx(event), DOCX, exports.filename(event, "concept-note", "docx"), private=True)


@login_required
def concept_note_pdf(request, slug: str):
    event = _organiser_event(request, slug, "events.edit_event")
    return _file(exports.concept_note_pdf(event), PDF, exports.filename(event, "concept-note", "pdf"), private=True)


urls = [
    path("events/<slug:slug>/programme.pdf", programme_pdf, name="programme_pdf"),
    path("events/<slug:slug>/schedule.xml", schedule_xml, name="schedule_xml"),
    path("events/<slug:slug>/schedule.json", schedule_json, name="schedule_json"),
    path("events/<slug:slug>/run-of-show.pdf", run_of_show_pdf, name="run_of_show_pdf"),
    path("events/<slug:slug>/participants.csv", participants_csv, name="participants_csv"),
    path("events/<slug:slug>/participants.xlsx", participants_xlsx, name="participants_xlsx"),
    path("events/<slug:slug>/concept-note.docx", concept_note_docx, name="concept_note_docx"),
    path("events/<slug:slug>/concept-note.pdf", concept_note_pdf, name="concept_note_pdf"),
]
