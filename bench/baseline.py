"""The baseline: one plain DuckDB SQL script over the generated export files, no validation, no lineage.

Computes the same core KPIs as the platform: event attendances and distinct attendees per month, quarter, year and
project x municipality x chain with all rollups, intakes, and the 3-working-day invitation rate. Memory limit and
threads are the platform's own (pipelines/settings.py). Usage: python bench/baseline.py EXPORT_DIR
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import duckdb
import holidays

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from pipelines import settings

SQL = """
create temp table places as select * from read_csv('{seeds}/ref_places.csv', header = true, all_varchar = true);

create temp table hol as select unnest(?::date[]) as d;

create temp table events as
with en as (
    select event_id, try_cast(date as date) as d, nullif(postal_code, '') as pc, nullif(municipality, '') as m,
           coalesce(chains, '') as chains
    from read_csv('{data}/Events*.csv', header = true, all_varchar = true, delim = ',')
), nl as (
    select event_id, strptime(datum, '%d/%m/%Y')::date as d, nullif(postcode, '') as pc, nullif(gemeente, '') as m,
           coalesce(ketens, '') as chains
    from read_csv('{data}/evenementen*.csv', header = true, all_varchar = true, delim = ';')
), u as (select * from en union all select * from nl)
select u.event_id, u.d,
       coalesce(p1.nis_code, p2.nis_code, 'outside_region') as municipality,
       case when u.chains = '' then ['unassigned'] else list_transform(regexp_split_to_array(lower(u.chains), '[;,|] *'),
            lambda c: case c when 'textiel' then 'textile' when 'meubilair' then 'furniture' when 'verpakkingen'
                 then 'packaging' when 'elektro' then 'electro' when 'andere' then 'other' else c end) end as chains
from u
left join (select distinct postal_code, nis_code from places) p1 on p1.postal_code = u.pc
left join places p2 on lower(p2.place_name) = lower(u.m);

create temp table attendance as
select event_id, nullif(person_id, '') as person_id, nullif(org_id, '') as org_id, coalesce(nullif(role, ''), 'participant') as role
from read_csv('{data}/attendance*.csv', header = true, all_varchar = true, delim = ',')
union all
select event_id, nullif(persoon_id, ''), nullif(organisatie_id, ''),
       case rol when 'deelnemer' then 'participant' when 'spreker' then 'speaker' when 'organisator' then 'organiser'
            when '' then 'participant' else rol end
from read_csv('{data}/aanwezigheden*.csv', header = true, all_varchar = true, delim = ';');

create temp table att as
select a.*, e.d, e.municipality, unnest(e.chains) as chain,
       coalesce('person:' || a.person_id, 'org:' || a.org_id) as attendee
from attendance a join events e using (event_id) where a.role <> 'organiser';

create temp table periods as
select *, strftime(d, '%Y-%m') as month, year(d) || '-Q' || quarter(d) as quarter, year(d)::varchar as year
from att;

create temp table attendance_kpis as
select 'month' as ptype, month as period, coalesce(municipality, 'all') m, coalesce(chain, 'all') c,
       count(distinct (event_id, person_id, org_id, role)) as attendances, count(distinct attendee) as unique_attendees
from periods group by grouping sets ((month, municipality, chain), (month, municipality), (month, chain), (month))
union all
select 'quarter', quarter, coalesce(municipality, 'all'), coalesce(chain, 'all'),
       count(distinct (event_id, person_id, org_id, role)), count(distinct attendee)
from periods group by grouping sets ((quarter, municipality, chain), (quarter, municipality), (quarter, chain), (quarter))
union all
select 'year', year, coalesce(municipality, 'all'), coalesce(chain, 'all'),
       count(distinct (event_id, person_id, org_id, role)), count(distinct attendee)
from periods group by grouping sets ((year, municipality, chain), (year, municipality), (year, chain), (year))
union all
select 'project', 'project', coalesce(municipality, 'all'), coalesce(chain, 'all'),
       count(distinct (event_id, person_id, org_id, role)), count(distinct attendee)
from periods where d between date '2021-05-01' and date '2022-12-31'
group by grouping sets ((municipality, chain), (municipality), (chain), ());

create temp table intakes as
select intake_id, strptime(ingediend_op, '%d/%m/%Y')::date as submitted_on, beslissing as decision,
       try_strptime(nullif(uitgenodigd_op, ''), '%d/%m/%Y')::date as invited_on
from read_csv('{data}/intakes*.csv', header = true, all_varchar = true, delim = ';');

create temp table cal as
with days as (select unnest(generate_series(date '2020-01-01', date '2030-12-31', interval 1 day))::date as d)
select d, sum(case when isodow(d) < 6 and d not in (select d from hol) then 1 else 0 end) over (order by d) as wd,
       isodow(d) < 6 and d not in (select d from hol) as is_wd
from days;

create temp table intake_kpis as
with dl as (
    select i.*, (select min(c2.d) from cal c2 where c2.is_wd and c2.wd = c1.wd + 3) as deadline
    from intakes i join cal c1 on c1.d = i.submitted_on
)
select strftime(submitted_on, '%Y-%m') as month, count(*) as intakes,
       100.0 * count(*) filter (where decision = 'aanvaard' and invited_on <= deadline)
             / nullif(count(*) filter (where decision = 'aanvaard' and deadline < date '2022-12-31'), 0) as invited_3wd_pct
from dl group by all;
"""


def main(data_dir: str) -> None:
    t = time.perf_counter()
    con = duckdb.connect(config={"threads": settings.DUCKDB_THREADS, "memory_limit": settings.DUCKDB_MEMORY_LIMIT})
    days = sorted(holidays.Belgium(years=range(2020, 2031)))
    sql = SQL.format(data=Path(data_dir).resolve(), seeds=settings.SEEDS_DIR)
    statements = [s for s in re.split(r";\s*\n\s*\n", sql) if s.strip()]  # blank line ends a statement
    con.execute(statements[0])
    con.execute(statements[1], [days])
    for stmt in statements[2:]:
        con.execute(stmt)
    n_att = con.execute("select count(*) from attendance_kpis").fetchone()[0]
    n_int = con.execute("select count(*) from intake_kpis").fetchone()[0]
    print(f"baseline: {n_att} attendance cells, {n_int} intake months, {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1])
