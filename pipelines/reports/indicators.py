"""Which KPI codes the funder report shows where: the one place to rename a code (see docs/report.md).

Names, definitions, units, ESF 2014-2020 names and ESF+ codes come from `marts.kpi_definitions`; this module only
decides the order and the section of each code. A KPI of family `esf` in the definitions mart that is not listed in
ESF_PARTICIPANT_KPIS is still shown, after the listed ones.
"""

from __future__ import annotations

# ESF participant indicators (kpi-catalogue.md "ESF participant indicators"), in the order of the table.
# Each has a total row (breakdown '') and rows breakdown gender=<GENDERS>. REACH_PEOPLE is the total of participants.
ESF_TOTAL_KPI = "REACH_PEOPLE"
ESF_PARTICIPANT_KPIS: tuple[str, ...] = (
    "ESF_UNEMPLOYED",
    "ESF_LONG_TERM_UNEMPLOYED",
    "ESF_INACTIVE",
    "ESF_INACTIVE_NOT_IN_EDUCATION",
    "ESF_EMPLOYED",
    "ESF_BELOW_18",
    "ESF_BELOW_25",
    "ESF_AGE_18_29",
    "ESF_ABOVE_54",
    "ESF_ABOVE_54_UNEMPLOYED_OR_INACTIVE",
    "ESF_ISCED_0_2",
    "ESF_ISCED_3_4",
    "ESF_ISCED_5_8",
    "ESF_DISABILITY",
    "ESF_MIGRANT_BACKGROUND",
    "ESF_OTHER_DISADVANTAGED",
    "ESF_REFUSED_SENSITIVE",
)
ESF_FAMILY = "esf"
GENDER_DIMENSION = "gender"
GENDERS: tuple[str, ...] = ("female", "male", "non_binary", "unknown")

# ESF entity indicator and its context.
ENTITY_KPI = "REACH_SMES"
ENTITY_CONTEXT_KPIS: tuple[str, ...] = ("REACH_SMES", "REACH_ORGS")

# Key figures on the summary page (whole region, all chains).
SUMMARY_KPIS: tuple[str, ...] = (
    "REACH_ORGS", "REACH_SMES", "REACH_PEOPLE", "EVENTS", "EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES",
    "ADV_INTAKES", "ADV_CONVERSATIONS", "ACC_APPLICATIONS", "ACC_SELECTED", "VC_COLLABORATIONS",
    "CIRC_MATERIAL_KG", "CIRC_CO2E_AVOIDED_KG", "SOC_JOBS", "SOC_JOBS_TARGET_GROUP",
)

# Sections by KPI family (kpi_definitions.family), with the prefix used when a definition is missing.
FAMILIES: dict[str, str] = {
    "advisory": "ADV_",
    "accelerator": "ACC_",
    "value_chains": "VC_",
    "circular": "CIRC_",
    "social": "SOC_",
}

# Charts and cross tables.
ADVISORY_MONTHLY_KPIS: tuple[str, ...] = ("ADV_INTAKES", "ADV_CONVERSATIONS")
ADVISORY_MUNICIPALITY_KPIS: tuple[str, ...] = ("ADV_INTAKES", "ADV_CONVERSATIONS", "ADV_REPORTS")
VALUE_CHAIN_KPIS: tuple[str, ...] = (
    "VC_MARKET_DIALOGUES", "VC_CHAIN_ACTORS", "VC_COLLABORATIONS", "VC_SOCIAL_REGULAR_COLLABS", "VC_PROCUREMENT_EUR",
)
CIRCULAR_CHAIN_KPIS: tuple[str, ...] = ("CIRC_MATERIAL_KG", "CIRC_CO2E_AVOIDED_KG", "CIRC_CO2E_UNCOVERED_KG")
SOCIAL_CHAIN_KPIS: tuple[str, ...] = ("SOC_JOBS", "SOC_JOBS_TARGET_GROUP", "SOC_TARGET_GROUP_SHARE_PCT", "SOC_FTE")
MATERIAL_KPI = "CIRC_MATERIAL_KG"
CO2E_KPI = "CIRC_CO2E_AVOIDED_KG"
UNCOVERED_KPI = "CIRC_CO2E_UNCOVERED_KG"
ESTIMATES: tuple[str, ...] = ("low", "central", "high")

# The map: a count KPI per municipality (not a people count by default, so no cell is hidden).
MAP_KPI = "REACH_ORGS"
PER_10K_SUFFIX = "_PER_10K_INHABITANTS"

# Catalogue order, used when the definitions mart has no sort_order column.
CATALOGUE_ORDER: tuple[str, ...] = (
    "REACH_ORGS", "REACH_SMES", "REACH_PEOPLE", "EVENTS", "EVENT_ATTENDANCES", "EVENT_UNIQUE_ATTENDEES",
    "ADV_INTAKES", "ADV_ACCEPTED_PCT", "ADV_REFERRED", "ADV_INVITED_3WD_PCT", "ADV_CONVERSATIONS", "ADV_ADVICE_HOURS",
    "ADV_REPORTS", "ADV_DAYS_TO_REPORT_MEDIAN", "ADV_FOLLOW_UPS",
    "ACC_HACKATHON_PARTICIPANTS", "ACC_APPLICATIONS", "ACC_FROM_HACKATHON_PCT", "ACC_SELECTED",
    "ACC_SELECTION_RATE_PCT", "ACC_COMPLETED", "ACC_PROGRAMME_HOURS", "ACC_OUTCOMES", "ACC_PROMOTED",
    "VC_MARKET_DIALOGUES", "VC_CHAIN_ACTORS", "VC_COLLABORATIONS", "VC_SOCIAL_REGULAR_COLLABS", "VC_PROCUREMENT_EUR",
    "CIRC_MATERIAL_KG", "CIRC_HIGH_R_SHARE_PCT", "CIRC_CO2E_AVOIDED_KG", "CIRC_CO2E_UNCOVERED_KG",
    "CIRC_RECYCLED_CONTENT_PCT", "CIRC_PRODUCT_YEARS_ADDED",
    "SOC_JOBS", "SOC_FTE", "SOC_JOBS_TARGET_GROUP", "SOC_TARGET_GROUP_SHARE_PCT", "SOC_JOBS_IN_REGION_PCT",
    "SOC_TRAINING_HOURS",
    ESF_TOTAL_KPI, *ESF_PARTICIPANT_KPIS,
)

CHAIN_ORDER: tuple[str, ...] = ("textile", "electro", "ict", "furniture", "packaging", "other", "unassigned", "all")
R_ORDER: tuple[str, ...] = (
    "refuse", "rethink", "reduce", "reuse", "repair", "refurbish", "remanufacture", "repurpose", "recycle", "recover",
)
HIGH_R: frozenset[str] = frozenset(R_ORDER[:8])

# Order of the breakdown values in the tables (others alphabetically, after these).
BREAKDOWN_ORDER: dict[str, tuple[str, ...]] = {
    "gender": GENDERS,
    "r_strategy": R_ORDER,
    "estimate": ESTIMATES,
    "size_class": ("micro", "small", "medium", "large", "unknown"),
    "decision": ("accepted", "referred", "rejected", "pending"),
    "applicant_stage": ("pre_starter", "starter", "established", "citizen_org"),
    "buyer_type": ("public", "private"),
}
