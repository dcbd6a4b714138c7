"""Pathfinder content in every language: a ``translations`` column on the Framework's versions and
criteria, and on the cycles, their indicators and questions (see ``alliance87.translations``).

Rows that still hold the platform's own default text (the default Framework of 0002, the default template
of every cycle, the titles the platform gave cycles) get its French, Spanish and Arabic forms, so a
deployment that migrates shows them at once; a text the secretariat already changed is left as it is.
These are the platform's translations, which the secretariat reviews (``pathfinders/defaults.py``).
"""

import re

from django.db import migrations, models


# (model, field) → the English default text → its translations (frozen here: the migration never changes).
DEFAULT_TEXTS = {
    ('frameworkversion', 'name'): {
        'Pathfinder Country Accountability Framework (default criteria)': {'fr': 'Cadre de responsabilisation des pays pionniers (critères par défaut)', 'es': 'Marco de rendición de cuentas de los países pioneros (criterios por defecto)', 'ar': 'إطار المساءلة للبلدان الرائدة (المعايير الافتراضية)'},
    },
    ('criterion', 'title'): {
        'Roadmap adopted and current': {'fr': 'Feuille de route adoptée et en vigueur', 'es': 'Hoja de ruta adoptada y vigente', 'ar': 'خارطة طريق معتمدة وسارية'},
        'Annual report submitted on time': {'fr': 'Rapport annuel soumis dans les délais', 'es': 'Informe anual presentado dentro del plazo', 'ar': 'تقديم التقرير السنوي في موعده'},
        'National coordination mechanism in place': {'fr': 'Mécanisme national de coordination en place', 'es': 'Mecanismo nacional de coordinación establecido', 'ar': 'وجود آلية تنسيق وطنية'},
        'Social partners, civil society and people with lived experience involved': {'fr': 'Participation des partenaires sociaux, de la société civile et des personnes ayant une expérience vécue', 'es': 'Participación de los interlocutores sociales, la sociedad civil y las personas con experiencia vivida', 'ar': 'إشراك الشركاء الاجتماعيين والمجتمع المدني والأشخاص ذوي التجربة المعيشة'},
        'Relevant ILO conventions ratified or in progress (C138, C182, C29 and its 2014 Protocol)': {'fr': 'Conventions pertinentes de l’OIT ratifiées ou en cours de ratification (C138, C182, C29 et son Protocole de 2014)', 'es': 'Convenios pertinentes de la OIT ratificados o en proceso de ratificación (C138, C182, C29 y su Protocolo de 2014)', 'ar': 'اتفاقيات منظمة العمل الدولية ذات الصلة مصدَّق عليها أو قيد التصديق (C138 وC182 وC29 وبروتوكولها لعام 2014)'},
        'Key steps of the Durban Call to Action acted on': {'fr': 'Suite donnée aux étapes clés de l’Appel à l’action de Durban', 'es': 'Medidas adoptadas sobre los pasos clave del Llamamiento a la Acción de Durban', 'ar': 'اتخاذ إجراءات بشأن الخطوات الرئيسية لنداء ديربان للعمل'},
    },
    ('cyclequestion', 'text'): {
        'What progress was made this year on each priority of the roadmap?': {'fr': 'Quels progrès ont été réalisés cette année pour chaque priorité de la feuille de route ?', 'es': '¿Qué avances se lograron este año en cada prioridad de la hoja de ruta?', 'ar': 'ما التقدم الذي أُحرز هذا العام في كل أولوية من أولويات خارطة الطريق؟'},
        'Which key actions were delayed or dropped, and why?': {'fr': 'Quelles actions clés ont été retardées ou abandonnées, et pourquoi ?', 'es': '¿Qué acciones clave se retrasaron o se abandonaron, y por qué?', 'ar': 'ما الإجراءات الرئيسية التي تأخرت أو أُلغيت، ولماذا؟'},
        'How were social partners, civil society and people with lived experience involved?': {'fr': 'Comment les partenaires sociaux, la société civile et les personnes ayant une expérience vécue ont-ils été associés ?', 'es': '¿Cómo participaron los interlocutores sociales, la sociedad civil y las personas con experiencia vivida?', 'ar': 'كيف أُشرك الشركاء الاجتماعيون والمجتمع المدني والأشخاص ذوو التجربة المعيشة؟'},
        'What resources were mobilised for the roadmap, and what gaps remain?': {'fr': 'Quelles ressources ont été mobilisées pour la feuille de route, et quels manques subsistent ?', 'es': '¿Qué recursos se movilizaron para la hoja de ruta y qué carencias persisten?', 'ar': 'ما الموارد التي حُشدت لخارطة الطريق، وما الفجوات التي لا تزال قائمة؟'},
        'What support from Alliance 8.7 partners would help most in the coming year?': {'fr': 'Quel soutien des partenaires d’Alliance 8.7 serait le plus utile l’année prochaine ?', 'es': '¿Qué apoyo de los socios de Alliance 8.7 sería más útil el próximo año?', 'ar': 'ما الدعم من شركاء Alliance 8.7 الذي سيفيد أكثر من غيره في العام المقبل؟'},
    },
    ('cycleindicator', 'label'): {
        'Proportion of children aged 5-17 in child labour (SDG 8.7.1), %': {'fr': 'Proportion d’enfants âgés de 5 à 17 ans astreints au travail des enfants (ODD 8.7.1), %', 'es': 'Proporción de niños y niñas de 5 a 17 años en trabajo infantil (ODS 8.7.1), %', 'ar': 'نسبة الأطفال في سن 5-17 سنة المنخرطين في عمل الأطفال (مؤشر أهداف التنمية المستدامة 8.7.1)، %'},
        'Number of children aged 5-17 in child labour (SDG 8.7.1)': {'fr': 'Nombre d’enfants âgés de 5 à 17 ans astreints au travail des enfants (ODD 8.7.1)', 'es': 'Número de niños y niñas de 5 a 17 años en trabajo infantil (ODS 8.7.1)', 'ar': 'عدد الأطفال في سن 5-17 سنة المنخرطين في عمل الأطفال (مؤشر أهداف التنمية المستدامة 8.7.1)'},
        'Labour inspections that covered child labour or forced labour': {'fr': 'Inspections du travail portant sur le travail des enfants ou le travail forcé', 'es': 'Inspecciones de trabajo que abarcaron el trabajo infantil o el trabajo forzoso', 'ar': 'عمليات تفتيش العمل التي شملت عمل الأطفال أو العمل الجبري'},
        'Victims of trafficking in persons identified': {'fr': 'Victimes de la traite des personnes identifiées', 'es': 'Víctimas de la trata de personas identificadas', 'ar': 'ضحايا الاتجار بالأشخاص الذين جرى التعرف عليهم'},
        'Prosecutions for forced labour, trafficking or the worst forms of child labour': {'fr': 'Poursuites pour travail forcé, traite ou pires formes de travail des enfants', 'es': 'Procesamientos por trabajo forzoso, trata o peores formas de trabajo infantil', 'ar': 'الملاحقات القضائية بتهم العمل الجبري أو الاتجار أو أسوأ أشكال عمل الأطفال'},
        'Children covered by social protection benefits, %': {'fr': 'Enfants couverts par des prestations de protection sociale, %', 'es': 'Niños y niñas cubiertos por prestaciones de protección social, %', 'ar': 'الأطفال المشمولون باستحقاقات الحماية الاجتماعية، %'},
    },
}
# A cycle's title as the platform writes it: "Annual progress reports <year>", then one of these endings.
CYCLE_TITLES = [
    ('', {'fr': 'Rapports annuels d’avancement {year}', 'es': 'Informes anuales de progreso {year}', 'ar': 'تقارير التقدم السنوية {year}'}),
    (' (example cycle)', {'fr': 'Rapports annuels d’avancement {year} (cycle d’exemple)', 'es': 'Informes anuales de progreso {year} (ciclo de ejemplo)', 'ar': 'تقارير التقدم السنوية {year} (دورة نموذجية)'}),
]


def fill_default_translations(apps, schema_editor):
    for (model_name, field), texts in DEFAULT_TEXTS.items():
        model = apps.get_model("pathfinders", model_name)
        for row in model.objects.filter(**{f"{field}__in": list(texts)}):
            _add(row, field, texts[getattr(row, field)])
    ReportCycle = apps.get_model("pathfinders", "ReportCycle")
    for cycle in ReportCycle.objects.all():
        for suffix, patterns in CYCLE_TITLES:
            match = re.fullmatch(rf"Annual progress reports (\d{{4}}){re.escape(suffix)}", cycle.title)
            if match:
                _add(cycle, "title", {code: pattern.format(year=match[1]) for code, pattern in patterns.items()})


def _add(row, field: str, texts: dict) -> None:
    """Add the missing translations of ``field``; a translation already there is kept."""
    translations = dict(row.translations or {})
    for code, text in texts.items():
        translations[code] = {field: text, **(translations.get(code) or {})}
    if translations != row.translations:
        row.translations = translations
        row.save(update_fields=["translations"])


class Migration(migrations.Migration):

    dependencies = [
        ('pathfinders', '0005_pathway_steps_follow_from_records'),
    ]

    operations = [
        migrations.AddField(
            model_name='criterion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='cycleindicator',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='cyclequestion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='frameworkversion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='historicalcriterion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='historicalcyclequestion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='historicalframeworkversion',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='historicalreportcycle',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.AddField(
            model_name='reportcycle',
            name='translations',
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name='translations'),
        ),
        migrations.RunPython(fill_default_translations, migrations.RunPython.noop),
    ]
