"""The public side: a consultation's page (title, dates, status: nothing raw), starting an anonymous
answer, the answering page behind an invitation's or a draft's link, and the thank-you page.

The answering page is phone first: one question per section, each saying where it stands ("3 of 12"),
in the consultation's languages (the page's language, switched by links to the same page in another of
them). "Save and continue later" keeps a draft the same link reopens; "Submit" sends it, after which the
link opens nothing. ``engagement/answer.js`` keeps what is typed on the device until it is submitted, so
a lost connection loses nothing; the page reads and submits without it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, translate_url
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alliance87.network.models import IloRegion, OrganisationKind
from alliance87.translations import page_language

from .. import selectors, services
from ..models import Consultation, QuestionKind, Response


def _language_links(request, consultation: Consultation) -> list[dict]:
    current = page_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code in consultation.languages
    ]


def consultation(request, slug):
    """The public page: what is asked, of whom, when; the way in when anyone may answer."""
    found = selectors.consultation_for_page(slug, request.user)
    return render(
        request,
        "engagement/consultation.html",
        {
            "consultation": found,
            "accepting": found.is_accepting(),
            "language_links": _language_links(request, found),
            "in_language": page_language() in found.languages,
        },
    )


@require_POST
def start(request, slug):
    """An anonymous draft, then its answering page (whose address is the only way back to it)."""
    found = selectors.consultation_for_page(slug, request.user)
    try:
        _response, key = services.response_start_anonymous(consultation=found, language=page_language())
    except services.NotAccepting as refusal:
        return _not_accepting(request, refusal)
    messages.info(
        request,
        _("Keep this page’s address (bookmark it) to come back to your answers before you submit them."),
    )
    return redirect("engagement:answer", found.slug, key)


def _not_accepting(request, refusal: services.NotAccepting):
    if refusal.reason == "draft":
        raise Http404
    return render(
        request,
        "engagement/not_accepting.html",
        {"consultation": refusal.consultation, "reason": refusal.reason},
        status=403,
    )


def _posted_values(post, questions) -> dict:
    """What the form sent, per question name, in the shapes ``response_save`` reads."""
    values = {}
    for question in questions:
        key = f"q_{question.name}"
        if question.kind == QuestionKind.MULTIPLE:
            values[question.name] = post.getlist(key)
        elif question.kind == QuestionKind.RANKING:
            places = []
            for choice in question.choices.all():
                place = post.get(f"{key}__{choice.value}", "")
                if place.isdigit():
                    places.append((int(place), choice.value))
            values[question.name] = [value for _place, value in sorted(places)]
        else:
            values[question.name] = post.get(key, "")
    return values


def _posted_profile(post) -> dict:
    survivor = post.get("is_survivor", "")
    return {
        "stakeholder_group": post.get("stakeholder_group", ""),
        "region": post.get("region", ""),
        "consent_quote": post.get("consent_quote") == "yes",
        "consent_name": post.get("consent_name") == "yes",
        "is_survivor": {"yes": True, "no": False}.get(survivor),
    }


def _stored_values(response: Response, questions) -> dict:
    by_question = {a.question_id: a for a in response.answers.all()} if response.pk else {}
    values = {}
    for question in questions:
        answer = by_question.get(question.pk)
        if answer is None:
            values[question.name] = [] if question.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING) else ""
        elif question.kind == QuestionKind.TEXT:
            values[question.name] = answer.text
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.name] = answer.choices
        elif question.kind == QuestionKind.RANKING:
            values[question.name] = answer.ranking
        elif question.kind == QuestionKind.SCALE:
            values[question.name] = "" if answer.number is None else str(answer.number)
        else:
            values[question.name] = answer.choices[0] if answer.choices else ""
    return values


def _stored_profile(response: Response) -> dict:
    return {
        "stakeholder_group": response.stakeholder_group,
        "region": response.region,
        "consent_quote": response.consent_quote,
        "consent_name": response.consent_name,
        "is_survivor": response.is_survivor,
    }


def _items(questions, values: dict, errors: dict) -> list[dict]:
    """Each question with what to show in its section: its place, its value, its error."""
    total = len(questions)
    items = []
    for number, question in enumerate(questions, start=1):
        value = values.get(question.name)
        item = {
            "question": question,
            "number": number,
            "total": total,
            "value": value,
            "error": errors.get(f"q_{question.name}"),
            "input": f"q_{question.name}",
        }
        if question.kind == QuestionKind.SCALE:
            item["points"] = [str(n) for n in range(question.scale_min, question.scale_max + 1)]
        if question.kind == QuestionKind.RANKING:
            order = list(value or [])
            item["places"] = [str(n) for n in range(1, len(question.choices.all()) + 1)]
            item["ranked"] = [
                (choice, str(order.index(choice.value) + 1) if choice.value in order else "")
                for choice in question.choices.all()
            ]
        items.append(item)
    return items


@never_cache
def answer(request, slug, token):
    """GET shows the link's draft; POST saves it ("save") or submits it ("submit")."""
    found = selectors.consultation_for_page(slug, request.user)
    try:
        response = services.response_for_token(consultation=found, token=token, create=request.method == "POST")
    except Response.DoesNotExist:
        raise Http404 from None
    except services.AlreadySubmitted:
        return render(request, "engagement/already_submitted.html", {"consultation": found}, status=410)
    except services.NotAccepting as refusal:
        return _not_accepting(request, refusal)
    questions = selectors.questions_of(found)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        values, profile = _posted_values(request.POST, questions), _posted_profile(request.POST)
        version = request.POST.get("version", "")
        try:
            saved = services.response_save(
                consultation=found,
                token=token,
                version=int(version) if version.isdigit() else None,
                values=values,
                profile=profile,
                language=page_language(),
                submit=submit,
            )
        except services.StaleResponse as stale:
            errors, status = {"__all__": stale.messages}, 409
        except ValidationError as error:
            errors = {key: " ".join(msgs) for key, msgs in error.message_dict.items()}
            status = 400
        else:
            if saved.is_submitted:
                return redirect("engagement:thanks", found.slug)
            messages.success(request, _("Your answers are saved. This page’s address brings you back to them."))
            return redirect(request.path)
    else:
        if response is None:  # an invitation's first visit: its draft is made on the first save
            response = Response(consultation=found, invitation=None)
        values, profile = _stored_values(response, questions), _stored_profile(response)
    asked = services.asked_profile(response) if response.pk else _asked_before_first_save(found, token)
    return render(
        request,
        "engagement/answer.html",
        {
            "consultation": found,
            "response": response,
            "version": response.version if response.pk else "",
            "items": _items(questions, values, errors),
            "profile": profile,
            "asked": asked,
            "errors": errors,
            "form_errors": errors.get("__all__"),
            "stakeholder_groups": OrganisationKind.choices,
            "regions": IloRegion.choices,
            "language_links": _language_links(request, found),
            "storage_key": f"a87-consultation:{found.slug}:{services.token_hash(token)[:16]}",
        },
        status=status,
    )


def _asked_before_first_save(consultation: Consultation, token: str) -> list[str]:
    invitation = (
        consultation.invitations.filter(token_hash=services.token_hash(token))
        .select_related("organisation", "person__organisation")
        .first()
    )
    draft = Response(consultation=consultation, **services.known_from(invitation))
    return services.asked_profile(draft)


def thanks(request, slug):
    found = selectors.consultation_for_page(slug, request.user)
    return render(
        request,
        "engagement/thanks.html",
        {"consultation": found, "storage_prefix": f"a87-consultation:{found.slug}:"},
    )


urls = [
    path("consultations/<slug:slug>/", consultation, name="consultation"),
    path("consultations/<slug:slug>/start/", start, name="start"),
    path("consultations/<slug:slug>/answer/<str:token>/", answer, name="answer"),
    path("consultations/<slug:slug>/thanks/", thanks, name="thanks"),
]
