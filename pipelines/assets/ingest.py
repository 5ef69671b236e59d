"""Ingest: the inbox archived and registered, then one raw table per record type (built by a factory)."""

import datetime as dt

import dagster as dg
import holidays

from pipelines import settings
from pipelines.contract.schema import RECORD_TYPES
from pipelines.formatting import local_now
from pipelines.ingest.delivery import archive_inbox, load_record_type
from pipelines.privacy import warehouse_pseudonymiser
from pipelines.resources import Warehouse
from pipelines.schedules import INCREMENTAL, MODE_TAG, invalidate_build_state

DELIVERIES = dg.AssetKey(["landing", "deliveries"])

@dg.asset(key=DELIVERIES, group_name="ingest", kinds={"duckdb"})
def landing_deliveries(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    """Every file delivered to the inbox, archived unchanged (content hash, time received, source).

    Readable files leave the inbox and are queued for loading per record type; a file that cannot be read is
    rejected whole with one message (Dutch and English) and stays in the inbox for a later try.
    """
    settings.ensure_dirs()
    invalidate_build_state()  # written again by the snapshot at the end of a successful run
    with warehouse.get_connection() as con:
        outcomes = archive_inbox(con)
        total = con.execute("select count(*) from landing.deliveries").fetchone()[0]
    for o in outcomes:
        if o.status == "rejected":
            context.log.warning(f"rejected {o.file_name}: {o.message_en}")
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("loaded", "rejected", "duplicate", "skipped")}
    return dg.MaterializeResult(
        metadata={
            "files_accepted": counts["loaded"],
            "files_rejected": counts["rejected"],
            "files_duplicate": counts["duplicate"],
            "files_still_rejected": counts["skipped"],
            "deliveries_total": total,
            "files": dg.MetadataValue.md(
                "\n".join(f"- `{o.file_name}`: {o.status}" for o in outcomes) or "(inbox empty)"
            ),
        }
    )

def build_raw_asset(record_type: str) -> tuple[dg.AssetsDefinition, list[dg.AssetChecksDefinition]]:
    """The raw table of one record type with its checks: ledger balance, contract suite (GX), freshness."""
    rt = RECORD_TYPES[record_type]
    key = dg.AssetKey(["raw", record_type])

    @dg.asset(
        key=key,
        deps=[DELIVERIES],
        group_name="ingest",
        kinds={"duckdb"},
        description=f"{rt.description_en} Accepted rows of every delivery, all versions kept "
        f"(newest delivery wins in staging); rejected rows go to landing.quarantine with reasons.",
    )
    def _raw(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
        with warehouse.get_connection() as con:
            pseudonymise = warehouse_pseudonymiser(con)
            outcomes = load_record_type(con, record_type, pseudonymise)
            stored = con.execute(f"select count(*) from raw.{record_type}").fetchone()[0]
        read = sum(o.rows_read for o in outcomes)
        loaded = sum(o.rows_loaded for o in outcomes)
        quarantined = sum(o.rows_quarantined for o in outcomes)
        if quarantined:
            context.log.info(f"{record_type}: {quarantined} rows quarantined")
        return dg.MaterializeResult(
            metadata={
                "parts_loaded": len(outcomes),
                "delivery_ids": dg.MetadataValue.json(sorted({o.delivery_id for o in outcomes})),
                "rows_read": read,
                "rows_loaded": loaded,
                "rows_quarantined": quarantined,
                "rows_stored_all_versions": stored,
                "deliveries": dg.MetadataValue.md(
                    "\n".join(f"- `{o.file_name}`{' [' + o.sheet + ']' if o.sheet else ''}: read {o.rows_read}, "
                              f"loaded {o.rows_loaded}, quarantined {o.rows_quarantined}" for o in outcomes)
                    or "(nothing new)"
                ),
            }
        )

    @dg.asset_check(asset=key, name="ledger_balances", blocking=True,
                    description="For every delivery part: rows read = rows loaded + rows quarantined, and the "
                    "raw and quarantine tables hold exactly those rows.")
    def _ledger(warehouse: Warehouse) -> dg.AssetCheckResult:
        with warehouse.get_connection() as con:
            bad = con.execute(
                f"""
                with raw_rows as (select _delivery_id as delivery_id, count(*) as n from raw.{record_type}
                                  group by all),
                     q_rows as (select delivery_id, count(distinct row_number) as n from landing.quarantine
                                where record_type = ? group by all),
                     parts as (select delivery_id, sum(rows_read) as rows_read, sum(rows_loaded) as rows_loaded,
                                      sum(rows_quarantined) as rows_quarantined
                               from landing.delivery_parts where record_type = ? and loaded_at is not null
                               group by all)
                select p.delivery_id from parts p
                left join raw_rows r using (delivery_id) left join q_rows q using (delivery_id)
                where p.rows_read <> p.rows_loaded + p.rows_quarantined
                   or p.rows_loaded <> coalesce(r.n, 0) or p.rows_quarantined <> coalesce(q.n, 0)
                """,
                [record_type, record_type],
            ).fetchall()
        return dg.AssetCheckResult(passed=not bad, metadata={"unbalanced_deliveries": str([b[0] for b in bad])})

    @dg.asset_check(asset=key, name="contract_suite", blocking=True,
                    description="Great Expectations suite derived from the input contract, on the current version "
                    "of every record: ids present and unique, canonical enumerations, ISO dates, numbers in range, "
                    "person ids pseudonymised. In an incremental run only the records of the deliveries loaded by "
                    "this run are checked (every other current record passed the suite when it was loaded).")
    def _suite(context: dg.AssetCheckExecutionContext, warehouse: Warehouse) -> dg.AssetCheckResult:
        from pipelines.quality.gx_suites import run_suite, suite_table

        delivery_ids = deliveries_loaded_in_this_run(context, key)
        with warehouse.get_connection() as con:
            frame = suite_table(rt, con, current_records_sql(record_type, delivery_ids))
        outcome = run_suite(rt, frame)
        return dg.AssetCheckResult(
            passed=outcome.success,
            metadata={"records": len(frame), "expectations": outcome.evaluated,
                      "scope": "all records" if delivery_ids is None else f"deliveries {delivery_ids}",
                      "failures": dg.MetadataValue.json(outcome.failures)},
        )

    @dg.asset_check(asset=key, name="freshness", blocking=False,
                    description="Warns when no delivery of this record type arrived for KEET_FRESHNESS_DAYS days "
                    "(default 30).")
    def _freshness(warehouse: Warehouse) -> dg.AssetCheckResult:
        limit = settings.freshness_days()
        with warehouse.get_connection() as con:
            last = con.execute(
                "select max(d.received_at) from landing.delivery_parts p join landing.deliveries d "
                "using (delivery_id) where p.record_type = ? and d.status = 'loaded'", [record_type]).fetchone()[0]
        age = None if last is None else (local_now() - last).days
        return dg.AssetCheckResult(
            passed=age is not None and age <= limit,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"last_delivery": str(last) if last else "never", "days_since": age if age is not None else -1,
                      "limit_days": limit},
        )

    return _raw, [_ledger, _suite, _freshness]

def current_records_sql(record_type: str, delivery_ids: list[int] | None = None) -> str:
    """The newest delivered version of every record of one type (newest delivery wins).

    With `delivery_ids`: only the current records that come from those deliveries (the versions of their ids are
    the only ones ranked, so the cost follows the delivery, not the table)."""
    rt = RECORD_TYPES[record_type]
    if delivery_ids is None:
        return (
            f'select * exclude (_extra) from raw.{record_type} qualify row_number() over ('
            f'partition by "{rt.id_column}" order by _received_at desc, _delivery_id desc, _row_number desc) = 1'
        )
    ids = ", ".join(str(int(d)) for d in delivery_ids) or "null"
    return (
        f'select * from (select * exclude (_extra) from raw.{record_type} '
        f'where "{rt.id_column}" in (select "{rt.id_column}" from raw.{record_type} where _delivery_id in ({ids})) '
        f'qualify row_number() over (partition by "{rt.id_column}" '
        f'order by _received_at desc, _delivery_id desc, _row_number desc) = 1) where _delivery_id in ({ids})'
    )


def deliveries_loaded_in_this_run(context: dg.AssetCheckExecutionContext, key: dg.AssetKey) -> list[int] | None:
    """In an incremental run: the deliveries the raw asset loaded in this same run. Otherwise None (check all)."""
    if context.run.tags.get(MODE_TAG) != INCREMENTAL:
        return None
    event = context.instance.get_latest_materialization_event(key)
    if event is None or event.run_id != context.run.run_id or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get("delivery_ids")
    return None if value is None else [int(d) for d in value.value]

raw_assets_and_checks = [build_raw_asset(name) for name in RECORD_TYPES]
raw_assets = [a for a, _ in raw_assets_and_checks]
raw_checks = [c for _, checks in raw_assets_and_checks for c in checks]

@dg.asset(key=dg.AssetKey(["ref", "belgian_holidays"]), group_name="ingest", kinds={"duckdb"})
def belgian_holidays(warehouse: Warehouse) -> dg.MaterializeResult:
    """Belgian national public holidays from the maintained `holidays` library (used for working days)."""
    today = dt.date.today()
    years = range(min(settings.PROJECT_START.year, today.year) - 1, max(settings.PROJECT_END.year, today.year) + 2)
    rows = sorted(holidays.Belgium(years=years, language="nl").items())
    with warehouse.get_connection() as con:
        con.execute("delete from ref.belgian_holidays")
        con.executemany("insert into ref.belgian_holidays values (?, ?)", [[d, n] for d, n in rows])
    return dg.MaterializeResult(metadata={"holidays": len(rows), "years": f"{years.start}-{years.stop - 1}"})
