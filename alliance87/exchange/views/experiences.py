"""The public exchange: the list of published experiences (search, filters by country, Action Group,
priority and kind) and each one's page. A withdrawn one answers 410 Gone with a kind sentence; a draft is a
404 to anyone but its sharers and the secretariat, who see it as a preview. Pictures and documents are served
here: a picture of people only with their recorded consent."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from alliance87.pagecache import public_page
from alliance87.search.engine import QueryRefused

from .. import selectors
from ..models import ExperienceKind, ExperienceMedia, ExperienceStatus
from ..templatetags.exchange_tags import commitment_url

PAGE_SIZE = 30


def gone(request, experience):
    return render(request, "exchange/gone.html", {"experience": experience}, status=410)


@public_page
def index(request):
    filters = selectors.Filters(
        q=request.GET.get("q", "")[:200],
        country=request.GET.get("country", "")[:3],
        group=request.GET.get("group", "")[:80],
        priority=request.GET.get("priority", "")[:80],
        kind=request.GET.get("kind", "") if request.GET.get("kind", "") in ExperienceKind.values else "",
    )
    error, status, page = "", 200, None
    try:
        page = Paginator(selectors.for_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    except QueryRefused as refused:
        error, status = str(refused), 400
    return render(
        request,
        "exchange/index.html",
        {
            "experiences": list(page) if page else [],
            "page": page,
            "query": urlencode({k: v for k, v in vars(filters).items() if v}),
            "filters": filters,
            "choices": selectors.filter_choices(),
            "kinds": ExperienceKind.choices,
            "filtered": any(vars(filters).values()),
            "error": error,
            "may_share": request.user.has_perm("exchange.share_experience"),
        },
        status=status,
    )


@public_page
def detail(request, slug):
    try:
        experience = selectors.experience_for_page(slug, request.user)
    except selectors.Gone as withdrawn:
        return gone(request, withdrawn.experience)
    user = request.user
    return render(
        request,
        "exchange/detail.html",
        {
            "experience": experience,
            "media": selectors.shown_media(experience, user),
            "commitments": [(c, commitment_url(c)) for c in experience.commitments.all()],
            "may_edit": user.has_perm("exchange.edit_experience", experience),
            "may_withdraw": user.has_perm("exchange.withdraw_experience", experience),
            "may_review": user.has_perm("exchange.review_experience", experience)
            and experience.status == ExperienceStatus.SUBMITTED,
        },
    )


def media_file(request, slug, pk):
    """A picture inline, a document as a download; 404 for what the reader may not see (410 once withdrawn)."""
    try:
        experience = selectors.experience_for_page(slug, request.user)
    except selectors.Gone as withdrawn:
        return gone(request, withdrawn.experience)
    media = get_object_or_404(ExperienceMedia, pk=pk, experience=experience)
    if media not in selectors.shown_media(experience, request.user):
        raise Http404
    is_picture = bool(media.alt_text) or media.original_name.lower().endswith(
        (".png", ".jpg", ".jpeg", ".gif", ".webp")
    )
    try:
        handle = media.file.open("rb")
    except FileNotFoundError as missing:  # lost from the storage: as if it were not there
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=not is_picture, filename=media.original_name)
    public = experience.status == ExperienceStatus.PUBLISHED and media.may_be_shown
    # Revalidated each time: a withdrawn story's picture must not outlive it in a cache.
    response["Cache-Control"] = "public, no-cache" if public else "private, no-store"
    return response


urls = [
    path("experiences/", index, name="experiences"),
    path("experiences/<slug:slug>/", detail, name="experience"),
    path("experiences/<slug:slug>/files/<int:pk>/", media_file, name="media"),
]
