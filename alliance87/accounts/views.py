from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance87.consoles import consoles_for

from . import selectors, services
from .models import ApiToken
from .rules import is_secretariat


@login_required
def dashboard(request):
    """Each person's start page: every console their roles give, with the count of what waits there."""
    return render(
        request,
        "accounts/dashboard.html",
        {"roles": selectors.roles_for_dashboard(request.user), "consoles": consoles_for(request.user)},
    )


@login_required
def tokens(request):
    new_secret = None
    error = None
    if request.method == "POST":
        try:
            _token, new_secret = services.api_token_create(user=request.user, name=request.POST.get("name", ""))
        except ValidationError as exc:
            error = exc.message_dict.get("name", exc.messages)[0]
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": _with_expiry(ApiToken.objects.filter(user=request.user).order_by("-created_at")),
            "new_secret": new_secret,
            "error": error,
            "token_days": settings.SECRETARIAT_TOKEN_DAYS if is_secretariat(request.user) else None,
        },
        status=400 if error else 200,
    )


def _with_expiry(tokens) -> list[ApiToken]:
    tokens = list(tokens)
    for token in tokens:
        token.expires_at = services.token_expires_at(token=token)
        token.expired = token.expires_at is not None and token.expires_at <= timezone.now()
    return tokens


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")
