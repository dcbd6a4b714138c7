"""The two conference outcomes thematic priorities may rest on, as the secretariat would enter them.

- The Durban Call to Action (5th Global Conference, Durban, 15-20 May 2022) with its six commitment areas.
  Each area's title is the wording the Pathfinder work already uses (``pathfinders.vocab.DurbanArea``),
  with the translations already reviewed for it, so a roadmap's "Durban area" and a priority's evidence
  read the same; its text is the fuller English wording of the area.
- The Marrakech Global Framework for Action against Child Labour (6th Global Conference, Marrakech,
  11-13 February 2026) with no area: its section structure is not verified, and inventing one would put
  words in the conference's mouth. The secretariat enters its areas from the adopted text.

Dates of adoption are left empty: the sources at hand give the conferences' dates, not the day each text
was adopted. Copies of the texts, not imports of the vocabulary: a migration must not change when the
code does. Reversing removes these two documents and their areas.
"""

from django.db import migrations

DURBAN = {
    "slug": "durban-call-to-action",
    "title": "Durban Call to Action",
    "conference": "5th Global Conference, Durban, 15-20 May 2022",
    "description": (
        "The Call to Action of the 5th Global Conference on child labour: six areas of commitment. More "
        "than 1,000 delegates took part in person and about 7,000 online; children signed it."
    ),
    "source": "The Durban Call to Action (2022); areas as the Alliance 8.7 secretariat summarises them.",
}
DURBAN_AREAS = [
    (
        "Decent work for adults and youth; priority to the worst forms of child labour",
        "Decent work for adults and for youth above the minimum working age, with priority to the worst forms "
        "of child labour.",
        {
            "fr": "Travail décent pour les adultes et les jeunes ; priorité aux pires formes de travail des enfants",
            "es": "Trabajo decente para adultos y jóvenes; prioridad a las peores formas de trabajo infantil",
            "ar": "العمل اللائق للبالغين والشباب؛ مع إعطاء الأولوية لأسوأ أشكال عمل الأطفال",
        },
    ),
    (
        "End child labour in agriculture",
        "End child labour in agriculture.",
        {
            "fr": "Éliminer le travail des enfants dans l’agriculture",
            "es": "Poner fin al trabajo infantil en la agricultura",
            "ar": "إنهاء عمل الأطفال في الزراعة",
        },
    ),
    (
        "Prevent and eliminate, and protect survivors through data-driven, survivor-informed responses",
        "Prevent and eliminate child labour, forced labour, modern slavery and trafficking in persons, and "
        "protect survivors, through data-driven, survivor-informed responses.",
        {
            "fr": "Prévenir et éliminer, et protéger les survivants grâce à des réponses fondées sur les données "
            "et éclairées par les survivants",
            "es": "Prevenir y eliminar, y proteger a los sobrevivientes mediante respuestas basadas en datos y "
            "guiadas por los sobrevivientes",
            "ar": "المنع والقضاء، وحماية الناجين من خلال استجابات قائمة على البيانات ومستنيرة بآراء الناجين",
        },
    ),
    (
        "Free, quality, inclusive education",
        "Realise the right to free, quality, inclusive education.",
        {
            "fr": "Éducation gratuite, de qualité et inclusive",
            "es": "Educación gratuita, de calidad e inclusiva",
            "ar": "تعليم مجاني وجيد وشامل",
        },
    ),
    (
        "Universal social protection",
        "Universal social protection.",
        {
            "fr": "Protection sociale universelle",
            "es": "Protección social universal",
            "ar": "الحماية الاجتماعية الشاملة",
        },
    ),
    (
        "More financing and international cooperation",
        "More financing and international cooperation.",
        {
            "fr": "Davantage de financement et de coopération internationale",
            "es": "Más financiación y cooperación internacional",
            "ar": "مزيد من التمويل والتعاون الدولي",
        },
    ),
]
MARRAKECH = {
    "slug": "marrakech-framework-for-action",
    "title": "Marrakech Global Framework for Action against Child Labour",
    "conference": "6th Global Conference, Marrakech, Morocco, 11-13 February 2026",
    "description": (
        "The outcome of the 6th Global Conference, adopted unanimously, aiming at ending child labour by 2030. "
        "Its section structure has not been verified here, so no area is entered yet: the secretariat adds "
        "them from the adopted text."
    ),
    "source": "Coverage of the 6th Global Conference (February 2026); the adopted text to be checked for its areas.",
}


def add_outcomes(apps, schema_editor):
    OutcomeDocument = apps.get_model("engagement", "OutcomeDocument")
    OutcomeArea = apps.get_model("engagement", "OutcomeArea")
    durban, created = OutcomeDocument.objects.get_or_create(slug=DURBAN["slug"], defaults=DURBAN)
    if created:
        for number, (title, text, translations) in enumerate(DURBAN_AREAS, start=1):
            OutcomeArea.objects.create(
                document=durban,
                number=number,
                title=title,
                text=text,
                translations={code: {"title": value} for code, value in translations.items()},
            )
    OutcomeDocument.objects.get_or_create(slug=MARRAKECH["slug"], defaults=MARRAKECH)


def remove_outcomes(apps, schema_editor):
    OutcomeDocument = apps.get_model("engagement", "OutcomeDocument")
    OutcomeDocument.objects.filter(slug__in=[DURBAN["slug"], MARRAKECH["slug"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("engagement", "0002_themes_priorities_second_round")]

    operations = [migrations.RunPython(add_outcomes, remove_outcomes)]
