"""The secretariat's import of the 2021 Action Pledges: upload, preview, confirm; and each import's record.

Thin: ``pledges`` reads, checks and imports. Nothing is written before the person confirms the preview; the
uploaded file waits in the media storage under its SHA-256 (the session names it) until then, and the
confirmation reads that very file, so what lands is what was previewed. A landed import redirects to its
record (post, redirect, get), so a reload never imports twice.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from .. import pledges
from ..forms_pledges import PledgeConfirmForm, PledgeFileForm
from ..models import PledgeImport

PENDING_KEY = "commitments_pledges_pending"  # {"sha256", "name", "path"}: the file the preview showed


def _require(request) -> None:
    if not request.user.has_perm(pledges.PERM):
        raise PermissionDenied


def _pending_path(sha256: str) -> str:
    return f"pledge-imports/pending/{sha256}"


def _keep(request, raw: bytes, name: str, sha256: str) -> None:
    where = _pending_path(sha256)
    if not default_storage.exists(where):
        default_storage.save(where, ContentFile(raw))
    request.session[PENDING_KEY] = {"sha256": sha256, "name": name, "path": where}


def _page(request, *, form=None, plan=None, confirm=None, refused=None, status=200):
    return render(
        request,
        "commitments/pledges/import.html",
        {
            "form": form or PledgeFileForm(),
            "plan": plan,
            "confirm": confirm,
            "refused": refused,
            "imports": PledgeImport.objects.select_related("imported_by").order_by("-imported_at")[:20],
            "columns": pledges.COLUMNS,
        },
        status=status,
    )


@login_required
def import_pledges(request):
    _require(request)
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request)
    form = PledgeFileForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, form=form, status=400 if form.errors else 200)
    upload = form.cleaned_data["file"]
    if upload.size > pledges.MAX_BYTES:
        form.add_error("file", _("The file is larger than 5 MB."))
        return _page(request, form=form, status=400)
    raw = upload.read()
    try:
        plan = pledges.read_pledges(raw, upload.name)
    except pledges.PledgesRefused as error:
        return _page(request, form=form, refused=error, status=400)
    if not plan.problems:
        _keep(request, raw, plan.name, plan.sha256)
    confirm = PledgeConfirmForm(initial={"sha256": plan.sha256}, unknown=plan.unknown_organisations)
    return _page(request, form=form, plan=plan, confirm=confirm, status=400 if plan.problems else 200)


def _confirm(request):
    pending = request.session.get(PENDING_KEY) or {}
    if (
        not pending
        or pending.get("sha256") != request.POST.get("sha256")
        or not default_storage.exists(pending["path"])
    ):
        messages.error(request, _("Upload the file again: the preview you confirmed is no longer kept."))
        return redirect("commitments:import_pledges")
    with default_storage.open(pending["path"], "rb") as kept:
        raw = kept.read()
    try:
        plan = pledges.read_pledges(raw, pending["name"])
    except pledges.PledgesRefused as error:
        return _page(request, refused=error, status=400)
    confirm = PledgeConfirmForm(request.POST, unknown=plan.unknown_organisations)
    if not confirm.is_valid():
        return _page(request, plan=plan, confirm=confirm, status=400)
    try:
        record = pledges.import_pledges(by=request.user, raw=raw, name=pending["name"], create=confirm.to_create())
    except pledges.PledgesRefused as error:
        return _page(request, plan=plan, confirm=confirm, refused=error, status=400)
    default_storage.delete(pending["path"])
    request.session.pop(PENDING_KEY, None)
    messages.success(
        request,
        _("%(count)d pledges are imported and published in the registry as 2021 Action Pledges.")
        % {"count": record.created},
    )
    return redirect("commitments:pledge_import", record.pk)


@login_required
def pledge_import(request, pk):
    _require(request)
    record = get_object_or_404(PledgeImport.objects.select_related("imported_by"), pk=pk)
    return render(
        request,
        "commitments/pledges/record.html",
        {"record": record, "pledges": pledges.imported_pledges(record)},
    )


urls = [
    path("commitments/manage/import-pledges/", import_pledges, name="import_pledges"),
    path("commitments/manage/import-pledges/<int:pk>/", pledge_import, name="pledge_import"),
]
