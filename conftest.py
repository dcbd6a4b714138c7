"""The readable cast every test uses: one user per role, plus an outsider, on the real Alliance data."""

import os
import re

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


class _Snapshot:
    """Every table of the test database as it was once the Alliance data was loaded, put back in one go.

    A transactional (browser) test empties every table when it ends; the next test needing the data
    loaded it again with ``load_alliance_data`` (a second or two a test, model by model, signals and
    all). The rows are copied aside once a session instead, and copied back by the database itself:
    SQLite into an attached in-memory database (``INSERT … SELECT``), PostgreSQL through ``COPY``. The
    same rows, keys and search index (its triggers fire) as after the first load, and the rows the
    migrations wrote, which a flush had lost too.
    """

    SCHEMA = "alliance_snapshot"

    def __init__(self):
        self.alias = None
        self.tables: list[str] = []
        self.copies: dict[str, bytes] = {}
        self.sequences: list[str] = []
        self.uri = ""  # SQLite: the shared in-memory database the rows are copied into

    def take(self, connection) -> None:
        from django.apps import apps
        from django.core.management.color import no_style

        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                # A shared in-memory database, held open all session by a connection of its own, so that a
                # new connection to the test database (a live server's thread, a test that closed them)
                # attaches it again: with an attachment that went with its connection, the restore fell
                # back to Django's flush, which also drops the rows the migrations wrote (the disclosure
                # cues, the starter blocklist), and tests that read them then failed, depending on order.
                import sqlite3

                self.uri = f"file:a87_snapshot_{os.getpid()}?mode=memory&cache=shared"
                self._keeper = sqlite3.connect(self.uri, uri=True)
                cursor.execute(f"ATTACH DATABASE '{self.uri}' AS {self.SCHEMA}")
                for table in tables:
                    cursor.execute(f"CREATE TABLE {self.SCHEMA}.{quote(table)} AS SELECT * FROM main.{quote(table)}")
            elif connection.vendor == "postgresql":
                for table in tables:
                    with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                        self.copies[table] = b"".join(bytes(block) for block in copy)
                # Never move a sequence back: a new row gets a new id, as after Django's flush. (Set back to
                # the snapshot's highest id, a banner made by the next test got the id of the one before,
                # and the live server's per-banner state, kept across tests, took it for the old one.)
                self.sequences = [
                    re.sub(
                        r"setval\((pg_get_serial_sequence\('[^']+','[^']+'\)), coalesce\(max\(([^)]+)\), 1\), "
                        r"max\(\2\) IS NOT null\)",
                        r"setval(\1, GREATEST(coalesce(max(\2), 1), "
                        r"coalesce(pg_sequence_last_value(\1::regclass), 1)))",
                        statement,
                    )
                    for statement in connection.ops.sequence_reset_sql(
                        no_style(), apps.get_models(include_auto_created=True)
                    )
                ]
            else:
                return
        self.alias, self.tables = connection.alias, tables
        if connection.vendor == "sqlite":
            from django.db.backends.signals import connection_created

            connection_created.connect(self._attach_to_new_connection, weak=False)

    def _attach(self, connection) -> bool:
        from django.db import DatabaseError

        try:
            with connection.cursor() as cursor:
                cursor.execute(f"ATTACH DATABASE '{self.uri}' AS {self.SCHEMA}")
        except DatabaseError:  # e.g. inside a transaction, where SQLite cannot attach
            return False
        return True

    def _attach_to_new_connection(self, sender, connection, **kwargs) -> None:
        if connection.vendor == "sqlite" and connection.alias == self.alias and self.uri:
            self._attach(connection)

    def _still_there(self, connection) -> bool:
        if connection.alias != self.alias or not self.tables:
            return False
        if connection.vendor != "sqlite":
            return True
        with connection.cursor() as cursor:  # an attached database goes with its connection
            cursor.execute("PRAGMA database_list")
            if any(row[1] == self.SCHEMA for row in cursor.fetchall()):
                return True
        return self._attach(connection)

    def restore(self, connection) -> bool:
        """Put the rows back (in the test's transaction, if it has one); False if it cannot."""
        from django.db import DatabaseError

        from alliance87.pagecache import public_pages_changed

        if not self._still_there(connection):
            return False
        try:
            self._copy_back(connection)
        except DatabaseError:  # a test changed the tables' shape: the caller falls back to the slow way
            return False
        public_pages_changed()
        return True

    def _copy_back(self, connection) -> None:
        from django.db import transaction

        quote = connection.ops.quote_name
        # One transaction: the foreign keys are checked at its end (Django makes them deferrable).
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")
            if connection.vendor == "sqlite":
                for table in self.tables:
                    cursor.execute(f"INSERT INTO main.{quote(table)} SELECT * FROM {self.SCHEMA}.{quote(table)}")
            else:
                for table in self.tables:
                    if self.copies[table]:
                        with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                            copy.write(self.copies[table])
                for statement in self.sequences:
                    cursor.execute(statement)


_SNAPSHOT = _Snapshot()


def _restore_instead_of_flush(flush):
    """After a transactional test, put the loaded rows back instead of emptying every table.

    Django's flush costs 3 to 5 s a test on PostgreSQL (TRUNCATE of every table, then post_migrate
    recreating content types and permissions), a few tenths on SQLite, and the next test then loads the
    Alliance data again. Restoring the snapshot leaves the database as the session started: what the
    test wrote is gone all the same. Tests limited to some apps or with a serialized rollback, or a
    restore that fails, get Django's flush.
    """

    def _fixture_teardown(self):
        from django.db import connections

        names = self._databases_names(include_mirrors=False)
        if (
            self.available_apps is None
            and not self.serialized_rollback
            and names == [_SNAPSHOT.alias]
            and _SNAPSHOT.restore(connections[names[0]])
        ):
            return
        flush(self)

    return _fixture_teardown


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real Alliance data once; each test's changes are rolled back around it."""
    from django.db import connection
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        call_command("load_alliance_data", verbosity=0)
        _SNAPSHOT.take(connection)
    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = _restore_instead_of_flush(flush)
    yield
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture
def alliance(db):
    """The real Alliance data, as `make run` loads it."""
    from django.db import connection

    from alliance87.network.models import ActionGroup, Country, Organisation

    # A transactional (browser) test emptied the tables: put the rows back as they were loaded.
    if not Country.objects.exists() and not _SNAPSHOT.restore(connection):
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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL, the test database does not wait for each commit to reach the disk
    (``synchronous_commit=off``, per connection): a crash could lose the last commits of a database that
    is thrown away anyway, and the transactional tests (browser, sockets) commit thousands of times."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "postgresql" in database["ENGINE"]:
        options = database.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()
