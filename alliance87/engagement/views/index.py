"""The public index of consultations (``/consultations/``): the door to every consultation's page.

Open ones first (closing soonest first), with the way in: "Answer" when anyone may answer, or the word
that answers are by invitation; then those announced but not open yet; then those closed. Never cached
whole: what is open follows the clock, and the "Answer" button posts a form with its CSRF token.
"""

import datetime

from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from .. import selectors
from ..models import Consultation, ConsultationStatus

FAR_FUTURE = datetime.datetime.max.replace(tzinfo=datetime.UTC)
FAR_PAST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


def _phase(consultation: Consultation, now) -> str:
    if consultation.is_accepting(now):
        return "open"
    if consultation.status == ConsultationStatus.OPEN and consultation.opens_at and now < consultation.opens_at:
        return "coming"
    return "closed"


def consultations(request):
    now = timezone.now()
    phases: dict[str, list[Consultation]] = {"open": [], "coming": [], "closed": []}
    for consultation in selectors.public_consultations():
        phases[_phase(consultation, now)].append(consultation)
    phases["open"].sort(key=lambda c: c.closes_at or FAR_FUTURE)
    phases["coming"].sort(key=lambda c: c.opens_at)
    phases["closed"].sort(key=lambda c: c.closes_at or c.updated_at or FAR_PAST, reverse=True)
    return render(request, "engagement/consultations.html", {"phases": phases})


urls = [path("consultations/", consultations, name="consultations")]
