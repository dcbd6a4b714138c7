"""Field types every app's API schemas share.

``Text``: a string that refuses NUL characters, naming the field (PostgreSQL cannot store NUL in text,
and a refusal here says where, rather than a server error later). Lengths stay per field:
``Text = Field(..., max_length=200)``.
"""

from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError(_("Text may not contain NUL characters."))
    return text


Text = Annotated[str, AfterValidator(_no_nul)]
