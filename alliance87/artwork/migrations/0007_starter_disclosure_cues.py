"""A starter list of disclosure cues in English, French, Spanish and Arabic, for the safeguarding focal point
to review and extend: cries for help, and the ILO's indicators of forced labour (retention of identity
documents, debt bondage, restriction of movement, intimidation and threats, physical violence, withholding
of wages, deception, isolation, excessive overtime).

They used to be a list in ``screening.py`` (``DISCLOSURE_PHRASES``); each of its phrases is here or matched by
a shorter one ("took my passport" for "they took my passport"), but for "i am being", which held "I am being
inspired" too. Matched as
whole words, case- and accent-insensitively; a ``*`` at the end of a word stands for any ending. A
contribution holding one goes to the safeguarding focal point, who can approve it if it is not a disclosure:
a cue that is too broad costs a look, a missing one a person.
"""

from django.db import migrations

HELP = "cry_for_help"
DOCUMENTS = "documents_withheld"
DEBT = "debt_bondage"
MOVEMENT = "not_free_to_leave"
THREATS = "threats_violence"
OTHER = "other"

STARTER = {
    "en": {
        HELP: [
            "help me",
            "please help",
            "save me",
            "rescue me",
            "i need help",
            "call the police",
            "i was trafficked",
            "i am being trafficked",
            "i am a victim",
            "i am a slave",
            "modern slave",
        ],
        DOCUMENTS: [
            "took my passport",
            "take my passport",
            "takes my passport",
            "taken my passport",
            "keeps my passport",
            "kept my passport",
            "keep my passport",
            "has my passport",
            "have my passport",
            "holds my passport",
            "confiscated my passport",
            "took my documents",
            "keeps my documents",
            "took my papers",
            "keeps my papers",
            "my passport was taken",
            "without my passport",
            "took my id",
        ],
        DEBT: [
            "owe a debt",
            "i owe them",
            "i owe him",
            "i owe her",
            "cannot repay",
            "can't repay",
            "cannot pay back",
            "can't pay back",
            "cannot pay off",
            "pay off my debt",
            "work off my debt",
            "my debt keeps",
            "recruitment fee",
            "recruitment fees",
        ],
        MOVEMENT: [
            "cannot leave",
            "can't leave",
            "can not leave",
            "not allowed to leave",
            "not free to leave",
            "won't let me leave",
            "will not let me leave",
            "don't let me leave",
            "do not let me leave",
            "not allowed out",
            "locked in",
            "locked me",
            "lock me",
            "cannot go home",
            "can't go home",
            "cannot escape",
            "can't escape",
        ],
        THREATS: [
            "threaten* my family",
            "threaten* me",
            "they threaten*",
            "beat* me",
            "hit me",
            "hurt me",
            "abused me",
            "abuse me",
            "forced me",
            "force me",
            "forced to work",
            "hurt my family",
        ],
        OTHER: [
            "not paid",
            "no pay",
            "don't pay me",
            "do not pay me",
            "never paid",
            "never pay me",
            "withh* my wages",
            "kept my wages",
            "keep my wages",
            "no days off",
            "not allowed to call",
            "lied to me about the job",
        ],
    },
    "fr": {
        HELP: [
            "aidez-moi",
            "aide-moi",
            "aidez moi",
            "aide moi",
            "au secours",
            "sauvez-moi",
            "sauvez moi",
            "j'ai besoin d'aide",
            "appelez la police",
            "je suis victime",
            "je suis esclave",
        ],
        DOCUMENTS: [
            "pris mon passeport",
            "prend mon passeport",
            "prennent mon passeport",
            "garde mon passeport",
            "gardent mon passeport",
            "confisque mon passeport",
            "confisqué mon passeport",
            "pris mes papiers",
            "garde mes papiers",
            "gardent mes papiers",
            "pris mes documents",
            "sans mon passeport",
        ],
        DEBT: [
            "ma dette",
            "rembourser ma dette",
            "je ne peux pas rembourser",
            "frais de recrutement",
            "je leur dois",
            "je lui dois",
        ],
        MOVEMENT: [
            "je ne peux pas partir",
            "je ne peux pas sortir",
            "je ne peux pas rentrer",
            "pas le droit de partir",
            "pas le droit de sortir",
            "on m'enferme",
            "ils m'enferment",
            "enfermé",
            "enfermée",
            "pas libre de partir",
            "je ne peux pas m'enfuir",
        ],
        THREATS: [
            "menace* ma famille",
            "on me menace",
            "ils me menacent",
            "il me menace",
            "on me frappe",
            "ils me frappent",
            "il me frappe",
            "on m'a forcé",
            "on m'a forcée",
            "forcé à travailler",
            "forcée à travailler",
            "ils m'ont forcé",
            "ils m'ont forcée",
        ],
        OTHER: [
            "pas payé",
            "pas payée",
            "sans salaire",
            "ne me paie pas",
            "ne me paient pas",
            "salaire retenu",
            "gardent mon salaire",
            "jamais de repos",
        ],
    },
    "es": {
        HELP: [
            "ayúdame",
            "ayúdenme",
            "ayuda por favor",
            "auxilio",
            "socorro",
            "sálvenme",
            "sálvame",
            "necesito ayuda",
            "llamen a la policía",
            "soy víctima",
            "soy esclavo",
            "soy esclava",
        ],
        DOCUMENTS: [
            "me quitaron el pasaporte",
            "me quitaron mi pasaporte",
            "me quitan el pasaporte",
            "tiene mi pasaporte",
            "tienen mi pasaporte",
            "se quedó con mi pasaporte",
            "se quedaron con mi pasaporte",
            "retiene* mi pasaporte",
            "me quitaron los documentos",
            "me quitaron mis documentos",
            "sin mi pasaporte",
        ],
        DEBT: [
            "tengo una deuda",
            "mi deuda",
            "no puedo pagar la deuda",
            "pagar mi deuda",
            "les debo",
            "cuota de reclutamiento",
        ],
        MOVEMENT: [
            "no puedo salir",
            "no puedo irme",
            "no me dejan salir",
            "no me dejan irme",
            "me encierran",
            "encerrado",
            "encerrada",
            "no puedo volver a casa",
            "no puedo escapar",
        ],
        THREATS: [
            "amenaza* a mi familia",
            "me amenaza*",
            "me pegan",
            "me golpean",
            "me golpea",
            "me obligaron",
            "me obligan",
            "obligado a trabajar",
            "obligada a trabajar",
            "abusaron de mí",
        ],
        OTHER: ["no me pagan", "no me pagaron", "sin sueldo", "sin salario", "me engañaron", "sin descanso"],
    },
    "ar": {
        HELP: ["ساعدني", "ساعدوني", "أنقذوني", "أنقذني", "النجدة", "أحتاج مساعدة", "اتصلوا بالشرطة"],
        DOCUMENTS: ["أخذوا جواز سفري", "أخذ جواز سفري", "يحتفظ بجواز سفري", "يحتفظون بجواز سفري", "أخذوا أوراقي"],
        DEBT: ["علي دين", "لا أستطيع سداد"],
        MOVEMENT: ["لا أستطيع المغادرة", "لا أستطيع الخروج", "لا يسمحون لي بالخروج", "يحبسونني"],
        THREATS: ["يهددون عائلتي", "يهددونني", "يهددني", "يضربونني", "يضربني", "أجبروني"],
        OTHER: ["لا يدفعون لي", "بدون أجر"],
    },
}


def add(apps, schema_editor):
    DisclosureCue = apps.get_model("artwork", "DisclosureCue")
    for language, kinds in STARTER.items():
        for kind, phrases in kinds.items():
            for phrase in phrases:
                DisclosureCue.objects.get_or_create(
                    language=language, phrase=" ".join(phrase.casefold().split()), defaults={"kind": kind}
                )


def remove(apps, schema_editor):
    apps.get_model("artwork", "DisclosureCue").objects.filter(changed_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("artwork", "0006_disclosure_cues_and_help_lines")]
    operations = [migrations.RunPython(add, remove)]
