"""Names of the areas observations carry (UN M49 codes): the world, the SDG regional groups, countries.

``area_name("001")`` → "World", ``area_name("202")`` → "Sub-Saharan Africa", ``area_name("484")`` →
"Mexico" (in the reader's language); a code the platform does not know is given back as it is. The
order pages use: the world, then the regions in the SDG Global Database's order, then countries by name.
"""

from django.utils.translation import gettext as _
from django_countries import countries

from alliance87.network.models import SdgRegion

from .codes import SDG_REGION_M49, WORLD

REGION_BY_M49 = {m49: key for key, m49 in SDG_REGION_M49.items()}


def area_name(m49: str) -> str:
    if m49 == WORLD:
        return _("World")
    if m49 in REGION_BY_M49:
        return str(SdgRegion(REGION_BY_M49[m49]).label)
    alpha2 = countries.alpha2(int(m49)) if m49.isdigit() else ""
    return str(countries.name(alpha2)) if alpha2 else m49


def kind(m49: str) -> str:
    """ "world", "region" or "country"."""
    if m49 == WORLD:
        return "world"
    return "region" if m49 in REGION_BY_M49 else "country"


def sort_key(m49: str) -> tuple:
    if m49 == WORLD:
        return (0, 0, "")
    if m49 in REGION_BY_M49:
        return (1, list(SDG_REGION_M49.values()).index(m49), "")
    return (2, 0, area_name(m49))


def m49_of_country(country) -> str:
    """A ``network.Country``'s M49 code, three digits ("484")."""
    return f"{countries.numeric(country.code.code)}".zfill(3)
