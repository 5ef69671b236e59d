-- One row per day with a running working-day index: working days are Monday-Friday minus Belgian national
-- public holidays (ref.belgian_holidays). working_day_index counts the working days up to and including the day,
-- so "the n-th working day after day d" is the working day whose index is working_day_index(d) + n
-- (a weekend or holiday d has the index of the working day before it).
with calendar_days as (
    select cast(generated_day as date) as date_day
    from generate_series(
        cast('{{ var("calendar_start") }}' as date),
        cast('{{ var("calendar_end") }}' as date),
        interval 1 day
    ) as days (generated_day)
),

holidays as (
    select
        holiday_date,
        string_agg(holiday_name, ' / ' order by holiday_name) as holiday_name
    from {{ ref('stg_ref__belgian_holidays') }}
    group by holiday_date
),

calendar_flags as (
    select
        calendar_days.date_day,
        isodow(calendar_days.date_day) as iso_weekday,
        holidays.holiday_name,
        holidays.holiday_date is not null as is_holiday,
        isodow(calendar_days.date_day) <= 5 and holidays.holiday_date is null as is_working_day
    from calendar_days
    left join holidays on holidays.holiday_date = calendar_days.date_day
)

select
    date_day,
    iso_weekday,
    is_holiday,
    holiday_name,
    is_working_day,
    cast(
        sum(case when is_working_day then 1 else 0 end) over (
            order by date_day rows between unbounded preceding and current row
        ) as integer
    ) as working_day_index,
    {{ period_label('month', 'date_day') }} as month_label,
    {{ period_label('quarter', 'date_day') }} as quarter_label,
    {{ period_label('semester', 'date_day') }} as semester_label,
    {{ period_label('year', 'date_day') }} as year_label,
    {{ in_project_period('date_day') }} as is_in_project
from calendar_flags
