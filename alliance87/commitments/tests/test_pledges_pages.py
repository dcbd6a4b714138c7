"""The 2021 Action Pledges import page: preview, confirmation, organisations created only when ticked, refusals
with the earlier import, the secretariat's only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliance87.commitments.models import Commitment, PledgeImport
from alliance87.network.models import Organisation

from .test_pledges import makers, read  # noqa: F401 -- the example makers' fixture

URL = "/commitments/manage/import-pledges/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The previewed file waits in the media storage: a throwaway one here."""
    settings.MEDIA_ROOT = tmp_path


def upload(client, name: str, as_name: str | None = None):
    return client.post(URL, {"file": SimpleUploadedFile(as_name or name, read(name))})


def test_the_page_is_the_secretariats(client, cast):
    assert reverse("commitments:import_pledges") == URL
    client.force_login(cast.partner_editor)
    assert client.get(URL).status_code == 403


def test_preview_then_confirm(secretariat_client, makers):  # noqa: F811
    page = upload(secretariat_client, "pledges_good.csv")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Preview of “pledges_good.csv”" in html and "EX-2021-003" in html
    assert "has no year; read as 2021-05-12" in html
    assert not Commitment.objects.exists()  # nothing before the confirmation
    sha = page.context["plan"].sha256
    done = secretariat_client.post(URL, {"confirm": "1", "sha256": sha})
    record = PledgeImport.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("commitments:pledge_import", args=[record.pk])
    assert Commitment.objects.filter(pledge_import=record).count() == 3
    shown = secretariat_client.get(done["Location"]).content.decode()
    assert "EX-2021-001" in shown
    # A reload of the confirmation imports nothing twice.
    again = secretariat_client.post(URL, {"confirm": "1", "sha256": sha}, follow=True)
    assert PledgeImport.objects.count() == 1 and "Upload the file again" in again.content.decode()


def test_an_unknown_organisation_is_created_only_when_ticked(secretariat_client, makers):  # noqa: F811
    page = upload(secretariat_client, "pledges_unknown_maker.csv")
    html = page.content.decode()
    assert "Create “Example Unknown Foundation” as an organisation" in html
    sha = page.context["plan"].sha256
    refused = secretariat_client.post(URL, {"confirm": "1", "sha256": sha})
    assert refused.status_code == 400 and "Example Unknown Foundation" in refused.content.decode()
    assert not Organisation.objects.filter(name="Example Unknown Foundation").exists()
    no_kind = secretariat_client.post(URL, {"confirm": "1", "sha256": sha, "create_0": "on"})
    assert no_kind.status_code == 400 and "Choose what kind of organisation" in no_kind.content.decode()
    done = secretariat_client.post(URL, {"confirm": "1", "sha256": sha, "create_0": "on", "kind_0": "civil_society"})
    assert done.status_code == 302
    assert Organisation.objects.get(name="Example Unknown Foundation").kind == "civil_society"


def test_refusals_name_the_problem_and_link_the_earlier_import(secretariat_client, makers):  # noqa: F811
    bad = upload(secretariat_client, "pledges_unknown_column.csv")
    assert bad.status_code == 400 and "Column “Budget” is not a column" in bad.content.decode()
    long = upload(secretariat_client, "pledges_long_title.csv")
    assert long.status_code == 400
    assert "Line 2, column “name of the pledge”: at most 20 words; this has 21." in long.content.decode()
    assert "Import 3 pledges" not in long.content.decode()  # no confirmation for a file with problems
    page = upload(secretariat_client, "pledges_good.xlsx")
    secretariat_client.post(URL, {"confirm": "1", "sha256": page.context["plan"].sha256})
    record = PledgeImport.objects.get()
    twice = upload(secretariat_client, "pledges_good.xlsx", as_name="renamed.xlsx")
    assert twice.status_code == 400
    assert reverse("commitments:pledge_import", args=[record.pk]) in twice.content.decode()


def test_an_imported_pledge_is_marked_in_the_registry(client, cast, makers):  # noqa: F811
    from alliance87.commitments import pledges

    pledges.import_pledges(by=cast.secretariat, raw=read("pledges_good.csv"), name="pledges_good.csv")
    pledge = Commitment.objects.get(pledge_reference="EX-2021-001")
    assert "2021 Action Pledge" in client.get(pledge.get_absolute_url()).content.decode()
    assert "2021 Action Pledge" in client.get(reverse("commitments:registry")).content.decode()
