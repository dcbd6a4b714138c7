"""The partner directory as CSV and XLSX: the rows the page shows with its filters, the columns it shows, in
the page's language (a download from /fr/partners/ has the French names, the English where there is none).

Excel safety (formulas neutralised) and the byte-order mark are ``alliance87/spreadsheets.py``'s.
"""

from django.utils.translation import gettext as _

from alliance87.translations import localised

WIDTHS = [44, 12, 28, 28, 60]  # characters, per column


def directory_header() -> list[str]:
    return [_("Name"), _("Acronym"), _("Kind"), _("Country"), _("Page")]


def directory_rows(organisations, base_url: str) -> list[list[str]]:
    return [
        [
            str(localised(org, "name")),
            str(localised(org, "acronym")),
            str(org.get_kind_display()),
            org.country.name if org.country_id else "",
            base_url + org.get_absolute_url(),
        ]
        for org in organisations
    ]
