"""Real XLSX files written in the tests with openpyxl: an XLSForm's sheets, or a KoboToolbox export."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per item, rows as given (the first row is the header)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_upload(sheets: dict[str, list[list]], name: str = "form.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(sheets), content_type=XLSX)


# A trilingual form as a partner might build it for KoboToolbox: a group, each supported type, and rows the
# platform leaves out (a GPS point, a note, a label missing, an unknown list, a column in Portuguese).
TRILINGUAL = {
    "survey": [
        [
            "type",
            "name",
            "label::English (en)",
            "label::French (fr)",
            "label::Arabic (ar)",
            "hint::English (en)",
            "hint::French (fr)",
            "required",
            "constraint",
            "parameters",
            "label::Portuguese (pt)",
        ],
        ["begin group", "about", "About you", "À propos de vous", "عنك", None, None, None, None, None, None],
        [
            "select_one sector",
            "sector",
            "Your sector",
            "Votre secteur",
            "قطاعك",
            None,
            None,
            "yes",
            None,
            None,
            "Setor",
        ],
        ["end group", None, None, None, None, None, None, None, None, None, None],
        [
            "text",
            "priority",
            "What should come first?",
            "Qu’est-ce qui doit venir en premier ?",
            "ما الذي يجب أن يأتي أولاً؟",
            "One sentence is enough.",
            "Une phrase suffit.",
            "true",
            None,
            None,
            None,
        ],
        [
            "select_multiple areas",
            "areas",
            "Which areas?",
            "Quels domaines ?",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ],
        ["rank areas", "order", "Rank the areas", "Classez les domaines", None, None, None, None, None, None, None],
        [
            "integer",
            "urgency",
            "How urgent?",
            "Quelle urgence ?",
            None,
            None,
            None,
            None,
            ". >= 1 and . <= 5",
            None,
            None,
        ],
        [
            "range",
            "trust",
            "How much trust?",
            "Quelle confiance ?",
            None,
            None,
            None,
            None,
            None,
            "start=0 end=10",
            None,
        ],
        ["select_one yn", "funded", "Is it funded?", "Est-ce financé ?", None, None, None, None, None, None, None],
        ["integer", "staff", "How many staff?", "Combien d’employés ?", None, None, None, None, None, None, None],
        ["geopoint", "where", "Where are you?", "Où êtes-vous ?", None, None, None, None, None, None, None],
        ["note", "thanks", "Thank you", "Merci", None, None, None, None, None, None, None],
        ["text", "orphan", None, "Sans anglais", None, None, None, None, None, None, None],
        ["select_one nowhere", "lost", "Lost list", None, None, None, None, None, None, None, None],
    ],
    "choices": [
        ["list_name", "name", "label::English (en)", "label::French (fr)", "label::Arabic (ar)"],
        ["sector", "government", "Government", "Gouvernement", "حكومة"],
        ["sector", "workers", "Workers", "Travailleurs", "عمال"],
        ["areas", "data", "Data", "Données", None],
        ["areas", "finance", "Finance", "Financement", None],
        ["areas", "law", "Law", "Droit", None],
        ["yn", "yes", "Yes", "Oui", None],
        ["yn", "no", "No", "Non", None],
    ],
    "settings": [
        ["form_title", "form_id", "default_language", "version"],
        ["Partner survey 2025", "partner_survey", "English (en)", "1"],
    ],
}
