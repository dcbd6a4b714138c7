"""The site search's index: one row per thing that can be found, with its words folded (normalise.py).

The words are matched by SQLite's FTS5 (the ``search_fts`` table, kept by triggers) or by PostgreSQL's
full-text search (a GIN index on ``to_tsvector('simple', terms)``): see migrations/0001_initial.py.
Titles are not stored: results are read from their own tables, so they show in the reader's language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    # In the order the results page shows them.
    ORGANISATION = "organisation", _("Partners and organisations")
    COUNTRY = "country", _("Countries")
    EVENT = "event", _("Events")
    PERSON = "person", pgettext_lazy("search results", "People")
    GROUP = "group", _("Action Groups")
    CONSULTATION = "consultation", _("Consultations")
    COMMITMENT = "commitment", _("Commitments")
    EXPERIENCE = "experience", _("Experiences")


class SearchEntry(models.Model):
    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField()
    terms = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_entry_per_object")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
