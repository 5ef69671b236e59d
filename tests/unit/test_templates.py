"""Templates: every record type, Dutch headers, a data dictionary, and they pass the contract themselves."""

from __future__ import annotations

import openpyxl

from pipelines.contract.reader import read_file
from pipelines.contract.schema import RECORD_TYPES
from pipelines.contract.templates import write_templates


def test_templates_roundtrip(tmp_path):
    written = write_templates(tmp_path)
    assert len(written) == 2 * len(RECORD_TYPES) == 22
    wb = openpyxl.load_workbook(tmp_path / "intakes.xlsx")
    assert wb.sheetnames == ["intakes", "woordenboek"]
    headers = [c.value for c in wb["intakes"][1]]
    assert headers[:3] == ["intake_id", "ingediend_op", "organisatie_id"]
    dictionary = {row[1]: row for row in wb["woordenboek"].iter_rows(min_row=3, values_only=True)}
    assert dictionary["decision"][3] == "ja" and "aanvaard" in dictionary["decision"][5]
    assert (tmp_path / "intakes.csv").read_bytes().startswith(b"\xef\xbb\xbfintake_id;ingediend_op;")
    for path in written:
        parts = read_file(path)  # an empty template is a readable file with every required column
        assert [p.record_type.name for p in parts] == [path.stem]
        assert parts[0].rows == [] and parts[0].extra_columns == []
