"""Factories the exchange's tests share: an experience written directly (no notifications), in any status,
and small valid files for uploads.

    from alliance87.exchange.tests.making import experience, png

    e = experience(by=cast.partner_editor, organisation=alliance.free_the_slaves)            # published
    s = experience(status="draft", lived_experience=True, title="My way out (example)")       # a draft story
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from ..models import Experience, ExperienceKind, ExperienceStatus

# The smallest valid PNG (1×1, transparent) and a PDF header: what validate_upload checks is the magic number.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(name: str = "visit.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def experience(
    *,
    by=None,
    status: str = ExperienceStatus.PUBLISHED,
    title: str = "Community monitoring of cocoa farms (example)",
    countries=(),
    priorities=(),
    commitments=(),
    **fields,
) -> Experience:
    now = timezone.now()
    values = {
        "summary": "Village committees visit farms and refer children to school. (Example.)",
        "what_was_done": "Committees trained, visits planned, referrals followed. (Example.)",
        "kind": ExperienceKind.STORY if fields.get("lived_experience") else ExperienceKind.PRACTICE,
        "status": status,
        "created_by": by,
        "is_example": True,
    }
    if status in (ExperienceStatus.SUBMITTED, ExperienceStatus.PUBLISHED, ExperienceStatus.WITHDRAWN):
        values["submitted_at"] = now
    if status in (ExperienceStatus.PUBLISHED, ExperienceStatus.WITHDRAWN):
        values["published_at"] = now
    if status == ExperienceStatus.WITHDRAWN:
        values["withdrawn_at"] = now
    values.update(fields)
    slug = slugify(title)[:60]
    n = Experience.objects.filter(slug__startswith=slug).count()
    made = Experience.objects.create(title=title, slug=f"{slug}-{n}" if n else slug, **values)
    if countries:
        made.countries.set(countries)
    if priorities:
        made.priorities.set(priorities)
    if commitments:
        made.commitments.set(commitments)
    return made
