"""Downloads of the published indicator data: SDMX (SDMX-ML 2.1 and SDMX-CSV) of the SDG series, the
structure they are written against, a tidy CSV per dataset, and all of it in one zip.

The files are built once per version of the public data (``pagecache.current_version()``, which every service
that publishes or withdraws moves) and kept under ``MEDIA_ROOT/indicator-downloads/<version>/`` with a
``manifest.json`` of what each holds; a request for a file then reads it from disk without a query. A build
goes to a temporary folder renamed into place, so two requests building at once never serve half a file;
older versions' folders are removed after a new build.

Addresses: ``/indicators/download/`` (the page listing the files, their formats and sizes),
``/indicators/download/sdg-8.7.1.sdmx.xml``, ``…/sdg-8.7.1.sdmx.csv``, ``…/sdg-dsd-subset.xml``,
``…/all.zip``, and ``/indicators/<code>/sdmx.xml`` for one SDG series.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from alliance87 import pagecache
from alliance87.pagecache import public_page

from .. import sdmx, tidy_export
from ..models import DatasetStatus, Observation, Series, SeriesKind

ROOT_NAME = "indicator-downloads"
SDMX_XML = "sdg-8.7.1.sdmx.xml"
SDMX_CSV = "sdg-8.7.1.sdmx.csv"
STRUCTURE = "sdg-dsd-subset.xml"
ZIP = "all.zip"
FILES = (SDMX_XML, SDMX_CSV, STRUCTURE, ZIP)
CONTENT_TYPES = {
    SDMX_XML: "application/vnd.sdmx.structurespecificdata+xml;version=2.1",
    SDMX_CSV: "application/vnd.sdmx.data+csv;version=1.0.0",
    STRUCTURE: "application/vnd.sdmx.structure+xml;version=2.1",
    ZIP: "application/zip",
}
DESCRIPTIONS = {
    SDMX_XML: _(
        "SDMX-ML 2.1, structure-specific data: the SDG series of indicator 8.7.1, coded against the global SDG "
        "data structure (IAEG-SDGs:SDG 1.8)."
    ),
    SDMX_CSV: _("SDMX-CSV: the same observations, one row each, for a spreadsheet or a statistics package."),
    STRUCTURE: _(
        "The structure the SDMX files are written against: the part of the global SDG data structure this "
        "platform uses (its dimensions, attributes and codes), not the UN's full file."
    ),
    ZIP: _(
        "Everything published: a tidy CSV file per dataset (the format of national SDG platforms), the two "
        "SDMX files, the structure and a README listing each file's source and date."
    ),
}


def root() -> Path:
    return Path(settings.MEDIA_ROOT) / ROOT_NAME


# ---- Building ----------------------------------------------------------------------------------------------


def _country_name(dataset) -> str:
    if dataset.country_id is None:
        return "world"
    return slugify(str(dataset.country.code.name)) or dataset.country.code.code.lower()


def _tidy_csv(observations, columns) -> bytes:
    """The Open SDG tidy format (Year first, Value last, the file's own columns in order)."""
    return tidy_export.observations_csv(observations, columns)


def _tidy_files(folder: Path) -> list[dict]:
    """A tidy CSV per published dataset and series, named ``<country or world>-<series>.csv``."""
    from ..models import Dataset  # noqa: PLC0415

    datasets = (
        Dataset.objects.filter(status=DatasetStatus.PUBLISHED)
        .select_related("country")
        .order_by("country__code", "published_at", "pk")
    )
    pairs = (
        Observation.objects.filter(dataset__status=DatasetStatus.PUBLISHED)
        .values_list("dataset_id", "series__code")
        .distinct()
        .order_by("dataset_id", "series__code")
    )
    series_of: dict[int, list[str]] = {}
    for dataset_id, code in pairs:
        series_of.setdefault(dataset_id, []).append(code)
    files = []
    taken: set[str] = set()
    for dataset in datasets:
        for code in series_of.get(dataset.pk, []):
            stem = f"{_country_name(dataset)}-{code}"
            name, number = f"{stem}.csv", 1
            while name in taken:
                number += 1
                name = f"{stem}-{number}.csv"
            taken.add(name)
            data = _tidy_csv(dataset.observations.filter(series__code=code), list(dataset.columns or []))
            (folder / name).write_bytes(data)
            files.append(
                {
                    "name": name,
                    "dataset": dataset.title,
                    "series": code,
                    "source": dataset.source,
                    "source_url": dataset.source_url,
                    "source_date": dataset.source_date.isoformat() if dataset.source_date else "",
                    "published": dataset.published_at.date().isoformat() if dataset.published_at else "",
                    "example": dataset.is_example,
                }
            )
    return files


def _readme(manifest: dict) -> str:
    lines = [
        "Alliance 8.7: the published indicator data of SDG Target 8.7",
        f"Built {manifest['built']} (UTC).",
        "",
        "SDMX files",
        f"- {SDMX_XML}: SDMX-ML 2.1 structure-specific data of the SDG series of indicator 8.7.1, coded against",
        "  the global SDG data structure IAEG-SDGs:SDG(1.8), observation dimension TIME_PERIOD.",
        f"- {SDMX_CSV}: the same observations as SDMX-CSV (DATAFLOW {sdmx.DATAFLOW_REF}).",
        f"- {STRUCTURE}: the structure they are written against. It is a subset written by this platform from",
        "  Open SDG's sdg-build fixtures and the SDG content constraints, not the UN's file.",
        f"  {manifest['sdmx']['observations']} observations in {manifest['sdmx']['series']} series.",
        "  Only the SDG-coded series go out as SDMX. The global estimates (A87_ codes) and national series",
        "  are in the tidy CSV files only. Left out of SDMX: "
        f"{manifest['sdmx']['empty']} empty values (SDMX has no value to give), "
        f"{manifest['sdmx']['sub_national']} sub-national rows (the SDG structure's REF_AREA is M49), "
        f"{manifest['sdmx']['duplicates']} figures given again by a later-published dataset "
        f"(the later one is kept).",
        "",
        "Tidy CSV files (one per dataset and series: Year first, Value last, the file's own columns)",
    ]
    for item in manifest["tidy"]:
        lines.append(f"- {item['name']}: {item['dataset']}{' (example data)' if item['example'] else ''}")
        source = item["source"] + (f" <{item['source_url']}>" if item["source_url"] else "")
        lines.append(f"  Source: {source}" + (f", dated {item['source_date']}" if item["source_date"] else ""))
        lines.append(f"  Published on the platform: {item['published'] or 'not dated'}")
    if not manifest["tidy"]:
        lines.append("- none published yet")
    lines.append("")
    return "\r\n".join(lines) + "\r\n"


def _build(folder: Path, version: int) -> dict:
    built = datetime.now(UTC).replace(microsecond=0)
    with (folder / SDMX_XML).open("wb") as out:
        written = sdmx.write_structure_specific(None, out, prepared=built)
    with (folder / SDMX_CSV).open("wb") as out:
        sdmx.write_sdmx_csv(None, out)
    shutil.copyfile(sdmx.STRUCTURE_FILE, folder / STRUCTURE)
    tidy_folder = folder / "tidy"
    tidy_folder.mkdir()
    manifest = {
        "version": version,
        "built": built.strftime("%Y-%m-%d %H:%M"),
        "sdmx": {
            "observations": written.observations,
            "series": written.series,
            "empty": written.empty,
            "sub_national": written.sub_national,
            "duplicates": written.duplicates + written.other_unit,
        },
        "tidy": _tidy_files(tidy_folder),
    }
    with zipfile.ZipFile(folder / ZIP, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("README.txt", _readme(manifest))
        for name in (SDMX_XML, SDMX_CSV, STRUCTURE):
            bundle.write(folder / name, name)
        for item in manifest["tidy"]:
            bundle.write(tidy_folder / item["name"], f"tidy/{item['name']}")
    manifest["sizes"] = {name: (folder / name).stat().st_size for name in FILES}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def ensure_built() -> tuple[Path, dict]:
    """The folder of the current version's files and its manifest, built when missing."""
    version = pagecache.current_version()
    folder = root() / str(version)
    manifest_file = folder / "manifest.json"
    if manifest_file.exists():
        with contextlib.suppress(ValueError, OSError):
            return folder, json.loads(manifest_file.read_text())
    root().mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".build-", dir=root()))
    try:
        manifest = _build(building, version)
        try:
            os.rename(building, folder)
        except OSError:  # another request built it first: keep theirs
            shutil.rmtree(building, ignore_errors=True)
            manifest = json.loads(manifest_file.read_text())
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    _remove_old(keep=folder)
    return folder, manifest


def _remove_old(keep: Path) -> None:
    for other in root().iterdir():
        if other != keep and other.is_dir() and not other.name.startswith(".build-"):
            shutil.rmtree(other, ignore_errors=True)


def _file(path_: Path, name: str, content_type: str) -> FileResponse:
    response = FileResponse(path_.open("rb"), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    return response


# ---- Views -------------------------------------------------------------------------------------------------


@public_page
def downloads(request):
    """The page listing what can be downloaded, with formats and sizes."""
    _folder, manifest = ensure_built()
    files = [
        {
            "name": name,
            "url_name": {
                SDMX_XML: "download_sdmx_xml",
                SDMX_CSV: "download_sdmx_csv",
                STRUCTURE: "download_structure",
            }.get(name, "download_all"),
            "format": {SDMX_XML: "SDMX-ML 2.1", SDMX_CSV: "SDMX-CSV 1.0", STRUCTURE: "SDMX-ML 2.1", ZIP: "ZIP"}[name],
            "size": manifest["sizes"][name],
            "description": DESCRIPTIONS[name],
        }
        for name in (ZIP, SDMX_XML, SDMX_CSV, STRUCTURE)
    ]
    return render(
        request,
        "indicators/downloads.html",
        {"files": files, "manifest": manifest, "tidy": manifest["tidy"], "sdmx_counts": manifest["sdmx"]},
    )


def download_file(request, name: str):
    if name not in FILES:
        raise Http404
    folder, _manifest = ensure_built()
    return _file(folder / name, name, CONTENT_TYPES[name])


def series_sdmx(request, code: str):
    """One SDG series as SDMX-ML (the global estimates and national series are not SDG data: 404)."""
    series = Series.objects.filter(code=code, kind=SeriesKind.SDG).only("pk", "code").first()
    if series is None:
        raise Http404
    folder, _manifest = ensure_built()
    target = folder / "series" / f"{series.code}.sdmx.xml"
    if not target.exists():
        target.parent.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".build-")
        with os.fdopen(handle, "wb") as out:
            sdmx.write_structure_specific(Observation.objects.filter(series=series), out)
        os.replace(temporary, target)
    return _file(target, f"{series.code}.sdmx.xml", CONTENT_TYPES[SDMX_XML])


urls = [
    path("indicators/download/", downloads, name="downloads"),
    path("indicators/download/sdg-8.7.1.sdmx.xml", download_file, {"name": SDMX_XML}, name="download_sdmx_xml"),
    path("indicators/download/sdg-8.7.1.sdmx.csv", download_file, {"name": SDMX_CSV}, name="download_sdmx_csv"),
    path("indicators/download/sdg-dsd-subset.xml", download_file, {"name": STRUCTURE}, name="download_structure"),
    path("indicators/download/all.zip", download_file, {"name": ZIP}, name="download_all"),
    path("indicators/<str:code>/sdmx.xml", series_sdmx, name="series_sdmx"),
]
