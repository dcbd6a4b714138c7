"""The series codes every part of the platform agrees on.

SDG series are the UN SDG Global Database's codes (indicator 8.7.1); the global estimates get the
platform's own codes (prefix ``A87_``): they are not SDG series and never go out as SDMX SDG data.
The loader (``alliance87 load-indicator-data``) creates them with their figures, each from the source
``docs/domain.md`` names; the stocktake and the profiles read them by these codes.
"""

# SDG indicator 8.7.1 (custodians ILO and UNICEF)
CHILD_LABOUR_EA = "SL_TLF_CHLDEA"  # proportion of children engaged in economic activity, %
CHILD_LABOUR_EC = "SL_TLF_CHLDEC"  # proportion of children engaged in economic activity and household chores, %
CHILD_LABOUR_EA_NUMBER = "SL_TLF_CHLDEAN"  # number, economic activity
CHILD_LABOUR_EC_NUMBER = "SL_TLF_CHLDECN"  # number, economic activity and household chores
SDG_SERIES = (CHILD_LABOUR_EA, CHILD_LABOUR_EC, CHILD_LABOUR_EA_NUMBER, CHILD_LABOUR_EC_NUMBER)

# Global estimates (ILO-UNICEF; ILO, Walk Free and IOM), in millions of people
CHILDREN_IN_CHILD_LABOUR = "A87_CL_MILLIONS"  # 246 (2000), 152 (2016), 160 (2020), 138 (2024)
CHILDREN_IN_HAZARDOUS_WORK = "A87_CL_HAZARDOUS_MILLIONS"  # 73 (2016), about 54 (2024)
MODERN_SLAVERY = "A87_MS_MILLIONS"  # 40.3 (2016), 49.6 (2021)
FORCED_LABOUR = "A87_FL_MILLIONS"  # 27.6 (2021)
FORCED_MARRIAGE = "A87_FM_MILLIONS"  # 22 (2021)
ESTIMATE_SERIES = (
    CHILDREN_IN_CHILD_LABOUR,
    CHILDREN_IN_HAZARDOUS_WORK,
    MODERN_SLAVERY,
    FORCED_LABOUR,
    FORCED_MARRIAGE,
)

# M49 codes of the world and the SDG regional groups (the SDG Global Database's areas)
WORLD = "001"
SDG_REGION_M49 = {
    "ssa": "202",  # Sub-Saharan Africa
    "nawa": "747",  # Northern Africa and Western Asia
    "csa": "062",  # Central and Southern Asia
    "esea": "753",  # Eastern and South-Eastern Asia
    "lac": "419",  # Latin America and the Caribbean
    "oceania": "543",  # Oceania (excluding Australia and New Zealand)
    "anz": "053",  # Australia and New Zealand
    "ena": "513",  # Europe and Northern America
}
