"""The record types of the input contract (shared/spec/input-contract.md), declared once.

Every other layer (reader, validator, raw tables, templates, the demo-data generator, dbt sources) reads this
module instead of repeating column lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | id | person_id | date | bool | int | decimal | enum | list | enterprise_number | pii
    required: bool = False
    aliases: tuple[str, ...] = ()
    enum: str | None = None  # enum name in enums.ENUMS (kind enum, or list items)
    min_value: float | None = None
    min_exclusive: bool = False
    max_value: float | None = None
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class RecordType:
    name: str
    id_column: str
    columns: tuple[Column, ...]
    key_date: str | None = None  # the one key date that also accepts the header `datum`
    type_column: str | None = None  # the one *_type column that also accepts the header `type`
    needs_place: bool = False  # place (postal_code or municipality) required
    has_place: bool = False
    one_of: tuple[tuple[str, ...], ...] = ()  # at least one of these columns must be filled
    date_order: tuple[str, ...] = ()  # these dates must be non-decreasing where present
    sheet_aliases: tuple[str, ...] = ()
    description_nl: str = ""
    description_en: str = ""
    extra_checks: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def C(name: str, kind: str = "text", required: bool = False, *aliases: str, **kw) -> Column:
    return Column(name=name, kind=kind, required=required, aliases=tuple(aliases), **kw)


# Place columns shared by every record type that has a place.
PLACE = (
    C("postal_code", "text", False, "postcode"),
    C("municipality", "text", False, "gemeente"),
)

# Canonical names have the same aliases in every record type.
_ORG_ID = ("organisatie_id",)

RECORD_TYPES: dict[str, RecordType] = {}


def _register(rt: RecordType) -> None:
    RECORD_TYPES[rt.name] = rt


_register(
    RecordType(
        name="organisations",
        id_column="org_id",
        has_place=True,
        sheet_aliases=("organisaties", "organisatie", "organisation", "orgs"),
        description_nl="Organisatieregister: elke organisatie waarnaar andere records verwijzen.",
        description_en="Organisation registry: every organisation other records refer to.",
        columns=(
            C("org_id", "id", True, *_ORG_ID),
            C("enterprise_number", "enterprise_number", False, "ondernemingsnummer", "kbo"),
            C("name", "text", True, "naam"),
            C("org_type", "enum", True, "type_organisatie", enum="org_type"),
            C("size_class", "enum", False, "grootte", enum="size_class"),
            *PLACE,
            C("social_economy_type", "enum", False, "sociale_economie_type", enum="social_economy_type"),
            C("chains", "list", False, "ketens", enum="chain"),
        ),
        type_column="org_type",
    )
)

_register(
    RecordType(
        name="people",
        id_column="person_id",
        has_place=True,
        sheet_aliases=("personen", "deelnemers", "persons", "participants"),
        description_nl="Deelnemers (persoonsgegevens: namen, e-mail en telefoon blijven in het archief).",
        description_en="Participants (personal data: names, e-mail and phone stay in the archive).",
        columns=(
            C("person_id", "person_id", True, "persoon_id", "deelnemer_id"),
            C("first_name", "pii", False, "voornaam"),
            C("last_name", "pii", False, "achternaam", "familienaam"),
            C("email", "pii", False, "e-mail", "emailadres"),
            C("phone", "pii", False, "telefoon", "gsm"),
            C("gender", "enum", False, "geslacht", enum="gender", default="unknown"),
            C("birth_year", "int", False, "geboortejaar", min_value=1900, max_value=2030),
            *PLACE,
            C("labour_status", "enum", False, "arbeidsmarktstatus", enum="labour_status", default="unknown"),
            C("education_level", "enum", False, "onderwijsniveau", enum="education_level", default="unknown"),
            C("disadvantaged", "list", False, "kansengroep", enum="disadvantaged"),
            C("org_id", "id", False, *_ORG_ID),
            C("consent", "bool", True, "toestemming"),
        ),
    )
)

_register(
    RecordType(
        name="intakes",
        id_column="intake_id",
        needs_place=True,
        has_place=True,
        key_date="submitted_on",
        sheet_aliases=("intake", "aanmeldingen"),
        date_order=("submitted_on", "invited_on", "advice_on", "report_sent_on"),
        description_nl="Adviesbureau: intakeformulieren en hun opvolging.",
        description_en="Advisory desk: intake forms and their follow-up.",
        columns=(
            C("intake_id", "id", True),
            C("submitted_on", "date", True, "ingediend_op"),
            C("org_id", "id", False, *_ORG_ID),
            C("org_name", "text", False, "organisatie", "organisatienaam"),
            C("person_id", "person_id", False, "persoon_id", "deelnemer_id"),
            C("applicant_stage", "enum", True, "fase", enum="applicant_stage"),
            *PLACE,
            C("chain", "enum", True, "keten", enum="chain"),
            C("is_circular", "bool", True, "circulair"),
            C("social_employment", "bool", False, "sociale_tewerkstelling"),
            C("decision", "enum", True, "beslissing", enum="decision"),
            C("referred_to", "text", False, "doorverwezen_naar"),
            C("invited_on", "date", False, "uitgenodigd_op"),
            C("advice_on", "date", False, "adviesgesprek_op"),
            C("advice_minutes", "int", False, "duur_minuten", min_value=0, min_exclusive=True,
              max_value=1440, default="60"),
            C("report_sent_on", "date", False, "verslag_verzonden_op"),
            C("follow_up", "enum", False, "vervolg", enum="follow_up"),
        ),
    )
)

_register(
    RecordType(
        name="events",
        id_column="event_id",
        has_place=True,
        key_date="date",
        type_column="event_type",
        sheet_aliases=("evenementen", "activiteiten"),
        description_nl="Netwerkevents, workshops, hackathons, marktdialogen.",
        description_en="Network events, workshops, hackathons, market dialogues.",
        columns=(
            C("event_id", "id", True),
            C("event_type", "enum", True, enum="event_type"),
            C("title", "text", True, "titel"),
            C("date", "date", True),
            *PLACE,
            C("chains", "list", False, "ketens", enum="chain"),
            C("organiser", "text", False, "organisator"),
        ),
    )
)

_register(
    RecordType(
        name="attendance",
        id_column="attendance_id",
        sheet_aliases=("aanwezigheden", "aanwezigheid", "deelnames"),
        one_of=(("person_id", "org_id"),),
        description_nl="Aanwezigheidslijsten van events.",
        description_en="Event attendance lists.",
        columns=(
            C("event_id", "id", True),
            C("person_id", "person_id", False, "persoon_id", "deelnemer_id"),
            C("org_id", "id", False, *_ORG_ID),
            C("role", "enum", False, "rol", enum="role", default="participant"),
        ),
    )
)

_register(
    RecordType(
        name="applications",
        id_column="application_id",
        key_date="submitted_on",
        sheet_aliases=("aanvragen", "aanvraag", "kandidaturen"),
        date_order=("submitted_on", "decided_on"),
        description_nl="CO:KEET: kandidaturen op de oproep en hun status in het programma.",
        description_en="CO:KEET: applications to the call and their status in the programme.",
        columns=(
            C("application_id", "id", True, "aanvraag_id"),
            C("call_id", "id", True, "oproep_id"),
            C("submitted_on", "date", True, "ingediend_op"),
            C("lead_org_id", "id", True, "hoofdaanvrager"),
            C("partner_org_ids", "list", False, "partners"),
            C("chain", "enum", True, "keten", enum="chain"),
            C("challenge", "text", False, "uitdaging"),
            C("from_hackathon", "bool", False, "uit_hackathon"),
            C("status", "enum", True, enum="status"),
            C("committee_score", "decimal", False, "score", min_value=0, max_value=100),
            C("decided_on", "date", False, "beslist_op"),
        ),
    )
)

_register(
    RecordType(
        name="programme_sessions",
        id_column="session_id",
        key_date="date",
        type_column="session_type",
        sheet_aliases=("sessies", "programmasessies", "sessions"),
        description_nl="CO:KEET: sessies van het acceleratieprogramma.",
        description_en="CO:KEET: acceleration programme sessions.",
        columns=(
            C("session_id", "id", True, "sessie_id"),
            C("application_id", "id", True, "aanvraag_id"),
            C("session_type", "enum", True, enum="session_type"),
            C("date", "date", True),
            C("hours", "decimal", True, "uren", min_value=0, min_exclusive=True, max_value=24),
            C("coach_org_id", "id", False, "coach"),
        ),
    )
)

_register(
    RecordType(
        name="outcomes",
        id_column="outcome_id",
        key_date="achieved_on",
        type_column="outcome_type",
        one_of=(("application_id", "org_id"),),
        sheet_aliases=("resultaten", "resultaat"),
        description_nl="CO:KEET: resultaten (nieuwe producten, diensten, partnerschappen...).",
        description_en="CO:KEET: outcomes (new products, services, partnerships...).",
        columns=(
            C("outcome_id", "id", True, "resultaat_id"),
            C("application_id", "id", False, "aanvraag_id"),
            C("org_id", "id", False, *_ORG_ID),
            C("outcome_type", "enum", True, enum="outcome_type"),
            C("description", "text", False, "omschrijving"),
            C("achieved_on", "date", True, "behaald_op"),
            C("promoted", "bool", False, "gepromoot"),
        ),
    )
)

_register(
    RecordType(
        name="collaborations",
        id_column="collaboration_id",
        key_date="started_on",
        type_column="collaboration_type",
        sheet_aliases=("samenwerkingen", "samenwerking"),
        description_nl="Ketensamenwerkingen tussen organisaties.",
        description_en="Value-chain collaborations between organisations.",
        columns=(
            C("collaboration_id", "id", True, "samenwerking_id"),
            C("chain", "enum", True, "keten", enum="chain"),
            C("org_ids", "list", True, "organisaties"),
            C("collaboration_type", "enum", True, enum="collaboration_type"),
            C("started_on", "date", True, "gestart_op", "startdatum"),
            C("procurement_value_eur", "decimal", False, "aankoopwaarde_eur", min_value=0),
            C("buyer_type", "enum", False, "type_koper", enum="buyer_type"),
        ),
    )
)

_register(
    RecordType(
        name="material_flows",
        id_column="flow_id",
        key_date="period_end",
        sheet_aliases=("materiaalstromen", "stromen", "flows"),
        date_order=("period_start", "period_end"),
        description_nl="Circulaire impact: materiaalstromen per organisatie, keten en R-strategie.",
        description_en="Circular impact: material flows per organisation, chain and R-strategy.",
        columns=(
            C("flow_id", "id", True, "stroom_id"),
            C("org_id", "id", True, *_ORG_ID),
            C("collaboration_id", "id", False, "samenwerking_id"),
            C("application_id", "id", False, "aanvraag_id"),
            C("period_start", "date", True, "periode_van"),
            C("period_end", "date", True, "periode_tot"),
            C("chain", "enum", True, "keten", enum="chain"),
            C("product_category", "text", False, "productcategorie"),
            C("r_strategy", "enum", True, "r_strategie", enum="r_strategy"),
            C("quantity", "decimal", True, "hoeveelheid", min_value=0, min_exclusive=True),
            C("unit", "enum", True, "eenheid", enum="unit"),
            C("unit_weight_kg", "decimal", False, "gewicht_per_stuk_kg", min_value=0, min_exclusive=True),
            C("recycled_content_pct", "decimal", False, "gerecycleerd_pct", min_value=0, max_value=100),
            C("lifetime_extension_years", "decimal", False, "levensduurverlenging_jaar", min_value=0),
        ),
    )
)

_register(
    RecordType(
        name="jobs",
        id_column="job_record_id",
        key_date="started_on",
        sheet_aliases=("jobs", "tewerkstelling", "banen"),
        date_order=("started_on", "ended_on"),
        description_nl="Sociale impact: jobs, VTE en kansengroepen.",
        description_en="Social impact: jobs, FTE and target groups.",
        columns=(
            C("job_record_id", "id", True, "job_id"),
            C("org_id", "id", True, *_ORG_ID),
            C("collaboration_id", "id", False, "samenwerking_id"),
            C("application_id", "id", False, "aanvraag_id"),
            C("started_on", "date", True, "gestart_op", "startdatum"),
            C("ended_on", "date", False, "einddatum"),
            C("headcount", "int", True, "aantal_personen", min_value=1),
            C("fte", "decimal", True, "vte", min_value=0, min_exclusive=True),
            C("target_group", "enum", False, "kansengroep", enum="target_group"),
            C("employment_type", "enum", False, "statuut", enum="employment_type"),
            C("in_region", "bool", False, "in_regio"),
            C("training_hours", "decimal", False, "opleidingsuren", min_value=0),
        ),
    )
)

# Attendance rows have no id of their own in the contract; the loader derives one from
# (event_id, person_id, org_id, role) so that a re-delivered list updates instead of doubling.
ATTENDANCE_KEY = ("event_id", "person_id", "org_id", "role")

# Record types whose id column is derived rather than delivered.
DERIVED_ID = {"attendance": ATTENDANCE_KEY}

# Columns that hold personal identifiers: read only to be dropped (never stored past the archive).
PII_KINDS = {"pii"}


def record_type_names() -> list[str]:
    return list(RECORD_TYPES)
