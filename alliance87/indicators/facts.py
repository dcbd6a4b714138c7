"""The figures ``alliance87 load-indicator-data`` loads, each with its source, as docs/domain.md gives them.

Only what a source states is here: no figure is derived (the 2020 estimate says "half in hazardous work";
no number of hazardous-work children for 2020 is loaded, since the source table gives none). Where the
source says "about", the observation carries the note "About". The nature of every figure here is "E"
(estimated data): global and regional estimates from household surveys, not a country's own figures; that
is the loader's choice, not a code read from the source.

Titles and definitions are in English; French, Spanish and Arabic are left empty (no official UN wording
of these series' titles was at hand), so the pages show the English, marked as such.
"""

import datetime

from . import codes
from .models import SeriesKind, Unit

# code: (kind, indicator, title, definition, unit, custodian, position)
SERIES = {
    codes.CHILD_LABOUR_EA: (
        SeriesKind.SDG,
        "8.7.1",
        "Proportion of children engaged in economic activity",
        "SDG indicator 8.7.1: the proportion of children aged 5 to 17 engaged in child labour, by sex and age. "
        "This series counts child labour in economic activity. Custodians: ILO and UNICEF.",
        Unit.PERCENT,
        "ILO, UNICEF",
        10,
    ),
    codes.CHILD_LABOUR_EC: (
        SeriesKind.SDG,
        "8.7.1",
        "Proportion of children engaged in economic activity and household chores",
        "SDG indicator 8.7.1: the proportion of children aged 5 to 17 engaged in child labour, by sex and age. "
        "This series counts child labour in economic activity and in household chores. Custodians: ILO and "
        "UNICEF.",
        Unit.PERCENT,
        "ILO, UNICEF",
        20,
    ),
    codes.CHILD_LABOUR_EA_NUMBER: (
        SeriesKind.SDG,
        "8.7.1",
        "Number of children engaged in economic activity",
        "SDG indicator 8.7.1: the number of children aged 5 to 17 engaged in child labour in economic "
        "activity, by sex and age. Custodians: ILO and UNICEF.",
        Unit.NUMBER,
        "ILO, UNICEF",
        30,
    ),
    codes.CHILD_LABOUR_EC_NUMBER: (
        SeriesKind.SDG,
        "8.7.1",
        "Number of children engaged in economic activity and household chores",
        "SDG indicator 8.7.1: the number of children aged 5 to 17 engaged in child labour in economic "
        "activity and household chores, by sex and age. Custodians: ILO and UNICEF.",
        Unit.NUMBER,
        "ILO, UNICEF",
        40,
    ),
    codes.CHILDREN_IN_CHILD_LABOUR: (
        SeriesKind.ESTIMATE,
        "",
        "Children in child labour",
        "Children aged 5 to 17 in child labour, in millions, as the global estimates of the ILO (with UNICEF "
        "since 2020) count them.",
        Unit.MILLIONS,
        "ILO, UNICEF",
        110,
    ),
    codes.CHILDREN_IN_HAZARDOUS_WORK: (
        SeriesKind.ESTIMATE,
        "",
        "Children in hazardous work",
        "Children aged 5 to 17 in hazardous work, the part of child labour that harms their health, safety "
        "or morals, in millions, as the global estimates count them.",
        Unit.MILLIONS,
        "ILO, UNICEF",
        120,
    ),
    codes.MODERN_SLAVERY: (
        SeriesKind.ESTIMATE,
        "",
        "People in modern slavery",
        "People in modern slavery (forced labour and forced marriage), in millions, as the Global Estimates of "
        "Modern Slavery count them.",
        Unit.MILLIONS,
        "ILO, Walk Free, IOM",
        130,
    ),
    codes.FORCED_LABOUR: (
        SeriesKind.ESTIMATE,
        "",
        "People in forced labour",
        "People in forced labour, in millions, as the Global Estimates of Modern Slavery count them.",
        Unit.MILLIONS,
        "ILO, Walk Free, IOM",
        140,
    ),
    codes.FORCED_MARRIAGE: (
        SeriesKind.ESTIMATE,
        "",
        "People in forced marriage",
        "People living in a forced marriage, in millions, as the Global Estimates of Modern Slavery count them.",
        Unit.MILLIONS,
        "ILO, Walk Free, IOM",
        150,
    ),
}

ABOUT = "About"  # the note of a figure the source gives as "about"

# Each global dataset: its title (the loader finds it again by it), source, publication month, and its
# observations (series, year, area, sex, value, note). Values as the source writes them.
ILO_EARLIER = "ILO estimates"
ILO_UNICEF_2020 = "ILO-UNICEF, Child Labour: Global estimates 2020 (June 2021)"
ILO_UNICEF_2024 = "ILO-UNICEF, Child Labour: Global estimates 2024 (June 2025)"
MODERN_SLAVERY_2021 = "ILO, Walk Free, IOM, Global Estimates of Modern Slavery (September 2022)"
SDG_DATABASE = "UN SDG Global Database, series SL_TLF_CHLDEC"

W = codes.WORLD
SSA = codes.SDG_REGION_M49["ssa"]

# (title, source, source_date, [(series, year, area, sex, value, note)])
GLOBAL_DATASETS = [
    (
        "Child labour: the ILO's earlier global estimates",
        ILO_EARLIER,
        None,
        [
            (codes.CHILDREN_IN_CHILD_LABOUR, 2000, W, "_T", "246", ""),
            (codes.CHILDREN_IN_CHILD_LABOUR, 2016, W, "_T", "152", ""),
            (codes.CHILDREN_IN_HAZARDOUS_WORK, 2016, W, "_T", "73", ""),
        ],
    ),
    (
        "Child labour: global estimates 2020",
        ILO_UNICEF_2020,
        datetime.date(2021, 6, 1),
        [(codes.CHILDREN_IN_CHILD_LABOUR, 2020, W, "_T", "160", "")],
    ),
    (
        "Child labour: global estimates 2024",
        ILO_UNICEF_2024,
        datetime.date(2025, 6, 1),
        [
            (codes.CHILDREN_IN_CHILD_LABOUR, 2024, W, "_T", "138", ""),
            (codes.CHILDREN_IN_CHILD_LABOUR, 2024, SSA, "_T", "87", ABOUT),
            (codes.CHILDREN_IN_HAZARDOUS_WORK, 2024, W, "_T", "54", ABOUT),
        ],
    ),
    (
        "Modern slavery: global estimates 2021",
        MODERN_SLAVERY_2021,
        datetime.date(2022, 9, 1),
        [
            (codes.MODERN_SLAVERY, 2016, W, "_T", "40.3", ""),
            (codes.MODERN_SLAVERY, 2021, W, "_T", "49.6", ""),
            (codes.FORCED_LABOUR, 2021, W, "_T", "27.6", ""),
            (codes.FORCED_MARRIAGE, 2021, W, "_T", "22", ""),
        ],
    ),
]

# The 2020 prevalence of child labour (economic activity and household chores) by SDG region, percent:
# area → (total, female, male). Oceania and Australia and New Zealand are not in the source table.
REGIONAL_2020 = {
    W: ("9.6", "7.8", "11.2"),
    codes.SDG_REGION_M49["ssa"]: ("23.9", "21.2", "26.5"),
    codes.SDG_REGION_M49["nawa"]: ("7.8", "5.6", "9.9"),
    codes.SDG_REGION_M49["csa"]: ("5.5", "3.7", "7.1"),
    codes.SDG_REGION_M49["esea"]: ("6.2", "4.5", "7.7"),
    codes.SDG_REGION_M49["lac"]: ("6.0", "4.0", "7.9"),
    codes.SDG_REGION_M49["ena"]: ("2.3", "1.8", "2.8"),
}

GLOBAL_DATASETS.append(
    (
        "Child labour by SDG region, 2020",
        SDG_DATABASE,
        None,
        [
            (codes.CHILD_LABOUR_EC, 2020, area, sex, value, "")
            for area, values in REGIONAL_2020.items()
            for sex, value in zip(("_T", "F", "M"), values, strict=True)
        ],
    )
)

# The four national files in alliance87/data/sdg-8.7.1/ (see its README): each lands through the import
# services in a national series of its country, is published with a notice closed without an answer (the
# files are public already; no focal point was asked), and cites the repository and commit it came from.
# iso: (folder, meta file, series code, series title, source, source address, national definition, proxy)
REPOSITORY = "https://github.com/{repo}/blob/{commit}/data/indicator_8-7-1.csv"
NATIONAL_NOTE = (
    "A public file of the country's national SDG platform, copied unchanged from its repository for this "
    "platform's demonstration. It was not shown to the country's focal point for comment."
)
NATIONAL_FILES = {
    "MX": (
        "mexico",
        "meta_8-7-1.yml",
        "MEX_8_7_1",
        "Mexico: children aged 5 to 17 in child labour not permitted (national measure for 8.7.1)",
        "INEGI/STPS, MTI-ENOE and ENTI, through Mexico's national SDG platform (sdg-odsmexico/data @ 9b04cd1)",
        REPOSITORY.format(repo="sdg-odsmexico/data", commit="9b04cd1af4c6637287dd5f006227a35a70e70731"),
        # The metadata's own description (SDG_SERIES_DESCR), in Spanish: read from the file by the loader.
        None,
        False,
    ),
    "JM": (
        "jamaica",
        "meta_8-7-1.md",
        "JAM_8_7_1",
        "Jamaica: child labour (national file for 8.7.1)",
        "Statistical Institute of Jamaica (STATIN), through Jamaica's national SDG platform "
        "(STATINJM/sdg-jm-data @ 1a7a5c8)",
        REPOSITORY.format(repo="STATINJM/sdg-jm-data", commit="1a7a5c8ded17561a2ba2113293774d6a67cd4538"),
        "",
        False,
    ),
    "AM": (
        "armenia",
        "meta_8-7-1.md",
        "ARM_8_7_1",
        "Armenia: child labour, National Child Labour Survey 2015 (national file for 8.7.1)",
        "Armstat, Armenia National Child Labour Survey 2015, through Armenia's national SDG platform "
        "(armstat/sdg-data-armenia @ 2e44866)",
        REPOSITORY.format(repo="armstat/sdg-data-armenia", commit="2e4486641e0e3318d6adc87183bd3ee7c2ea571f"),
        "",
        False,
    ),
    "KZ": (
        "kazakhstan",
        "meta_8-7-1.yml",
        "KAZ_8_7_1",
        "Kazakhstan: proportion of employed aged 15 to 17 in the total number of employed (proxy for 8.7.1)",
        "Kazakhstan's national SDG platform (kazstat/sdg-data-kazstat @ 7227787)",
        REPOSITORY.format(repo="kazstat/sdg-data-kazstat", commit="72277878d12502232b21c3d4b8ac459630b4f578"),
        "Proportion of employed at the age of 15-17 in the total number of employed",
        True,
    ),
}
# Countries the national files need that the Alliance's data does not load: (ILO region, SDG region), by the
# standard classifications (M49: Jamaica in Latin America and the Caribbean, Armenia in Western Asia,
# Kazakhstan in Central Asia).
NATIONAL_COUNTRY_REGIONS = {
    "JM": ("americas", "lac"),
    "AM": ("europe_central_asia", "nawa"),
    "KZ": ("europe_central_asia", "csa"),
}
# The language of each file's labels (Mexico's are Spanish, as is its metadata's definition).
NATIONAL_LANGUAGES = {"MX": "es", "JM": "en", "AM": "en", "KZ": "en"}
