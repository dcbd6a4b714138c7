"""The notice-and-comment step in a real browser: Mexico's focal point finds the figures from /me/, reads them
and comments in Spanish; the secretariat then sees the answer beside the notice and publishes. The notice page
passes axe in English and Arabic, on a desktop and a phone. The figures are an example dataset, not Mexico's.
Screenshots go to $SCREENSHOTS when set (docs/screenshots/indicator-notice.png is the notice page).
"""

from decimal import Decimal

import pytest
from pictures import keep_picture
from playwright.sync_api import expect
from reading import looks_right, read_in
from second_factor import secretariat_cookie

from alliance87.accounts.models import Role
from alliance87.indicators import notices
from alliance87.indicators.codes import CHILD_LABOUR_EC
from alliance87.indicators.models import (
    CountryNotice,
    Dataset,
    DatasetStatus,
    NoticeStatus,
    Observation,
    Series,
    SeriesKind,
)
from alliance87.testing import make_user

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def notice(alliance, cast):
    series = Series.objects.get_or_create(
        code=CHILD_LABOUR_EC,
        defaults={"kind": SeriesKind.SDG, "indicator": "8.7.1", "title": "Children in child labour (example title)"},
    )[0]
    dataset = Dataset.objects.create(
        title="Child labour by sex, example figures",
        country=alliance.mexico,
        source="Example survey (not real figures)",
        labels_language="es",
    )
    rows = [("Total", "7.1"), ("Hombres", "9.4"), ("Mujeres", "4.7")]
    Observation.objects.bulk_create(
        Observation(
            dataset=dataset,
            series=series,
            row=line + 2,
            year=2019,
            area="484",
            country=alliance.mexico,
            value=Decimal(value),
            value_text=value,
            sex={"Total": "_T", "Hombres": "M", "Mujeres": "F"}[label],
            labels={"Sexo": label},
        )
        for line, (label, value) in enumerate(rows)
    )
    focal_point = make_user("focal.mexico@example.org", Role.COUNTRY_FOCAL_POINT, alliance.mexico)
    opened = notices.open_notice(by=cast.secretariat, dataset=dataset, countries=[alliance.mexico])
    return {"notice": opened.notices[0], "focal_point": focal_point, "dataset": dataset}


def test_the_focal_point_comments_and_the_secretariat_publishes(tabs_on, site, axe, cast, notice):
    tab = tabs_on(site)(notice["focal_point"], DESKTOP)
    tab.goto("/me/")
    expect(tab.locator(".consoles")).to_contain_text("1 notice open for comment")
    tab.locator(".consoles").get_by_role("link", name="Figures to comment: Mexico").click()
    tab.get_by_role("link", name="Child labour by sex, example figures").click()
    expect(tab.locator("h1")).to_have_text("Figures for Mexico to comment on")
    figures = tab.locator(".im-figures tbody tr")
    expect(figures).to_have_count(3)
    expect(figures.nth(1)).to_contain_text("Sexo: Hombres")
    expect(figures.nth(1)).to_contain_text("9.4")
    looks_right(tab, axe, "en")
    keep_picture(tab, "indicator-notice")

    tab.get_by_label("Your comment").fill("Las cifras de 2019 son preliminares; las definitivas salen en marzo.")
    tab.get_by_label("Language of the comment").select_option("es")
    tab.get_by_role("button", name="Send the answer").click()
    expect(tab.locator(".messages")).to_contain_text("Thank you: your answer is sent to the secretariat.")
    expect(tab.locator('blockquote[lang="es"]')).to_contain_text("Las cifras de 2019 son preliminares")
    looks_right(tab, axe, "en")
    answered = CountryNotice.objects.get(pk=notice["notice"].pk)
    assert (answered.status, answered.comment_language) == (NoticeStatus.ANSWERED, "es")

    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        arabic = tabs_on(site)(notice["focal_point"], viewport)
        read_in(arabic, "ar", f"/indicators/notices/{answered.pk}/")
        looks_right(arabic, axe, "ar")
        keep_picture(arabic, f"indicator-notice-ar-{label}")
        english = tabs_on(site)(notice["focal_point"], viewport)
        read_in(english, "en", f"/indicators/notices/{answered.pk}/")
        looks_right(english, axe, "en")

    secretariat = tabs_on(site)(None, DESKTOP)
    secretariat.context.add_cookies([secretariat_cookie(cast.secretariat, site)])
    secretariat.goto(f"/indicators/manage/{notice['dataset'].pk}/")
    expect(secretariat.locator('blockquote[lang="es"]')).to_contain_text("Las cifras de 2019 son preliminares")
    secretariat.get_by_role("button", name="Publish the figures").click()
    expect(secretariat.locator(".messages")).to_contain_text("Published: the public pages show the figures")
    assert Dataset.objects.get(pk=notice["dataset"].pk).status == DatasetStatus.PUBLISHED
    looks_right(secretariat, axe, "en")


def test_another_countrys_focal_point_meets_not_found(tabs_on, site, cast, notice):
    tab = tabs_on(site)(cast.focal_point, DESKTOP)  # Kenya's
    response = tab.goto(f"/indicators/notices/{notice['notice'].pk}/")
    assert response.status == 404
    tab.goto("/me/")
    expect(tab.locator("main")).not_to_contain_text("Figures to comment")
