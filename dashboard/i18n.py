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
    # log-in and roles (dashboard/access.py)
    "access.title": {"nl": "De Keet: aanmelden", "en": "De Keet: sign in"},
    "access.intro": {
        "nl": "Meld je aan met de naam en het wachtwoord die je van de projectleider kreeg.",
        "en": "Sign in with the name and password the project lead gave you.",
    },
    "access.name": {"nl": "Gebruikersnaam", "en": "User name"},
    "access.password": {"nl": "Wachtwoord", "en": "Password"},
    "access.submit": {"nl": "Aanmelden", "en": "Sign in"},
    "access.failed": {
        "nl": "Naam of wachtwoord klopt niet. Probeer opnieuw of vraag de projectleider om een nieuw wachtwoord.",
        "en": "Name or password is wrong. Try again or ask the project lead for a new password.",
    },
    "access.login_first": {"nl": "Meld je eerst aan.", "en": "Please sign in first."},
    "access.refused": {
        "nl": "Deze pagina is niet beschikbaar voor je rol ({role}). Kies een pagina in het menu bovenaan.",
        "en": "This page is not available to your role ({role}). Choose a page in the menu at the top.",
    },
    "access.signed_in": {"nl": "Aangemeld als **{name}** ({role})", "en": "Signed in as **{name}** ({role})"},
    "access.published_note": {
        "nl": "Je ziet de gepubliceerde cijfers: aantallen personen van 1 tot 4 staan als <5, "
        "andere verborgen cellen als x.",
        "en": "You see the published figures: counts of 1 to 4 people show as <5, other hidden cells as x.",
    },
    "access.logout": {"nl": "Afmelden", "en": "Sign out"},
    "role.lead": {"nl": "projectleider", "en": "project lead"},
    "role.partner": {"nl": "partner", "en": "partner"},
    "role.viewer": {"nl": "lezer", "en": "viewer"},
    "suppressed.primary_help": {
        "nl": "Verborgen: minder dan 5 personen (publicatieregels).",
        "en": "Hidden: fewer than 5 people (publication rules).",
    },
    "suppressed.secondary_help": {
        "nl": "Verborgen zodat een kleine cel niet uit de totalen af te leiden is (publicatieregels).",
        "en": "Hidden so that a small cell cannot be worked out from the totals (publication rules).",
    },
    "suppressed.caption": {
        "nl": "<5: minder dan 5 personen · x: verborgen zodat een kleine cel niet af te leiden is.",
        "en": "<5: fewer than 5 people · x: hidden so that a small cell cannot be worked out.",
    },
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
    "col.shown": {"nl": "Weergave", "en": "Shown as"},
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
        "nl": "Wie moet je bellen (scorekaart per bron), per aangeleverd bestand hoeveel rijen gelezen, geladen "
        "en geweigerd werden en waarom, verwijzingen naar iets dat nog niet geleverd is, records buiten de "
        "periode, en wanneer elk soort gegevens het laatst binnenkwam. De filters in de zijbalk gelden hier niet.",
        "en": "Whom to call (scorecard per source), per delivered file how many rows were read, loaded and "
        "rejected and why, references to something not delivered yet, out-of-period records, and when each "
        "kind of data last arrived. The sidebar filters do not apply here.",
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
    "download.csv": {"nl": "Download CSV", "en": "Download CSV"},  # navigation
    "nav.section.summary": {"nl": "Samenvatting", "en": "Summary"},
    "nav.section.programme": {"nl": "Werking", "en": "Programme"},
    "nav.section.impact": {"nl": "Impact", "en": "Impact"},
    "nav.section.data": {"nl": "Gegevens", "en": "Data"},
    "nav.map": {"nl": "Kaart", "en": "Map"},
    "nav.advisory": {"nl": "Adviesloket", "en": "Advisory desk"},
    "nav.events": {"nl": "Events en workshops", "en": "Events and workshops"},
    "nav.accelerator": {"nl": "CO:KEET-versneller", "en": "CO:KEET accelerator"},
    "nav.value_chains": {"nl": "Waardeketens", "en": "Value chains"},
    "nav.circular": {"nl": "Circulaire impact", "en": "Circular impact"},
    "nav.social": {"nl": "Sociale impact", "en": "Social impact"},
    "nav.upload": {"nl": "Bestanden opladen", "en": "Upload files"},
    "nav.report": {"nl": "Rapport voor de financier", "en": "Funder report"},
    "report.title": {"nl": "ESF-voortgangsrapport", "en": "ESF progress report"},
    "report.intro": {
        "nl": "Maak het rapport voor ESF Vlaanderen van een periode (PDF of XLSX) uit de getoonde momentopname. "
        "Kleine aantallen personen zijn afgeschermd; elk rapport wordt geregistreerd.",
        "en": "Build the report for ESF Vlaanderen for a period (PDF or XLSX) from the snapshot shown. Small "
        "counts of people are suppressed; every report is registered.",
    },
    "report.period": {"nl": "Periode", "en": "Period"},
    "report.language": {"nl": "Taal van het rapport", "en": "Report language"},
    "report.format": {"nl": "Formaat", "en": "Format"},
    "report.build": {"nl": "Rapport maken", "en": "Build report"},
    "report.building": {"nl": "Rapport wordt gemaakt…", "en": "Building the report…"},
    "report.download": {"nl": "Download {name}", "en": "Download {name}"},
    "snapshot.upload_link": {"nl": "Bestanden opladen", "en": "Upload files"},
    # shared
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "empty.per_municipality": {
        "nl": "Geen gegevens per gemeente voor deze periode en keten.",
        "en": "No data by municipality for this period and chain.",
    },
    "empty.per_chain": {
        "nl": "Geen gegevens per keten voor deze periode en gemeente.",
        "en": "No data by chain for this period and municipality.",
    },
    "empty.this": {"nl": "deze pagina", "en": "this page"},
    "empty.cell": {
        "nl": "Geen gegevens over {what} voor {period} · {municipality} · {chain}. Dat is geen fout: er is "
        "niets geregistreerd voor deze combinatie. Kies een ruimere periode, alle gemeenten of alle ketens.",
        "en": "No data on {what} for {period} · {municipality} · {chain}. This is not an error: nothing was "
        "recorded for this combination. Choose a wider period, all municipalities or all chains.",
    },
    "download.xlsx": {"nl": "Download XLSX", "en": "Download XLSX"},
    "download.sheet": {"nl": "gegevens", "en": "data"},
    "place.outside_region": {"nl": "Buiten de regio", "en": "Outside the region"},
    "place.unassigned": {"nl": "Onbekend", "en": "Unknown"},
    # overview: targets and changes
    "targets.title": {"nl": "Doelen", "en": "Targets"},
    "targets.help": {
        "nl": "Waarde over het hele project tegenover het doel, het percentage bereikt en het percentage dat "
        "je op de datum van de gegevens mag verwachten (lineair over de projectperiode; 100 % voor een "
        "niveau-doel zoals een aandeel).",
        "en": "Value over the whole project against the target, the percentage reached and the percentage "
        "expected at the data cut-off (linear over the project period; 100% for a level target such as a "
        "share).",
    },
    "targets.missing": {
        "nl": "Deze momentopname bevat nog geen doelen (marts.kpi_progress). Voer `keet run` uit.",
        "en": "This snapshot holds no targets yet (marts.kpi_progress). Run `keet run`.",
    },
    "targets.none": {"nl": "Er zijn geen doelen vastgelegd.", "en": "No targets have been set."},
    "targets.scope": {
        "nl": "Doelen gelden voor het hele project, de hele regio en alle ketens: de filters in de zijbalk "
        "gelden hier niet.",
        "en": "Targets apply to the whole project, the whole region and all chains: the sidebar filters do not "
        "apply here.",
    },
    "targets.scope_specific": {
        "nl": "Doelen over het hele project; waar een doel voor de gekozen gemeente of keten bestaat, staat "
        "dat doel er.",
        "en": "Targets over the whole project; where a target exists for the chosen municipality or chain, that "
        "target is shown.",
    },
    "targets.unconfirmed": {
        "nl": "Voorlopige doelen (*): deze doelen zijn plaatshouders en nog niet bevestigd door de "
        "financieringsovereenkomst. Gebruik ze niet in een rapport.",
        "en": "Provisional targets (*): these targets are placeholders, not yet confirmed by the funding "
        "agreement. Do not use them in a report.",
    },
    "targets.expected": {"nl": "verwacht op {cutoff}", "en": "expected at {cutoff}"},
    "targets.legend": {
        "nl": "Balk: % van het doel bereikt (groen: op schema, oranje: achter). Streep: verwacht op {cutoff}.",
        "en": "Bar: % of the target reached (green: on track, orange: behind). Tick: expected at {cutoff}.",
    },
    "targets.on_track": {"nl": "✓ op schema", "en": "✓ on track"},
    "targets.behind": {"nl": "⚠ achter", "en": "⚠ behind"},
    "targets.confirmed": {"nl": "bevestigd", "en": "confirmed"},
    "targets.placeholder": {"nl": "voorlopig (niet bevestigd)", "en": "provisional (unconfirmed)"},
    "targets.placeholder_short": {"nl": "(voorlopig)", "en": "(provisional)"},
    "changes.title": {
        "nl": "Wat veranderde sinds de vorige momentopname",
        "en": "What changed since the previous snapshot",
    },
    "changes.help": {
        "nl": "Indicatoren van deze selectie waarvan de waarde anders is dan in de vorige gepubliceerde "
        "momentopname (bv. door een nieuwe levering of een correctie).",
        "en": "Indicators of this selection whose value differs from the previous published snapshot (e.g. "
        "after a new delivery or a correction).",
    },
    "changes.no_previous": {
        "nl": "Er is geen vorige momentopname om mee te vergelijken.",
        "en": "There is no previous snapshot to compare with.",
    },
    "changes.none": {
        "nl": "Geen enkele indicator van deze selectie veranderde sinds de vorige momentopname.",
        "en": "No indicator of this selection changed since the previous snapshot.",
    },
    "changes.count": {
        "nl": "{count} indicator(en) veranderd sinds de vorige momentopname.",
        "en": "{count} indicator(s) changed since the previous snapshot.",
    },
    "changes.new": {"nl": "nieuw", "en": "new"},
    "changes.gone": {"nl": "niet meer aanwezig", "en": "no longer present"},
    "overview.map.more": {"nl": "Naar de volledige kaart met tabel", "en": "To the full map with table"},
    # map page
    "map.title": {"nl": "Kaart", "en": "Map"},
    "map.outside_region": {
        "nl": "Buiten de regio (niet op de kaart): {value}.",
        "en": "Outside the region (not on the map): {value}.",
    },
    # advisory desk
    "advisory.title": {"nl": "Adviesloket", "en": "Advisory desk"},
    "advisory.what": {"nl": "het adviesloket", "en": "the advisory desk"},
    "advisory.funnel.title": {"nl": "Van intake tot opvolging", "en": "From intake to follow-up"},
    "advisory.funnel.help": {
        "nl": "Intakes en aanvaard: ingediend in de periode. Uitgenodigd: aanvaarde intakes uit de periode met "
        "een uitnodiging (tot de datum van de gegevens). Gesprekken, rapporten en opvolging tellen in de "
        "periode van hun eigen datum.",
        "en": "Intakes and accepted: submitted in the period. Invited: accepted intakes of the period with an "
        "invitation (up to the data cut-off). Conversations, reports and follow-ups count in the period of "
        "their own date.",
    },
    "advisory.funnel.intakes": {"nl": "Intakes", "en": "Intakes"},
    "advisory.funnel.accepted": {"nl": "Aanvaard", "en": "Accepted"},
    "advisory.funnel.invited": {"nl": "Uitgenodigd", "en": "Invited"},
    "advisory.funnel.conversations": {"nl": "Adviesgesprek", "en": "Advice conversation"},
    "advisory.funnel.reports": {"nl": "Adviesrapport", "en": "Advice report"},
    "advisory.funnel.follow_ups": {"nl": "Opvolging", "en": "Follow-up"},
    "advisory.funnel.note": {
        "nl": "Tussen haakjes: het aandeel van het aantal intakes. Elke stap telt in de periode van zijn eigen "
        "datum, dus een stap kan groter zijn dan de vorige; een stap zonder gegevens telt als 0.",
        "en": "In brackets: the share of the number of intakes. Each step counts in the period of its own date, "
        "so a step can be larger than the one before; a step without data counts as 0.",
    },
    "advisory.decisions": {"nl": "Beslissingen en doorverwijzingen", "en": "Decisions and referrals"},
    "advisory.referred_share": {
        "nl": "{referred} intake(s) doorverwezen naar een partner ({share} van de intakes).",
        "en": "{referred} intake(s) referred to a partner ({share} of the intakes).",
    },
    "advisory.referred_partner": {
        "nl": "Naar welke partner doorverwezen werd, staat (nog) niet in de gepubliceerde gegevens.",
        "en": "Which partner an intake was referred to is not (yet) in the published data.",
    },
    "advisory.follow_ups": {"nl": "Soort opvolging", "en": "Kind of follow-up"},
    "advisory.invited_trend": {
        "nl": "Uitgenodigd binnen 3 werkdagen, per maand",
        "en": "Invited within 3 working days, per month",
    },
    "advisory.target_line": {"nl": "doel {target}", "en": "target {target}"},
    "advisory.days_trend": {
        "nl": "Dagen tot het adviesrapport (mediaan), per maand",
        "en": "Days to the advice report (median), per month",
    },
    "advisory.waiting.title": {
        "nl": "Aanvaarde intakes die nog wachten op een uitnodiging",
        "en": "Accepted intakes still waiting for an invitation",
    },
    "advisory.waiting.help": {
        "nl": "Regel: uitnodigen binnen 3 werkdagen na indiening (maandag-vrijdag, zonder Belgische feestdagen; "
        "de indieningsdag is dag 0). 'Te laat': de termijn is verstreken. 'Wacht': de termijn loopt nog.",
        "en": "Rule: invite within 3 working days of submission (Monday-Friday, without Belgian public "
        "holidays; the submission day is day 0). 'Overdue': the deadline has passed. 'Waiting': the deadline "
        "has not passed yet.",
    },
    "advisory.waiting.scope": {
        "nl": "Op de datum van de gegevens; de gemeente- en ketenfilter gelden, de periode niet (een intake "
        "van vroeger die nog wacht, staat er ook). Geen persoonsgegevens: alleen het intakenummer en waar het "
        "in het bestand staat.",
        "en": "At the data cut-off; the municipality and chain filters apply, the period does not (an older "
        "intake that still waits is listed too). No personal data: only the intake number and where it is in "
        "the file.",
    },
    "advisory.waiting.none": {
        "nl": "Geen enkele aanvaarde intake wacht nog op een uitnodiging.",
        "en": "No accepted intake is waiting for an invitation.",
    },
    "advisory.waiting.overdue": {
        "nl": "{count} intake(s) wachten langer dan 3 werkdagen: nodig ze zo snel mogelijk uit.",
        "en": "{count} intake(s) have waited longer than 3 working days: invite them as soon as possible.",
    },
    # events
    "events.title": {"nl": "Events en workshops", "en": "Events and workshops"},
    "events.what": {"nl": "events", "en": "events"},
    "events.by_type": {"nl": "Events per soort", "en": "Events by type"},
    "events.attendances_trend": {"nl": "Aanwezigheden per maand", "en": "Attendances per month"},
    "events.reach.title": {"nl": "Bereik per gemeente", "en": "Reach per municipality"},
    "events.reach.help": {
        "nl": "Events, aanwezigheden en unieke deelnemers per gemeente waar het event plaatsvond.",
        "en": "Events, attendances and unique attendees per municipality where the event took place.",
    },
    "events.reach.scope": {
        "nl": "Voor de gekozen periode en keten; de gemeentefilter geldt hier niet.",
        "en": "For the chosen period and chain; the municipality filter does not apply here.",
    },
    "events.reach.map": {"nl": "Bekijk op de kaart", "en": "See on the map"},
    # accelerator
    "accelerator.title": {"nl": "CO:KEET-versneller", "en": "CO:KEET accelerator"},
    "accelerator.what": {"nl": "de CO:KEET-versneller", "en": "the CO:KEET accelerator"},
    "accelerator.funnel.title": {
        "nl": "Van hackathon tot resultaat",
        "en": "From hackathon to outcome",
    },
    "accelerator.funnel.help": {
        "nl": "Hackathondeelnemers (personen) -> kandidaturen -> geselecteerd -> afgerond -> behaalde resultaten. "
        "De stappen tellen verschillende dingen en elk in de periode van hun eigen datum.",
        "en": "Hackathon participants (persons) -> applications -> selected -> completed -> outcomes achieved. "
        "The steps count different things, each in the period of its own date.",
    },
    "accelerator.funnel.note": {
        "nl": "Tussen haakjes: het aandeel van de eerste stap. De stappen tellen personen, kandidaturen en "
        "resultaten, elk in de periode van hun eigen datum; een stap zonder gegevens telt als 0.",
        "en": "In brackets: the share of the first step. The steps count persons, applications and outcomes, "
        "each in the period of its own date; a step without data counts as 0.",
    },
    "accelerator.hours": {"nl": "Programma-uren per soort sessie", "en": "Programme hours by session type"},
    "accelerator.outcomes": {"nl": "Resultaten per soort", "en": "Outcomes by type"},
    "accelerator.promoted": {
        "nl": "{promoted} van de {total} resultaten werden gepromoot ({share}).",
        "en": "{promoted} of the {total} outcomes were promoted ({share}).",
    },
    # value chains
    "chains.title": {"nl": "Waardeketens", "en": "Value chains"},
    "chains.what": {"nl": "de waardeketens", "en": "the value chains"},
    "chains.collaborations": {
        "nl": "Samenwerkingen: sociale x reguliere economie",
        "en": "Collaborations: social x regular economy",
    },
    "chains.collab_all": {"nl": "Alle samenwerkingen", "en": "All collaborations"},
    "chains.collab_mixed": {"nl": "Sociaal x regulier", "en": "Social x regular"},
    "chains.collab_axis": {"nl": "Samenwerkingen", "en": "Collaborations"},
    "chains.collab_share": {
        "nl": "{share} van de samenwerkingen verbindt de sociale met de reguliere economie.",
        "en": "{share} of the collaborations connect the social and the regular economy.",
    },
    "chains.procurement": {
        "nl": "Circulaire aankopen per soort koper",
        "en": "Circular procurement by buyer type",
    },
    "chains.per_chain": {"nl": "Per waardeketen", "en": "Per value chain"},
    "chains.per_chain_help": {
        "nl": "Een organisatie of samenwerking in twee ketens telt in elke keten één keer; de ketens samen "
        "zijn dus meer dan 'alle ketens'.",
        "en": "An organisation or collaboration in two chains counts once in each; the chains together can "
        "therefore exceed 'all chains'.",
    },
    "chains.per_chain_scope": {
        "nl": "Voor de gekozen periode en gemeente; de ketenfilter geldt hier niet.",
        "en": "For the chosen period and municipality; the chain filter does not apply here.",
    },
    # circular impact
    "circular.title": {"nl": "Circulaire impact", "en": "Circular impact"},
    "circular.what": {"nl": "materiaalstromen", "en": "material flows"},
    "circular.ladder": {
        "nl": "Materiaal in gebruik gehouden per R-strategie (R-ladder)",
        "en": "Material kept in use by R-strategy (R-ladder)",
    },
    "circular.ladder_note": {
        "nl": "Van R0 (meest circulair) tot R9. Groen: hoge R-strategieën R0-R7, samen {share} van de kg; "
        "grijs: recycleren en terugwinnen.",
        "en": "From R0 (most circular) to R9. Green: high R-strategies R0-R7, together {share} of the kg; grey: "
        "recycling and recovery.",
    },
    "circular.co2e": {"nl": "Vermeden CO₂e", "en": "CO₂e avoided"},
    "circular.co2e_range": {
        "nl": "Vermeden {unit}: bereik laag – hoog",
        "en": "{unit} avoided: range low – high",
    },
    "circular.range_unknown": {"nl": "bereik onbekend", "en": "range unknown"},
    "circular.central": {
        "nl": "Centrale schatting: {central}. Een schatting met onzekerheid: gebruik altijd het bereik.",
        "en": "Central estimate: {central}. An estimate with uncertainty: always use the range.",
    },
    "circular.estimate.low": {"nl": "laag", "en": "low"},
    "circular.estimate.central": {"nl": "centraal", "en": "central"},
    "circular.estimate.high": {"nl": "hoog", "en": "high"},
    "circular.estimate.low_value": {"nl": "laag {value}", "en": "low {value}"},
    "circular.estimate.central_value": {"nl": "centraal {value}", "en": "central {value}"},
    "circular.estimate.high_value": {"nl": "hoog {value}", "en": "high {value}"},
    "circular.uncovered": {
        "nl": "Voor {uncovered} van de {material} materiaal ({share}) is er geen CO₂e-factor. Die massa telt "
        "niet mee in de vermeden CO₂e hierboven: de werkelijke besparing ligt dus hoger dan dit bereik.",
        "en": "For {uncovered} of the {material} of material ({share}) there is no CO₂e factor. That mass is "
        "not counted in the CO₂e avoided above: the real saving is therefore higher than this range.",
    },
    "circular.all_covered": {
        "nl": "Voor al het materiaal van deze selectie is er een CO₂e-factor.",
        "en": "There is a CO₂e factor for all material of this selection.",
    },
    "circular.factors": {"nl": "Gebruikte CO₂e-factoren en bronnen", "en": "CO₂e factors used and sources"},
    "circular.factors_note": {
        "nl": "De actieve versie van de factortabel; 'bevestigd: nee' is een aanname die nog nagekeken moet "
        "worden.",
        "en": "The active version of the factor table; 'confirmed: no' is an assumption still to be checked.",
    },
    "circular.no_factors": {"nl": "Geen actieve factoren.", "en": "No active factors."},
    # social impact
    "social.title": {"nl": "Sociale impact", "en": "Social impact"},
    "social.what": {"nl": "jobs", "en": "jobs"},
    "social.target_groups": {"nl": "Jobs per kansengroep", "en": "Jobs by target group"},
    "social.per_chain": {"nl": "Jobs per waardeketen", "en": "Jobs per value chain"},
    "social.jobs_trend": {"nl": "Gestarte jobs per maand", "en": "Jobs started per month"},
    # data quality (issue 3)
    "quality.scorecard": {"nl": "Scorekaart per bron", "en": "Scorecard per source"},
    "quality.scorecard_help": {
        "nl": "Per bron (de partner die leverde): aandeel geweigerde rijen, onopgeloste verwijzingen, records "
        "buiten de periode en dagen sinds de laatste levering. 'Bellen' als er rijen geweigerd werden, "
        "verwijzingen openstaan of de laatste levering meer dan {days} dagen oud is.",
        "en": "Per source (the partner who delivered): share of rows rejected, unresolved references, "
        "out-of-period records and days since the last delivery. 'Call' when rows were rejected, references "
        "are open or the last delivery is more than {days} days old.",
    },
    "quality.to_call": {"nl": "Contacteer: {sources}.", "en": "Contact: {sources}."},
    "quality.nobody_to_call": {
        "nl": "Alle bronnen zijn in orde.",
        "en": "All sources are fine.",
    },
    "quality.call": {"nl": "☎ bellen", "en": "☎ call"},
    "quality.ok": {"nl": "✓ in orde", "en": "✓ fine"},
    "quality.unresolved": {"nl": "Onopgeloste verwijzingen", "en": "Unresolved references"},
    "quality.unresolved_help": {
        "nl": "Records die verwijzen naar een organisatie, persoon, event of kandidatuur die (nog) niet "
        "geleverd is. Ze zijn geladen en tellen mee waar dat kan; de rij verdwijnt zodra het record binnenkomt.",
        "en": "Records that refer to an organisation, person, event or application not delivered (yet). They "
        "are loaded and counted where possible; the row disappears once the record arrives.",
    },
    "quality.no_unresolved": {"nl": "Geen onopgeloste verwijzingen.", "en": "No unresolved references."},
    "quality.unresolved_count": {
        "nl": "{count} verwijzing(en) naar iets dat nog niet geleverd is.",
        "en": "{count} reference(s) to something not delivered yet.",
    },
    "quality.out_of_period": {"nl": "Records buiten de periode", "en": "Out-of-period records"},
    "quality.out_of_period_help": {
        "nl": "Records met een datum voor de start of na het einde van het project, of na de datum van de "
        "gegevens. Ze zijn geladen en gemarkeerd, niet weggegooid.",
        "en": "Records dated before the project start, after its end, or after the data cut-off. They are "
        "loaded and flagged, never dropped.",
    },
    "quality.no_out_of_period": {"nl": "Geen records buiten de periode.", "en": "No out-of-period records."},
    "quality.out_of_period_count": {
        "nl": "{count} record(s) buiten de periode.",
        "en": "{count} record(s) out of period.",
    },
    # upload
    "upload.title": {"nl": "Bestanden opladen", "en": "Upload files"},
    "upload.intro": {
        "nl": "Sleep exportbestanden (CSV of XLSX) hierheen. Ze worden meteen gecontroleerd met dezelfde regels "
        "als `keet validate`; er wordt nog niets geladen. Bestanden die niet geweigerd zijn, kan je daarna naar "
        "de inbox sturen: dan start een verwerking.",
        "en": "Drop export files (CSV or XLSX) here. They are checked at once with the same rules as "
        "`keet validate`; nothing is loaded yet. Files that are not rejected can then be sent to the inbox, "
        "which starts a run.",
    },
    "upload.files": {"nl": "Exportbestanden", "en": "Export files"},
    "upload.files_help": {
        "nl": "Gebruik bij voorkeur de sjablonen (`keet templates`). Meerdere bestanden tegelijk kan.",
        "en": "Preferably use the templates (`keet templates`). Several files at once is fine.",
    },
    "upload.checking": {"nl": "{name} controleren…", "en": "Checking {name}…"},
    "upload.check_failed": {
        "nl": "{name} kon niet gecontroleerd worden ({error}). Probeer `keet validate` of meld het aan de beheerder.",
        "en": "{name} could not be checked ({error}). Try `keet validate` or tell the maintainer.",
    },
    "upload.report": {"nl": "Controlerapport", "en": "Validation report"},
    "upload.some_rejected": {
        "nl": "{count} bestand(en) zouden volledig geweigerd worden en worden niet verstuurd.",
        "en": "{count} file(s) would be rejected as a whole and will not be sent.",
    },
    "upload.some_rows": {
        "nl": "{count} bestand(en) bevatten rijen die in quarantaine zouden gaan (de andere rijen worden "
        "geladen). Verbeter ze in het bronbestand of stuur ze toch door.",
        "en": "{count} file(s) contain rows that would be quarantined (the other rows are loaded). Fix them in "
        "the source file or send them anyway.",
    },
    "upload.all_clean": {"nl": "Alle bestanden zijn in orde.", "en": "All files are clean."},
    "upload.would_load": {"nl": "Zouden geladen worden", "en": "Would be loaded"},
    "upload.would_quarantine": {"nl": "In quarantaine", "en": "Quarantined"},
    "upload.status.0": {"nl": "✓ in orde", "en": "✓ clean"},
    "upload.status.1": {"nl": "⚠ rijen in quarantaine", "en": "⚠ rows quarantined"},
    "upload.status.2": {"nl": "✗ geweigerd", "en": "✗ rejected"},
    "upload.send": {"nl": "Naar de inbox sturen en verwerken", "en": "Send to the inbox and process"},
    "upload.source": {
        "nl": "Bron (wie leverde deze bestanden?)",
        "en": "Source (who delivered these files?)",
    },
    "upload.source_help": {
        "nl": "Bv. de naam van de partner. Wordt de submap in de inbox en staat bij elke levering op de "
        "pagina Datakwaliteit.",
        "en": "E.g. the partner's name. Becomes the inbox sub-folder and is shown with every delivery on the "
        "data quality page.",
    },
    "upload.source_first": {
        "nl": "Vul eerst de bron in: dan kan je versturen.",
        "en": "Fill in the source first: then you can send.",
    },
    "upload.source_invalid": {
        "nl": "Gebruik letters, cijfers, '-' of '_'.",
        "en": "Use letters, digits, '-' or '_'.",
    },
    "upload.source_folder": {"nl": "Submap in de inbox: {folder}", "en": "Inbox sub-folder: {folder}"},
    "upload.wait_for_run": {
        "nl": "Er loopt al een verwerking. Wacht tot die klaar is om nieuwe bestanden te versturen.",
        "en": "A run is already in progress. Wait until it has finished to send new files.",
    },
    "upload.send_button": {
        "nl": "{count} bestand(en) versturen en verwerking starten",
        "en": "Send {count} file(s) and start a run",
    },
    "upload.nothing_to_send": {
        "nl": "Er is niets om te versturen: elk bestand zou geweigerd worden.",
        "en": "There is nothing to send: every file would be rejected.",
    },
    "upload.sent": {
        "nl": "In de inbox gezet: {files}. De verwerking volgt hieronder.",
        "en": "Put in the inbox: {files}. The run follows below.",
    },
    "upload.run.title": {"nl": "Verwerking", "en": "Pipeline run"},
    "upload.run.none": {"nl": "Nog geen verwerking gezien.", "en": "No run seen yet."},
    "upload.run.starting": {"nl": "De verwerking wordt gestart…", "en": "The run is starting…"},
    "upload.run.crashed": {
        "nl": "De verwerking stopte zonder resultaat te melden (exitcode {code}). Het einde van het logboek:",
        "en": "The run stopped without reporting a result (exit status {code}). The end of its log:",
    },
    "upload.run.running": {
        "nl": "Bezig sinds {started} ({minutes} min {seconds} s). Deze pagina ververst vanzelf.",
        "en": "Running since {started} ({minutes} min {seconds} s). This page refreshes by itself.",
    },
    "upload.run.progress": {
        "nl": "{steps} stap(pen) klaar, nu: {step}.",
        "en": "{steps} step(s) done, now: {step}.",
    },
    "upload.run.dbt": {"nl": "dbt: {done} van {total}.", "en": "dbt: {done} of {total}."},
    "upload.run.succeeded": {
        "nl": "De laatste verwerking is geslaagd ({finished}). Het dashboard toont de nieuwe gegevens.",
        "en": "The last run succeeded ({finished}). The dashboard shows the new data.",
    },
    "upload.run.see_quality": {
        "nl": "Bekijk wat geweigerd werd en waarom (Datakwaliteit)",
        "en": "See what was rejected and why (Data quality)",
    },
    "upload.run.failed": {
        "nl": "De laatste verwerking is mislukt ({finished}): {message}. Het dashboard toont nog de vorige "
        "gegevens.",
        "en": "The last run failed ({finished}): {message}. The dashboard still shows the previous data.",
    },
    "upload.run.log": {"nl": "Logboek van de verwerking", "en": "Log of the run"},
    "upload.run.stale": {
        "nl": "Een verwerking gestart op {started} heeft nooit gemeld dat ze klaar was; ze is wellicht "
        "afgebroken. Je kan een nieuwe starten.",
        "en": "A run started at {started} never reported that it finished; it was probably aborted. You can "
        "start a new one.",
    },
    # code labels used by the new pages
    "decision.accepted": {"nl": "Aanvaard", "en": "Accepted"},
    "decision.referred": {"nl": "Doorverwezen", "en": "Referred"},
    "decision.rejected": {"nl": "Geweigerd", "en": "Rejected"},
    "decision.pending": {"nl": "In behandeling", "en": "Pending"},
    "follow_up.follow_up_meeting": {"nl": "Vervolggesprek", "en": "Follow-up meeting"},
    "follow_up.project_board": {"nl": "Projectbureau", "en": "Project board"},
    "follow_up.referral": {"nl": "Doorverwijzing", "en": "Referral"},
    "follow_up.none": {"nl": "Geen", "en": "None"},
    "applicant_stage.prestarter": {"nl": "Prestarter", "en": "Pre-starter"},
    "applicant_stage.starter": {"nl": "Starter", "en": "Starter"},
    "applicant_stage.established": {"nl": "Gevestigd", "en": "Established"},
    "applicant_stage.citizen_org": {"nl": "Burgerorganisatie", "en": "Citizen organisation"},
    "invitation_status.overdue": {"nl": "⚠ te laat", "en": "⚠ overdue"},
    "invitation_status.waiting": {"nl": "wacht (termijn loopt)", "en": "waiting (within deadline)"},
    "invitation_status.in_time": {"nl": "op tijd", "en": "in time"},
    "invitation_status.late": {"nl": "te laat uitgenodigd", "en": "invited late"},
    "event_type.network_event": {"nl": "Netwerkevent", "en": "Network event"},
    "event_type.workshop": {"nl": "Workshop", "en": "Workshop"},
    "event_type.hackathon": {"nl": "Hackathon", "en": "Hackathon"},
    "event_type.market_dialogue": {"nl": "Marktdialoog", "en": "Market dialogue"},
    "event_type.info_session": {"nl": "Infosessie", "en": "Info session"},
    "event_type.intervision": {"nl": "Intervisie", "en": "Intervision"},
    "event_type.other": {"nl": "Andere", "en": "Other"},
    "session_type.design_sprint": {"nl": "Designsprint", "en": "Design sprint"},
    "session_type.coaching": {"nl": "Coaching", "en": "Coaching"},
    "session_type.mentoring": {"nl": "Mentoring", "en": "Mentoring"},
    "session_type.intervision": {"nl": "Intervisie", "en": "Intervision"},
    "session_type.network_moment": {"nl": "Netwerkmoment", "en": "Network moment"},
    "session_type.workshop": {"nl": "Workshop", "en": "Workshop"},
    "session_type.other": {"nl": "Andere", "en": "Other"},
    "outcome_type.new_product": {"nl": "Nieuw product", "en": "New product"},
    "outcome_type.new_service": {"nl": "Nieuwe dienst", "en": "New service"},
    "outcome_type.new_business_model": {"nl": "Nieuw businessmodel", "en": "New business model"},
    "outcome_type.partnership": {"nl": "Partnerschap", "en": "Partnership"},
    "outcome_type.funding_secured": {"nl": "Financiering gevonden", "en": "Funding secured"},
    "outcome_type.other": {"nl": "Andere", "en": "Other"},
    "buyer_type.public": {"nl": "Overheid", "en": "Public"},
    "buyer_type.care": {"nl": "Zorg", "en": "Care"},
    "buyer_type.private": {"nl": "Privaat", "en": "Private"},
    "buyer_type.none": {"nl": "Geen", "en": "None"},
    "r_strategy.refuse": {"nl": "Weigeren", "en": "Refuse"},
    "r_strategy.rethink": {"nl": "Heroverwegen", "en": "Rethink"},
    "r_strategy.reduce": {"nl": "Verminderen", "en": "Reduce"},
    "r_strategy.reuse": {"nl": "Hergebruiken", "en": "Reuse"},
    "r_strategy.repair": {"nl": "Herstellen", "en": "Repair"},
    "r_strategy.refurbish": {"nl": "Opknappen", "en": "Refurbish"},
    "r_strategy.remanufacture": {"nl": "Herfabriceren", "en": "Remanufacture"},
    "r_strategy.repurpose": {"nl": "Herbestemmen", "en": "Repurpose"},
    "r_strategy.recycle": {"nl": "Recycleren", "en": "Recycle"},
    "r_strategy.recover": {"nl": "Energie terugwinnen", "en": "Recover (energy)"},
    "target_group.disability": {"nl": "Arbeidshandicap", "en": "Disability"},
    "target_group.psychosocial": {"nl": "Psychosociale problemen", "en": "Psychosocial"},
    "target_group.very_vulnerable": {"nl": "Uiterst kwetsbaar", "en": "Very vulnerable"},
    "target_group.migrant_background": {"nl": "Migratieachtergrond", "en": "Migrant background"},
    "target_group.low_qualified": {"nl": "Laaggeschoold", "en": "Low-qualified"},
    "target_group.long_term_unemployed": {"nl": "Langdurig werkzoekend", "en": "Long-term unemployed"},
    "target_group.youth": {"nl": "Jongeren", "en": "Youth"},
    "target_group.age_55_plus": {"nl": "55-plussers", "en": "Aged 55+"},
    "flag.before_project": {"nl": "voor de projectstart", "en": "before the project start"},
    "flag.after_project": {"nl": "na het projecteinde", "en": "after the project end"},
    "flag.after_cutoff": {"nl": "na de datum van de gegevens", "en": "after the data cut-off"},
    # columns of the new tables
    "col.applicant_stage": {"nl": "Fase", "en": "Stage"},
    "col.attention": {"nl": "Actie", "en": "Action"},
    "col.code": {"nl": "Code", "en": "Code"},
    "col.confirmed": {"nl": "Bevestigd", "en": "Confirmed"},
    "col.current": {"nl": "Nu", "en": "Now"},
    "col.cutoff": {"nl": "Datum van de gegevens", "en": "Data cut-off"},
    "col.date_column": {"nl": "Datumveld", "en": "Date field"},
    "col.date_value": {"nl": "Datum", "en": "Date"},
    "col.days_overdue": {"nl": "Dagen over de termijn", "en": "Days past deadline"},
    "col.deadline_on": {"nl": "Uiterlijk uitnodigen op", "en": "Invite by"},
    "col.difference": {"nl": "Verschil", "en": "Difference"},
    "col.dimension": {"nl": "Opsplitsing", "en": "Breakdown"},
    "col.estimate": {"nl": "Schatting", "en": "Estimate"},
    "col.expected_pct": {"nl": "Verwacht", "en": "Expected"},
    "col.factor_central": {"nl": "Centraal", "en": "Central"},
    "col.factor_high": {"nl": "Hoog", "en": "High"},
    "col.factor_low": {"nl": "Laag", "en": "Low"},
    "col.factor_source": {"nl": "Bron van de factor", "en": "Source of the factor"},
    "col.factor_unit": {"nl": "Eenheid", "en": "Unit"},
    "col.files": {"nl": "Bestanden", "en": "Files"},
    "col.files_rejected": {"nl": "Bestanden geweigerd", "en": "Files rejected"},
    "col.flag": {"nl": "Buiten de periode", "en": "Out of period"},
    "col.high_r": {"nl": "Hoge R-strategie", "en": "High R-strategy"},
    "col.intake_id": {"nl": "Intake", "en": "Intake"},
    "col.invitation_status": {"nl": "Toestand", "en": "Status"},
    "col.label": {"nl": "Omschrijving", "en": "Label"},
    "col.on_track": {"nl": "Stand", "en": "Progress"},
    "col.out_of_period": {"nl": "Buiten periode", "en": "Out of period"},
    "col.pct_of_first": {"nl": "% van de eerste stap", "en": "% of the first step"},
    "col.pct_of_previous": {"nl": "% van de vorige stap", "en": "% of the previous step"},
    "col.pct_reached": {"nl": "Bereikt", "en": "Reached"},
    "col.previous": {"nl": "Vorige momentopname", "en": "Previous snapshot"},
    "col.product_category": {"nl": "Productcategorie", "en": "Product category"},
    "col.r_code": {"nl": "R-code", "en": "R code"},
    "col.r_strategy": {"nl": "R-strategie", "en": "R-strategy"},
    "col.reason_code": {"nl": "Redencode", "en": "Reason code"},
    "col.record_id": {"nl": "Record", "en": "Record"},
    "col.referenced_id": {"nl": "Verwijst naar", "en": "Refers to"},
    "col.referenced_type": {"nl": "Soort verwijzing", "en": "Reference type"},
    "col.rejected_pct": {"nl": "Geweigerd (%)", "en": "Rejected (%)"},
    "col.sheet": {"nl": "Werkblad", "en": "Sheet"},
    "col.source_kpi": {"nl": "Bron (indicator)", "en": "Source (indicator)"},
    "col.step": {"nl": "Stap", "en": "Step"},
    "col.submitted_on": {"nl": "Ingediend", "en": "Submitted"},
    "col.target": {"nl": "Doel", "en": "Target"},
    "col.target_confirmed": {"nl": "Doel bevestigd", "en": "Target confirmed"},
    "col.target_source": {"nl": "Herkomst van het doel", "en": "Origin of the target"},
    "col.target_status": {"nl": "Status van het doel", "en": "Target status"},
    "col.target_type": {"nl": "Soort doel", "en": "Target type"},
    "col.target_version": {"nl": "Versie doelen", "en": "Targets version"},
    "col.unresolved": {"nl": "Onopgeloste verwijzingen", "en": "Unresolved references"},
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
