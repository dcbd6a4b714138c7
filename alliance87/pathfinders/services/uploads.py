"""What may be uploaded as a roadmap document or report evidence: PDF, Office files and images."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → the bytes such a file starts with (its "magic number").
ALLOWED = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".ppt": (b"\xd0\xcf\x11\xe0",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


def validate_upload(file, *, field: str = "file") -> None:
    """Refuse a file that is too large, or is not the PDF, Office file or image its name says it is."""
    name = Path(getattr(file, "name", "") or "").name
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            {
                field: _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
                % {"name": name, "size": round(file.size / 1_000_000, 1), "limit": limit // 1_000_000}
            }
        )
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            {
                field: _(
                    "“%(name)s” is not a PDF, an Office document or an image (PDF, DOCX, XLSX, PPTX, ODT, "
                    "ODS, DOC, XLS, PPT, PNG, JPEG, GIF, WebP)."
                )
                % {"name": name}
            }
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    matches = any(head.startswith(magic) for magic in ALLOWED[extension])
    if extension == ".webp":
        matches = matches and head[8:12] == b"WEBP"  # RIFF is also WAV and AVI
    if not matches:
        raise ValidationError(
            {
                field: _("“%(name)s” does not look like a %(kind)s file: its content does not match its name.")
                % {"name": name, "kind": extension[1:].upper()}
            }
        )
