"""The facts about Alliance 8.7 that ``alliance87 load-alliance-data`` loads, each with its source.

Only what a source states is here. What no source states (a partner's website, the year a country
became a Pathfinder, a group's mandate) stays empty, and the pages say it is not recorded.
"""

# Each source by its public name, and its address where docs/domain.md gives one; never a file of this
# project (the public reads these on the pages). Migration network 0003 puts them on loaded records.
CONCEPT_NOTE = "Concept note, side event “Alliance 8.7: 10 years of Partnership and Action”, 2026"
DOMAIN = "Alliance 8.7, alliance87.org"
PATHFINDER_LIST = "Child Labour Platform, list of Pathfinder Countries, 2025"
MEXICO = "Mexico’s Pathfinder status, confirmed separately from the Child Labour Platform’s list of 2025"
REGIONS = "UN M49 SDG regional groups; ILO regions"

# What earlier versions printed (a file path of this project), for the migration that replaces them.
OLD_SOURCES = {
    "Alliance 8.7 fact sheet (docs/domain.md)": DOMAIN,
    "Child Labour Platform, list of Pathfinder Countries, 2025 (via docs/domain.md)": PATHFINDER_LIST,
    "Mexico’s Pathfinder status, confirmed separately (docs/domain.md)": MEXICO,
}

# ISO code → (ILO region, SDG region). Standard classifications, for the countries the data names.
COUNTRY_REGIONS = {
    "AL": ("europe_central_asia", "ena"),
    "AR": ("americas", "lac"),
    "BJ": ("africa", "ssa"),
    "BR": ("americas", "lac"),
    "CM": ("africa", "ssa"),
    "CF": ("africa", "ssa"),
    "CL": ("americas", "lac"),
    "CR": ("americas", "lac"),
    "CI": ("africa", "ssa"),
    "CD": ("africa", "ssa"),
    "ET": ("africa", "ssa"),
    "FJ": ("asia_pacific", "oceania"),
    "FR": ("europe_central_asia", "ena"),
    "GA": ("africa", "ssa"),
    "DE": ("europe_central_asia", "ena"),
    "GT": ("americas", "lac"),
    "HN": ("americas", "lac"),
    "KE": ("africa", "ssa"),
    "MG": ("africa", "ssa"),
    "MX": ("americas", "lac"),
    "MA": ("africa", "nawa"),
    "GB": ("europe_central_asia", "ena"),
    "NL": ("europe_central_asia", "ena"),
}

# Confirmed Pathfinder Countries. The rest of the 38, and every joining year, are unknown.
PATHFINDERS = {code: PATHFINDER_LIST for code in ("AL AR BJ BR CM CF CL CR CI CD ET FJ FR GA DE GT HN KE MG".split())}
PATHFINDERS["MX"] = MEXICO

# slug: (name, acronym, kind, country or None, is a partner, source)
ORGANISATIONS = {
    "ilo": (
        "International Labour Organization",
        "ILO",
        "un_agency",
        None,
        True,
        f"{DOMAIN}: hosts the secretariat; {CONCEPT_NOTE}: leads the Supply Chains Action Group",
    ),
    "fao": (
        "Food and Agriculture Organization of the United Nations",
        "FAO",
        "un_agency",
        None,
        True,
        f"{CONCEPT_NOTE}: leads the Agriculture Action Group",
    ),
    "iom": (
        "International Organization for Migration",
        "IOM",
        "un_agency",
        None,
        True,
        f"{CONCEPT_NOTE}: leads the Migration Action Group",
    ),
    "ituc": (
        "International Trade Union Confederation",
        "ITUC",
        "workers",
        None,
        True,
        f"{DOMAIN}: partner (workers’ organisation)",
    ),
    "bwi": (
        "Building and Wood Workers’ International",
        "BWI",
        "workers",
        None,
        True,
        f"{DOMAIN}: partner (workers’ organisation); {CONCEPT_NOTE}: speaker",
    ),
    "ioe": (
        "International Organisation of Employers",
        "IOE",
        "employers",
        None,
        True,
        f"{DOMAIN}: partner (employers’ organisation); {CONCEPT_NOTE}: speaker",
    ),
    "free-the-slaves": (
        "Free the Slaves",
        "",
        "civil_society",
        None,
        True,
        f"{DOMAIN}: partner (civil society); {CONCEPT_NOTE}: moderator",
    ),
    "survivors-network-kenya": (
        "Survivors Network Kenya",
        "",
        "survivor_led",
        "KE",
        True,
        f"{DOMAIN}: partner (survivor-led network); {CONCEPT_NOTE}: speaker",
    ),
    "nestle": ("Nestlé", "", "business", None, True, f"{DOMAIN}: partner (business); {CONCEPT_NOTE}: speaker"),
    # Governments named in the concept note; their partnership status is not stated there.
    "government-of-chile": (
        "Government of Chile",
        "",
        "government",
        "CL",
        False,
        f"{CONCEPT_NOTE}: the Chair of Alliance 8.7, Chile",
    ),
    "government-of-morocco": (
        "Government of Morocco",
        "",
        "government",
        "MA",
        False,
        f"{CONCEPT_NOTE}: speaker, host country of the Global Conference",
    ),
    "government-of-the-netherlands": (
        "Government of the Netherlands",
        "",
        "government",
        "NL",
        False,
        f"{CONCEPT_NOTE}: speaker",
    ),
    "government-of-the-united-kingdom": (
        "Government of the United Kingdom",
        "",
        "government",
        "GB",
        False,
        f"{CONCEPT_NOTE}: partial support of the side event",
    ),
    "government-of-germany": (
        "Government of Germany",
        "",
        "government",
        "DE",
        False,
        f"{CONCEPT_NOTE}: partial support of the side event",
    ),
}

# slug: (name, lead organisation, active, status verified, started year, note on start, size as stated, source)
ACTION_GROUPS = {
    "agriculture": (
        "Action Group on Agriculture",
        "fao",
        True,
        True,
        2024,
        "created by the 19th GCG meeting, December 2024",
        "",
        f"{CONCEPT_NOTE}; {DOMAIN}",
    ),
    "supply-chains": (
        "Action Group on Supply Chains",
        "ilo",
        True,
        True,
        2017,
        "launched in 2017",
        "130+ organisations",
        f"{CONCEPT_NOTE}; {DOMAIN}",
    ),
    "migration": (
        "Action Group on Migration",
        "iom",
        True,
        True,
        None,
        "",
        "42 member partners (2024)",
        f"{CONCEPT_NOTE}; {DOMAIN}",
    ),
    "conflict-and-humanitarian-settings": (
        "Action Group on Conflict and Humanitarian Settings",
        None,
        False,
        False,
        None,
        "",
        "",
        f"{DOMAIN}: an earlier group; its current status is unverified",
    ),
    "rule-of-law-and-governance": (
        "Action Group on Rule of Law and Governance",
        None,
        False,
        False,
        None,
        "",
        "",
        f"{DOMAIN}: an earlier group; its current status is unverified",
    ),
}

# (name, title as the concept note prints it, organisation slug or None). Public as speakers of a
# public event; the people directory still waits for consent to be recorded.
PEOPLE = [
    ("Claudia Fuentes Julio", "Ambassador, Chair of Alliance 8.7", "government-of-chile"),
    ("Bukeni Waruzi", "Executive Director, Free the Slaves", "free-the-slaves"),
    (
        "Younes Sekkouri",
        "Minister of Economic Inclusion, Small Business, Employment and Skills of the Kingdom of Morocco",
        "government-of-morocco",
    ),
    ("Tomoya Obokata", "UN Special Rapporteur on Contemporary Forms of Slavery", None),
    ("Jacqueline Mugo", "President, International Organisation of Employers", "ioe"),
    ("Rajeev Sharma", "South Asia Sub-Regional Representative, Building and Wood Worker's International", "bwi"),
    (
        "Fauziah Muthoni Wanjiru",
        "Secretariat Member and the Safeguarding Focal Point Person at Survivors Network Kenya",
        "survivors-network-kenya",
    ),
    ("Parul Mehra", "Protection Officer, IOM", "iom"),
    ("Bernd Seiffert", "Decent Rural Employment Officer, FAO", "fao"),
    ("Daglar Tasci", "Government of the Netherlands", "government-of-the-netherlands"),
    ("Yan Wyss", "Global Head for Social Impact and Human Rights, Nestlé", "nestle"),
]

# key: (label, value as stated, year, source)
STATED_FIGURES = {
    "pathfinders-interested": (
        "countries are or have formally manifested an interest to become Pathfinder Countries",
        "38",
        2026,
        CONCEPT_NOTE,
    ),
    "pathfinders-reporting": (
        "countries report on the implementation of their national SDG 8.7 Roadmaps",
        "26",
        2026,
        CONCEPT_NOTE,
    ),
    "partners": ("partners in the Alliance’s network", "400+", 2026, CONCEPT_NOTE),
    "action-groups": (
        "current Action Groups: Agriculture (FAO), Supply Chains (ILO), Migration (IOM)",
        "3",
        2026,
        CONCEPT_NOTE,
    ),
}

# The platform's own translations of the names and statements above, by language then field (see
# alliance87.translations): the official French, Spanish and Arabic names of the organisations where
# they are well known, and the platform's translation of the Action Groups' names and of the statements.
# To be reviewed by the secretariat (docs/domain.md). What is missing stays empty, and the pages show the
# English, marked as English. An organisation's own name (Free the Slaves) is left as it is.
ORGANISATION_TRANSLATIONS = {
    "ilo": {
        "fr": {"name": "Organisation internationale du Travail", "acronym": "OIT"},
        "es": {"name": "Organización Internacional del Trabajo", "acronym": "OIT"},
        "ar": {"name": "منظمة العمل الدولية"},
    },
    "fao": {
        "fr": {"name": "Organisation des Nations Unies pour l’alimentation et l’agriculture", "acronym": "FAO"},
        "es": {"name": "Organización de las Naciones Unidas para la Alimentación y la Agricultura", "acronym": "FAO"},
        "ar": {"name": "منظمة الأغذية والزراعة للأمم المتحدة"},
    },
    "iom": {
        "fr": {"name": "Organisation internationale pour les migrations", "acronym": "OIM"},
        "es": {"name": "Organización Internacional para las Migraciones", "acronym": "OIM"},
        "ar": {"name": "المنظمة الدولية للهجرة"},
    },
    "ituc": {
        "fr": {"name": "Confédération syndicale internationale", "acronym": "CSI"},
        "es": {"name": "Confederación Sindical Internacional", "acronym": "CSI"},
    },
    "ioe": {
        "fr": {"name": "Organisation internationale des employeurs", "acronym": "OIE"},
        "es": {"name": "Organización Internacional de Empleadores", "acronym": "OIE"},
    },
    "bwi": {
        "fr": {"name": "Internationale des travailleurs du bâtiment et du bois", "acronym": "IBB"},
        "es": {"name": "Internacional de Trabajadores de la Construcción y la Madera", "acronym": "ICM"},
    },
    "nestle": {"fr": {"name": "Nestlé"}, "es": {"name": "Nestlé"}},
    "government-of-chile": {
        "fr": {"name": "Gouvernement du Chili"},
        "es": {"name": "Gobierno de Chile"},
        "ar": {"name": "حكومة شيلي"},
    },
    "government-of-morocco": {
        "fr": {"name": "Gouvernement du Maroc"},
        "es": {"name": "Gobierno de Marruecos"},
        "ar": {"name": "حكومة المغرب"},
    },
    "government-of-the-netherlands": {
        "fr": {"name": "Gouvernement des Pays-Bas"},
        "es": {"name": "Gobierno de los Países Bajos"},
        "ar": {"name": "حكومة هولندا"},
    },
    "government-of-the-united-kingdom": {
        "fr": {"name": "Gouvernement du Royaume-Uni"},
        "es": {"name": "Gobierno del Reino Unido"},
        "ar": {"name": "حكومة المملكة المتحدة"},
    },
    "government-of-germany": {
        "fr": {"name": "Gouvernement de l’Allemagne"},
        "es": {"name": "Gobierno de Alemania"},
        "ar": {"name": "حكومة ألمانيا"},
    },
}

ACTION_GROUP_TRANSLATIONS = {
    "agriculture": {
        "fr": {"name": "Groupe d’action sur l’agriculture"},
        "es": {"name": "Grupo de Acción sobre Agricultura"},
        "ar": {"name": "مجموعة العمل المعنية بالزراعة"},
    },
    "supply-chains": {
        "fr": {"name": "Groupe d’action sur les chaînes d’approvisionnement"},
        "es": {"name": "Grupo de Acción sobre Cadenas de Suministro"},
        "ar": {"name": "مجموعة العمل المعنية بسلاسل الإمداد"},
    },
    "migration": {
        "fr": {"name": "Groupe d’action sur les migrations"},
        "es": {"name": "Grupo de Acción sobre Migración"},
        "ar": {"name": "مجموعة العمل المعنية بالهجرة"},
    },
    "conflict-and-humanitarian-settings": {
        "fr": {"name": "Groupe d’action sur les situations de conflit et de crise humanitaire"},
        "es": {"name": "Grupo de Acción sobre Situaciones de Conflicto y Humanitarias"},
        "ar": {"name": "مجموعة العمل المعنية بحالات النزاع والأوضاع الإنسانية"},
    },
    "rule-of-law-and-governance": {
        "fr": {"name": "Groupe d’action sur l’état de droit et la gouvernance"},
        "es": {"name": "Grupo de Acción sobre Estado de Derecho y Gobernanza"},
        "ar": {"name": "مجموعة العمل المعنية بسيادة القانون والحوكمة"},
    },
}

STATED_FIGURE_TRANSLATIONS = {
    "pathfinders-interested": {
        "fr": {"label": "pays sont des pays pionniers ou ont officiellement manifesté leur intérêt pour le devenir"},
        "es": {"label": "países son países pioneros o han manifestado formalmente su interés en serlo"},
        "ar": {"label": "بلدًا من البلدان الرائدة أو أبدت رسميًا اهتمامها بأن تصبح كذلك"},
    },
    "pathfinders-reporting": {
        "fr": {
            "label": "pays rendent compte de la mise en œuvre de leur feuille de route nationale "
            "pour la cible 8.7 des ODD"
        },
        "es": {"label": "países informan sobre la aplicación de su hoja de ruta nacional para la meta 8.7 de los ODS"},
        "ar": {"label": "بلدًا تقدّم تقارير عن تنفيذ خرائط طريقها الوطنية للغاية 8.7 من أهداف التنمية المستدامة"},
    },
    "partners": {
        "fr": {"label": "partenaires dans le réseau de l’Alliance"},
        "es": {"label": "socios en la red de la Alianza"},
        "ar": {"label": "شريك في شبكة التحالف"},
    },
    "action-groups": {
        "fr": {
            "label": "groupes d’action actuels : agriculture (FAO), chaînes d’approvisionnement (OIT), migrations (OIM)"
        },
        "es": {"label": "grupos de acción actuales: agricultura (FAO), cadenas de suministro (OIT), migración (OIM)"},
        "ar": {
            "label": "مجموعات عمل حالية: الزراعة (منظمة الأغذية والزراعة)، وسلاسل الإمداد (منظمة العمل الدولية)، "
            "والهجرة (المنظمة الدولية للهجرة)"
        },
    },
}
