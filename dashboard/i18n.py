"""The one translation table of the dashboard: every UI text in Dutch (default) and English.

`t("key", lang, **values)` looks a text up and fills `{placeholders}`. Codes that appear in the data (chains,
record types, delivery statuses, period types) have their labels here too, under `chain.<code>` etc.
"""

from __future__ import annotations

import math

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

TEXTS: dict[str, dict[str, str]] = {
    # app shell
    "app.title": {"nl": "De Keet: impact", "en": "De Keet: impact"},
    "app.language": {"nl": "Taal / Language", "en": "Taal / Language"},
    "nav.overview": {"nl": "Overzicht", "en": "Overview"},
    "nav.data_quality": {"nl": "Datakwaliteit", "en": "Data quality"},
    "snapshot.info": {
        "nl": "Gegevens tot {cutoff} · momentopname van {created}",
        "en": "Data up to {cutoff} · snapshot of {created}",
    },
    "snapshot.info_unknown": {
        "nl": "Momentopname zonder datum (oude versie)",
        "en": "Snapshot without a date (old version)",
    },
    "snapshot.missing": {
        "nl": "Nog geen gegevens: voer `keet run` uit.",
        "en": "No data yet: run `keet run`.",
    },
    "snapshot.missing_tables": {
        "nl": "Deze momentopname mist nog tabellen voor deze pagina ({tables}). Voer `keet run` uit.",
        "en": "This snapshot lacks tables for this page ({tables}). Run `keet run`.",
    },
    "snapshot.unreadable": {
        "nl": "De gegevens kunnen nu niet gelezen worden. Probeer het zo opnieuw of voer `keet run` uit.",
        "en": "The data cannot be read right now. Try again shortly or run `keet run`.",
    },
    "run.running": {
        "nl": "Er loopt een verwerking (gestart {started}). Je ziet de laatste geldige gegevens.",
        "en": "A pipeline run is in progress (started {started}). You are seeing the last good data.",
    },
    "run.failed": {
        "nl": "De laatste verwerking is mislukt ({finished}): {message} Je ziet de laatste geldige gegevens.",
        "en": "The last pipeline run failed ({finished}): {message} You are seeing the last good data.",
    },
    # filters
    "filter.header": {"nl": "Filters", "en": "Filters"},
    "filter.period_type": {"nl": "Soort periode", "en": "Period type"},
    "filter.period": {"nl": "Periode", "en": "Period"},
    "filter.municipality": {"nl": "Gemeente", "en": "Municipality"},
    "filter.chain": {"nl": "Waardeketen", "en": "Value chain"},
    "filter.all_municipalities": {"nl": "Alle gemeenten", "en": "All municipalities"},
    "filter.outside_region": {"nl": "Buiten de regio", "en": "Outside the region"},
    "filter.all_chains": {"nl": "Alle ketens", "en": "All chains"},
    "filter.share": {
        "nl": "De link in de adresbalk bewaart deze filters: kopieer hem om deze weergave te delen.",
        "en": "The link in the address bar keeps these filters: copy it to share this view.",
    },
    "filter.summary": {
        "nl": "{period} · {municipality} · {chain}",
        "en": "{period} · {municipality} · {chain}",
    },
    "period_type.month": {"nl": "Maand", "en": "Month"},
    "period_type.quarter": {"nl": "Kwartaal", "en": "Quarter"},
    "period_type.semester": {"nl": "Semester", "en": "Semester"},
    "period_type.year": {"nl": "Jaar", "en": "Year"},
    "period_type.project": {"nl": "Hele project", "en": "Whole project"},
    "chain.textile": {"nl": "Textiel (professionele kledij)", "en": "Textiles (professional clothing)"},
    "chain.electro": {"nl": "Witgoed en elektro", "en": "White goods and electro"},
    "chain.ict": {"nl": "ICT-materiaal", "en": "ICT equipment"},
    "chain.furniture": {"nl": "Meubilair", "en": "Furniture"},
    "chain.packaging": {"nl": "Verpakkingen", "en": "Packaging"},
    "chain.other": {"nl": "Andere", "en": "Other"},
    "chain.unassigned": {"nl": "Niet toegewezen", "en": "Unassigned"},
    # overview
    "overview.title": {"nl": "Overzicht", "en": "Overview"},
    "overview.cards": {"nl": "Kerncijfers", "en": "Key figures"},
    "overview.no_data_cell": {
        "nl": "Geen gegevens voor deze selectie",
        "en": "No data for this selection",
    },
    "overview.no_data_help": {
        "nl": "Er is geen waarde voor deze combinatie van periode, gemeente en keten.",
        "en": "There is no value for this combination of period, municipality and chain.",
    },
    "overview.key_date": {"nl": "Sleuteldatum: {key_date}", "en": "Key date: {key_date}"},
    "overview.trend.title": {"nl": "Verloop per maand", "en": "Monthly trend"},
    "overview.trend.kpi": {"nl": "Indicator", "en": "Indicator"},
    "overview.trend.empty": {
        "nl": "Geen maandgegevens voor deze indicator en selectie.",
        "en": "No monthly data for this indicator and selection.",
    },
    "overview.trend.gaps": {
        "nl": "Maanden zonder waarde blijven leeg.",
        "en": "Months without a value are left empty.",
    },
    "overview.map.title": {"nl": "Per gemeente", "en": "By municipality"},
    "overview.map.kpi": {"nl": "Indicator (aantal)", "en": "Indicator (count)"},
    "overview.map.scale": {"nl": "Weergave", "en": "Show"},
    "overview.map.absolute": {"nl": "Absoluut", "en": "Absolute"},
    "overview.map.per10k": {"nl": "Per 10.000 inwoners", "en": "Per 10,000 inhabitants"},
    "overview.map.empty": {
        "nl": "Geen gegevens per gemeente voor deze indicator en selectie.",
        "en": "No data by municipality for this indicator and selection.",
    },
    "overview.map.no_count_kpis": {
        "nl": "Deze momentopname bevat nog geen tellende indicatoren per gemeente.",
        "en": "This snapshot holds no count indicators by municipality yet.",
    },
    "overview.map.scope": {
        "nl": "De kaart toont de 8 gemeenten van de regio voor de gekozen periode en keten; "
        "de gemeentefilter geldt hier niet. Grijs: geen gegevens.",
        "en": "The map shows the region's 8 municipalities for the chosen period and chain; "
        "the municipality filter does not apply here. Grey: no data.",
    },
    "overview.map.population": {
        "nl": "Inwoners volgens de bevolkingstabel, referentiejaar {years} (per gemeente in de tabel).",
        "en": "Inhabitants from the population table, reference year {years} (per municipality in the table).",
    },
    "overview.map.no_value": {"nl": "geen gegevens", "en": "no data"},
    "col.kpi": {"nl": "Indicator (code)", "en": "Indicator (code)"},
    "col.name": {"nl": "Indicator", "en": "Indicator"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "col.unit": {"nl": "Eenheid", "en": "Unit"},
    "col.period": {"nl": "Periode", "en": "Period"},
    "col.month": {"nl": "Maand", "en": "Month"},
    "col.municipality": {"nl": "Gemeente", "en": "Municipality"},
    "col.nis": {"nl": "NIS-code", "en": "NIS code"},
    "col.chain": {"nl": "Keten", "en": "Chain"},
    "col.population": {"nl": "Inwoners", "en": "Inhabitants"},
    "col.population_year": {"nl": "Referentiejaar", "en": "Reference year"},
    "col.per10k": {"nl": "Per 10.000 inwoners", "en": "Per 10,000 inhabitants"},
    # data quality
    "quality.title": {"nl": "Datakwaliteit", "en": "Data quality"},
    "quality.intro": {
        "nl": "Per aangeleverd bestand: hoeveel rijen gelezen, geladen en geweigerd werden, waarom, "
        "en wanneer elk soort gegevens het laatst binnenkwam. De filters in de zijbalk gelden hier niet.",
        "en": "Per delivered file: how many rows were read, loaded and rejected, why, and when each kind of "
        "data last arrived. The sidebar filters do not apply here.",
    },
    "quality.deliveries": {"nl": "Leveringen", "en": "Deliveries"},
    "quality.no_deliveries": {"nl": "Nog geen leveringen.", "en": "No deliveries yet."},
    "quality.ledger_ok": {
        "nl": "Elke rij is verantwoord: gelezen = geladen + geweigerd.",
        "en": "Every row is accounted for: read = loaded + rejected.",
    },
    "quality.ledger_broken": {
        "nl": "Niet alle rijen zijn verantwoord (gelezen ≠ geladen + geweigerd) in levering {ids}.",
        "en": "Not every row is accounted for (read ≠ loaded + rejected) in delivery {ids}.",
    },
    "quality.rows_read": {"nl": "Rijen gelezen", "en": "Rows read"},
    "quality.rows_loaded": {"nl": "Rijen geladen", "en": "Rows loaded"},
    "quality.rows_quarantined": {"nl": "Rijen geweigerd", "en": "Rows rejected"},
    "quality.quarantine": {"nl": "Geweigerde rijen", "en": "Rejected rows"},
    "quality.no_quarantine": {"nl": "Geen geweigerde rijen.", "en": "No rejected rows."},
    "quality.delivery_filter": {"nl": "Levering", "en": "Delivery"},
    "quality.all_deliveries": {"nl": "Alle leveringen", "en": "All deliveries"},
    "quality.freshness": {"nl": "Actualiteit", "en": "Freshness"},
    "quality.freshness_help": {
        "nl": "Laatste levering per soort gegevens; een waarschuwing na {days} dagen zonder levering.",
        "en": "Latest delivery per kind of data; a warning after {days} days without a delivery.",
    },
    "quality.stale": {"nl": "⚠ meer dan {days} dagen", "en": "⚠ more than {days} days"},
    "quality.fresh": {"nl": "✓ recent", "en": "✓ recent"},
    "col.delivery_id": {"nl": "Levering", "en": "Delivery"},
    "col.file_name": {"nl": "Bestand", "en": "File"},
    "col.source": {"nl": "Bron", "en": "Source"},
    "col.received_at": {"nl": "Ontvangen", "en": "Received"},
    "col.status": {"nl": "Status", "en": "Status"},
    "col.message": {"nl": "Bericht", "en": "Message"},
    "col.record_type": {"nl": "Soort gegevens", "en": "Record type"},
    "col.rows_read": {"nl": "Gelezen", "en": "Read"},
    "col.rows_loaded": {"nl": "Geladen", "en": "Loaded"},
    "col.rows_quarantined": {"nl": "Geweigerd", "en": "Rejected"},
    "col.balanced": {"nl": "Sluitend", "en": "Balanced"},
    "col.row_number": {"nl": "Rij", "en": "Row"},
    "col.column_name": {"nl": "Kolom", "en": "Column"},
    "col.cell_value": {"nl": "Waarde in bestand", "en": "Value in file"},
    "col.reason": {"nl": "Reden", "en": "Reason"},
    "col.suggestion": {"nl": "Suggestie", "en": "Suggestion"},
    "col.latest_received": {"nl": "Laatste levering", "en": "Latest delivery"},
    "col.days_since": {"nl": "Dagen geleden", "en": "Days ago"},
    "col.latest_loaded": {"nl": "Laatst rijen geladen", "en": "Latest rows loaded"},
    "col.deliveries": {"nl": "Leveringen", "en": "Deliveries"},
    "col.freshness": {"nl": "Actualiteit", "en": "Freshness"},
    "status.loaded": {"nl": "geladen", "en": "loaded"},
    "status.rejected": {"nl": "geweigerd", "en": "rejected"},
    "status.duplicate": {"nl": "dubbel (al ontvangen)", "en": "duplicate (received before)"},
    "record_type.organisations": {"nl": "Organisaties", "en": "Organisations"},
    "record_type.people": {"nl": "Deelnemers", "en": "Participants"},
    "record_type.intakes": {"nl": "Intakes", "en": "Intakes"},
    "record_type.events": {"nl": "Events", "en": "Events"},
    "record_type.attendance": {"nl": "Aanwezigheden", "en": "Attendance"},
    "record_type.applications": {"nl": "Kandidaturen CO:KEET", "en": "CO:KEET applications"},
    "record_type.programme_sessions": {"nl": "Programmasessies", "en": "Programme sessions"},
    "record_type.outcomes": {"nl": "Resultaten", "en": "Outcomes"},
    "record_type.collaborations": {"nl": "Ketensamenwerkingen", "en": "Collaborations"},
    "record_type.material_flows": {"nl": "Materiaalstromen", "en": "Material flows"},
    "record_type.jobs": {"nl": "Jobs", "en": "Jobs"},
    # exports
    "download.csv": {"nl": "Download CSV", "en": "Download CSV"},
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for `key` in `lang` (Dutch when the language is unknown), with `{placeholders}` filled in.

    An unknown key returns the key itself, so a missing translation shows up instead of crashing a page.
    """
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def label(prefix: str, code: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """Label of a data code (`label("chain", "ict", "en")` -> 'ICT equipment'); unknown codes show as they are."""
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return ""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in TEXTS else str(code)
