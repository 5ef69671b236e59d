"""Enumerations of the input contract: canonical codes and the Dutch (and other) words that map to them.

Matching ignores case, accents, spaces, `-`, `_` and `.` (see `parsers.norm_token`).
"""

from __future__ import annotations

# canonical code -> accepted aliases (the code itself is always accepted)
ENUMS: dict[str, dict[str, list[str]]] = {
    "org_type": {
        "startup": ["starter", "start-up"],
        "social_economy": ["sociale economie", "sociale-economie"],
        "established_company": ["gevestigde onderneming", "bedrijf", "onderneming"],
        "public_body": ["overheid", "lokaal bestuur"],
        "care_institution": ["zorginstelling"],
        "knowledge_institution": ["kennisinstelling", "onderwijs"],
        "citizen_org": ["burgerorganisatie", "vzw"],
        "other": ["andere"],
    },
    "size_class": {
        "micro": [],
        "small": ["klein"],
        "medium": ["middelgroot"],
        "large": ["groot"],
    },
    "social_economy_type": {
        "maatwerkbedrijf": [],
        "local_service_economy": ["lokale diensteneconomie"],
        "reuse_shop": ["kringwinkel"],
        "other": ["andere"],
        "none": ["geen"],
    },
    "chain": {
        "textile": ["textiel", "kledij", "professionele kledij", "werkkledij"],
        "electro": ["elektro", "witgoed"],
        "ict": ["it"],
        "furniture": ["meubilair", "meubelen"],
        "packaging": ["verpakkingen", "verpakking"],
        "other": ["andere"],
    },
    "gender": {
        "female": ["v", "vrouw", "f"],
        "male": ["m", "man"],
        "non_binary": ["x", "non-binair", "non binair"],
        "unknown": ["onbekend"],
    },
    "labour_status": {
        "employed": ["werkend", "werknemer"],
        "self_employed": ["zelfstandige"],
        "unemployed": ["werkzoekend"],
        "long_term_unemployed": ["langdurig werkzoekend"],
        "inactive": ["inactief"],
        "inactive_in_education": ["student", "in opleiding"],
        "unknown": ["onbekend"],
    },
    "education_level": {
        "isced_0_2": ["laag", "kortgeschoold"],
        "isced_3_4": ["midden"],
        "isced_5_8": ["hoog"],
        "unknown": ["onbekend"],
    },
    "disadvantaged": {
        "disability": ["arbeidshandicap", "handicap", "beperking"],
        "migrant_background": ["migratieachtergrond"],
        "low_qualified": ["laaggeschoold"],
        "long_term_unemployed": ["langdurig werkzoekend"],
        "other": ["andere"],
        "refused": ["geweigerd", "wil niet antwoorden"],
        "none": ["geen"],
    },
    "applicant_stage": {
        "prestarter": [],
        "starter": [],
        "established": ["gevestigd"],
        "citizen_org": ["burgerorganisatie"],
    },
    "decision": {
        "accepted": ["aanvaard"],
        "referred": ["doorverwezen"],
        "rejected": ["geweigerd"],
        "pending": ["in behandeling"],
    },
    "follow_up": {
        "none": ["geen"],
        "follow_up_meeting": ["vervolggesprek"],
        "project_board": ["projectbureau"],
        "referral": ["doorverwijzing"],
    },
    "event_type": {
        "network_event": ["netwerkevent", "netwerkevenement"],
        "workshop": [],
        "hackathon": ["hackaton"],
        "market_dialogue": ["marktdialoog"],
        "info_session": ["infosessie"],
        "intervision": ["intervisie"],
        "other": ["andere"],
    },
    "role": {
        "participant": ["deelnemer"],
        "speaker": ["spreker"],
        "organiser": ["organisator", "organizer"],
        "jury": [],
    },
    "status": {
        "submitted": ["ingediend"],
        "selected": ["geselecteerd"],
        "rejected": ["geweigerd"],
        "withdrawn": ["ingetrokken"],
        "in_programme": ["in programma"],
        "completed": ["afgerond"],
        "dropped_out": ["afgehaakt"],
    },
    "session_type": {
        "design_sprint": ["designsprint"],
        "coaching": [],
        "mentoring": [],
        "intervision": ["intervisie"],
        "network_moment": ["netwerkmoment"],
        "workshop": [],
        "other": ["andere"],
    },
    "outcome_type": {
        "new_product": ["nieuw product"],
        "new_service": ["nieuwe dienst"],
        "new_business_model": ["nieuw businessmodel"],
        "partnership": ["partnerschap"],
        "funding_secured": ["financiering"],
        "other": ["andere"],
    },
    "collaboration_type": {
        "supply": ["levering"],
        "take_back": ["terugname"],
        "repair_service": ["herstelservice"],
        "refurbishment": [],
        "circular_procurement": ["circulaire aankoop"],
        "shared_workspace": ["gedeelde werkplek"],
        "other": ["andere"],
    },
    "buyer_type": {
        "public": ["overheid"],
        "care": ["zorg"],
        "private": ["privaat"],
        "none": ["geen"],
    },
    "r_strategy": {
        "refuse": ["weigeren", "r0"],
        "rethink": ["heroverwegen", "r1"],
        "reduce": ["verminderen", "r2"],
        "reuse": ["hergebruik", "r3"],
        "repair": ["herstel", "r4"],
        "refurbish": ["opknappen", "r5"],
        "remanufacture": ["herfabricage", "r6"],
        "repurpose": ["herbestemmen", "r7"],
        "recycle": ["recyclage", "recycling", "r8"],
        "recover": ["energieterugwinning", "r9"],
    },
    "unit": {
        "kg": ["kilogram"],
        "t": ["ton", "tonne"],
        "units": ["stuks", "stuk", "units", "unit", "st"],
    },
    "target_group": {
        "disability": ["arbeidshandicap"],
        "psychosocial": ["psychosociaal"],
        "very_vulnerable": ["uiterst kwetsbaar"],
        "migrant_background": ["migratieachtergrond"],
        "low_qualified": ["laaggeschoold"],
        "long_term_unemployed": ["langdurig werkzoekend"],
        "youth": ["jongere"],
        "age_55_plus": ["55-plus", "55plus", "55+"],
        "none": ["geen"],
    },
    "employment_type": {
        "maatwerk": [],
        "art60": ["art 60", "artikel 60"],
        "regular": ["regulier"],
        "traineeship": ["stage"],
        "volunteer": ["vrijwilliger"],
    },
}

# R-ladder order (lower = more circular); used for R0-R9 codes and sorting.
R_LADDER = [
    "refuse",
    "rethink",
    "reduce",
    "reuse",
    "repair",
    "refurbish",
    "remanufacture",
    "repurpose",
    "recycle",
    "recover",
]

BOOL_TRUE = ["ja", "j", "yes", "y", "true", "waar", "1", "x", "wel"]
BOOL_FALSE = ["nee", "n", "no", "false", "onwaar", "0", "niet"]
