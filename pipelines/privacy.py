"""Pseudonymisation: person identifiers become keyed hashes (HMAC-SHA256).

The key lives outside the repository and outside the warehouse: `KEET_PSEUDONYM_KEY` (hex) or the file
`$KEET_HOME/secrets/pseudonym.key`, generated on first use with permissions 0600. Losing the key means new
deliveries of the same person no longer match earlier ones; keep it with the backups of the archive.

A warehouse records the fingerprint of the first key it was loaded with (`landing.pseudonym_key`) and refuses any
other (decision 27, `warehouse_pseudonymiser`): pseudonyms made with another key match no one already loaded, so
the same person would count twice, their attendance would find no person and an erasure would miss them.
"""

from __future__ import annotations

import hmac
import os
import secrets

from pipelines import settings


def pseudonym_key() -> bytes:
    env = os.environ.get("KEET_PSEUDONYM_KEY")
    if env:
        return bytes.fromhex(env)
    path = settings.secrets_dir() / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


KEY_CHECK_LABEL = b"keet: pseudonym key check"
KEY_MISMATCH = (
    "De pseudonimiseringssleutel (KEET_PSEUDONYM_KEY of {path}) is niet die waarmee dit warehouse is opgebouwd: "
    "nieuwe leveringen zouden geen enkele eerder geladen persoon meer terugvinden. Zet de juiste sleutel terug; "
    "niets is geladen of verloren. / The pseudonymisation key (KEET_PSEUDONYM_KEY or {path}) is not the one this "
    "warehouse was built with: new deliveries would match none of the persons loaded before. Restore the right "
    "key; nothing was loaded or lost."
)


class PseudonymKeyMismatch(RuntimeError):
    """The pseudonymisation key is not the one the warehouse's person ids were made with."""


def key_fingerprint(key: bytes) -> str:
    """A short one-way fingerprint of a key (HMAC of a fixed label): tells two keys apart, reveals neither."""
    return hmac.new(key, KEY_CHECK_LABEL, "sha256").hexdigest()[:16]


def warehouse_pseudonymiser(con):
    """The pseudonymiser for the warehouse of `con`: the first key used is recorded by its fingerprint, any other
    key raises PseudonymKeyMismatch (before anything is pseudonymised, so nothing is loaded with it). A warehouse
    from before this check records the key of its next load."""
    from pipelines.formatting import local_now

    key = pseudonym_key()
    fingerprint = key_fingerprint(key)
    recorded = con.execute("select fingerprint from landing.pseudonym_key order by recorded_at limit 1").fetchone()
    if recorded is None:
        con.execute("insert into landing.pseudonym_key values (?, ?)", [fingerprint, local_now()])
    elif recorded[0] != fingerprint:
        raise PseudonymKeyMismatch(KEY_MISMATCH.format(path=settings.secrets_dir() / "pseudonym.key"))
    return make_pseudonymiser(key)


def make_pseudonymiser(key: bytes | None = None):
    """A function person_id -> 'P-' + 16 hex characters, stable for one key."""
    key = key if key is not None else pseudonym_key()
    keyed = hmac.new(key, digestmod="sha256")  # the key is prepared once; each id hashes a copy

    def pseudonymise(person_id: str) -> str:
        mac = keyed.copy()
        mac.update(person_id.strip().upper().encode())
        return "P-" + mac.hexdigest()[:16]

    return pseudonymise


# ------------------------------------------------------------------------------------------- right to erasure
def _person_rows_in_file(path, person_id: str | None, email: str | None):
    """Row numbers (per part) of a person in an archived file, matched on the delivered person id or e-mail."""
    from pipelines.contract.parsers import norm_token
    from pipelines.contract.reader import FileRejected, header_lookup, read_file

    try:
        parts = read_file(path)
    except FileRejected:
        return []
    hits = []
    for part in parts:
        lookup = header_lookup(part.record_type)
        cols = {lookup.get(norm_token(h)): i for i, h in enumerate(part.headers) if lookup.get(norm_token(h))}
        id_idx = cols.get("person_id")
        mail_idx = cols.get("email")
        if id_idx is None and mail_idx is None:
            continue
        rows = []
        for row_no, cells in part.rows:
            pid = str(cells[id_idx]).strip().upper() if id_idx is not None and id_idx < len(cells) and cells[id_idx] else None
            mail = (str(cells[mail_idx]).strip().lower() if mail_idx is not None and mail_idx < len(cells)
                    and cells[mail_idx] else None)
            if (person_id and pid == person_id.strip().upper()) or (email and mail == email.strip().lower()):
                rows.append((row_no, pid))
        if rows:
            person_cols = {i for name, i in cols.items() if name == "person_id"
                           or part.record_type.column(name).kind == "pii"}
            hits.append((part, rows, person_cols))
    return hits


# Record types whose rows ARE the person's data (removed whole); in the others (intakes: the case of an
# organisation or applicant) only the person's cells are emptied and the record stays.
PERSON_RECORDS = {"people", "attendance"}


def _blank_rows(path, sheet: str | None, row_numbers: set[int], columns: set[int] | None = None) -> None:
    """Empty the cells of rows of an archived file (all cells, or only `columns`); other rows keep their bytes
    and every row keeps its number."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        import openpyxl

        wb = openpyxl.load_workbook(path)
        ws = wb[sheet] if sheet else wb.worksheets[0]
        for row_no in row_numbers:
            for idx, cell in enumerate(ws[row_no]):
                if columns is None or idx in columns:
                    cell.value = None
        wb.save(path)
        return
    import csv
    import io

    from pipelines.contract.reader import decode_bytes, detect_delimiter

    data = path.read_bytes()
    text, encoding = decode_bytes(data)
    delimiter = detect_delimiter(next((ln for ln in text.splitlines() if ln.strip()), ""))
    lines = text.splitlines(keepends=True)
    for row_no in row_numbers:
        line = lines[row_no - 1]
        ending = line[len(line.rstrip("\r\n")):]
        cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter))
        cells = ["" if columns is None or i in columns else c for i, c in enumerate(cells)]
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="").writerow(cells)
        lines[row_no - 1] = buf.getvalue() + ending
    out = "".join(lines).encode("cp1252" if encoding == "cp1252" else "utf-8")
    if encoding == "utf-8-sig":
        out = b"\xef\xbb\xbf" + out
    path.write_bytes(out)


def forget_person(con, person_id: str | None = None, email: str | None = None, actor: str = "cli") -> dict:
    """Erase one person from the archive and the raw layer (the next run rebuilds every figure without them).

    Archived rows are blanked in place (row numbers of other records stay valid for lineage); raw rows, quarantine
    rows and the row ledger are corrected; an audit entry records counts only, never the erased data.
    """
    from pipelines import auth
    from pipelines.contract.schema import RECORD_TYPES

    if not person_id and not email:
        raise ValueError("give a person id or an e-mail address")
    pseudonymise = warehouse_pseudonymiser(con)  # a wrong key stops the erasure before any file is changed
    deliveries = con.execute(
        "select delivery_id, archive_path, file_name from landing.deliveries where status = 'loaded'").fetchall()
    delivered_ids: set[str] = {person_id.strip().upper()} if person_id else set()
    blanked: dict[tuple[int, str | None], set[int]] = {}
    files = cells_cleared = 0
    for delivery_id, archive_path, _file_name in deliveries:
        path = settings.archive_dir() / archive_path
        if not path.exists():
            continue
        hits = _person_rows_in_file(path, person_id, email)
        for part, rows, person_cols in hits:
            numbers = {r for r, _ in rows}
            delivered_ids.update(pid for _, pid in rows if pid)
            whole = part.record_type.name in PERSON_RECORDS
            _blank_rows(path, part.sheet, numbers, None if whole else person_cols)
            if whole:
                blanked.setdefault((delivery_id, part.sheet), set()).update(numbers)
            else:
                cells_cleared += len(numbers)
        files += bool(hits)
    pseudonyms = sorted({pseudonymise(pid) for pid in delivered_ids})
    raw_removed = 0
    for rt in RECORD_TYPES.values():
        if "person_id" not in rt.column_names or not pseudonyms:
            continue
        n = con.execute(f"select count(*) from raw.{rt.name} where person_id in (select unnest(?))",
                        [pseudonyms]).fetchone()[0]
        if rt.name in PERSON_RECORDS:
            con.execute(f"delete from raw.{rt.name} where person_id in (select unnest(?))",
                        [pseudonyms])
            raw_removed += n
        else:
            con.execute(f"update raw.{rt.name} set person_id = null where person_id in (select unnest(?))",
                        [pseudonyms])
    quarantine_removed = 0
    for (delivery_id, sheet), numbers in blanked.items():
        rows = sorted(numbers)
        q = con.execute(
            "select count(distinct row_number) from landing.quarantine where delivery_id = ? "
            "and sheet is not distinct from ? and row_number in (select unnest(?))", [delivery_id, sheet, rows]
        ).fetchone()[0]
        con.execute("delete from landing.quarantine where delivery_id = ? and sheet is not distinct from ? "
                    "and row_number in (select unnest(?))", [delivery_id, sheet, rows])
        quarantine_removed += q
        con.execute(
            "update landing.delivery_parts set rows_read = rows_read - ?, rows_quarantined = rows_quarantined - ?, "
            "rows_loaded = rows_loaded - ? where delivery_id = ? and sheet is not distinct from ? "
            "and loaded_at is not null",
            [len(rows), q, len(rows) - q, delivery_id, sheet],
        )
    # The next run rebuilds every figure, whether it starts now (`keet forget`) or later (`--no-run`, then `keet
    # run`): an incremental run would rebuild only what new deliveries touch, and its snapshot would start from a
    # copy of the previous one (decision 25), which holds the person's rows.
    from pipelines.schedules import invalidate_build_state

    invalidate_build_state()
    report = {"files_rewritten": files, "archive_rows_blanked": sum(len(v) for v in blanked.values()),
              "archive_rows_person_cells_cleared": cells_cleared,
              "raw_rows_removed": raw_removed, "quarantine_rows_removed": quarantine_removed}
    auth.audit("erasure", actor=actor, detail=report)
    return report


# ------------------------------------------------------------------------------------------- archive retention
def retention_days() -> int:
    """Days an original delivery is kept in the archive (KEET_ARCHIVE_RETENTION_DAYS, default 3650: ten years,
    the usual keeping period for ESF project files)."""
    return int(os.environ.get("KEET_ARCHIVE_RETENTION_DAYS", "3650"))


def purge_archive(con, older_than_days: int | None = None, actor: str = "cli", now=None) -> dict:
    """Delete archived originals received more than `older_than_days` ago (0 = all: purge now).

    The delivery register, row ledger and the pseudonymised raw layer stay, so every figure can still be rebuilt;
    only the original files (which may hold names and e-mail addresses) go.
    """
    import datetime as dt

    from pipelines import auth
    from pipelines.formatting import local_now

    days = retention_days() if older_than_days is None else older_than_days
    limit = (now or local_now()) - dt.timedelta(days=days)
    con.execute("create table if not exists landing.archive_purges (delivery_id integer, purged_at timestamp)")
    rows = con.execute(
        "select delivery_id, archive_path from landing.deliveries where received_at <= ? and archive_path is not null "
        "and delivery_id not in (select delivery_id from landing.archive_purges)", [limit]).fetchall()
    removed = 0
    for delivery_id, archive_path in rows:
        path = settings.archive_dir() / archive_path
        if path.exists():
            path.unlink()
            removed += 1
            try:
                path.parent.rmdir()
                path.parent.parent.rmdir()
            except OSError:
                pass
        con.execute("insert into landing.archive_purges values (?, now()::timestamp)", [delivery_id])
    report = {"deliveries_purged": len(rows), "files_removed": removed, "retention_days": days}
    auth.audit("archive_purge", actor=actor, detail=report)
    return report
