"""Every text of the funder report in Dutch and English: one table, looked up with `t(key, lang)`.

Texts with `{name}` placeholders are filled with `t(key, lang, name=...)`.
"""

from __future__ import annotations

LANGS = ("nl", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # ---- cover
    "report_title": ("ESF-voortgangsrapport", "ESF progress report"),
    "project_name": ("De Keet – sociaal-circulaire hub regio Aalst", "De Keet – social-circular hub, Aalst region"),
    "funded_by": (
        ("Gefinancierd door ESF Vlaanderen en Vlaanderen Circulair, als een van de 12 circulaire hubs met sociale "
        "impact in Vlaanderen."),
        ("Funded by ESF Vlaanderen and Vlaanderen Circulair as one of the 12 circular hubs with social impact in "
        "Flanders."),
    ),
    "cover_period": ("Verslagperiode", "Reporting period"),
    "cover_project_period": ("Projectperiode", "Project period"),
    "cover_cutoff": ("Afsluitdatum gegevens", "Data cut-off"),
    "cover_snapshot": ("Momentopname van de gegevens", "Data snapshot taken"),
    "cover_generated": ("Rapport aangemaakt", "Report generated"),
    "cover_partners": ("Partners", "Partners"),
    "lead_partner": ("(hoofdpartner)", "(lead partner)"),
    "cover_empty": (
        ("Voor deze periode zijn er geen gegevens: er werden geen kengetallen berekend. Dit rapport bevat daarom "
        "alleen de bijlagen over datakwaliteit, methode en herkomst."),
        ("There are no data for this period: no indicators were computed. This report therefore only holds the "
        "annexes on data quality, methods and provenance."),
    ),
    "legend_title": ("Lezen van de tabellen", "Reading the tables"),
    "legend_primary": (
        "<5   1 tot 4 personen: niet gepubliceerd om de privacy te beschermen.",
        "<5   1 to 4 people: not published, to protect privacy.",
    ),
    "legend_secondary": (
        ("x    verborgen zodat een klein aantal niet uit een totaal kan worden afgeleid (secundaire geheimhouding), "
        "of een verhouding op zo'n aantal."),
        ("x    hidden so that a small count cannot be derived from a total (secondary suppression), or a ratio on "
        "such a count."),
    ),
    "legend_missing": ("–    geen waarde voor deze cel.", "–    no value for this cell."),
    "toc_title": ("Inhoud", "Contents"),
    "page": ("pagina", "page"),
    # ---- sections
    "sec_empty": ("Geen gegevens voor deze periode", "No data for this period"),
    "sec_summary": ("Samenvatting: kerncijfers en doelen", "Summary: key figures and targets"),
    "sec_esf": ("ESF-deelnemersindicatoren naar geslacht", "ESF participant indicators by gender"),
    "sec_entity": ("Entiteitsindicator: ondersteunde kmo's", "Entity indicator: SMEs supported"),
    "sec_advisory": ("Adviesbureau", "Advisory desk"),
    "sec_accelerator": ("CO:KEET-accelerator", "CO:KEET accelerator"),
    "sec_value_chains": ("Waardeketens", "Value chains"),
    "sec_circular": ("Circulaire impact", "Circular impact"),
    "sec_social": ("Sociale impact", "Social impact"),
    "sec_map": ("Kaart van de regio", "Map of the region"),
    "sec_revisions": ("Herziene cijfers", "Revised figures"),
    "sec_quality": ("Bijlage A – Datakwaliteit", "Annex A – Data quality"),
    "sec_methods": ("Bijlage B – Methode en definities", "Annex B – Methods and definitions"),
    "sec_provenance": ("Bijlage C – Herkomst", "Annex C – Provenance"),
    # sheet names (max 31 characters)
    "sheet_report": ("Rapport", "Report"),
    "sheet_summary": ("Samenvatting", "Summary"),
    "sheet_esf": ("ESF-deelnemers", "ESF participants"),
    "sheet_entity": ("Kmo's", "SMEs"),
    "sheet_advisory": ("Adviesbureau", "Advisory desk"),
    "sheet_accelerator": ("Accelerator", "Accelerator"),
    "sheet_value_chains": ("Waardeketens", "Value chains"),
    "sheet_circular": ("Circulaire impact", "Circular impact"),
    "sheet_social": ("Sociale impact", "Social impact"),
    "sheet_map": ("Gemeenten", "Municipalities"),
    "sheet_revisions": ("Herzieningen", "Revisions"),
    "sheet_quality": ("Datakwaliteit", "Data quality"),
    "sheet_methods": ("Definities", "Definitions"),
    "sheet_provenance": ("Herkomst", "Provenance"),
    "sheet_empty": ("Geen gegevens", "No data"),
    # ---- generic
    "not_available": (
        "Niet beschikbaar: de tabel {table} zit niet in deze momentopname.",
        "Not available: table {table} is not in this snapshot.",
    ),
    "no_rows": ("Geen gegevens voor deze periode.", "No data for this period."),
    "col_indicator": ("Indicator", "Indicator"),
    "col_code": ("Code", "Code"),
    "col_value": ("Waarde", "Value"),
    "col_unit": ("Eenheid", "Unit"),
    "col_breakdown": ("Opsplitsing", "Breakdown"),
    "col_dimension": ("Dimensie", "Dimension"),
    "col_municipality": ("Gemeente", "Municipality"),
    "col_chain": ("Keten", "Chain"),
    "col_period": ("Periode", "Period"),
    "col_month": ("Maand", "Month"),
    "col_figure": ("Cijfer", "Figure"),
    "col_old": ("Vorige waarde", "Previous value"),
    "col_new": ("Nieuwe waarde", "New value"),
    "whole_region": ("Hele regio", "Whole region"),
    "outside_region": ("Buiten de regio", "Outside the region"),
    "all_chains": ("alle ketens", "all chains"),
    # ---- summary
    "key_figures": ("Kerncijfers van de periode (hele regio, alle ketens)",
                    "Key figures of the period (whole region, all chains)"),
    "targets_title": ("Doelen: gerealiseerd tegenover doel", "Targets: realised against target"),
    "targets_title_project": (
        "Doelen: stand over het hele project op de afsluitdatum",
        "Targets: whole project to the data cut-off",
    ),
    "col_realised": ("Gerealiseerd", "Realised"),
    "col_target": ("Doel", "Target"),
    "col_reached": ("Bereikt", "Reached"),
    "col_expected": ("Verwacht op afsluitdatum", "Expected at cut-off"),
    "col_confirmed": ("Doel bevestigd", "Target confirmed"),
    "unconfirmed": ("onbevestigd", "unconfirmed"),
    "targets_note": (
        ("Doelen uit het geversioneerde doelenbestand, zoals berekend in marts.kpi_progress. 'Verwacht' is het "
        "percentage dat lineair over de projectperiode op de afsluitdatum bereikt zou zijn. Doelen met "
        "'onbevestigd' zijn voorlopig en moeten nog vervangen worden door die van de subsidieovereenkomst."),
        ("Targets from the versioned targets file, as computed in marts.kpi_progress. 'Expected' is the percentage "
        "that would be reached at the data cut-off, linear over the project period. Targets marked 'unconfirmed' "
        "are placeholders still to be replaced by those of the funding agreement."),
    ),
    "no_targets": ("Geen doelen voor deze periode.", "No targets for this period."),
    "chart_progress": ("Bereikt percentage van het doel (balk) en verwacht percentage op de afsluitdatum (streep)",
                       "Percentage of target reached (bar) and expected percentage at the cut-off (tick)"),
    "legend_reached": ("bereikt", "reached"),
    "legend_expected": ("verwacht", "expected"),
    # ---- ESF
    "col_esf_plus": ("ESF+-code", "ESF+ code"),
    "col_esf_2014": ("ESF 2014-2020-indicator", "ESF 2014-2020 indicator"),
    "col_female": ("Vrouwen", "Women"),
    "col_male": ("Mannen", "Men"),
    "col_non_binary": ("Non-binair", "Non-binary"),
    "col_unknown": ("Onbekend", "Unknown"),
    "col_total": ("Totaal", "Total"),
    "esf_note": (
        ("Deelnemers: personen die rechtstreeks deelnamen (REACH_PEOPLE), geteld in de periode van hun eerste "
        "deelname, hele regio. De kenmerken gelden voor de deelnemers met toestemming; personen zonder toestemming "
        "tellen alleen in het totaal aantal deelnemers (geslacht onbekend). Een geweigerd gevoelig kenmerk wordt als "
        "geweigerd geteld, nooit geraden. ESF+-codes volgens Verordening (EU) 2021/1057, bijlage I; benamingen "
        "2014-2020 volgens Verordening (EU) nr. 1304/2013, bijlage I."),
        ("Participants: persons who took part directly (REACH_PEOPLE), counted in the period of their first "
        "participation, whole region. Characteristics cover the participants with consent; persons without consent "
        "count in the total number of participants only (gender unknown). A refused sensitive characteristic is "
        "counted as refused, never guessed. ESF+ codes per Regulation (EU) 2021/1057, Annex I; 2014-2020 names per "
        "Regulation (EU) No 1304/2013, Annex I."),
    ),
    "entity_note": (
        ("Ondersteunde micro-, kleine en middelgrote ondernemingen, sociale-economiebedrijven inbegrepen, overheden "
        "niet (ESF-entiteitsindicator; ESF+ EECO19). Een organisatie telt één keer, in de periode van haar eerste "
        "ondersteuning."),
        ("Supported micro, small and medium-sized enterprises, social-economy enterprises included, public bodies "
        "excluded (ESF entity indicator; ESF+ EECO19). An organisation counts once, in the period of its first "
        "support."),
    ),
    "by_breakdown": ("Opsplitsingen (hele regio, alle ketens)", "Breakdowns (whole region, all chains)"),
    "by_municipality": ("Per gemeente (alle ketens)", "By municipality (all chains)"),
    "participants_by_municipality": ("Deelnemers per gemeente (alle ketens)",
                                     "Participants by municipality (all chains)"),
    "by_chain": ("Per waardeketen (hele regio)", "By value chain (whole region)"),
    "family_table": ("Indicatoren (hele regio, alle ketens)", "Indicators (whole region, all chains)"),
    "not_additive_note": (
        ("'Hele regio' en 'alle ketens' zijn geen sommen: een organisatie of persoon die in twee gemeenten of ketens "
        "actief is, telt in elk daarvan één keer en in het totaal één keer."),
        ("'Whole region' and 'all chains' are not sums: an organisation or person active in two municipalities or "
        "chains counts once in each and once in the total."),
    ),
    "chart_monthly": ("Per maand binnen de periode (hele regio)", "By month within the period (whole region)"),
    # ---- circular
    "co2e_title": ("Vermeden CO₂e: bandbreedte en dekking", "CO₂e avoided: range and coverage"),
    "col_estimate": ("Schatting", "Estimate"),
    "estimate_low": ("laag", "low"),
    "estimate_central": ("centraal", "central"),
    "estimate_high": ("hoog", "high"),
    "coverage_material": ("Materiaal in gebruik gehouden", "Material kept in use"),
    "coverage_uncovered": ("waarvan zonder CO₂e-factor", "of which without a CO₂e factor"),
    "coverage_share": ("Aandeel van de massa met een CO₂e-factor", "Share of the mass with a CO₂e factor"),
    "co2e_note": (
        ("Elke factor is een gemiddelde met grote onzekerheid; de bandbreedte laag-hoog komt uit de factortabel "
        "(bron en methode per factor in bijlage B). Materiaal zonder passende factor telt niet mee in de vermeden "
        "CO₂e: de werkelijke besparing ligt dus eerder hoger dan lager. Het aandeel met factor is berekend als "
        "(materiaal - materiaal zonder factor) / materiaal."),
        ("Every factor is an average with high uncertainty; the low-high range comes from the factor table (source "
        "and method per factor in annex B). Material without a matching factor is not counted in the CO₂e avoided, "
        "so the real saving is more likely higher than lower. The share with a factor is computed as (material - "
        "material without factor) / material."),
    ),
    "chart_material": ("Materiaal in gebruik gehouden per R-strategie (kg)", "Material kept in use by R-strategy (kg)"),
    "chart_co2e": ("Vermeden CO₂e (kg): centrale schatting met bandbreedte laag-hoog",
                   "CO₂e avoided (kg): central estimate with low-high range"),
    "high_r": ("R0-R7 (hoge circulariteit)", "R0-R7 (high circularity)"),
    "low_r": ("R8-R9 (materiaal, energie)", "R8-R9 (materials, energy)"),
    # ---- map
    "map_caption": ("{name} per gemeente, {period}", "{name} by municipality, {period}"),
    "col_per_10k": ("Per 10.000 inwoners", "Per 10,000 inhabitants"),
    "col_population": ("Inwoners", "Inhabitants"),
    "col_population_year": ("Bevolkingsjaar", "Population year"),
    "map_note": (
        ("Grijstint en cijfer: waarde per gemeente. Gearceerd: verborgen waarde. Wit met stippellijn: gemeenten van "
        "het arrondissement buiten het werkingsgebied. Inwoners met hun referentiejaar (Statbel)."),
        ("Grey shade and figure: value per municipality. Hatched: hidden value. White with a dashed outline: "
        "municipalities of the arrondissement outside the project area. Inhabitants with their reference year "
        "(Statbel)."),
    ),
    "per_10k_computed": (
        "Per 10.000 inwoners berekend uit de waarde en het inwonertal (geen rij in marts.kpi_values).",
        "Per 10,000 inhabitants computed from the value and the population (no row in marts.kpi_values).",
    ),
    "map_unavailable": ("Geen kaart: het grenzenbestand ontbreekt.", "No map: the boundary file is missing."),
    # ---- revisions
    "revisions_intro": (
        ("Cijfers voor deze periode die veranderden sinds rapport {report} (momentopname van {snapshot}). Oorzaak: "
        "leveringen die sindsdien ontvangen werden (late leveringen, correcties), hieronder opgesomd."),
        ("Figures for this period that changed since report {report} (snapshot of {snapshot}). Cause: deliveries "
        "received since then (late deliveries, corrections), listed below."),
    ),
    "revisions_none": ("Geen enkel cijfer veranderde sinds rapport {report}.",
                       "No figure changed since report {report}."),
    "revisions_deliveries": ("Leveringen ontvangen sinds het vorige rapport",
                             "Deliveries received since the previous report"),
    "no_deliveries_since": ("Geen nieuwe leveringen in deze momentopname.", "No new deliveries in this snapshot."),
    # ---- data quality
    "deliveries_title": ("Leveringen", "Deliveries"),
    "deliveries_note": (
        ("Alle leveringen in de momentopname, met per bestand en recordtype het aantal gelezen, geladen en geweigerde "
        "rijen. Geweigerde rijen staan in quarantaine en worden niet geteld tot ze gecorrigeerd opnieuw geleverd "
        "worden."),
        ("Every delivery in the snapshot, with per file and record type the number of rows read, loaded and "
        "rejected. Rejected rows are in quarantine and are not counted until they are delivered again, corrected."),
    ),
    "quarantine_title": ("Rijen in quarantaine per bestand", "Quarantined rows per file"),
    "quarantine_note": (
        "Alleen aantallen en kolomnamen: de geweigerde waarden zelf staan niet in dit rapport.",
        "Counts and column names only: the rejected values themselves are not in this report.",
    ),
    "unresolved_title": ("Onopgeloste verwijzingen", "Unresolved references"),
    "unresolved_note": (
        ("Records die verwijzen naar een event, organisatie of aanvraag die (nog) niet geleverd werd; ze tellen niet "
        "mee tot de verwijzing opgelost is."),
        ("Records referring to an event, organisation or application not (yet) delivered; they are not counted until "
        "the reference resolves."),
    ),
    "none_found": ("Geen.", "None."),
    "col_delivery": ("Nr.", "No."),
    "col_file": ("Bestand", "File"),
    "col_source": ("Bron", "Source"),
    "col_received": ("Ontvangen", "Received"),
    "col_status": ("Status", "Status"),
    "col_record_type": ("Recordtype", "Record type"),
    "col_rows_read": ("Gelezen", "Read"),
    "col_rows_loaded": ("Geladen", "Loaded"),
    "col_rows_quarantined": ("Quarantaine", "Quarantined"),
    "col_issues": ("Fouten", "Issues"),
    "col_columns": ("Kolommen", "Columns"),
    "col_references": ("Verwijzingen", "References"),
    "col_column": ("Kolom", "Column"),
    "col_referenced_type": ("Verwijst naar", "Refers to"),
    "col_reason": ("Reden", "Reason"),
    "status_loaded": ("geladen", "loaded"),
    "status_rejected": ("geweigerd", "rejected"),
    "status_duplicate": ("dubbel", "duplicate"),
    # ---- methods
    "methods_rules_title": ("Publicatieregels", "Publication rules"),
    "methods_rules": (
        (
            "Aantallen personen van 1 tot 4 worden niet gepubliceerd (<5); 0 blijft 0. Waar een verborgen cel uit "
            "een totaal zou kunnen worden afgeleid (een opsplitsing en haar totaal, de gemeenten en de hele regio, "
            "de ketens en alle ketens, de maanden en het kwartaal), wordt ook de kleinste andere niet-nul cel van die "
            "groep verborgen (x; een detail eerder dan een totaal). Een controle achteraf verbergt meer waar een "
            "verborgen cel toch nog uit de gepubliceerde cellen te berekenen is. Verhoudingen en cijfers per 10.000 "
            "inwoners op zo'n aantal volgen het aantal. Geen enkel persoonsgegeven (naam, e-mail, telefoon, "
            "geboortedatum, pseudoniem) staat in dit rapport."
        ),
        (
            "Counts of people from 1 to 4 are not published (<5); 0 stays 0. Where a hidden cell could be derived "
            "from a total (a breakdown and its total, the municipalities and the whole region, the chains and all "
            "chains, the months and the quarter), the smallest other non-zero cell of that group is hidden too (x; a "
            "detail before a total). A check afterwards hides more where a hidden cell could still be computed from "
            "the published cells. Ratios and figures per 10,000 inhabitants on such a count follow the count. No "
            "personal detail (name, e-mail, phone, birth date, pseudonym) is in this report."
        ),
    ),
    "methods_attribution_title": ("Toewijzing", "Attribution"),
    "methods_attribution": (
        ("Een record telt in de periode van zijn sleuteldatum (per indicator hieronder). Gemeente: de eigen plaats "
        "van het record, anders die van de (hoofd)organisatie. Keten: de eigen keten, anders die van de gekoppelde "
        "samenwerking of aanvraag, anders de enige keten van de organisatie, anders 'niet toegewezen'. Records met "
        "meerdere ketens of gemeenten tellen één keer in elk, en één keer in het totaal."),
        ("A record counts in the period of its key date (per indicator below). Municipality: the record's own place, "
        "else its (lead) organisation's. Chain: its own chain, else that of the linked collaboration or "
        "application, else the organisation's single chain, else 'unassigned'. Records with several chains or "
        "municipalities count once in each, and once in the total."),
    ),
    "definitions_title": ("Definities van de gebruikte indicatoren", "Definitions of the indicators used"),
    "col_name": ("Naam", "Name"),
    "col_definition": ("Definitie", "Definition"),
    "col_key_date": ("Sleuteldatum", "Key date"),
    "col_framework": ("Referentiekader", "Reference framework"),
    "col_people": ("Telt personen", "Counts people"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "factors_title": ("CO₂e-factoren en hun onzekerheid", "CO₂e factors and their uncertainty"),
    "factors_missing": (
        ("Niet beschikbaar: er zit geen factortabel in deze momentopname. De factoren staan in de geversioneerde "
        "seed dbt/seeds/co2e_factors.csv van de gebruikte codeversie."),
        ("Not available: there is no factor table in this snapshot. The factors are in the versioned seed "
        "dbt/seeds/co2e_factors.csv of the code version used."),
    ),
    "col_factor": ("Factor", "Factor"),
    "col_scope": ("Keten / productcategorie", "Chain / product category"),
    "col_r_strategy": ("R-strategie", "R-strategy"),
    "col_basis": ("Basis", "Basis"),
    "col_low": ("Laag", "Low"),
    "col_central": ("Centraal", "Central"),
    "col_high": ("Hoog", "High"),
    "col_factor_source": ("Bron", "Source"),
    "col_range_method": ("Bandbreedte", "Range method"),
    "unconfirmed_marker": ("(onbevestigd)", "(unconfirmed)"),
    # ---- provenance
    "prov_intro": (
        ("Dit rapport is volledig uit de momentopname hieronder berekend; dezelfde momentopname en dezelfde code "
        "geven dezelfde cijfers. Opnieuw maken: keet report --period {period} --lang {language} --format {fmt} op de "
        "momentopname met deze inhoudshash en codeversie {code}."),
        ("This report is computed entirely from the snapshot below; the same snapshot and the same code give the "
        "same figures. To rebuild: keet report --period {period} --lang {language} --format {fmt} on the snapshot with "
        "this content hash and code version {code}."),
    ),
    "prov_item": ("Gegeven", "Item"),
    "prov_snapshot_created": ("Momentopname gemaakt", "Snapshot created"),
    "prov_cutoff": ("Afsluitdatum gegevens", "Data cut-off"),
    "prov_snapshot_hash": ("Inhoudshash momentopname (kpi_values, SHA-256)", ("Snapshot content hash (kpi_values, "
                                                                             "SHA-256)")),
    "prov_input_hash": ("Hash van alle gelezen tabellen (SHA-256)", "Hash of all tables read (SHA-256)"),
    "prov_pipeline_version": ("Codeversie pijplijn (momentopname)", "Pipeline code version (snapshot)"),
    "prov_report_version": ("Codeversie rapport", "Report code version"),
    "prov_tables": ("Gelezen tabellen", "Tables read"),
    "prov_serving_file": ("Bestand momentopname", "Snapshot file"),
    "prov_generated": ("Rapport aangemaakt", "Report generated"),
    "prov_period": ("Periode", "Period"),
    "prov_language": ("Taal", "Language"),
    "unknown": ("onbekend", "unknown"),
}

DIMENSIONS: dict[str, tuple[str, str]] = {
    "gender": ("geslacht", "gender"),
    "decision": ("beslissing", "decision"),
    "applicant_stage": ("fase aanvrager", "applicant stage"),
    "org_type": ("type organisatie", "organisation type"),
    "size_class": ("grootteklasse", "size class"),
    "event_type": ("type event", "event type"),
    "r_strategy": ("R-strategie", "R-strategy"),
    "estimate": ("schatting", "estimate"),
    "buyer_type": ("type koper", "buyer type"),
    "target_group": ("kansengroep", "target group"),
    "outcome_type": ("type resultaat", "outcome type"),
    "session_type": ("type sessie", "session type"),
    "follow_up": ("vervolg", "follow-up"),
}

VALUES: dict[str, tuple[str, str]] = {
    "female": ("vrouw", "female"),
    "male": ("man", "male"),
    "non_binary": ("non-binair", "non-binary"),
    "unknown": ("onbekend", "unknown"),
    "accepted": ("aanvaard", "accepted"),
    "referred": ("doorverwezen", "referred"),
    "rejected": ("geweigerd", "rejected"),
    "pending": ("in behandeling", "pending"),
    "micro": ("micro", "micro"),
    "small": ("klein", "small"),
    "medium": ("middelgroot", "medium"),
    "large": ("groot", "large"),
    "public": ("publiek", "public"),
    "private": ("privé", "private"),
    "pre_starter": ("prestarter", "pre-starter"),
    "starter": ("starter", "starter"),
    "established": ("gevestigde onderneming", "established company"),
    "citizen_org": ("burgerorganisatie", "citizen organisation"),
    "company": ("onderneming", "company"),
    "social_economy": ("sociale economie", "social economy"),
    "public_body": ("overheid", "public body"),
    "non_profit": ("vzw", "non-profit"),
    "coaching": ("coaching", "coaching"),
    "design_sprint": ("designsprint", "design sprint"),
    "mentoring": ("mentoring", "mentoring"),
    "intervision": ("intervisie", "intervision"),
    "network": ("netwerkmoment", "network moment"),
    "new_product": ("nieuw product", "new product"),
    "new_service": ("nieuwe dienst", "new service"),
    "business_model": ("businessmodel", "business model"),
    "partnership": ("partnerschap", "partnership"),
    "funding": ("financiering", "funding"),
    "occupational_disability": ("arbeidshandicap", "occupational disability"),
    "psychosocial": ("psychosociale arbeidsbeperking", "psychosocial work limitation"),
    "very_vulnerable": ("zeer kwetsbaar", "very vulnerable"),
    "follow_up_meeting": ("vervolggesprek", "follow-up meeting"),
    "project_board": ("projectbureau", "project board"),
    "network_event": ("netwerkevent", "network event"),
    "workshop": ("workshop", "workshop"),
    "hackathon": ("hackathon", "hackathon"),
    "market_dialogue": ("marktdialoog", "market dialogue"),
    "info_session": ("infosessie", "info session"),
    "low": ("laag", "low"),
    "central": ("centraal", "central"),
    "high": ("hoog", "high"),
}

CHAINS: dict[str, tuple[str, str]] = {
    "textile": ("Textiel (professionele kledij)", "Textiles (professional clothing)"),
    "electro": ("Witgoed en elektro", "White goods and electro"),
    "ict": ("ICT-materiaal", "ICT equipment"),
    "furniture": ("Meubilair", "Furniture"),
    "packaging": ("Verpakkingen", "Packaging"),
    "other": ("Andere", "Other"),
    "unassigned": ("Niet toegewezen", "Unassigned"),
    "all": ("Alle ketens", "All chains"),
}

# Short chain names for table headers and chart labels.
CHAINS_SHORT: dict[str, tuple[str, str]] = {
    "textile": ("Textiel", "Textiles"),
    "electro": ("Elektro", "Electro"),
    "ict": ("ICT", "ICT"),
    "furniture": ("Meubilair", "Furniture"),
    "packaging": ("Verpakking", "Packaging"),
    "other": ("Andere", "Other"),
    "unassigned": ("Niet toegewezen", "Unassigned"),
    "all": ("Alle ketens", "All chains"),
}

R_STRATEGIES: dict[str, str] = {
    "refuse": "R0", "rethink": "R1", "reduce": "R2", "reuse": "R3", "repair": "R4", "refurbish": "R5",
    "remanufacture": "R6", "repurpose": "R7", "recycle": "R8", "recover": "R9",
}

# The 8 partners (domain.md); the first is the lead partner.
PARTNERS: tuple[str, ...] = (
    "HANDEL Samen & sociaal",
    "De Gendarmerie (OCMW Aalst)",
    "Provincie Oost-Vlaanderen",
    "Bedrijvencentrum De Punt",
    "The Circular Hub",
    "Hogeschool Gent",
    "Stroom vzw",
    "Kringwinkel Zuid-Oost-Vlaanderen",
)


def t(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ('nl' or 'en'), with `{placeholders}` filled from `values`."""
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**values) if values else text


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "nl" else pair[1]


def dimension_label(dim: str, lang: str) -> str:
    return pick(DIMENSIONS[dim], lang) if dim in DIMENSIONS else dim.replace("_", " ")


def value_label(value: str, lang: str) -> str:
    if value in R_STRATEGIES:
        return f"{R_STRATEGIES[value]} {value}"
    return pick(VALUES[value], lang) if value in VALUES else value.replace("_", " ")


def chain_label(chain: str, lang: str, short: bool = False) -> str:
    table = CHAINS_SHORT if short else CHAINS
    return pick(table[chain], lang) if chain in table else chain
