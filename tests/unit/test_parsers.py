"""Parsers of the input contract: dates, booleans, numbers, enums, places, enterprise numbers, headers."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.contract.parsers import (
    OUTSIDE_REGION,
    ParseError,
    norm_token,
    parse_bool,
    parse_date,
    parse_enterprise_number,
    parse_enum,
    parse_number,
    resolve_municipality_name,
    resolve_place,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-14", dt.date(2022, 3, 14)),
        ("14/03/2022", dt.date(2022, 3, 14)),
        ("14-03-2022", dt.date(2022, 3, 14)),
        ("14.03.2022", dt.date(2022, 3, 14)),
        ("4/3/2022", dt.date(2022, 3, 4)),  # day-first: 4 March, never 3 April
        ("03/04/2022", dt.date(2022, 4, 3)),  # ambiguous-looking, but the Belgian default is day-first
        ("14/03/2022 09:30", dt.date(2022, 3, 14)),
        ("2022-03-14 09:30:15", dt.date(2022, 3, 14)),
        ("2022-03-14T09:30", dt.date(2022, 3, 14)),
        ("44634", dt.date(2022, 3, 14)),  # Excel serial: 1899-12-30 + 44634 days
        (44634, dt.date(2022, 3, 14)),
        (44634.5, dt.date(2022, 3, 14)),
        (dt.datetime(2022, 3, 14, 10, 0), dt.date(2022, 3, 14)),
    ],
)
def test_parse_date_accepts_contract_formats(text, expected):
    assert parse_date(text) == expected


def test_month_first_date_is_never_guessed_but_suggested():
    with pytest.raises(ParseError) as err:
        parse_date("03/14/2022")
    assert err.value.suggestion == "14/03/2022"
    assert "bedoelde u 14/03/2022" in err.value.reason_nl
    assert "did you mean 14/03/2022" in err.value.reason_en


@pytest.mark.parametrize("text", ["31/02/2022", "2022-13-01", "morgen", "14 maart 2022", ""])
def test_invalid_dates_raise(text):
    with pytest.raises(ParseError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ja", True), ("Nee", False), ("j", True), ("n", False), ("yes", True), ("no", False), ("Y", True),
     ("true", True), ("FALSE", False), ("waar", True), ("onwaar", False), ("1", True), ("0", False),
     ("x", True), ("X", True), (1, True), (0, False)],
)
def test_parse_bool(text, expected):
    assert parse_bool(text) is expected


def test_parse_bool_rejects_other_words():
    with pytest.raises(ParseError):
        parse_bool("misschien")


def test_numbers_decimal_comma_only_in_semicolon_files():
    assert parse_number("12,5", decimal_comma=True) == 12.5
    assert parse_number("1.234,5", decimal_comma=True) == 1234.5
    assert parse_number("12.5") == 12.5
    with pytest.raises(ParseError) as err:
        parse_number("12,5", decimal_comma=False)
    assert "decimale komma" in err.value.reason_nl


def test_split_list_accepts_three_separators():
    assert split_list("textiel; ICT") == ["textiel", "ICT"]
    assert split_list("a,b|c") == ["a", "b", "c"]
    assert split_list("") == []


def test_norm_token_ignores_case_accents_and_separators():
    assert norm_token("Ingediend_Op") == norm_token("ingediend op") == norm_token("INGEDIEND-op")
    assert norm_token("É-mail.") == "email"


@pytest.mark.parametrize(
    ("enum", "word", "code"),
    [("chain", "Textiel", "textile"), ("chain", "kledij", "textile"), ("chain", "witgoed", "electro"),
     ("chain", "IT", "ict"), ("chain", "Meubelen", "furniture"), ("decision", "aanvaard", "accepted"),
     ("decision", "Doorverwezen", "referred"), ("event_type", "hackaton", "hackathon"),
     ("event_type", "marktdialoog", "market_dialogue"), ("r_strategy", "R3", "reuse"),
     ("r_strategy", "hergebruik", "reuse"), ("gender", "V", "female"), ("gender", "x", "non_binary"),
     ("status", "in programma", "in_programme"), ("org_type", "vzw", "citizen_org")],
)
def test_enum_words(enum, word, code):
    assert parse_enum(enum, word) == code


def test_enum_suggests_closest():
    with pytest.raises(ParseError) as err:
        parse_enum("decision", "aanvaardt")
    assert err.value.suggestion == "accepted"


@pytest.mark.parametrize(
    ("name", "nis"),
    [("Aalst", "41002"), ("aalst", "41002"), ("Erembodegem", "41002"), ("Meerbeke", "41048"),
     ("Sint-Lievens-Houtem", "41063"), ("sint lievens houtem", "41063"), ("Kerksken", "41024"),
     ("Erpe-Mere", "41082"), ("Borsbeke", "41027"), ("Gent", OUTSIDE_REGION), ("Zottegem", OUTSIDE_REGION),
     ("Brussel", OUTSIDE_REGION), ("9300 Aalst", "41002")],
)
def test_municipality_and_sub_municipality_names(name, nis):
    assert resolve_municipality_name(name) == nis


def test_misspelt_municipality_is_quarantined_with_suggestion():
    with pytest.raises(ParseError) as err:
        resolve_municipality_name("Aalts")
    assert err.value.reason_nl == "gemeente 'Aalts' onbekend - bedoelde u Aalst?"
    assert err.value.suggestion == "Aalst"


@pytest.mark.parametrize(
    ("postal", "name", "expected"),
    [("9300", None, ("9300", "41002")), ("9402", None, ("9402", "41048")), (9470, None, ("9470", "41011")),
     ("9000", None, ("9000", OUTSIDE_REGION)), (None, "Lede", (None, "41034")),
     ("9340", "Lede", ("9340", "41034")), (None, None, (None, None)),
     (None, "9400", ("9400", "41048"))],  # a postal code typed in the municipality column
)
def test_resolve_place(postal, name, expected):
    assert resolve_place(postal, name) == expected


def test_contradicting_place_fields_are_an_error():
    with pytest.raises(ParseError):
        resolve_place("9400", "Aalst")
    with pytest.raises(ParseError):
        resolve_place("93", None)


@pytest.mark.parametrize(
    ("text", "digits"),
    [("0123.456.749", "0123456749"), ("BE 0123 456 749", "0123456749"), ("123456749", "0123456749"),
     ("0403.170.701", "0403170701")],
)
def test_enterprise_number_valid(text, digits):
    # 01234567 mod 97 = 48 -> check 97 - 48 = 49; 04031707 mod 97 = 96 -> check 1
    assert parse_enterprise_number(text) == digits


@pytest.mark.parametrize("text", ["0123.456.748", "2123.456.749", "12345", "abc"])
def test_enterprise_number_invalid(text):
    with pytest.raises(ParseError):
        parse_enterprise_number(text)
