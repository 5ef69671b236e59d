"""Deterministic demo data: realistic partner exports of the De Keet programme (1 May 2021 - 31 Dec 2022).

`generate(out_dir, seed, scale)` writes one delivery set of all 11 record types of the input contract
(shared/spec/input-contract.md) in the shapes partners really produce: English and Dutch headers, `,` and `;`
delimiters, UTF-8 (with and without BOM) and Windows-1252, ISO and day-first dates, Dutch enumeration words,
booleans as true/false, ja/nee and x/empty, one multi-sheet and one single-sheet XLSX workbook.

Same seed and scale give byte-identical files (CSV and XLSX). Each record type has its own random stream
(`random.Random("<seed>/<table>")`, numpy `default_rng([seed, crc32(table)])`), so changing one table does
not reshuffle the others. `scale` multiplies every volume roughly linearly (scale 1: ~120 organisations,
~600 people, ~150 intakes, ~45 events, ~1,500 attendance rows). The big tables are written as streams, so
scale 1000 (~600,000 people, ~1.5 million attendance rows) runs in about two minutes and ~250 MB. The two
XLSX workbooks never grow past a fixed number of rows: beyond it the rows go to `*_extra.csv` files with
English headers.

The 8 partner organisations (ORG-0001..ORG-0008) carry their real names and no enterprise number (no invented
numbers for real bodies); every other organisation, person and number is invented. E-mail addresses use the
reserved `example.com` / `.example` domains.

Files (scale 1; `*_extra.csv` only appear when a workbook is full):
    organisations.csv                  UTF-8, `,`, English headers and codes, ISO
    organisaties_sociale_economie.csv  Windows-1252, `;`, Dutch headers and words, accented names, CRLF
    people.csv                         UTF-8 with BOM, `,`, English headers, consent ja/nee
    intakes_2021-2022.csv              UTF-8 with BOM, `;`, Dutch headers and words, dd/mm/yyyy, ja/nee, CRLF
    evenementen_2021.csv               UTF-8 with BOM, `;`, Dutch headers and words, dd/mm/yyyy, CRLF
    Events 2022.csv                    UTF-8, `,`, English, ISO
    attendance_2021.csv                UTF-8, `,`, English, roles written out
    attendance_2022_H1.csv             UTF-8, `,`, English, role left empty for participants (the default)
    aanwezigheden_2022_H2.csv          UTF-8 with BOM, `;`, Dutch headers and roles (deelnemer, spreker...)
    coker_programma.xlsx               sheets `aanvragen`, `sessies`, `resultaten` (aliases of applications,
                                       programme_sessions, outcomes): Excel-style Dutch headers ("Aanvraag
                                       ID"), Dutch words, real Excel dates, booleans as x/empty
    collaborations.csv                 UTF-8, `,`, English, ISO
    materiaalstromen_2021.csv          Windows-1252, `;`, Dutch headers and words (hergebruik, stuks, ton),
                                       decimal commas, dd/mm/yyyy, free-text product category `canapé`
    material_flows_2022.xlsx           one sheet `Blad1` (record type from the file name), English headers,
                                       R-ladder codes (R3, R5...), real Excel dates
    jobs.csv                           UTF-8, `,`, English, ISO, booleans true/false

Deliberate mess: each exactly once whatever the seed or the scale, always at the same place (row numbers
count the header as row 1; see DELIBERATE_MESS). Every other row is valid.
    1. organisations.csv row 9 (ORG-0009), enterprise_number: two neighbouring digits swapped, so the mod-97
       check fails. Expected: quarantined ("check digits do not match"). Nothing refers to ORG-0009.
    2. intakes_2021-2022.csv row 13 (INT-0012), gemeente `Aalts`, postcode empty. Expected: quarantined with
       the suggestion Aalst (not silently taken for Aalst, not put outside the region).
    3. intakes_2021-2022.csv row 24 (INT-0023), adviesgesprek_op and verslag_verzonden_op typed into each
       other's column: the report predates the advice conversation. Expected: quarantined on the date order.
    4. jobs.csv row 8 (JOB-0007), headcount empty (required). Expected: quarantined, missing required value.
Deliberate but valid (the contract accepts them; listed so nobody "fixes" them):
    - INT-0005 and INT-0031 name their organisation only (organisatienaam, no organisatie_id): INT-0005 as in
      the registry, INT-0031 in lower case; both resolve by normalised name.
    - accepted intakes invited after more than 3 working days, and some never invited (ADV_INVITED_3WD_PCT).
    - records outside the 8 municipalities (Gent, Zottegem, Geraardsbergen, Dendermonde, Brussel, Liedekerke);
      places given as postcode, municipality, sub-municipality or both; online events without a place.
    - enterprise numbers written `0xxx.xxx.xxx`, `BE 0xxx xxx xxx` and as 9 digits without the leading 0.
    - people without consent: half of them still have characteristics filled in (to be ignored downstream).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import random
import re
import sys
import unicodedata
import zipfile
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import numpy as np

from pipelines.contract.enums import ENUMS
from pipelines.contract.schema import RECORD_TYPES, Column, RecordType
from pipelines.settings import PROJECT_END, PROJECT_START, SAMPLE_DIR, SEEDS_DIR

D = dt.date
DAY = dt.timedelta(days=1)
# "Exported on" for the XLSX document properties and zip entries: fixed, so the bytes never depend on the clock.
EXPORT_TIMESTAMP = dt.datetime(2023, 1, 9, 9, 0, 0)

# Volumes at scale 1.
BASE = {
    "organisations": 120,
    "people": 600,
    "intakes": 150,
    "applications": 25,
    "collaborations": 30,
    "material_flows": 150,
    "jobs": 80,
}
# Events per type at scale 1 (45) and mean attendance rows per event (~1,500 rows in all).
EVENT_MIX = {
    "network_event": 10,
    "workshop": 12,
    "hackathon": 2,
    "market_dialogue": 8,
    "info_session": 7,
    "intervision": 5,
    "other": 1,
}
EVENT_SIZE = {
    "network_event": 62,
    "workshop": 21,
    "hackathon": 42,
    "market_dialogue": 25,
    "info_session": 28,
    "intervision": 9,
    "other": 22,
}
# Rows a workbook sheet may hold; beyond this the rows go to `<record type>_extra.csv`.
XLSX_CAP = {"applications": 40, "programme_sessions": 200, "outcomes": 40, "material_flows": 200}

# Fixed places of the deliberate mess (0-based index of the record; see the module docstring).
MESS_INVALID_KBO_ORG = 8  # ORG-0009
MESS_AALTS_INTAKE = 11  # INT-0012
MESS_DATE_ORDER_INTAKE = 22  # INT-0023
MESS_MISSING_HEADCOUNT_JOB = 6  # JOB-0007
NAME_ONLY_INTAKES = {4: "as_is", 30: "lower"}  # INT-0005, INT-0031

# Where the deliberate mess ends up (file, row counting the header as row 1, column as written, record id).
DELIBERATE_MESS = (
    {
        "file": "organisations.csv",
        "row": 9,
        "column": "enterprise_number",
        "id": "ORG-0009",
        "problem": "enterprise number fails the mod-97 checksum",
    },
    {
        "file": "intakes_2021-2022.csv",
        "row": 13,
        "column": "gemeente",
        "id": "INT-0012",
        "problem": "unknown municipality 'Aalts' (meant: Aalst), no postcode",
    },
    {
        "file": "intakes_2021-2022.csv",
        "row": 24,
        "column": "verslag_verzonden_op",
        "id": "INT-0023",
        "problem": "report sent before the advice conversation (dates swapped)",
    },
    {
        "file": "jobs.csv",
        "row": 8,
        "column": "headcount",
        "id": "JOB-0007",
        "problem": "required headcount is empty",
    },
)

# ----------------------------------------------------------------------------------------------------------
# Reference data
# ----------------------------------------------------------------------------------------------------------

OUTSIDE_PLACES = [  # (name, postal code, weight)
    ("Gent", "9000", 0.35),
    ("Zottegem", "9620", 0.15),
    ("Geraardsbergen", "9500", 0.15),
    ("Dendermonde", "9200", 0.15),
    ("Brussel", "1000", 0.12),
    ("Liedekerke", "1770", 0.08),
]
OUTSIDE_SHARE = 0.05


@dataclass(frozen=True)
class Place:
    municipality: str  # municipality (in region) or town (outside)
    name: str  # the place itself: main town or sub-municipality
    postal_code: str
    in_region: bool
    postal_confirmed: bool


def _load_places() -> tuple[list[Place], np.ndarray]:
    """Places of the region from the dbt seeds (one source of truth) plus a few places outside the region."""
    with open(SEEDS_DIR / "ref_municipalities.csv", encoding="utf-8", newline="") as f:
        munis = {r["nis_code"]: (r["name_nl"], int(r["population"])) for r in csv.DictReader(f)}
    with open(SEEDS_DIR / "ref_places.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    places: list[Place] = []
    weights: list[float] = []
    total_pop = sum(p for _, p in munis.values())
    for nis, (muni_name, pop) in munis.items():
        mine = [r for r in rows if r["nis_code"] == nis]
        subs = [r for r in mine if r["is_main"] != "true"]
        for r in mine:
            main = r["is_main"] == "true"
            share = 0.5 if main else 0.5 / max(1, len(subs))
            places.append(Place(muni_name, r["place_name"], r["postal_code"], True, r["confirmed"] == "true"))
            weights.append((1 - OUTSIDE_SHARE) * pop / total_pop * share)
    for name, code, w in OUTSIDE_PLACES:
        places.append(Place(name, name, code, False, True))
        weights.append(OUTSIDE_SHARE * w)
    p = np.array(weights)
    return places, p / p.sum()


def _place_fields(place: Place, rnd: random.Random) -> tuple[str, str]:
    """(postal_code, municipality) as partners type them: postcode, municipality, deelgemeente, or both."""
    r = rnd.random()
    if not place.in_region:
        if r < 0.5:
            return place.postal_code, place.name
        return ("", place.name) if r < 0.8 else (place.postal_code, "")
    is_main = place.name == place.municipality
    if r < 0.35:
        return (place.postal_code, "") if place.postal_confirmed else ("", place.municipality)
    if r < 0.70:
        return "", place.municipality
    if r < 0.85:
        return "", place.name
    if place.postal_confirmed:
        return place.postal_code, place.name if not is_main or rnd.random() < 0.5 else place.municipality
    return "", place.name


CHAINS = ["textile", "electro", "ict", "furniture", "packaging", "other"]
CHAIN_W = [0.2, 0.13, 0.2, 0.2, 0.12, 0.15]

PARTNERS = [  # name, org_type, size, place name, social_economy_type, chains
    ("HANDEL Samen & sociaal", "public_body", "medium", "Aalst", None, []),
    ("De Gendarmerie (OCMW Aalst)", "public_body", "large", "Aalst", None, []),
    ("Provincie Oost-Vlaanderen", "public_body", "large", "Gent", None, []),
    ("Bedrijvencentrum De Punt", "other", "small", "Aalst", None, []),
    ("The Circular Hub", "other", "small", "Gent", None, ["textile", "furniture", "ict"]),
    ("Hogeschool Gent", "knowledge_institution", "large", "Gent", None, []),
    ("Stroom vzw", "citizen_org", "small", "Aalst", None, []),
    (
        "Kringwinkel Zuid-Oost-Vlaanderen",
        "social_economy",
        "large",
        "Aalst",
        "reuse_shop",
        ["furniture", "electro", "textile"],
    ),
]
N_PARTNERS = len(PARTNERS)
KRINGWINKEL = 7  # index of the partner reuse shop
COACH_ORGS = [3, 4, 5, 6]  # De Punt, The Circular Hub, Hogeschool Gent, Stroom

ORG_TYPE_W = {
    "startup": 26,
    "social_economy": 18,
    "established_company": 35,
    "public_body": 6,
    "care_institution": 10,
    "knowledge_institution": 5,
    "citizen_org": 12,
    "other": 2,
}
SIZE_W = {
    "startup": {"micro": 0.85, "small": 0.15},
    "social_economy": {"small": 0.3, "medium": 0.45, "large": 0.25},
    "established_company": {"micro": 0.15, "small": 0.4, "medium": 0.3, "large": 0.15},
    "public_body": {"medium": 0.4, "large": 0.6},
    "care_institution": {"medium": 0.5, "large": 0.5},
    "knowledge_institution": {"medium": 0.4, "large": 0.6},
    "citizen_org": {"micro": 0.9, "small": 0.1},
    "other": {"micro": 0.4, "small": 0.4, "medium": 0.2},
}
SIZE_PEOPLE_W = {"micro": 1.0, "small": 2.0, "medium": 3.5, "large": 5.0, None: 1.0}
SE_TYPE_W = {"maatwerkbedrijf": 0.45, "reuse_shop": 0.2, "local_service_economy": 0.2, "other": 0.15}
FORCED_SE = [  # the first social-economy organisations after the partners: accented names (cp1252 test)
    ("Naaiatelier Zoë vzw", "local_service_economy", ["textile"]),
    ("Atelier Créatief vzw", "other", ["furniture"]),
]

FEMALE = (  # noqa: SIM905 (a word list reads better as text)
    "Sarah Laura Julie Charlotte Lotte Marie Eline Emma Hanne Lien Sofie Katrien An Els Inge Veerle "
    "Kristel Nathalie Sandra Ann Isabelle Griet Leen Evelien Elke Tine Nele Annelies Karen Jana Fien "
    "Femke Amber Lisa Febe Margot Ine Liesbeth Hilde Rita Martine Linda Christine Greet Ilse Caroline "
    "Valérie Chloé Zoë Noémie Joëlle Anaïs Lies Marijke Ellen Silke Kaat Jolien"
).split()
MALE = (  # noqa: SIM905 (a word list reads better as text)
    "Jan Tom Pieter Bart Kris Koen Wim Dirk Peter Stijn Jeroen Thomas Jens Robbe Ruben Arne Wout Sander "
    "Maarten Bram Lucas Niels Tim Joris Geert Luc Marc Patrick Filip Frank Danny Johan Kevin Glenn Jonas "
    "Simon Michiel Lander Senne Gilles Noël Raphaël Joël Wouter Dries Steven Kurt Yves Sven Lennert"
).split()
FEMALE_MIGRANT = (  # noqa: SIM905 (a word list reads better as text)
    "Fatima Samira Yasmina Meryem Aylin Elif Zeynep Agnieszka Olena Amina Nadia Khadija"
).split()
MALE_MIGRANT = (  # noqa: SIM905 (a word list reads better as text)
    "Mohamed Youssef Hamza Ahmed Mustafa Emre Burak Piotr Tomasz Andrei Ibrahim Karim"
).split()
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "De Cock",
    "Van Damme",
    "De Vos",
    "Hermans",
    "Van den Bossche",
    "Verhulst",
    "De Meyer",
    "De Clercq",
    "Martens",
    "Van de Velde",
    "De Backer",
    "De Wilde",
    "Lambrecht",
    "Van Impe",
    "Van der Haegen",
    "Schollaert",
    "De Bruyne",
    "Moens",
    "Van den Steen",
    "D'Hondt",
    "De Wolf",
    "Van Nuffel",
    "Roelandt",
    "Cobbaert",
    "Van Geyte",
    "Bogaert",
    "De Boeck",
    "De Schrijver",
    "Van Lierde",
    "Van Cauwenberghe",
    "De Pauw",
    "Van Herzele",
    "Schockaert",
    "Van der Linden",
    "Verstraeten",
    "De Ridder",
    "Van Hecke",
    "Coppens",
    "Claeys",
    "Baeyens",
    "Vermeulen",
    "Van Mol",
    "Sonck",
    "De Kegel",
    "Van Snick",
    "Meert",
    "Van Wichelen",
    "De Mol",
    "Van den Berghe",
    "Van Vaerenbergh",
    "Goethals",
    "Van Droogenbroeck",
    "Van Wesemael",
    "Van Houtte",
    "Cornelis",
    "De Groote",
    "Van Acker",
    "Van Oudenhove",
    "Lefèvre",
    "Dubois",
    "Lemaître",
    "Ghysels",
]
LAST_MIGRANT = [
    "El Amrani",
    "Benali",
    "Bouzid",
    "El Idrissi",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Öztürk",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Haddad",
    "Diallo",
    "Aydin",
]

STARTUP_CORES = [
    "ReTex",
    "Loopwerk",
    "Refurbit",
    "Tweede Ronde",
    "Groene Draad",
    "Circulo",
    "Upstof",
    "Denderloop",
    "Reboot IT",
    "Herbruik",
    "Restyle",
    "Houtlab",
    "Kringkracht",
    "Nieuw Leven",
    "Stofwissel",
    "Reweave",
    "Repairly",
    "Fixlab",
    "Modulo",
    "Mobiloop",
    "Ecopack",
    "Boxback",
    "Returnr",
    "Recircle",
    "Kastwerk",
    "Lapwerk",
    "Bureau Bis",
    "Tafelronde",
    "Pakketpost Retour",
    "Wasbaar",
    "Stoelgang",
    "Vezelwerk",
]
ACTIVITY = {
    "textile": ["Textiel", "Confectie", "Werkkledij", "Wasserij"],
    "furniture": ["Meubelen", "Kantoorinrichting", "Interieur", "Schrijnwerkerij"],
    "electro": ["Elektro", "Huishoudtoestellen", "Elektrotechniek"],
    "ict": ["IT Services", "Computers", "ICT Solutions"],
    "packaging": ["Verpakkingen", "Karton", "Pallets"],
    "other": ["Bouw", "Transport", "Drukkerij", "Logistiek", "Metaalwerken"],
}
CARE_NAMES = [
    "Ter Linde",
    "De Rozenhof",
    "Sint-Anna",
    "De Kastanjelaar",
    "Hof ter Dender",
    "De Meersen",
    "Ter Bede",
    "Het Lindenhof",
    "De Bloesem",
    "Denderoever",
    "De Wingerd",
    "Ter Weyden",
]
SE_NAMES = [
    "De Brug",
    "Denderwerk",
    "Het Atelier",
    "De Schakel",
    "Kompas",
    "De Sluis",
    "Werkhuis",
    "Den Oever",
    "De Vlasbloem",
    "Ter Mote",
]
PUBLIC_REAL = [
    "Stad Aalst",
    "Stad Ninove",
    "Gemeente Erpe-Mere",
    "Gemeente Lede",
    "Gemeente Denderleeuw",
    "Gemeente Sint-Lievens-Houtem",
    "Gemeente Herzele",
    "Gemeente Haaltert",
    "OCMW Ninove",
    "OCMW Denderleeuw",
    "OCMW Lede",
    "OCMW Haaltert",
]
PUBLIC_DEPTS = [
    "Aankoopdienst",
    "Dienst Economie",
    "Sociaal Huis",
    "Milieudienst",
    "Technische dienst",
    "Dienst Welzijn",
]

REFERRAL_TARGETS = [
    "VLAIO",
    "Unizo",
    "Vlaanderen Circulair",
    "OVAM",
    "Kringwinkel Zuid-Oost-Vlaanderen",
    "Stroom vzw",
    "Bedrijvencentrum De Punt",
    "microStart",
    "Hefboom vzw",
    "Hogeschool Gent",
]

CHALLENGES = {
    "textile": [
        "Hoe sluiten we de kringloop van werkkledij in de zorg?",
        "Afgedankte bedrijfskledij omzetten in nieuwe producten",
        "Herstel en hergebruik van persoonlijke beschermingsmiddelen",
    ],
    "electro": [
        "Herstelservice voor witgoed van huurders en sociale huisvesting",
        "Tweede leven voor wasmachines uit containerparken",
    ],
    "ict": [
        "Refurbished laptops voor scholen en lokale besturen",
        "Terugname en hergebruik van smartphones in bedrijven",
    ],
    "furniture": [
        "Circulair kantoormeubilair voor lokale besturen",
        "Hergebruik van zorgmeubilair tussen woonzorgcentra",
        "Schoolmeubilair opknappen in plaats van vervangen",
    ],
    "packaging": [
        "Herbruikbare verpakkingen voor lokale handelaars",
        "Retourlogistiek voor kratten en pallets",
    ],
    "other": ["Hergebruik van bouwmaterialen uit renovaties", "Deelplatform voor gereedschap en fietsen"],
}
CHAIN_NL = {
    "textile": "textiel",
    "electro": "elektro",
    "ict": "ICT",
    "furniture": "meubilair",
    "packaging": "verpakkingen",
    "other": "andere",
}

# product lines per chain: (category, [(r_strategy, unit, weight)], unit_weight_kg, qty range per quarter,
#                           recycled content range or None, lifetime extension range or None)
PRODUCTS: dict[str, list[tuple]] = {
    "ict": [
        ("laptop", [("refurbish", 1.0)], "units", 1.83, (20, 220), None, (2, 4)),
        ("smartphone", [("refurbish", 0.8), ("repair", 0.2)], "units", 0.15, (10, 120), None, (1.5, 3)),
        ("desktop", [("refurbish", 1.0)], "units", 6.69, (10, 80), None, (2, 3)),
        ("flat_screen", [("reuse", 1.0)], "units", 8.27, (5, 60), None, (2, 4)),
        ("ict_waste", [("recycle", 1.0)], "kg", None, (200, 3000), None, None),
    ],
    "furniture": [
        ("office_chair", [("reuse", 0.7), ("refurbish", 0.3)], "units", 13.5, (10, 150), None, (3, 7)),
        ("desk", [("reuse", 0.6), ("refurbish", 0.4)], "units", 35.0, (5, 60), None, (4, 8)),
        ("school_furniture", [("refurbish", 1.0)], "units", 9.0, (20, 200), (0, 20), (5, 10)),
        ("care_bed", [("refurbish", 1.0)], "units", 95.0, (2, 20), None, (3, 6)),
        ("mixed_furniture", [("reuse", 0.8), ("repurpose", 0.2)], "kg", None, (500, 8000), None, None),
    ],
    "textile": [
        ("workwear", [("reuse", 0.6), ("recycle", 0.4)], "kg", None, (100, 1500), (30, 60), None),
        ("care_wear", [("reuse", 0.7), ("repair", 0.3)], "kg", None, (80, 900), None, None),
        ("textile_mixed", [("recycle", 1.0)], "t", None, (0.3, 4.0), None, None),
        ("bed_linen", [("repurpose", 1.0)], "kg", None, (50, 600), None, None),
    ],
    "electro": [
        ("washing_machine", [("repair", 0.7), ("refurbish", 0.3)], "units", 70.0, (5, 60), None, (3, 6)),
        ("fridge", [("refurbish", 1.0)], "units", 55.0, (3, 30), None, (3, 5)),
        ("small_appliances", [("repair", 0.5), ("recycle", 0.5)], "kg", None, (50, 900), None, None),
    ],
    "packaging": [
        ("pallet", [("reuse", 0.8), ("repair", 0.2)], "units", 25.0, (100, 2000), None, (1, 3)),
        ("cardboard_box", [("reuse", 1.0)], "kg", None, (200, 2000), None, None),
        ("crate", [("reuse", 1.0)], "units", 1.8, (200, 3000), (100, 100), (2, 5)),
        ("packaging_film", [("recycle", 1.0)], "kg", None, (100, 1500), (30, 50), None),
    ],
    "other": [
        ("bicycle", [("repair", 0.8), ("reuse", 0.2)], "units", 15.0, (5, 60), None, (3, 5)),
        ("building_materials", [("reuse", 1.0)], "t", None, (1, 20), None, None),
        ("toys", [("reuse", 1.0)], "kg", None, (50, 500), None, None),
    ],
}
# The first product lines of every delivery set, so each chain, unit and typical product is always present.
FORCED_LINES = [
    ("textile", "workwear"),
    ("textile", "textile_mixed"),
    ("electro", "washing_machine"),
    ("ict", "laptop"),
    ("ict", "smartphone"),
    ("furniture", "office_chair"),
    ("packaging", "pallet"),
    ("other", "bicycle"),
]
REFERENCE_WEIGHT_CATEGORIES = {"laptop", "smartphone", "desktop", "tablet", "flat_screen"}
SOFA = ("sofa", [("reuse", 1.0)], "units", 40.0, (5, 40), None, (5, 10))

COLLAB_TYPES = {
    "textile": ["supply", "take_back", "repair_service", "circular_procurement"],
    "electro": ["repair_service", "refurbishment", "take_back", "circular_procurement"],
    "ict": ["refurbishment", "take_back", "circular_procurement"],
    "furniture": ["refurbishment", "supply", "circular_procurement", "take_back"],
    "packaging": ["supply", "take_back", "circular_procurement"],
    "other": ["shared_workspace", "supply", "other"],
}

# ----------------------------------------------------------------------------------------------------------
# Helpers: randomness, dates, ids, enterprise numbers
# ----------------------------------------------------------------------------------------------------------


def _rnd(seed: int, table: str) -> random.Random:
    return random.Random(f"{seed}/{table}")


def _np(seed: int, table: str) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(table.encode())])


def _n(base: float, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(base * scale))


def _wchoice(rnd: random.Random, weights: dict):
    keys = list(weights)
    return rnd.choices(keys, weights=[weights[k] for k in keys])[0]


def _ids(prefix: str, n: int, width: int) -> Callable[[int], str]:
    w = max(width, len(str(n)))
    return lambda i: f"{prefix}-{i + 1:0{w}d}"


def _holidays() -> set[D]:
    try:
        import holidays

        return set(holidays.Belgium(years=range(2021, 2024)))
    except ImportError:  # pragma: no cover - the library is a project dependency
        return set()


HOLIDAYS = _holidays()


def _is_working(d: D) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS


def _next_working(d: D) -> D:
    while not _is_working(d):
        d += DAY
    return d


def _add_working_days(d: D, k: int) -> D:
    cur, n = d, 0
    while n < k:
        cur += DAY
        if _is_working(cur):
            n += 1
    return cur


def _rand_date(rnd: random.Random, start: D, end: D, working: bool = True) -> D:
    d = start + DAY * rnd.randint(0, max(0, (end - start).days))
    if working:
        d = _next_working(d)
        if d > end:
            d = start if _is_working(start) else _next_working(start)
    return d


def _kbo_check(first8: str) -> str:
    return f"{97 - int(first8) % 97:02d}"


def kbo_is_valid(value: str) -> bool:
    """Mod-97 check of a Belgian enterprise number in any written form (used by the tests)."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 9:
        digits = "0" + digits
    return len(digits) == 10 and digits[0] in "01" and digits[8:] == _kbo_check(digits[:8])


def _kbo_format(digits: str, rnd: random.Random) -> str:
    r = rnd.random()
    if r < 0.75:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if r < 0.9:
        return f"BE {digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits[1:]  # 9 digits: the leading 0 eaten by a spreadsheet


def _ascii(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def _slug(s: str, sep: str = "") -> str:
    return re.sub(r"[^a-z0-9]+", sep, _ascii(s).lower()).strip(sep)


def _cum(weights: np.ndarray) -> np.ndarray:
    c = np.cumsum(weights, dtype=float)
    return c / c[-1] if c[-1] > 0 else c


def _draw(rng: np.random.Generator, cum: np.ndarray, size: int) -> np.ndarray:
    return np.searchsorted(cum, rng.random(size), side="right").clip(0, len(cum) - 1)


# ----------------------------------------------------------------------------------------------------------
# Output: file styles and writers
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    dutch: bool = False  # Dutch headers and enumeration words
    date: str = "iso"  # iso | dmy (dd/mm/yyyy)
    bools: tuple[str, str] = ("true", "false")
    delimiter: str = ","
    encoding: str = "utf-8"
    decimal_comma: bool = False
    list_sep: str = ";"
    eol: str = "\n"
    pretty: bool = False  # Excel-style headers: "Aanvraag ID"
    r_codes: bool = False  # r_strategy as R0-R9


EN = Style()
EN_JA = Style(bools=("ja", "nee"), encoding="utf-8-sig")
NL_EXCEL = Style(
    dutch=True,
    date="dmy",
    bools=("ja", "nee"),
    delimiter=";",
    encoding="utf-8-sig",
    decimal_comma=True,
    list_sep=", ",
    eol="\r\n",
)
NL_CP1252 = Style(
    dutch=True,
    date="dmy",
    bools=("ja", "nee"),
    delimiter=";",
    encoding="cp1252",
    decimal_comma=True,
    list_sep=", ",
    eol="\r\n",
)
NL_XLSX = Style(dutch=True, bools=("x", ""), list_sep=", ", pretty=True)
EN_XLSX = Style(r_codes=True)

# Dutch words written for the codes (the contract's first Dutch alias unless a Flemish partner would write
# something else); all are accepted aliases in enums.ENUMS.
NL_WORD_OVERRIDES = {
    ("chain", "ict"): "ICT",
    ("chain", "textile"): "textiel",
    ("chain", "electro"): "elektro",
    ("chain", "furniture"): "meubilair",
    ("chain", "packaging"): "verpakkingen",
    ("r_strategy", "refurbish"): "refurbish",
    ("r_strategy", "remanufacture"): "herfabricage",
    ("unit", "kg"): "kg",
    ("unit", "t"): "ton",
    ("event_type", "hackathon"): "hackathon",
    ("unit", "units"): "stuks",
    ("employment_type", "art60"): "art. 60",
    ("labour_status", "inactive_in_education"): "student",
    ("gender", "unknown"): "onbekend",
}


def _nl_word(enum: str, code: str) -> str:
    if (enum, code) in NL_WORD_OVERRIDES:
        return NL_WORD_OVERRIDES[(enum, code)]
    aliases = ENUMS[enum].get(code, [])
    return aliases[0] if aliases else code


def _header(rt: RecordType, col: Column, style: Style) -> str:
    if not style.dutch:
        return col.name
    if col.aliases:
        h = col.aliases[0]
    elif col.name == rt.type_column:
        h = "type"
    elif col.name == rt.key_date:
        h = "datum"
    else:
        h = col.name
    if style.pretty:
        words = h.replace("_", " ").split()
        words = ["ID" if w == "id" else w for w in words]
        h = " ".join(words)
        h = h[0].upper() + h[1:]
    return h


def _num(x: float, decimals: int = 3) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.{decimals}f}".rstrip("0").rstrip(".")


def _formatter(col: Column, style: Style, xlsx: bool = False) -> Callable[[object], object]:
    """A function turning a canonical value into what this file holds (a string, or a cell value in XLSX)."""
    kind, enum = col.kind, col.enum

    def word(code: str) -> str:
        if enum == "r_strategy" and style.r_codes:
            return f"R{list(ENUMS['r_strategy']).index(code)}"
        return _nl_word(enum, code) if style.dutch and enum else code

    def f(v):
        if v is None or v == "":
            return None if xlsx else ""
        if kind == "date":
            if xlsx:
                return v
            return v.isoformat() if style.date == "iso" else f"{v.day:02d}/{v.month:02d}/{v.year}"
        if kind == "bool":
            s = style.bools[0] if v else style.bools[1]
            return (s or None) if xlsx else s
        if kind in ("decimal", "int"):
            if xlsx:
                return v
            s = _num(v)
            return s.replace(".", ",") if style.decimal_comma else s
        if kind == "enum":
            return word(v)
        if kind == "list":
            return style.list_sep.join(word(x) if enum else x for x in v)
        return v

    return f


class CsvOut:
    """A streaming CSV writer for one record type in one file style."""

    def __init__(self, path: Path, rt_name: str, style: Style):
        self.path, self.style = path, style
        self.rt = RECORD_TYPES[rt_name]
        self.cols = list(self.rt.columns)
        self.fmts = [_formatter(c, style) for c in self.cols]
        self.names = [c.name for c in self.cols]
        # a stream kept open across many write() calls, closed by close()
        self.f = open(path, "w", encoding=style.encoding, errors="strict", newline="")  # noqa: SIM115
        self.w = csv.writer(self.f, delimiter=style.delimiter, lineterminator=style.eol)
        self.w.writerow([_header(self.rt, c, style) for c in self.cols])
        self.rows = 0
        self.buf: list[list] = []

    def write(self, rec: dict) -> None:
        self.buf.append([fm(rec.get(n)) for fm, n in zip(self.fmts, self.names)])
        self.rows += 1
        if len(self.buf) >= 10_000:
            self.flush()

    def write_raw(self, values: list[str]) -> None:
        """A row already in this file's format, in column order."""
        self.buf.append(values)
        self.rows += 1
        if len(self.buf) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self.w.writerows(self.buf)
        self.buf.clear()

    def close(self) -> None:
        self.flush()
        self.f.close()


class XlsxSheet:
    """Rows of one record type for a workbook sheet, capped; the overflow goes to a CSV (English headers)."""

    def __init__(self, title: str, rt_name: str, style: Style, cap: int, overflow: Path):
        self.title, self.style, self.cap, self.overflow_path = title, style, cap, overflow
        self.rt = RECORD_TYPES[rt_name]
        self.rt_name = rt_name
        self.cols = list(self.rt.columns)
        self.fmts = [_formatter(c, style, xlsx=True) for c in self.cols]
        self.rows: list[list] = []
        self.overflow: CsvOut | None = None

    def write(self, rec: dict) -> None:
        if len(self.rows) < self.cap:
            self.rows.append([fm(rec.get(c.name)) for fm, c in zip(self.fmts, self.cols)])
            return
        if self.overflow is None:
            self.overflow = CsvOut(self.overflow_path, self.rt_name, EN)
        self.overflow.write(rec)

    @property
    def count(self) -> int:
        return len(self.rows) + (self.overflow.rows if self.overflow else 0)

    def close(self) -> None:
        if self.overflow:
            self.overflow.close()


def _save_workbook(path: Path, sheets: list[XlsxSheet]) -> None:
    """Write an XLSX whose bytes depend only on its content (fixed document dates and zip timestamps)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.title)
        ws.append([_header(sh.rt, c, sh.style) for c in sh.cols])
        for row in sh.rows:
            ws.append(row)
        for j, c in enumerate(sh.cols, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(10, min(40, len(str(ws.cell(1, j).value)) + 4))
            if c.kind == "date":
                for cell in ws[letter][1:]:
                    cell.number_format = "DD/MM/YYYY"
    wb.properties.creator = "De Keet"
    wb.properties.lastModifiedBy = "De Keet"
    wb.properties.created = EXPORT_TIMESTAMP
    wb.properties.modified = EXPORT_TIMESTAMP
    buf = io.BytesIO()
    wb.save(buf)
    stamp = EXPORT_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock at save
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp + rb"\g<2>",
                    data,
                )
            zi = zipfile.ZipInfo(info.filename, date_time=EXPORT_TIMESTAMP.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)


# ----------------------------------------------------------------------------------------------------------
# The world: organisations, people, events, applications, collaborations
# ----------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Org:
    idx: int
    org_id: str
    name: str
    org_type: str
    size: str | None
    place: int  # index into World.places
    se_type: str | None
    chains: list[str]
    kbo: str | None  # as written in the file

    @property
    def social(self) -> bool:
        return self.org_type == "social_economy"

    @property
    def chain(self) -> str | None:
        return self.chains[0] if self.chains else None


@dataclass(slots=True)
class Event:
    idx: int
    event_id: str
    event_type: str
    title: str
    date: D
    place: int  # -1: online
    chains: list[str]
    organiser: str
    size: int
    hackathon_no: int = -1


@dataclass(slots=True)
class App:
    idx: int
    application_id: str
    call_id: str
    submitted_on: D
    lead: int
    partners: list[int]
    chain: str
    challenge: str
    from_hackathon: bool
    status: str
    score: float | None
    decided_on: D | None
    hackathon_event: int  # index into World.events, -1 for open calls
    programme_start: D | None = None
    programme_end: D | None = None


@dataclass(slots=True)
class Collab:
    idx: int
    collaboration_id: str
    chain: str
    orgs: list[int]
    collaboration_type: str
    started_on: D
    value: float | None
    buyer_type: str | None


@dataclass
class World:
    seed: int
    scale: float
    places: list[Place]
    place_p: np.ndarray
    orgs: list[Org] = field(default_factory=list)
    org_weight: np.ndarray | None = None  # how likely an organisation shows up in records (0: never)
    person_org: np.ndarray | None = None
    person_place: np.ndarray | None = None
    person_weight: np.ndarray | None = None
    person_id: Callable[[int], str] | None = None
    org_people_order: np.ndarray | None = None
    org_people_start: np.ndarray | None = None
    events: list[Event] = field(default_factory=list)
    apps: list[App] = field(default_factory=list)
    collabs: list[Collab] = field(default_factory=list)

    def people_of(self, org: int) -> np.ndarray:
        return self.org_people_order[self.org_people_start[org] : self.org_people_start[org + 1]]

    def org_cum(
        self, pred: Callable[[Org], bool], flat: bool = False, fallback: Callable[[Org], bool] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """A pool to draw organisations from: their indexes and cumulative probabilities (by size, or flat).

        An empty pool (small scales) falls back to `fallback`, then to every organisation that may be
        referred to.
        """
        idx = np.array([o.idx for o in self.orgs if pred(o) and self.org_weight[o.idx] > 0], dtype=np.int64)
        if len(idx) == 0 and fallback is not None:
            return self.org_cum(fallback, flat)
        if len(idx) == 0:
            idx = np.flatnonzero(self.org_weight > 0)
        return idx, _cum(np.ones(len(idx)) if flat else self.org_weight[idx])

    def pick_org(self, rnd: random.Random, pool: tuple[np.ndarray, np.ndarray]) -> int:
        idx, cum = pool
        return int(idx[min(int(np.searchsorted(cum, rnd.random(), side="right")), len(idx) - 1)])


def _build_orgs(w: World) -> None:
    rnd = _rnd(w.seed, "organisations")
    n = _n(BASE["organisations"], w.scale, minimum=N_PARTNERS + 4)
    oid = _ids("ORG", n, 4)
    place_idx = {p.name: i for i, p in enumerate(w.places)}
    place_cum = list(accumulate(w.place_p))
    used: set[str] = set()

    def unique(name: str, place: Place) -> str:
        key = _slug(name)
        if key in used:
            name = f"{name} {place.name}" if _slug(f"{name} {place.name}") not in used else name
            k, base = 2, name
            while _slug(name) in used:
                name, k = f"{base} {k}", k + 1
        used.add(_slug(name))
        return name

    def rand_place() -> int:
        return min(bisect_right(place_cum, rnd.random()), len(place_cum) - 1)

    def kbo(org_type: str, invalid: bool = False) -> str:
        r = rnd.random()
        if org_type == "startup":
            prefix = "07"
        elif org_type == "established_company":
            prefix = "04" if r < 0.5 else "08" if r < 0.65 else rnd.choice(["05", "06"])
        else:
            prefix = "04" if r < 0.6 else "08" if r < 0.8 else rnd.choice(["06", "07"])
        while True:
            first8 = prefix + f"{rnd.randrange(10**6):06d}"
            digits = first8 + _kbo_check(first8)
            if invalid:  # swap two neighbouring digits that differ: a typing slip the checksum catches
                i = rnd.randrange(3, 7)
                if digits[i] == digits[i + 1]:
                    continue
                bad = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
                if kbo_is_valid(bad):
                    continue
                return f"{bad[:4]}.{bad[4:7]}.{bad[7:]}"
            if digits not in used_kbo:
                used_kbo.add(digits)
                return _kbo_format(digits, rnd)

    used_kbo: set[str] = set()
    public_real = list(PUBLIC_REAL)
    forced_se = list(FORCED_SE)
    orgs: list[Org] = []
    for i in range(n):
        if i < N_PARTNERS:
            name, ot, size, pname, se, chains = PARTNERS[i]
            used.add(_slug(name))
            orgs.append(Org(i, oid(i), name, ot, size, place_idx[pname], se, list(chains), None))
            continue
        ot = "established_company" if i == MESS_INVALID_KBO_ORG else _wchoice(rnd, ORG_TYPE_W)
        place = rand_place()
        p = w.places[place]
        size = _wchoice(rnd, SIZE_W[ot]) if rnd.random() > 0.05 else None
        se = None
        chains: list[str] = []
        number = None
        if ot == "startup":
            chains = [rnd.choices(CHAINS, CHAIN_W)[0]]
            core = rnd.choice(STARTUP_CORES)
            name = (
                core + rnd.choice(["", " BV", " BV", " CommV"]) if rnd.random() < 0.7 else f"{core} {p.name}"
            )
            number = kbo(ot) if rnd.random() < 0.9 else None
        elif ot == "established_company":
            r = rnd.random()
            chains = (
                [rnd.choices(CHAINS, CHAIN_W)[0]] if r < 0.7 else rnd.sample(CHAINS, 2) if r < 0.8 else []
            )
            act = rnd.choice(ACTIVITY[chains[0] if chains else "other"])
            name = f"{rnd.choice(LAST)} {act}{rnd.choice([' NV', ' BV', ' BV', ' BVBA', ''])}"
            number = kbo(ot, invalid=(i == MESS_INVALID_KBO_ORG))
        elif ot == "social_economy":
            if forced_se:
                name, se, chains = forced_se.pop(0)
            else:
                se = _wchoice(rnd, SE_TYPE_W)
                if se == "maatwerkbedrijf":
                    chains = rnd.sample(
                        ["textile", "packaging", "electro", "ict", "furniture", "other"],
                        rnd.choice([1, 1, 2]),
                    )
                    x = rnd.choice(SE_NAMES)
                    name = rnd.choice([f"Maatwerkbedrijf {x}", f"{x} Maatwerk vzw", f"Werkplaats {x} vzw"])
                elif se == "reuse_shop":
                    chains = rnd.sample(["furniture", "electro", "textile"], rnd.choice([2, 3]))
                    name = rnd.choice(
                        [
                            f"Tweedehandscentrum {rnd.choice(SE_NAMES)}",
                            f"Kringloopwinkel {p.name}",
                            f"Hergebruikcentrum {p.name} vzw",
                        ]
                    )
                elif se == "local_service_economy":
                    name, chain = rnd.choice(
                        [
                            (f"Strijkatelier {p.name}", "textile"),
                            (f"Fietsherstel {p.name} vzw", "other"),
                            (f"Buurtwasserette {p.name}", "textile"),
                            (f"Klusdienst {p.name} vzw", "other"),
                        ]
                    )
                    chains = [chain]
                else:
                    chains = [rnd.choices(CHAINS, CHAIN_W)[0]]
                    name = rnd.choice(
                        [f"Sociaal Atelier {p.name}", f"Leerwerkplaats {rnd.choice(SE_NAMES)} vzw"]
                    )
            number = kbo(ot)
        elif ot == "public_body":
            if public_real:
                name = public_real.pop(0)
                town = name.split(" ", 1)[1]
                place = place_idx.get(town, place)
            else:
                town = rnd.choice(["Stad Aalst", "Stad Ninove", "Gemeente Lede"])
                name = f"{town} - {rnd.choice(PUBLIC_DEPTS)}"
            chains = [] if rnd.random() < 0.5 else ["ict", "furniture"]
        elif ot == "care_institution":
            kind = rnd.choice(["WZC", "Woonzorgcentrum", "Dagcentrum", "Zorggroep"])
            name = f"{kind} {rnd.choice(CARE_NAMES)}"
            chains = [["textile"], ["furniture"], []][rnd.choices([0, 1, 2], [0.5, 0.2, 0.3])[0]]
            number = kbo(ot)
        elif ot == "knowledge_institution":
            name = rnd.choice(
                [
                    f"Campus {p.name}",
                    f"CVO {rnd.choice(['Denderland', 'De Dender', p.name])}",
                    f"Technisch Atelier {p.name}",
                    f"Leercentrum {rnd.choice(SE_NAMES)}",
                ]
            )
            chains = [] if rnd.random() < 0.5 else [rnd.choices(CHAINS, CHAIN_W)[0]]
            number = kbo(ot) if rnd.random() < 0.9 else None
        elif ot == "citizen_org":
            name = rnd.choice(
                [
                    f"Repair Café {p.name}",
                    f"Buurtwerking {p.name}",
                    f"Deelkast {p.name}",
                    f"Fietsatelier {p.name} vzw",
                    f"Ruilwinkel {p.name}",
                    f"Transitie {p.name} vzw",
                    f"Speelgoedotheek {p.name}",
                    f"Weggeefwinkel {p.name}",
                ]
            )
            chains = [rnd.choice(["other", "other", "textile", "electro"])]
            number = kbo(ot) if rnd.random() < 0.5 else None
        else:
            name = rnd.choice(
                [
                    f"Ondernemersvereniging {p.name}",
                    "Coworking De Fabriek",
                    "Stichting Denderkracht",
                    f"Handelaarsvereniging {p.name}",
                ]
            )
            number = kbo(ot) if rnd.random() < 0.8 else None
        orgs.append(Org(i, oid(i), unique(name, w.places[place]), ot, size, place, se, chains, number))
    w.orgs = orgs
    weight = np.array([SIZE_PEOPLE_W[o.size] * (2.0 if o.social else 1.0) for o in orgs])
    weight[MESS_INVALID_KBO_ORG] = 0.0  # the organisation with the invalid number is referred to by nobody
    w.org_weight = weight


def _write_orgs(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "organisations.write")
    en = CsvOut(out / "organisations.csv", "organisations", EN)
    nl = CsvOut(out / "organisaties_sociale_economie.csv", "organisations", NL_CP1252)
    for o in w.orgs:
        postal, muni = _place_fields(w.places[o.place], rnd)
        se = o.se_type
        if not o.social:
            se = "none" if (o.org_type == "established_company" or rnd.random() < 0.4) else None
        rec = {
            "org_id": o.org_id,
            "enterprise_number": o.kbo,
            "name": o.name,
            "org_type": o.org_type,
            "size_class": o.size,
            "postal_code": postal,
            "municipality": muni,
            "social_economy_type": se,
            "chains": o.chains,
        }
        (nl if o.social else en).write(rec)
    en.close()
    nl.close()
    return en.rows + nl.rows


def _build_people(w: World) -> None:
    rng = _np(w.seed, "people")
    n = _n(BASE["people"], w.scale, minimum=40)
    i = np.arange(n)
    org_idx, org_cum = w.org_cum(lambda o: o.idx >= N_PARTNERS)
    person_org = np.where(rng.random(n) < 0.62, org_idx[_draw(rng, org_cum, n)], -1)
    staff = i % 20 == 0  # partner staff: organisers, coaches, jury
    person_org[staff] = (i[staff] // 20) % N_PARTNERS
    w.person_org = person_org.astype(np.int32)
    w.person_place = _draw(rng, _cum(w.place_p), n).astype(np.int32)
    w.person_weight = rng.lognormal(0.0, 1.0, n)
    w.person_id = _ids("PER", n, 4)
    order = np.argsort(np.where(person_org < 0, len(w.orgs), person_org), kind="stable")
    w.org_people_order = order
    w.org_people_start = np.searchsorted(
        np.where(person_org < 0, len(w.orgs), person_org)[order], np.arange(len(w.orgs) + 1), side="left"
    )


def _write_people(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "people.write")
    sink = CsvOut(out / "people.csv", "people", EN_JA)
    for i in range(len(w.person_org)):
        org = int(w.person_org[i])
        migrant = rnd.random() < 0.12
        g = rnd.choices(["female", "male", "non_binary", "unknown"], [0.47, 0.48, 0.01, 0.04])[0]
        fem = g == "female" or (g in ("non_binary", "unknown") and rnd.random() < 0.5)
        first = rnd.choice(
            (FEMALE_MIGRANT if fem else MALE_MIGRANT) if migrant else (FEMALE if fem else MALE)
        )
        last = rnd.choice(LAST_MIGRANT) if migrant and rnd.random() < 0.8 else rnd.choice(LAST)
        birth = int(min(2005, max(1952, rnd.gauss(1982, 12))))
        if org >= 0:
            ot = w.orgs[org].org_type
            labour = rnd.choices(
                ["employed", "self_employed", "unknown"],
                [0.3, 0.68, 0.02] if ot == "startup" else [0.93, 0.04, 0.03],
            )[0]
        else:
            labour = rnd.choices(
                [
                    "unemployed",
                    "long_term_unemployed",
                    "inactive",
                    "inactive_in_education",
                    "self_employed",
                    "employed",
                    "unknown",
                ],
                [0.2, 0.15, 0.14, 0.18, 0.15, 0.12, 0.06],
            )[0]
        if labour == "inactive_in_education":
            birth = rnd.randint(1996, 2005)
        edu = rnd.choices(["isced_0_2", "isced_3_4", "isced_5_8", "unknown"], [0.15, 0.4, 0.4, 0.05])[0]
        dis = []
        if rnd.random() < 0.07:
            dis.append("disability")
        if rnd.random() < (0.7 if migrant else 0.03):
            dis.append("migrant_background")
        if edu == "isced_0_2" and rnd.random() < 0.8:
            dis.append("low_qualified")
        if labour == "long_term_unemployed" and rnd.random() < 0.9:
            dis.append("long_term_unemployed")
        if rnd.random() < 0.02:
            dis.append("other")
        if not dis:
            dis = ["none"] if rnd.random() < 0.7 else []
        if rnd.random() < 0.04:
            dis = ["refused"]
        consent = rnd.random() >= 0.08
        postal, muni = _place_fields(w.places[w.person_place[i]], rnd)
        email = phone = None
        if rnd.random() < 0.85:
            local = f"{_slug(first)}.{_slug(last)}"
            if org >= 0 and rnd.random() < 0.7:
                domain = re.sub(r"\s+(BVBA|BV|NV|CommV|vzw)$", "", w.orgs[org].name)
                email = f"{_slug(first)[0]}.{_slug(last)}@{_slug(domain, '-')[:30].strip('-')}.example"
            else:
                suffix = rnd.choice(["", "", str(birth % 100)])
                email = f"{local}{suffix}@{rnd.choice(['example.com', 'example.net', 'example.org'])}"
        if rnd.random() < 0.6:
            d = f"{rnd.randrange(10**6):06d}"
            pre = rnd.choice(
                [
                    "470",
                    "471",
                    "472",
                    "473",
                    "475",
                    "476",
                    "477",
                    "478",
                    "479",
                    "484",
                    "485",
                    "486",
                    "487",
                    "488",
                    "489",
                    "491",
                    "492",
                    "493",
                    "494",
                    "495",
                    "496",
                    "497",
                    "498",
                    "499",
                ]
            )
            phone = rnd.choice(
                [f"0{pre} {d[:2]} {d[2:4]} {d[4:]}", f"0{pre}/{d[:2]}.{d[2:4]}.{d[4:]}", f"+32{pre}{d}"]
            )
        rec = {
            "person_id": w.person_id(i),
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": phone,
            "gender": g,
            "birth_year": birth,
            "postal_code": postal,
            "municipality": muni,
            "labour_status": labour,
            "education_level": edu,
            "disadvantaged": dis,
            "org_id": w.orgs[org].org_id if org >= 0 else None,
            "consent": consent,
        }
        if not consent and rnd.random() < 0.5:  # no consent: characteristics not asked
            for k in ("gender", "birth_year", "labour_status", "education_level", "disadvantaged"):
                rec[k] = None
        sink.write(rec)
    sink.close()
    return sink.rows


EVENT_TITLES = {
    "network_event": [
        "Netwerkevent De Keet: sociaal en circulair ondernemen",
        "Netwerkontbijt circulaire economie",
        "Netwerkavond: sociale economie ontmoet reguliere economie",
        "Circulair netwerkcafé",
        "Netwerkmoment circulaire ketens in de Denderstreek",
    ],
    "workshop": [
        "Workshop circulaire verdienmodellen",
        "Workshop circulair aankopen voor lokale besturen",
        "Workshop ecodesign",
        "Workshop repareren en hergebruiken in de praktijk",
        "Workshop impact meten",
        "Workshop upcycling van werkkledij",
        "Workshop samenwerken met maatwerkbedrijven",
    ],
    "info_session": [
        "Infosessie CO:KEET-oproep",
        "Infosessie adviesbureau De Keet",
        "Infosessie circulair aankopen",
        "Infosessie subsidies voor circulaire projecten",
    ],
    "intervision": ["Intervisie CO:KEET-deelnemers", "Intervisie circulaire ondernemers"],
    "other": [
        "Bedrijfsbezoek sorteercentrum textiel",
        "Bezoek hersteldienst witgoed",
        "Beursstand De Keet op de ondernemersdag",
    ],
}
HACKATHON_THEMES = [
    ("werkkledij en zorgtextiel", ["textile", "furniture"]),
    ("ICT en meubilair in een tweede leven", ["ict", "furniture"]),
    ("witgoed en verpakkingen", ["electro", "packaging"]),
]
MARKET_DIALOGUE_CHAINS = [
    "textile",
    "ict",
    "furniture",
    "electro",
    "textile",
    "ict",
    "furniture",
    "packaging",
]
MARKET_TOPICS = {
    "textile": "circulaire werkkledij en zorgtextiel",
    "ict": "refurbished ICT voor besturen en scholen",
    "furniture": "circulair kantoor- en zorgmeubilair",
    "electro": "herstel en hergebruik van witgoed",
    "packaging": "herbruikbare verpakkingen",
    "other": "andere circulaire ketens",
}
ORGANISER = {
    "network_event": [0, 0, 1, 3],
    "workshop": [4, 5, 3, 6, 0],
    "hackathon": [4],
    "market_dialogue": [4, 0],
    "info_session": [0, 3, 2],
    "intervision": [3, 6],
    "other": [7, 0],
}


def _build_events(w: World) -> None:
    rnd = _rnd(w.seed, "events")
    aalst = next(i for i, p in enumerate(w.places) if p.name == "Aalst")
    place_cum = list(accumulate(w.place_p))
    raw = []
    for et, base in EVENT_MIX.items():
        k = _n(base, w.scale, minimum=1)
        for j in range(k):
            chains: list[str] = []
            title = ""
            hack = -1
            if et == "network_event":
                d = _rand_date(rnd, D(2021, 6, 1), D(2022, 12, 15))
                if j == 0:
                    d, title = _next_working(D(2021, 6, rnd.randint(8, 24))), "Kick-off De Keet"
                elif j == k - 1 and k > 1:
                    d, title = _next_working(D(2022, 12, rnd.randint(5, 15))), "Slotevent De Keet"
            elif et == "hackathon":
                hack = j
                if j % 2 == 0:
                    d = _rand_date(rnd, D(2021, 10, 15), D(2021, 11, 30), working=False)
                else:
                    d = _rand_date(rnd, D(2022, 4, 1), D(2022, 4, 29), working=False)
                d += DAY * ((4 - d.weekday()) % 7)  # a Friday
                theme, chains = HACKATHON_THEMES[j % len(HACKATHON_THEMES)]
                title = f"CO:KEET hackathon: {theme}"
            elif et == "market_dialogue":
                ch = MARKET_DIALOGUE_CHAINS[j % len(MARKET_DIALOGUE_CHAINS)]
                chains = [ch]
                d = _rand_date(rnd, D(2021, 10, 1), D(2022, 11, 30))
                title = f"Marktdialoog {CHAIN_NL[ch]}: {MARKET_TOPICS[ch]}"
            elif et == "intervision":
                d = _rand_date(rnd, D(2022, 3, 1), D(2022, 12, 15))
            else:
                d = _rand_date(rnd, D(2021, 9, 1) if et == "workshop" else D(2021, 6, 1), D(2022, 11, 30))
            if not title:
                title = rnd.choice(EVENT_TITLES[et])
            if et == "workshop" and rnd.random() < 0.5:
                chains = rnd.sample(CHAINS[:5], rnd.choice([1, 1, 2]))
            r = rnd.random()
            if et == "info_session" and r < 0.3:
                place = -1  # online
            elif et in ("hackathon", "network_event") or r < 0.55:
                place = aalst
            else:
                place = min(bisect_right(place_cum, rnd.random() * (1 - OUTSIDE_SHARE)), len(place_cum) - 1)
            organiser = " en ".join(
                PARTNERS[x][0] for x in ([4, 5] if et == "hackathon" else [rnd.choice(ORGANISER[et])])
            )
            size = max(4, round(rnd.gauss(EVENT_SIZE[et], EVENT_SIZE[et] * 0.25)))
            raw.append((d, et, title, place, chains, organiser, size, hack))
    raw.sort(key=lambda e: (e[0], list(EVENT_MIX).index(e[1]), e[2]))
    eid = _ids("EVT", len(raw), 3)
    w.events = [
        Event(i, eid(i), et, title, d, place, chains, org, size, hack)
        for i, (d, et, title, place, chains, org, size, hack) in enumerate(raw)
    ]


def _write_events(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "events.write")
    nl = CsvOut(out / "evenementen_2021.csv", "events", NL_EXCEL)
    en = CsvOut(out / "Events 2022.csv", "events", EN)
    for e in w.events:
        postal, muni = _place_fields(w.places[e.place], rnd) if e.place >= 0 else ("", "")
        rec = {
            "event_id": e.event_id,
            "event_type": e.event_type,
            "title": e.title,
            "date": e.date,
            "postal_code": postal,
            "municipality": muni,
            "chains": e.chains,
            "organiser": e.organiser,
        }
        (nl if e.date.year == 2021 else en).write(rec)
    nl.close()
    en.close()
    return nl.rows + en.rows


def _build_applications(w: World) -> None:
    rnd = _rnd(w.seed, "applications")
    hacks = [e for e in w.events if e.event_type == "hackathon"]
    n_open = _n(1, w.scale)
    calls = []  # (call_id, opens, deadline, decision, hackathon event index)
    for k, h in enumerate(hacks):
        opens = h.date + DAY * 3
        deadline = h.date + DAY * rnd.randint(40, 50)
        calls.append((opens, deadline, _next_working(deadline + DAY * rnd.randint(14, 21)), h.idx, 10.5))
    for _ in range(n_open):
        opens = D(2022, 11, rnd.randint(7, 21))
        calls.append((opens, D(2023, 1, 31), D(2023, 2, 20), -1, 4.0))
    calls.sort(key=lambda c: (c[0], c[3]))
    n = _n(BASE["applications"], w.scale, minimum=len(calls) + 3)
    # largest-remainder split of the applications over the calls
    total_w = sum(c[4] for c in calls)
    quota = [n * c[4] / total_w for c in calls]
    counts = [int(q) for q in quota]
    for j in sorted(range(len(calls)), key=lambda j: -(quota[j] - counts[j]))[: n - sum(counts)]:
        counts[j] += 1
    lead_pool = w.org_cum(
        lambda o: (
            o.org_type
            in ("startup", "social_economy", "established_company", "citizen_org", "care_institution")
            and o.idx >= N_PARTNERS
        )
    )
    se_pool = w.org_cum(lambda o: o.social and o.idx >= N_PARTNERS)
    reg_pool = w.org_cum(lambda o: not o.social and o.idx >= N_PARTNERS)
    cw = max(1, len(str(len(calls))))
    apps_raw = []
    for c_no, ((opens, deadline, decision, hack, _), k) in enumerate(zip(calls, counts)):
        call_id = f"COKEET-{c_no + 1:0{cw}d}"
        decided = decision <= PROJECT_END
        prog_start = _next_working(decision + DAY * 14)
        prog_end = prog_start + DAY * rnd.randint(210, 240)
        statuses = ["submitted"] * k
        if decided:
            order = list(range(k))
            rnd.shuffle(order)
            n_wd = max(1 if k >= 6 else 0, round(0.08 * k))
            n_sel = max(1, round(0.5 * k))
            sel = order[n_wd : n_wd + n_sel]
            for j in order[:n_wd]:
                statuses[j] = "withdrawn"
            for j in order[n_wd + n_sel :]:
                statuses[j] = "rejected"
            if prog_end <= PROJECT_END - DAY * 7:
                n_drop = max(1, round(0.2 * len(sel))) if len(sel) >= 3 else 0
                for m, j in enumerate(sel):
                    statuses[j] = "dropped_out" if m < n_drop else "completed"
            else:
                n_wait = max(1, round(0.15 * len(sel))) if len(sel) >= 3 else 0
                n_drop = round(0.1 * len(sel))
                for m, j in enumerate(sel):
                    statuses[j] = (
                        "selected" if m < n_wait else "dropped_out" if m < n_wait + n_drop else "in_programme"
                    )
        leads: set[int] = set()
        for j in range(k):
            lead = w.pick_org(rnd, lead_pool)
            for _ in range(20):
                if lead not in leads:
                    break
                lead = w.pick_org(rnd, lead_pool)
            leads.add(lead)
            lo = w.orgs[lead]
            partners: list[int] = []
            if rnd.random() < 0.4:
                pool = reg_pool if lo.social else se_pool
                partners = sorted({w.pick_org(rnd, pool) for _ in range(rnd.choice([1, 1, 2]))} - {lead})
            hack_chains = w.events[hack].chains if hack >= 0 else []
            chain = (
                lo.chain
                if lo.chain and (not hack_chains or rnd.random() < 0.4)
                else (rnd.choice(hack_chains) if hack_chains else rnd.choices(CHAINS, CHAIN_W)[0])
            )
            st = statuses[j]
            score = None
            if st in ("selected", "in_programme", "completed", "dropped_out"):
                score = round(rnd.uniform(64, 93), 1)
            elif st == "rejected":
                score = round(rnd.uniform(32, 66), 1)
            sub = _rand_date(rnd, opens, min(deadline, PROJECT_END), working=False)
            started = st in ("in_programme", "completed", "dropped_out")
            apps_raw.append(
                {
                    "call_id": call_id,
                    "submitted_on": sub,
                    "lead": lead,
                    "partners": partners,
                    "chain": chain,
                    "challenge": rnd.choice(CHALLENGES[chain]),
                    "from_hackathon": hack >= 0 and rnd.random() < 0.7,
                    "status": st,
                    "score": score,
                    "decided_on": decision if st not in ("submitted", "withdrawn") else None,
                    "hackathon_event": hack,
                    "programme_start": prog_start if started else None,
                    "programme_end": min(prog_end, PROJECT_END) if started else None,
                }
            )
    apps_raw.sort(key=lambda a: (a["call_id"], a["submitted_on"], a["lead"]))
    aid = _ids("APP", len(apps_raw), 3)
    w.apps = [App(idx=i, application_id=aid(i), **a) for i, a in enumerate(apps_raw)]


def _build_collaborations(w: World) -> None:
    rnd = _rnd(w.seed, "collaborations")
    n = _n(BASE["collaborations"], w.scale)
    se_by_chain = {
        ch: w.org_cum(lambda o, ch=ch: o.social and ch in o.chains, fallback=lambda o: o.social)
        for ch in CHAINS
    }
    se_any = w.org_cum(lambda o: o.social)
    reg_pool = w.org_cum(lambda o: not o.social and o.org_type != "citizen_org" and o.idx >= N_PARTNERS)
    buyers = {  # purchasing power: governments, care institutions, large companies
        "public": w.org_cum(lambda o: o.org_type == "public_body" and o.idx >= N_PARTNERS),
        "care": w.org_cum(lambda o: o.org_type == "care_institution"),
        "private": w.org_cum(lambda o: o.org_type == "established_company" and o.size in ("medium", "large")),
    }
    raw = []
    for _ in range(n):
        chain = rnd.choices(CHAINS, CHAIN_W)[0]
        ctype = rnd.choice(COLLAB_TYPES[chain])
        se = w.pick_org(rnd, se_by_chain[chain] if rnd.random() < 0.8 else se_any)
        r = rnd.random()
        if r < 0.06:  # two social-economy organisations
            others = {w.pick_org(rnd, se_any)}
        elif r < 0.12:  # two regular organisations
            se = w.pick_org(rnd, reg_pool)
            others = {w.pick_org(rnd, reg_pool)}
        elif ctype == "circular_procurement":
            others = {w.pick_org(rnd, buyers[rnd.choices(list(buyers), [0.4, 0.3, 0.3])[0]])}
        else:
            others = {w.pick_org(rnd, reg_pool) for _ in range(rnd.choice([1, 1, 1, 2]))}
        others.discard(se)
        for _ in range(50):
            if others:
                break
            others = {w.pick_org(rnd, reg_pool)} - {se}
        orgs = [se, *sorted(others)]
        value = buyer = None
        if ctype == "circular_procurement" or (ctype == "supply" and rnd.random() < 0.3):
            value = round(math.exp(rnd.uniform(math.log(4000), math.log(250000))) / 50) * 50.0
            if rnd.random() < 0.3:
                value += rnd.choice([0.5, 0.25, 0.75])
            bt = w.orgs[orgs[-1]].org_type
            buyer = "public" if bt == "public_body" else "care" if bt == "care_institution" else "private"
        elif rnd.random() < 0.4:
            buyer = "none"
        started = _rand_date(rnd, D(2021, 6, 1), D(2022, 12, 20))
        raw.append((started, chain, orgs, ctype, value, buyer))
    raw.sort(key=lambda c: (c[0], c[1], c[2]))
    cid = _ids("COL", len(raw), 3)
    w.collabs = [Collab(i, cid(i), ch, orgs, ct, st, v, b) for i, (st, ch, orgs, ct, v, b) in enumerate(raw)]


def _write_collaborations(w: World, out: Path) -> int:
    sink = CsvOut(out / "collaborations.csv", "collaborations", EN)
    for c in w.collabs:
        sink.write(
            {
                "collaboration_id": c.collaboration_id,
                "chain": c.chain,
                "org_ids": [w.orgs[o].org_id for o in c.orgs],
                "collaboration_type": c.collaboration_type,
                "started_on": c.started_on,
                "procurement_value_eur": c.value,
                "buyer_type": c.buyer_type,
            }
        )
    sink.close()
    return sink.rows


# ----------------------------------------------------------------------------------------------------------
# Streams: attendance, intakes, programme, material flows, jobs
# ----------------------------------------------------------------------------------------------------------


def _write_attendance(w: World, out: Path) -> int:
    rng = _np(w.seed, "attendance")
    files = {
        "2021": CsvOut(out / "attendance_2021.csv", "attendance", EN),
        "2022H1": CsvOut(out / "attendance_2022_H1.csv", "attendance", EN),
        "2022H2": CsvOut(out / "aanwezigheden_2022_H2.csv", "attendance", NL_EXCEL),
    }
    role_fmt = {k: _formatter(RECORD_TYPES["attendance"].column("role"), f.style) for k, f in files.items()}
    role_words = {k: {r: fm(r) for r in ENUMS["role"]} for k, fm in role_fmt.items()}
    role_words["2022H1"]["participant"] = ""  # this list tool leaves the default role (participant) empty
    person_org = w.person_org
    has_org = person_org >= 0
    # chain interest of each person (through the organisation): market dialogues draw chain actors
    org_chain = np.array([[ch in o.chains for ch in CHAINS] for o in w.orgs] + [[False] * len(CHAINS)])
    person_chain = org_chain[np.where(has_org, person_org, len(w.orgs))]
    cum_all = _cum(w.person_weight)
    cum_chain = {
        ch: _cum(w.person_weight * np.where(person_chain[:, j], 5.0, 1.0) * np.where(has_org, 1.0, 0.5))
        for j, ch in enumerate(CHAINS)
    }
    staff = np.flatnonzero(has_org & (person_org < N_PARTNERS))
    with_org = np.flatnonzero(has_org & (person_org >= N_PARTNERS))
    org_only_pool = w.org_cum(lambda o: o.idx >= N_PARTNERS)
    leads_by_hack: dict[int, list[int]] = {}
    for a in w.apps:
        if a.from_hackathon and a.hackathon_event >= 0:
            leads_by_hack.setdefault(a.hackathon_event, []).append(a.lead)
    speakers_max = {
        "network_event": 3,
        "workshop": 2,
        "info_session": 1,
        "market_dialogue": 2,
        "hackathon": 2,
        "other": 1,
        "intervision": 0,
    }
    for e in w.events:
        key = "2021" if e.date.year == 2021 else "2022H1" if e.date.month <= 6 else "2022H2"
        n_org_only = round(e.size * (0.2 if e.event_type == "market_dialogue" else 0.07))
        n_organisers = int(rng.integers(1, 3))
        n_speakers = int(rng.integers(0, speakers_max[e.event_type] + 1))
        n_jury = int(rng.integers(3, 5)) if e.event_type == "hackathon" else 0
        crew = [int(p) for p in rng.choice(staff, size=min(n_organisers + n_jury, len(staff)), replace=False)]
        organisers, jury = crew[:n_organisers], crew[n_organisers:]
        taken = set(crew)
        speakers = [
            p
            for p in dict.fromkeys(int(x) for x in with_org[rng.integers(0, len(with_org), n_speakers)])
            if p not in taken
        ]
        taken |= set(speakers)
        n_part = max(1, e.size - len(taken) - n_org_only)
        cum = cum_chain[e.chains[0]] if e.chains else cum_all
        draws = _draw(rng, cum, int(n_part * 1.3) + 3).tolist()
        parts = [p for p in dict.fromkeys(draws) if p not in taken][:n_part]
        keep_org: set[int] = set()
        forced_orgs: list[int] = []
        present = {int(person_org[p]) for p in taken.union(parts)}
        for lead in leads_by_hack.get(e.idx, []):  # the hackathon's applicants were there
            ppl = w.people_of(lead)
            if lead in present:
                keep_org.update(p for p in parts if person_org[p] == lead)
            elif len(ppl):
                p = int(ppl[int(rng.integers(0, len(ppl)))])
                parts.append(p)
                keep_org.add(p)
                present.add(lead)
            else:
                forced_orgs.append(lead)
        parts.sort()
        rows: list[tuple[int, int, str]] = []  # (person, organisation, role); -1: not filled in
        for role, people in (
            ("organiser", organisers),
            ("jury", jury),
            ("speaker", speakers),
            ("participant", parts),
        ):
            for p in people:
                o = int(person_org[p])
                if o >= 0 and role == "participant" and p not in keep_org and rng.random() < 0.2:
                    o = -1  # the list did not capture the organisation
                rows.append((p, o, role))
        orgs_present = {o for _, o, _ in rows if o >= 0}
        extra = [int(x) for x in org_only_pool[0][_draw(rng, org_only_pool[1], n_org_only)]] + forced_orgs
        for o in dict.fromkeys(extra):  # organisations that registered without naming a person
            if o not in orgs_present:
                rows.append((-1, o, "participant"))
                orgs_present.add(o)
        sink = files[key]
        words = role_words[key]
        for p, o, role in rows:  # fast path (millions of rows at big scales): values written as they are
            sink.write_raw(
                [
                    e.event_id,
                    w.person_id(p) if p >= 0 else "",
                    w.orgs[o].org_id if o >= 0 else "",
                    words[role],
                ]
            )
    for s in files.values():
        s.close()
    return sum(s.rows for s in files.values())


def _write_intakes(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "intakes")
    n = _n(BASE["intakes"], w.scale, minimum=35)
    iid = _ids("INT", n, 4)
    start, end = D(2021, 5, 3), D(2022, 12, 23)
    span = (end - start).days
    days = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.7:
            days.append(rnd.randint(0, span))
        elif r < 0.85:
            days.append((D(2021, 6, 1) - start).days + rnd.randint(0, 120))
        else:
            days.append((D(2022, 2, 1) - start).days + rnd.randint(0, 120))
    days.sort()
    pools = {
        "starter": w.org_cum(lambda o: o.org_type == "startup", flat=True),
        "established": w.org_cum(
            lambda o: (
                o.org_type in ("established_company", "social_economy", "care_institution", "other")
                and o.idx >= N_PARTNERS
            ),
            flat=True,
        ),
        "citizen_org": w.org_cum(lambda o: o.org_type == "citizen_org" and o.idx >= N_PARTNERS, flat=True),
    }
    mess = (MESS_AALTS_INTAKE, MESS_DATE_ORDER_INTAKE)  # otherwise plain: accepted, invited in time
    no_org_people = np.flatnonzero(w.person_org < 0)
    sink = CsvOut(out / "intakes_2021-2022.csv", "intakes", NL_EXCEL)
    for i in range(n):
        sub = start + DAY * days[i]
        stage = rnd.choices(
            ["prestarter", "starter", "established", "citizen_org"], [0.28, 0.25, 0.35, 0.12]
        )[0]
        if i in NAME_ONLY_INTAKES and stage == "prestarter":
            stage = "starter"
        org = person = -1
        if stage == "prestarter":
            person = int(no_org_people[rnd.randrange(len(no_org_people))])
            place = w.places[w.person_place[person]]
        else:
            org = w.pick_org(rnd, pools[stage])
            for _ in range(50):  # the deliberate-mess rows are otherwise plain: an organisation in the region
                if i not in mess or w.places[w.orgs[org].place].in_region:
                    break
                org = w.pick_org(rnd, pools[stage])
            ppl = w.people_of(org)
            if len(ppl) and rnd.random() < 0.7:
                person = int(ppl[rnd.randrange(len(ppl))])
            place = w.places[w.orgs[org].place]
        postal, muni = _place_fields(place, rnd)
        if i == MESS_AALTS_INTAKE:
            postal, muni = "", "Aalts"
            place = next(p for p in w.places if p.name == "Aalst")
        chain = (w.orgs[org].chain if org >= 0 else None) or rnd.choices(CHAINS, CHAIN_W)[0]
        circular = rnd.random() < 0.9
        if i in mess:
            decision = "accepted"
            circular = True
        elif i == n - 1 or ((PROJECT_END - sub).days < 30 and rnd.random() < 0.6):
            decision = "pending"  # still being looked at when the data were exported
        elif not circular:
            decision = "rejected" if rnd.random() < 0.8 else "referred"
        elif not place.in_region:
            decision = "referred" if rnd.random() < 0.6 else "rejected"
        else:
            decision = rnd.choices(["accepted", "referred", "rejected"], [0.78, 0.15, 0.07])[0]
        invited = advice = report = None
        minutes = None
        follow = None
        referred_to = None
        if decision == "accepted":
            r = rnd.random()
            if i in mess:
                r = 0.0
            if r < 0.95:
                k = rnd.choice([0, 1, 1, 1, 2, 2, 3, 3]) if r < 0.85 else rnd.randint(4, 9)
                if k == 0 and not _is_working(sub):
                    k = 1
                invited = _add_working_days(sub, k)
                advice = _next_working(invited + DAY * rnd.randint(3, 21))
                if rnd.random() < 0.92 or i in mess:
                    report = _next_working(advice + DAY * rnd.randint(2, 25))
                minutes = rnd.choices([60, 45, 75, 90, None], [0.7, 0.05, 0.08, 0.07, 0.1])[0]
                follow = rnd.choices(
                    ["none", "follow_up_meeting", "project_board", "referral", None],
                    [0.45, 0.28, 0.15, 0.07, 0.05],
                )[0]
                if invited > PROJECT_END:
                    invited = advice = report = minutes = follow = None
                elif advice > PROJECT_END:
                    advice = report = minutes = follow = None
                elif report and report > PROJECT_END:
                    report = None
        elif decision == "referred":
            referred_to = rnd.choice(REFERRAL_TARGETS)
            follow = "referral" if rnd.random() < 0.5 else None
        elif decision == "rejected":
            follow = "none" if rnd.random() < 0.5 else None
        if i == MESS_DATE_ORDER_INTAKE and advice and report:
            advice, report = report, advice  # the two dates typed into each other's column
        org_id = w.orgs[org].org_id if org >= 0 else None
        org_name = w.orgs[org].name if org >= 0 and rnd.random() < 0.5 else None
        if i in NAME_ONLY_INTAKES and org >= 0:
            org_id = None
            org_name = w.orgs[org].name if NAME_ONLY_INTAKES[i] == "as_is" else w.orgs[org].name.lower()
        sink.write(
            {
                "intake_id": iid(i),
                "submitted_on": sub,
                "org_id": org_id,
                "org_name": org_name,
                "person_id": w.person_id(person) if person >= 0 else None,
                "applicant_stage": stage,
                "postal_code": postal,
                "municipality": muni,
                "chain": chain,
                "is_circular": circular,
                "social_employment": rnd.choices([True, False, None], [0.25, 0.55, 0.2])[0],
                "decision": decision,
                "referred_to": referred_to,
                "invited_on": invited,
                "advice_on": advice,
                "advice_minutes": minutes,
                "report_sent_on": report,
                "follow_up": follow,
            }
        )
    sink.close()
    return sink.rows


SESSION_PLAN = [  # (type, first day, every n days, at most, hours choices, coach organisations)
    ("design_sprint", 2, 9, 2, [6, 7, 7.5, 8], [4]),
    ("coaching", 12, 50, 99, [1, 1.5, 2, 2.5], COACH_ORGS),
    ("mentoring", 20, 80, 99, [1, 1.5], [3, 5]),
    ("intervision", 35, 110, 99, [2, 2.5, 3], [3]),
    ("network_moment", 50, 130, 99, [2, 3, 4], [0]),
    ("workshop", 40, 1, 1, [3, 3.5, 4], [4, 5]),
]
OUTCOME_TEXT = {
    "new_product": {
        "textile": "Nieuwe lijn werkkledij uit gerecycleerde vezels",
        "electro": "Gereviseerde wasmachines met twee jaar garantie",
        "ict": "Refurbished laptoppakket voor scholen",
        "furniture": "Modulair bureau uit hergebruikt hout",
        "packaging": "Herbruikbare verzenddoos voor lokale webshops",
        "other": "Bouwpakket uit restmateriaal",
    },
    "new_service": {
        "textile": "Herstelservice voor zorgkledij",
        "electro": "Herstelabonnement voor witgoed",
        "ict": "Terugname- en refurbishdienst voor bedrijfslaptops",
        "furniture": "Opknapservice voor schoolmeubilair",
        "packaging": "Ophaaldienst voor kratten en pallets",
        "other": "Fietsherstel op locatie",
    },
    "new_business_model": "Verhuur in plaats van verkoop (product-as-a-service)",
    "partnership": "Structurele samenwerking met een maatwerkbedrijf",
    "funding_secured": "Financiering voor een pilootproject verkregen",
    "other": "Circulaire aankoopclausule opgenomen in een bestek",
}


def _outcome_text(otype: str, chain: str) -> str:
    t = OUTCOME_TEXT[otype]
    return t[chain] if isinstance(t, dict) else t


def _write_programme(w: World, out: Path) -> dict[str, int]:
    rnd = _rnd(w.seed, "programme")
    xlsx = out / "coker_programma.xlsx"
    apps = XlsxSheet(
        "aanvragen", "applications", NL_XLSX, XLSX_CAP["applications"], out / "applications_extra.csv"
    )
    sess = XlsxSheet(
        "sessies",
        "programme_sessions",
        NL_XLSX,
        XLSX_CAP["programme_sessions"],
        out / "programme_sessions_extra.csv",
    )
    outs = XlsxSheet("resultaten", "outcomes", NL_XLSX, XLSX_CAP["outcomes"], out / "outcomes_extra.csv")
    sid = _ids("SES", 16 * sum(1 for a in w.apps if a.programme_start), 4)  # id width from an upper bound
    s_no = 0
    outcomes_raw: list[tuple] = []
    for a in w.apps:
        apps.write(
            {
                "application_id": a.application_id,
                "call_id": a.call_id,
                "submitted_on": a.submitted_on,
                "lead_org_id": w.orgs[a.lead].org_id,
                "partner_org_ids": [w.orgs[p].org_id for p in a.partners],
                "chain": a.chain,
                "challenge": a.challenge,
                "from_hackathon": a.from_hackathon,
                "status": a.status,
                "committee_score": a.score,
                "decided_on": a.decided_on,
            }
        )
        if not a.programme_start:
            continue
        stop = a.programme_end
        if a.status == "dropped_out":
            stop = min(stop, a.programme_start + DAY * rnd.randint(30, 90))
        plan = []
        for stype, first, every, at_most, hours, coaches in SESSION_PLAN:
            d = a.programme_start + DAY * (first + rnd.randint(-2, 2))
            made = 0
            while d <= stop and made < at_most:
                made += 1
                day = _next_working(d)
                if day <= stop:
                    coach = rnd.choice(coaches)
                    plan.append(
                        (day, stype, rnd.choice(hours), w.orgs[coach].org_id if rnd.random() < 0.85 else None)
                    )
                d += DAY * (every + rnd.randint(-4, 4))
        plan.sort(key=lambda s: (s[0], s[1]))
        for day, stype, hours, coach in plan:
            sess.write(
                {
                    "session_id": sid(s_no),
                    "application_id": a.application_id,
                    "session_type": stype,
                    "date": day,
                    "hours": hours,
                    "coach_org_id": coach,
                }
            )
            s_no += 1
        if a.status in ("completed", "in_programme"):
            k = rnd.choice([2, 3, 3]) if a.status == "completed" else (1 if rnd.random() < 0.7 else 0)
            types = rnd.sample(
                ["new_product", "new_service", "new_business_model", "partnership", "funding_secured"], k
            )
            for t in types:
                lo = a.programme_start + DAY * 60
                hi = min(a.programme_end + DAY * 30, PROJECT_END)
                if lo > hi:
                    continue
                outcomes_raw.append(
                    (
                        _rand_date(rnd, lo, hi),
                        a.application_id,
                        w.orgs[a.lead].org_id if rnd.random() < 0.6 else None,
                        t,
                        _outcome_text(t, a.chain),
                        rnd.random() < 0.6,
                    )
                )
    # outcomes of the value-chain work: organisation only, no application
    for c in w.collabs[: _n(5, w.scale)]:
        t = rnd.choice(["partnership", "partnership", "other", "new_service"])
        outcomes_raw.append(
            (
                min(PROJECT_END, c.started_on + DAY * rnd.randint(20, 120)),
                None,
                w.orgs[c.orgs[0]].org_id,
                t,
                _outcome_text(t, c.chain),
                rnd.random() < 0.4,
            )
        )
    outcomes_raw.sort(key=lambda o: (o[0], o[1] or "", o[2] or ""))
    oid = _ids("OUT", len(outcomes_raw), 3)
    for o_no, (achieved, app_id, org_id, t, text, promoted) in enumerate(outcomes_raw):
        outs.write(
            {
                "outcome_id": oid(o_no),
                "application_id": app_id,
                "org_id": org_id,
                "outcome_type": t,
                "description": text,
                "achieved_on": achieved,
                "promoted": promoted,
            }
        )
    _save_workbook(xlsx, [apps, sess, outs])
    for s in (apps, sess, outs):
        s.close()
    return {"applications": apps.count, "programme_sessions": sess.count, "outcomes": outs.count}


def _quarters() -> list[tuple[D, D]]:
    q = [(PROJECT_START, D(2021, 6, 30))]
    for y in (2021, 2022):
        for m in (7, 10) if y == 2021 else (1, 4, 7, 10):
            s = D(y, m, 1)
            e = (D(y, m + 3, 1) if m < 10 else D(y + 1, 1, 1)) - DAY
            q.append((s, e))
    return q


def _write_material_flows(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "material_flows")
    target = _n(BASE["material_flows"], w.scale, minimum=10)
    periods = _quarters()
    se_by_chain = {
        ch: w.org_cum(lambda o, ch=ch: o.social and ch in o.chains, fallback=lambda o: o.social)
        for ch in CHAINS
    }
    other_pool = w.org_cum(
        lambda o: (
            o.org_type in ("established_company", "care_institution", "public_body") and o.idx >= N_PARTNERS
        )
    )
    prog_apps = [a for a in w.apps if a.status in ("completed", "in_programme")]
    lines = []  # (start period, org, chain, product, r, collab id, app id, qty base, weight shown, rc, ext)
    total = 0
    while total < target:
        if not lines:
            chain, product, org, col, app, start = "furniture", SOFA, KRINGWINKEL, None, None, 0
        elif len(lines) <= len(FORCED_LINES):
            chain, cat = FORCED_LINES[len(lines) - 1]
            product = next(p for p in PRODUCTS[chain] if p[0] == cat)
            org, col, app = w.pick_org(rnd, se_by_chain[chain]), None, None
            start = rnd.choice([0, 0, 1, 2])
        else:
            r = rnd.random()
            col = app = None
            if r < 0.25 and w.collabs:
                c = rnd.choice(w.collabs)
                chain, org, col = c.chain, rnd.choice(c.orgs), c.collaboration_id
                start = max(0, next(k for k, (_, pe) in enumerate(periods) if pe >= c.started_on))
            elif r < 0.35 and prog_apps:
                a = rnd.choice(prog_apps)
                chain, org, app = a.chain, a.lead, a.application_id
                start = next(k for k, (_, pe) in enumerate(periods) if pe >= a.programme_start)
            else:
                chain = rnd.choices(CHAINS, CHAIN_W)[0]
                org = w.pick_org(rnd, se_by_chain[chain] if r < 0.9 else other_pool)
                start = rnd.choices(range(len(periods)), [5, 3, 2, 2, 1, 1, 1])[0]
            product = rnd.choice(PRODUCTS[chain])
        cat, rs, unit, uw, (qlo, qhi), rc, ext = product
        strategy = rnd.choices([s for s, _ in rs], [p for _, p in rs])[0]
        shown_weight = (
            uw if unit == "units" and (cat not in REFERENCE_WEIGHT_CATEGORIES or rnd.random() < 0.6) else None
        )
        rc_val = (
            round(rnd.uniform(*rc), 1)
            if rc and (strategy == "recycle" or rc[0] == rc[1] or rnd.random() < 0.5)
            else None
        )
        ext_val = round(rnd.uniform(*ext) * 2) / 2 if ext and rnd.random() < 0.8 else None
        qty = math.exp(rnd.uniform(math.log(qlo), math.log(qhi)))
        lines.append((start, org, chain, cat, strategy, col, app, unit, qty, shown_weight, rc_val, ext_val))
        total += len(periods) - start
    fid = _ids("FLW", total, 4)
    nl = CsvOut(out / "materiaalstromen_2021.csv", "material_flows", NL_CP1252)
    x22 = XlsxSheet(
        "Blad1", "material_flows", EN_XLSX, XLSX_CAP["material_flows"], out / "material_flows_2022_extra.csv"
    )
    n = 0
    for k, (ps, pe) in enumerate(periods):
        months = (pe.year - ps.year) * 12 + pe.month - ps.month + 1
        for start, org, chain, cat, strategy, col, app, unit, qty, uw, rc_val, ext_val in lines:
            if k < start or n >= target:
                continue
            q = qty * months / 3 * (1 + 0.06 * (k - start)) * rnd.lognormvariate(0, 0.25)
            q = max(1.0, round(q)) if unit == "units" else round(q, 2) if unit == "t" else round(q, 1)
            dutch = ps.year == 2021
            rec = {
                "flow_id": fid(n),
                "org_id": w.orgs[org].org_id,
                "collaboration_id": col,
                "application_id": app,
                "period_start": ps,
                "period_end": pe,
                "chain": chain,
                "product_category": "canapé" if (cat == "sofa" and dutch) else cat,
                "r_strategy": strategy,
                "quantity": q,
                "unit": unit,
                "unit_weight_kg": uw,
                "recycled_content_pct": rc_val,
                "lifetime_extension_years": ext_val,
            }
            (nl if dutch else x22).write(rec)
            n += 1
    nl.close()
    _save_workbook(out / "material_flows_2022.xlsx", [x22])
    x22.close()
    return nl.rows + x22.count


TARGET_BY_EMPLOYMENT = {
    "maatwerk": {"disability": 0.45, "psychosocial": 0.3, "very_vulnerable": 0.2, "none": 0.05},
    "art60": {"very_vulnerable": 0.3, "long_term_unemployed": 0.35, "migrant_background": 0.3, "none": 0.05},
    "regular": {
        "none": 0.5,
        "low_qualified": 0.15,
        "youth": 0.1,
        "age_55_plus": 0.1,
        "migrant_background": 0.15,
    },
    "traineeship": {"youth": 0.45, "migrant_background": 0.25, "low_qualified": 0.2, "none": 0.1},
    "volunteer": {"none": 0.6, "age_55_plus": 0.3, "very_vulnerable": 0.1},
}


def _write_jobs(w: World, out: Path) -> int:
    rnd = _rnd(w.seed, "jobs")
    n = _n(BASE["jobs"], w.scale, minimum=10)
    jid = _ids("JOB", n, 4)
    se_pool = w.org_cum(lambda o: o.social)
    reg_pool = w.org_cum(
        lambda o: (
            o.org_type in ("established_company", "care_institution", "public_body") and o.idx >= N_PARTNERS
        )
    )
    cit_pool = w.org_cum(lambda o: o.org_type == "citizen_org")
    prog_apps = [a for a in w.apps if a.status in ("completed", "in_programme")]
    raw = []
    for _ in range(n):
        r = rnd.random()
        col = app = None
        if r < 0.15 and w.collabs:
            c = rnd.choice(w.collabs)
            org, col, earliest = rnd.choice(c.orgs), c.collaboration_id, c.started_on
        elif r < 0.25 and prog_apps:
            a = rnd.choice(prog_apps)
            org, app, earliest = a.lead, a.application_id, a.programme_start
        elif r < 0.8:
            org, earliest = w.pick_org(rnd, se_pool), PROJECT_START
        elif r < 0.93:
            org, earliest = w.pick_org(rnd, reg_pool), PROJECT_START
        else:
            org, earliest = w.pick_org(rnd, cit_pool), PROJECT_START
        o = w.orgs[org]
        if o.social:
            et = rnd.choices(
                ["maatwerk", "art60", "traineeship", "volunteer", "regular"],
                [0.55, 0.15, 0.1, 0.1, 0.1]
                if o.se_type in ("maatwerkbedrijf", "reuse_shop")
                else [0.25, 0.3, 0.15, 0.1, 0.2],
            )[0]
        elif o.org_type == "citizen_org":
            et = rnd.choice(["volunteer", "volunteer", "art60"])
        else:
            et = rnd.choices(["regular", "traineeship", "art60"], [0.6, 0.3, 0.1])[0]
        started = _rand_date(rnd, earliest, PROJECT_END - DAY * 10)
        ended = None
        if et == "traineeship":
            ended = started + DAY * rnd.randint(60, 180)
        elif et == "art60":
            ended = started + DAY * rnd.randint(365, 730)
        elif rnd.random() < 0.15:
            ended = started + DAY * rnd.randint(90, 400)
        if ended and ended > PROJECT_END:
            ended = None
        headcount = rnd.choices([1, rnd.randint(2, 4), rnd.randint(5, 12)], [0.65, 0.25, 0.1])[0]
        fte = round(sum(rnd.choice([0.5, 0.6, 0.8, 1.0]) for _ in range(headcount)), 1)
        tg = _wchoice(rnd, TARGET_BY_EMPLOYMENT[et])
        in_region = w.places[o.place].in_region
        in_region = in_region if rnd.random() < 0.97 else not in_region  # work done at another site
        hours_range = {
            "maatwerk": (20, 160),
            "art60": (10, 80),
            "traineeship": (20, 200),
            "regular": (0, 40),
            "volunteer": (0, 10),
        }[et]
        training = rnd.randint(*hours_range) if rnd.random() < 0.9 else None
        if training is not None and rnd.random() < 0.2:
            training += 0.5
        raw.append((started, org, col, app, ended, headcount, fte, tg, et, in_region, training))
    raw.sort(key=lambda j: (j[0], j[1]))
    sink = CsvOut(out / "jobs.csv", "jobs", EN)
    for i, (started, org, col, app, ended, hc, fte, tg, et, inr, tr) in enumerate(raw):
        sink.write(
            {
                "job_record_id": jid(i),
                "org_id": w.orgs[org].org_id,
                "collaboration_id": col,
                "application_id": app,
                "started_on": started,
                "ended_on": ended,
                "headcount": None if i == MESS_MISSING_HEADCOUNT_JOB else hc,
                "fte": fte,
                "target_group": tg,
                "employment_type": et,
                "in_region": inr,
                "training_hours": tr,
            }
        )
    sink.close()
    return sink.rows


# ----------------------------------------------------------------------------------------------------------
# Entry points
# ----------------------------------------------------------------------------------------------------------

OUTPUT_FILES = (
    "organisations.csv",
    "organisaties_sociale_economie.csv",
    "people.csv",
    "intakes_2021-2022.csv",
    "evenementen_2021.csv",
    "Events 2022.csv",
    "attendance_2021.csv",
    "attendance_2022_H1.csv",
    "aanwezigheden_2022_H2.csv",
    "coker_programma.xlsx",
    "applications_extra.csv",
    "programme_sessions_extra.csv",
    "outcomes_extra.csv",
    "collaborations.csv",
    "materiaalstromen_2021.csv",
    "material_flows_2022.xlsx",
    "material_flows_2022_extra.csv",
    "jobs.csv",
)


def generate(out_dir: Path, seed: int = 42, scale: float = 1.0) -> dict[str, int]:
    """Write a demo delivery set into `out_dir`; return the rows written per record type.

    Same `seed` and `scale` give byte-identical files. Files this generator owns that a run does not produce
    (the `*_extra.csv` overflow of a bigger earlier run) are removed; nothing else in `out_dir` is touched.
    """
    if scale <= 0:
        raise ValueError("scale must be > 0")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        (out / name).unlink(missing_ok=True)
    places, place_p = _load_places()
    w = World(seed=seed, scale=scale, places=places, place_p=place_p)
    _build_orgs(w)
    _build_people(w)
    _build_events(w)
    _build_applications(w)
    _build_collaborations(w)
    counts = {"organisations": _write_orgs(w, out), "people": _write_people(w, out)}
    counts["intakes"] = _write_intakes(w, out)
    counts["events"] = _write_events(w, out)
    counts["attendance"] = _write_attendance(w, out)
    counts.update(_write_programme(w, out))
    counts["collaborations"] = _write_collaborations(w, out)
    counts["material_flows"] = _write_material_flows(w, out)
    counts["jobs"] = _write_jobs(w, out)
    return {name: counts[name] for name in RECORD_TYPES}


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.demo_data",
        description="Write deterministic demo exports of the De Keet programme.",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="volume multiplier (1: ~600 people, ~1,500 attendance rows)"
    )
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help=f"output folder (default {SAMPLE_DIR})")
    args = parser.parse_args(list(argv) if argv is not None else None)
    counts = generate(args.out, seed=args.seed, scale=args.scale)
    for name, rows in counts.items():
        print(f"{name:<20} {rows:>12,}")
    print(f"{'total':<20} {sum(counts.values()):>12,}  -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
