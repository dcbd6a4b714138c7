"""``alliance87 load-side-event``: the side event of the concept note, imported and published. Idempotent.

`make run` runs it so the demo shows the real side event; the import is the same as
``import-concept-note`` on the shipped seed file. Its title and its agenda's titles and descriptions get
the platform's French, Spanish and Arabic translations (``TRANSLATIONS``, below), each only where the
English is still the concept note's and the translation is missing: a text the organisers changed since,
or a translation they wrote, is left alone.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from alliance87.events import prebuild, services
from alliance87.events.models import Event
from alliance87.pagecache import public_pages_changed

SEED = Path(settings.BASE_DIR) / "alliance87" / "data" / "seed" / "concept-note-alliance87-side-event.txt"

# The platform's translations of the concept note's English, by field: English → language → text. To be
# reviewed by the secretariat (docs/domain.md). "Alliance 8.7" is the partnership's name, left as it is.
TRANSLATIONS = {
    "title": {
        "Alliance 8.7: 10 years of Partnership and Action": {
            "fr": "Alliance 8.7 : 10 ans de partenariat et d’action",
            "es": "Alliance 8.7: 10 años de asociación y acción",
            "ar": "Alliance 8.7: عشر سنوات من الشراكة والعمل",
        },
        "Opening remarks": {"fr": "Allocution d’ouverture", "es": "Palabras de apertura", "ar": "كلمة افتتاحية"},
        "Conversation I: Global Leadership and Shared Priorities": {
            "fr": "Conversation I : leadership mondial et priorités communes",
            "es": "Conversación I: liderazgo mundial y prioridades compartidas",
            "ar": "الحوار الأول: القيادة العالمية والأولويات المشتركة",
        },
        "Video: Voices of Pathfinder Countries": {
            "fr": "Vidéo : voix des pays pionniers",
            "es": "Vídeo: voces de los países pioneros",
            "ar": "فيديو: أصوات البلدان الرائدة",
        },
        "Conversation II: Partnership in Action": {
            "fr": "Conversation II : le partenariat en action",
            "es": "Conversación II: la asociación en acción",
            "ar": "الحوار الثاني: الشراكة في العمل",
        },
        "Communication Activity - “10 Years of Alliance 8.7” & Closing": {
            "fr": "Activité de communication « 10 ans d’Alliance 8.7 » et clôture",
            "es": "Actividad de comunicación «10 años de Alliance 8.7» y clausura",
            "ar": "نشاط تواصلي «عشر سنوات من Alliance 8.7» والختام",
        },
    },
    "description": {
        "Marking the 10th Anniversary and setting the vision ahead": {
            "fr": "Célébrer le 10e anniversaire et tracer la vision pour l’avenir",
            "es": "Conmemoración del 10.º aniversario y definición de la visión de futuro",
            "ar": "الاحتفال بالذكرى السنوية العاشرة ورسم رؤية المستقبل",
        },
        "Discussion on collective progress and shared priorities emerging from the Sixth Global Conference": {
            "fr": "Échange sur les progrès collectifs et les priorités communes issues de la sixième "
            "Conférence mondiale",
            "es": "Debate sobre los avances colectivos y las prioridades compartidas que surgen de la Sexta "
            "Conferencia Mundial",
            "ar": "نقاش حول التقدم الجماعي والأولويات المشتركة المنبثقة عن المؤتمر العالمي السادس",
        },
        "Short video featuring Voices of Pathfinder Countries": {
            "fr": "Courte vidéo donnant la parole aux pays pionniers",
            "es": "Vídeo breve con las voces de los países pioneros",
            "ar": "فيديو قصير يعرض أصوات البلدان الرائدة",
        },
        "Discussion on how collaboration delivers change": {
            "fr": "Échange sur la manière dont la collaboration produit le changement",
            "es": "Debate sobre cómo la colaboración genera cambios",
            "ar": "نقاش حول كيفية إحداث التغيير من خلال التعاون",
        },
        "Launch of co-created artwork banner & photo opportunity, Short closing remarks": {
            "fr": "Lancement de la bannière artistique co-créée et séance photo ; brèves remarques de clôture",
            "es": "Presentación del estandarte artístico creado conjuntamente y sesión de fotos; breves palabras "
            "de clausura",
            "ar": "إطلاق اللافتة الفنية المشتركة والتقاط الصور؛ كلمة ختامية قصيرة",
        },
    },
}


def translate(obj) -> bool:
    """Add the translations ``obj`` lacks for the English it holds; True when it changed (and was saved)."""
    merged = {code: dict(texts) for code, texts in (obj.translations or {}).items()}
    for field in obj.translated_fields:
        for code, text in TRANSLATIONS.get(field, {}).get(getattr(obj, field), {}).items():
            if not merged.get(code, {}).get(field):
                merged.setdefault(code, {})[field] = text
    if merged == obj.translations:
        return False
    obj.translations = merged
    obj.save(update_fields=["translations"])
    return True


class Command(BaseCommand):
    help = "Import the side event from the shipped concept note and publish it, unless it is already there."

    def handle(self, *args, **options):
        event = Event.objects.filter(source=SEED.name).first()
        if event is None:
            event = services.concept_note_import(text=SEED.read_text(encoding="utf-8-sig"), by=None, source=SEED.name)
            self._translate(event)
            services.event_publish(event=event, by=None)
        elif self._translate(event):
            public_pages_changed()
            prebuild.event_changed(event)
        self.stdout.write(self.style.SUCCESS(f"Side event loaded: {event.title} (/events/{event.slug}/)."))

    @staticmethod
    @transaction.atomic
    def _translate(event) -> bool:
        changed = translate(event)
        for item in event.items.all():
            changed = translate(item) or changed
        return changed
