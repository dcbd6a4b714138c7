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
