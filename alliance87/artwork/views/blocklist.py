"""The blocklists: words and phrases, per language, that hold a contribution for a moderator.

Each banner has its own list, kept by its moderators from its console's link (``?banner=<slug>``), and
every banner is also screened against the shared starter list, kept by the secretariat alone (this page
without ``?banner=``). On a banner's page the shared list shows read-only to its moderators. Who may add
or remove a term is decided by the list the term is on, in the services (``services.blocklist_add``,
``services.blocklist_remove``), never by the banner the request names.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from alliance87.form_errors import apply_service_errors

from .. import services
from ..forms import BlockedTermForm
from ..models import Banner, BlockedTerm
from ..vocab import Language


def _banner(request) -> Banner | None:
    slug = request.POST.get("banner") or request.GET.get("banner") or ""
    return get_object_or_404(Banner, slug=slug) if slug else None


def _here(banner: Banner | None) -> str:
    url = reverse("artwork:blocklist")
    return f"{url}?banner={banner.slug}" if banner else url


def _by_language(terms: list[BlockedTerm]) -> list[dict]:
    return [
        {"code": code, "name": name, "terms": [t for t in terms if t.language == code]}
        for code, name in Language.choices
    ]


@never_cache
@login_required
def blocklist(request):
    banner = _banner(request)
    if not request.user.has_perm("artwork.edit_blocklist", banner):
        raise PermissionDenied
    form = BlockedTermForm(request.POST or None, initial={"language": Language.EN}, banner=banner)
    if request.method == "POST":
        if request.POST.get("remove"):
            if not request.POST["remove"].isdigit():
                return redirect(_here(banner))
            # Looked up by its number alone: the service checks the right against the term's own list, so
            # naming one's own banner in the request does not open another banner's list.
            blocked = get_object_or_404(BlockedTerm, pk=request.POST["remove"])
            services.blocklist_remove(by=request.user, blocked=blocked)
            messages.success(request, _("“%(term)s” is off the list.") % {"term": blocked.term})
            return redirect(_here(banner))
        if form.is_valid():
            data = form.cleaned_data
            try:
                blocked = services.blocklist_add(
                    by=request.user, language=data["language"], term=data["term"], banner=banner
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("“%(term)s” is on the %(language)s list.")
                    % {"term": blocked.term, "language": blocked.get_language_display()},
                )
                return redirect(_here(banner))
    shared = list(BlockedTerm.objects.filter(banner=None).order_by("language", "term"))
    own = list(BlockedTerm.objects.filter(banner=banner).order_by("language", "term")) if banner else []
    return render(
        request,
        "artwork/moderate/blocklist.html",
        {
            "form": form,
            "banner": banner,
            "lists": _by_language(own) if banner else _by_language(shared),
            "shared_lists": _by_language(shared) if banner else None,
            "can_edit_shared": request.user.has_perm("artwork.edit_blocklist", None),
        },
    )


urls = [path("artwork/blocklist/", blocklist, name="blocklist")]
