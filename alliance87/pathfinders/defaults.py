"""The texts the platform gives a new Framework and a new reporting cycle, in every language it speaks.

The default Accountability Framework's name and criteria, a cycle's title, and the template of a new
cycle (the indicator list of section 1, the five questions of section 2): English is the source, and each
text carries its French, Spanish and Arabic forms, stored with the row when the row is made
(``framework_default_create``, ``cycle_create``, and so ``cycle_open``, the example's and the synthetic
loaders). A reader of ``/fr/`` then reports through French questions; a text the secretariat adds later
without a translation shows in English, marked ``lang="en"``.

These are the platform's own translations of its own default texts, not official texts of the Alliance
(the official wording of the 2022 Framework and of the five questions is not in the platform, see
docs/domain.md): the secretariat reviews them, and corrects them in the admin like any other text.
Names kept as the Alliance writes them: "Alliance 8.7" in every language; a Pathfinder Country is a
"pays pionnier" (fr), "país pionero" (es), "البلد الرائد" (ar); the ILO is the OIT in French and Spanish.
"""

from .models import AutomaticRule, JudgedBy

Texts = dict[str, str]  # language code → text; "en" is the source

FRAMEWORK_NAME: Texts = {
    "en": "Pathfinder Country Accountability Framework (default criteria)",
    "fr": "Cadre de responsabilisation des pays pionniers (critères par défaut)",
    "es": "Marco de rendición de cuentas de los países pioneros (criterios por defecto)",
    "ar": "إطار المساءلة للبلدان الرائدة (المعايير الافتراضية)",
}

# Drawn from the commitments and the pathway in docs/domain.md; the official text of 2022 is unknown.
DEFAULT_CRITERIA: list[tuple[str, Texts, str, str]] = [
    (
        "AF1",
        {
            "en": "Roadmap adopted and current",
            "fr": "Feuille de route adoptée et en vigueur",
            "es": "Hoja de ruta adoptada y vigente",
            "ar": "خارطة طريق معتمدة وسارية",
        },
        JudgedBy.PLATFORM,
        AutomaticRule.ROADMAP_CURRENT,
    ),
    (
        "AF2",
        {
            "en": "Annual report submitted on time",
            "fr": "Rapport annuel soumis dans les délais",
            "es": "Informe anual presentado dentro del plazo",
            "ar": "تقديم التقرير السنوي في موعده",
        },
        JudgedBy.PLATFORM,
        AutomaticRule.REPORT_ON_TIME,
    ),
    (
        "AF3",
        {
            "en": "National coordination mechanism in place",
            "fr": "Mécanisme national de coordination en place",
            "es": "Mecanismo nacional de coordinación establecido",
            "ar": "وجود آلية تنسيق وطنية",
        },
        JudgedBy.PLATFORM,
        AutomaticRule.COORDINATION,
    ),
    (
        "AF4",
        {
            "en": "Social partners, civil society and people with lived experience involved",
            "fr": "Participation des partenaires sociaux, de la société civile et des personnes ayant une "
            "expérience vécue",
            "es": "Participación de los interlocutores sociales, la sociedad civil y las personas con "
            "experiencia vivida",
            "ar": "إشراك الشركاء الاجتماعيين والمجتمع المدني والأشخاص ذوي التجربة المعيشة",
        },
        JudgedBy.REVIEWER,
        "",
    ),
    (
        "AF5",
        {
            "en": "Relevant ILO conventions ratified or in progress (C138, C182, C29 and its 2014 Protocol)",
            "fr": "Conventions pertinentes de l’OIT ratifiées ou en cours de ratification "
            "(C138, C182, C29 et son Protocole de 2014)",
            "es": "Convenios pertinentes de la OIT ratificados o en proceso de ratificación "
            "(C138, C182, C29 y su Protocolo de 2014)",
            "ar": "اتفاقيات منظمة العمل الدولية ذات الصلة مصدَّق عليها أو قيد التصديق "
            "(C138 وC182 وC29 وبروتوكولها لعام 2014)",
        },
        JudgedBy.REVIEWER,
        "",
    ),
    (
        "AF6",
        {
            "en": "Key steps of the Durban Call to Action acted on",
            "fr": "Suite donnée aux étapes clés de l’Appel à l’action de Durban",
            "es": "Medidas adoptadas sobre los pasos clave del Llamamiento a la Acción de Durban",
            "ar": "اتخاذ إجراءات بشأن الخطوات الرئيسية لنداء ديربان للعمل",
        },
        JudgedBy.REVIEWER,
        "",
    ),
]

# The official wording of the five questions is not known: these are defaults the secretariat edits.
DEFAULT_QUESTIONS: list[Texts] = [
    {
        "en": "What progress was made this year on each priority of the roadmap?",
        "fr": "Quels progrès ont été réalisés cette année pour chaque priorité de la feuille de route ?",
        "es": "¿Qué avances se lograron este año en cada prioridad de la hoja de ruta?",
        "ar": "ما التقدم الذي أُحرز هذا العام في كل أولوية من أولويات خارطة الطريق؟",
    },
    {
        "en": "Which key actions were delayed or dropped, and why?",
        "fr": "Quelles actions clés ont été retardées ou abandonnées, et pourquoi ?",
        "es": "¿Qué acciones clave se retrasaron o se abandonaron, y por qué?",
        "ar": "ما الإجراءات الرئيسية التي تأخرت أو أُلغيت، ولماذا؟",
    },
    {
        "en": "How were social partners, civil society and people with lived experience involved?",
        "fr": "Comment les partenaires sociaux, la société civile et les personnes ayant une expérience vécue "
        "ont-ils été associés ?",
        "es": "¿Cómo participaron los interlocutores sociales, la sociedad civil y las personas con "
        "experiencia vivida?",
        "ar": "كيف أُشرك الشركاء الاجتماعيون والمجتمع المدني والأشخاص ذوو التجربة المعيشة؟",
    },
    {
        "en": "What resources were mobilised for the roadmap, and what gaps remain?",
        "fr": "Quelles ressources ont été mobilisées pour la feuille de route, et quels manques subsistent ?",
        "es": "¿Qué recursos se movilizaron para la hoja de ruta y qué carencias persisten?",
        "ar": "ما الموارد التي حُشدت لخارطة الطريق، وما الفجوات التي لا تزال قائمة؟",
    },
    {
        "en": "What support from Alliance 8.7 partners would help most in the coming year?",
        "fr": "Quel soutien des partenaires d’Alliance 8.7 serait le plus utile l’année prochaine ?",
        "es": "¿Qué apoyo de los socios de Alliance 8.7 sería más útil el próximo año?",
        "ar": "ما الدعم من شركاء Alliance 8.7 الذي سيفيد أكثر من غيره في العام المقبل؟",
    },
]

# Section 1: a default list to choose from, to be edited by the secretariat for each cycle.
DEFAULT_INDICATORS: list[tuple[str, Texts]] = [
    (
        "8.7.1-a",
        {
            "en": "Proportion of children aged 5-17 in child labour (SDG 8.7.1), %",
            "fr": "Proportion d’enfants âgés de 5 à 17 ans astreints au travail des enfants (ODD 8.7.1), %",
            "es": "Proporción de niños y niñas de 5 a 17 años en trabajo infantil (ODS 8.7.1), %",
            "ar": "نسبة الأطفال في سن 5-17 سنة المنخرطين في عمل الأطفال (مؤشر أهداف التنمية المستدامة 8.7.1)، %",
        },
    ),
    (
        "8.7.1-b",
        {
            "en": "Number of children aged 5-17 in child labour (SDG 8.7.1)",
            "fr": "Nombre d’enfants âgés de 5 à 17 ans astreints au travail des enfants (ODD 8.7.1)",
            "es": "Número de niños y niñas de 5 a 17 años en trabajo infantil (ODS 8.7.1)",
            "ar": "عدد الأطفال في سن 5-17 سنة المنخرطين في عمل الأطفال (مؤشر أهداف التنمية المستدامة 8.7.1)",
        },
    ),
    (
        "INSP",
        {
            "en": "Labour inspections that covered child labour or forced labour",
            "fr": "Inspections du travail portant sur le travail des enfants ou le travail forcé",
            "es": "Inspecciones de trabajo que abarcaron el trabajo infantil o el trabajo forzoso",
            "ar": "عمليات تفتيش العمل التي شملت عمل الأطفال أو العمل الجبري",
        },
    ),
    (
        "VICT",
        {
            "en": "Victims of trafficking in persons identified",
            "fr": "Victimes de la traite des personnes identifiées",
            "es": "Víctimas de la trata de personas identificadas",
            "ar": "ضحايا الاتجار بالأشخاص الذين جرى التعرف عليهم",
        },
    ),
    (
        "PROS",
        {
            "en": "Prosecutions for forced labour, trafficking or the worst forms of child labour",
            "fr": "Poursuites pour travail forcé, traite ou pires formes de travail des enfants",
            "es": "Procesamientos por trabajo forzoso, trata o peores formas de trabajo infantil",
            "ar": "الملاحقات القضائية بتهم العمل الجبري أو الاتجار أو أسوأ أشكال عمل الأطفال",
        },
    ),
    (
        "SOCP",
        {
            "en": "Children covered by social protection benefits, %",
            "fr": "Enfants couverts par des prestations de protection sociale, %",
            "es": "Niños y niñas cubiertos por prestaciones de protección social, %",
            "ar": "الأطفال المشمولون باستحقاقات الحماية الاجتماعية، %",
        },
    ),
]

# A cycle's title: ``{year}`` is the year the reports cover.
CYCLE_TITLE: Texts = {
    "en": "Annual progress reports {year}",
    "fr": "Rapports annuels d’avancement {year}",
    "es": "Informes anuales de progreso {year}",
    "ar": "تقارير التقدم السنوية {year}",
}
EXAMPLE_CYCLE_TITLE: Texts = {
    "en": "Annual progress reports {year} (example cycle)",
    "fr": "Rapports annuels d’avancement {year} (cycle d’exemple)",
    "es": "Informes anuales de progreso {year} (ciclo de ejemplo)",
    "ar": "تقارير التقدم السنوية {year} (دورة نموذجية)",
}


def cycle_title(year: int, *, example: bool = False) -> Texts:
    """A cycle's title in every language, for ``year``."""
    pattern = EXAMPLE_CYCLE_TITLE if example else CYCLE_TITLE
    return {language: text.format(year=year) for language, text in pattern.items()}


def stored(field: str, texts: Texts) -> dict[str, dict[str, str]]:
    """``texts`` as a row's ``translations`` column holds them for ``field``: every language but English."""
    return {language: {field: text} for language, text in texts.items() if language != "en"}
