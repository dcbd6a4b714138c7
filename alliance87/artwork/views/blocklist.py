"""The blocklist: words and phrases, per language, that hold a contribution for a moderator.

The secretariat edits it from /artwork/blocklist/; a banner's moderators from its console's link,
which names the banner (``?banner=<slug>``), as the rule ``artwork.edit_blocklist`` asks.
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


@never_cache
@login_required
def blocklist(request):
    banner = _banner(request)
    if not request.user.has_perm("artwork.edit_blocklist", banner):
        raise PermissionDenied
    form = BlockedTermForm(request.POST or None, initial={"language": Language.EN})
    if request.method == "POST":
        if request.POST.get("remove"):
            blocked = get_object_or_404(BlockedTerm, pk=request.POST["remove"])
            services.blocklist_remove(by=request.user, blocked=blocked, banner=banner)
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
    terms = list(BlockedTerm.objects.order_by("language", "term"))
    lists = [
        {"code": code, "name": name, "terms": [t for t in terms if t.language == code]}
        for code, name in Language.choices
    ]
    return render(request, "artwork/moderate/blocklist.html", {"form": form, "lists": lists, "banner": banner})


urls = [path("artwork/blocklist/", blocklist, name="blocklist")]
