"""A person's own data from "My account": download it, or delete the account."""

import json

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .personal_data import account_delete, personal_data_export


class AccountDeleteForm(forms.Form):
    """The person proves it is them, not just a session left open: their password (or, for an account
    without one, their e-mail address)."""

    confirmation = forms.CharField(strip=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["confirmation"]
        field.help_text = _("To confirm that it is you.")  # a help_text, so the field is read with it
        if user.has_usable_password():
            field.label = _("Your password")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Your e-mail address")
            field.widget = forms.EmailInput(attrs={"autocomplete": "off"})

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"]
        if self.user.has_usable_password():
            if not self.user.check_password(value):
                raise ValidationError(_("This is not your password. Your account is not deleted."))
        elif value.strip().lower() != self.user.email.lower():
            raise ValidationError(_("This is not your e-mail address. Your account is not deleted."))
        return value


@never_cache
@login_required
def personal_data(request):
    """What the platform holds about the person, and the two things they can do with it."""
    return render(request, "accounts/personal_data.html", {"export": personal_data_export(user=request.user)})


@never_cache
@login_required
def personal_data_download(request):
    """The same data as a JSON file to keep."""
    body = json.dumps(personal_data_export(user=request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"alliance87-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@never_cache
@login_required
def account_delete_confirm(request):
    """Ask for the password, then delete the account and sign the person out."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                account_delete(user=request.user, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                logout(request)
                return redirect("accounts:deleted")
        status = 400
    return render(request, "accounts/account_delete.html", {"form": form}, status=status)


@never_cache
def account_deleted(request):
    """Said to whoever just deleted their account (and harmless to anyone else)."""
    return render(request, "accounts/account_deleted.html")
