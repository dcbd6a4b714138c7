"""Arabic pages: text of unknown direction isolated, and the wall's words in each of Arabic's plural forms."""

from django.utils import translation

from alliance87.artwork.views_live import PLURAL_SAMPLES, _plural_forms
from alliance87.bidi import isolate


def test_a_title_is_isolated_from_the_sentence_around_it():
    assert isolate("10 Years of <Alliance> 8.7") == "<bdi>10 Years of &lt;Alliance&gt; 8.7</bdi>"


def test_the_wall_has_a_word_for_each_plural_category_of_the_language():
    with translation.override("en"):
        assert _plural_forms("mark", "marks") == {
            "zero": "marks",  # never chosen in English (Intl.PluralRules says "other" for 0)
            "one": "mark",
            "two": "marks",
            "few": "marks",
            "many": "marks",
            "other": "marks",
        }
    with translation.override("ar"):
        forms = _plural_forms("mark", "marks")
    assert set(forms) == set(PLURAL_SAMPLES)
    # 1 mark, 2 marks (the dual) and 3 marks are three different words in Arabic.
    assert len({forms["one"], forms["two"], forms["few"]}) == 3, forms


def test_the_phone_page_isolates_the_banner_title(client, alliance):
    from django.core.management import call_command

    call_command("load_side_event", verbosity=0)
    call_command("load_conference_banner", verbosity=0)
    html = client.get("/ar/artwork/10-years/").content.decode()
    assert '<h1 class="aw-title"><bdi>10 Years of Alliance 8.7</bdi></h1>' in html
