"""The readable cast every test uses: one user per role, plus an outsider, on the real Alliance data."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from alliance87.accounts.models import Role
from alliance87.testing import PASSWORD, make_user  # noqa: F401 -- PASSWORD: for tests that sign in


@pytest.fixture(autouse=True)
def _clean_cache():
    # The cache may be Redis, shared across tests: start each test from nothing.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_pdf_prebuild(settings):
    # Building every changed event's PDFs ahead is for servers; events/tests/test_prebuild.py turns it on.
    settings.EVENT_PDF_PREBUILD_SECONDS = 0


@pytest.fixture(autouse=True)
def _english():
    # A request to /fr/ leaves French active in the thread; messages built later would be French.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real Alliance data once; each test's changes are rolled back around it."""
    with django_db_blocker.unblock():
        call_command("load_alliance_data", verbosity=0)


@pytest.fixture
def alliance(db):
    """The real Alliance data, as `make run` loads it."""
    from alliance87.network.models import ActionGroup, Country, Organisation

    if not Country.objects.exists():  # a transactional (browser) test emptied the tables
        call_command("load_alliance_data", verbosity=0)

    class Alliance:
        kenya = Country.objects.get(code="KE")
        mexico = Country.objects.get(code="MX")
        free_the_slaves = Organisation.objects.get(slug="free-the-slaves")
        nestle = Organisation.objects.get(slug="nestle")
        fao = Organisation.objects.get(slug="fao")
        ilo = Organisation.objects.get(slug="ilo")
        agriculture = ActionGroup.objects.get(slug="agriculture")
        supply_chains = ActionGroup.objects.get(slug="supply-chains")

    return Alliance


class Cast:
    """Attribute per role; each user is created on first use."""

    def __init__(self, alliance):
        self.alliance = alliance
        self._users = {}

    def _get(self, key, *args):
        if key not in self._users:
            self._users[key] = make_user(*args)
        return self._users[key]

    @property
    def secretariat(self):
        return self._get("secretariat", "secretariat@example.org", Role.SECRETARIAT)

    @property
    def focal_point(self):  # of Kenya
        return self._get("focal_point", "focal.kenya@example.org", Role.COUNTRY_FOCAL_POINT, self.alliance.kenya)

    @property
    def reviewer(self):
        return self._get("reviewer", "reviewer@example.org", Role.MONITORING_REVIEWER)

    @property
    def partner_editor(self):  # of Free the Slaves
        return self._get(
            "partner_editor", "editor@freetheslaves.example.org", Role.PARTNER_EDITOR, self.alliance.free_the_slaves
        )

    @property
    def group_lead(self):  # of the Agriculture Action Group
        return self._get("group_lead", "lead@fao.example.org", Role.ACTION_GROUP_LEAD, self.alliance.agriculture)

    @property
    def safeguarding(self):
        return self._get("safeguarding", "safeguarding@example.org", Role.SAFEGUARDING_FOCAL_POINT)

    @property
    def outsider(self):
        return self._get("outsider", "someone@example.org")


@pytest.fixture
def cast(alliance):
    return Cast(alliance)


@pytest.fixture
def secretariat_client(client, cast):
    """A client signed in as the secretariat, with two-factor set up (as the middleware requires)."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import RequestFactory

    TOTP.activate(cast.secretariat, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(cast.secretariat)
    # As after entering the code at sign-in: record it in the session, as allauth does.
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, cast.secretariat, "mfa", type="totp")
    request.session.save()
    return client
