"""Advisory desk: the funnel intake -> accepted -> invited -> conversation -> report -> follow-up, decisions and
referrals, the 3-working-day invitation rate per month against its target, days to report, and the accepted
intakes still waiting for an invitation."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import components, periods, queries, sections, tables
from dashboard.formatting import format_percent, is_missing
from pipelines import settings

view, definitions = sections.open_kpi_page("advisory", "advisory.title")  # checks the role first
lang, version = view.lang, view.version
present = queries.available_tables(version)
cell = sections.cell_rows(view)
places = queries.municipalities(version)
municipality_names = dict(zip(places["municipality"].astype(str), places["name_nl"], strict=True))

has_data = tables.has_any(cell, tables.ADVISORY_KPIS)
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("advisory.what"))

sections.kpi_cards(view, cell, definitions, tables.ADVISORY_KPIS, "advisory")

if has_data:
    # ------------------------------------------------------------------------------------------- funnel
    st.subheader(view.t("advisory.funnel.title"), help=view.t("advisory.funnel.help"))
    stages = [
        (
            "ADV_INTAKES",
            view.t("advisory.funnel.intakes"),
            tables.cell_value(cell, "ADV_INTAKES"),
            tables.cell_status(cell, "ADV_INTAKES"),
        ),
        (
            "ADV_INTAKES decision=accepted",
            view.t("advisory.funnel.accepted"),
            tables.cell_value(cell, "ADV_INTAKES", "decision=accepted"),
            tables.cell_status(cell, "ADV_INTAKES", "decision=accepted"),
        ),
    ]
    # the invited step counts intake records (not a published KPI cell): the project lead's view only
    if queries.INVITATIONS_TABLE in present and not view.published:
        first_day, last_day = periods.period_bounds(view.period, settings.PROJECT_START, settings.PROJECT_END)
        cutoff = view.cutoff or dt.date.today()
        invited = queries.invitation_funnel(
            version,
            first_day.isoformat(),
            min(last_day, cutoff).isoformat(),
            cutoff.isoformat(),
            view.municipality,
            view.chain,
        )
        stages.append(("fct_intake_invitations", view.t("advisory.funnel.invited"), invited["invited"]))
    stages += [
        (kpi, view.t(f"advisory.funnel.{step}"), tables.cell_value(cell, kpi), tables.cell_status(cell, kpi))
        for kpi, step in (
            ("ADV_CONVERSATIONS", "conversations"),
            ("ADV_REPORTS", "reports"),
            ("ADV_FOLLOW_UPS", "follow_ups"),
        )
    ]
    sections.funnel(
        view, stages, key="advisory_funnel", note=view.t("advisory.funnel.note"), what=stages[0][1]
    )

    # ------------------------------------------------------------------------------------------- decisions
    decisions, follow_ups = st.columns(2)
    with decisions:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "ADV_INTAKES",
            "decision",
            title=view.t("advisory.decisions"),
            key="decisions",
        )
        referred = tables.cell_value(cell, "ADV_REFERRED")
        intakes = tables.cell_value(cell, "ADV_INTAKES")
        if not is_missing(referred) and not is_missing(intakes) and intakes and not view.published:
            st.caption(
                view.t(
                    "advisory.referred_share",
                    referred=int(referred),
                    share=format_percent(referred / intakes * 100, lang),
                )
            )
        st.caption(view.t("advisory.referred_partner"))
    with follow_ups:
        sections.breakdown_chart(
            view,
            cell,
            definitions,
            "ADV_FOLLOW_UPS",
            "follow_up",
            title=view.t("advisory.follow_ups"),
            key="follow_ups",
        )

    # ------------------------------------------------------------------------------------------- 3 working days
    target, target_label = None, ""
    if queries.PROGRESS_TABLE in present:
        progress = tables.progress(
            queries.kpi_progress(version, view.published), definitions, view.municipality, view.chain, lang
        )
        row = progress[progress["kpi"] == "ADV_INVITED_3WD_PCT"] if not progress.empty else progress
        if not row.empty and not is_missing(row.iloc[0]["target"]):
            target = float(row.iloc[0]["target"])
            target_label = view.t("advisory.target_line", target=format_percent(target, lang))
            if not bool(row.iloc[0]["confirmed"]):
                target_label += " " + view.t("targets.placeholder_short")
    rate, days = st.columns(2)
    with rate:
        sections.monthly_trend(
            view,
            definitions,
            "ADV_INVITED_3WD_PCT",
            key="invited_3wd",
            title=view.t("advisory.invited_trend"),
            target=target,
            target_label=target_label,
        )
    with days:
        sections.monthly_trend(
            view,
            definitions,
            "ADV_DAYS_TO_REPORT_MEDIAN",
            key="days_to_report",
            title=view.t("advisory.days_trend"),
        )

# ------------------------------------------------------------------------------------------- waiting list
if view.published:  # a list of single intakes: the project lead's work list, never a partner's or viewer's
    st.stop()
st.subheader(view.t("advisory.waiting.title"), help=view.t("advisory.waiting.help"))
if queries.INVITATIONS_TABLE not in present:
    components.missing_tables(lang, [queries.INVITATIONS_TABLE])
else:
    waiting = tables.waiting(queries.waiting_invitations(version, view.municipality, view.chain), view.cutoff)
    st.caption(view.t("advisory.waiting.scope"))
    if waiting.empty:
        st.success(view.t("advisory.waiting.none"), icon=":material/check_circle:")
    else:
        overdue = int((waiting["invitation_status"] == "overdue").sum())
        if overdue:
            st.warning(view.t("advisory.waiting.overdue", count=overdue), icon=":material/schedule:")
        st.dataframe(tables.waiting_display(waiting, municipality_names, lang), hide_index=True)
        components.downloads(
            tables.waiting_export(waiting, lang),
            f"keet_wachten_op_uitnodiging_{view.municipality}_{view.chain}",
            "waiting",
            lang,
        )
