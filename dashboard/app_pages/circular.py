"""Circular impact: kg kept in use by R-strategy in R-ladder order, the share of high R-strategies, CO2e avoided
as a low-central-high range (never one number alone), and the mass without a CO2e factor said plainly."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, components, queries, sections, tables
from dashboard.formatting import MISSING, format_percent, format_value, is_missing
from pipelines.contract.enums import R_LADDER

view, definitions = sections.open_kpi_page("circular", "circular.title")  # checks the role first
lang, version = view.lang, view.version
cell = sections.cell_rows(view)

has_data = tables.has_any(cell, (*tables.CIRCULAR_KPIS, tables.CO2E_KPI))
if not has_data:  # said once here, not once per chart below
    components.no_data(view, view.t("circular.what"))

sections.kpi_cards(view, cell, definitions, tables.CIRCULAR_KPIS, "circular", per_row=2)

if has_data:
    # ------------------------------------------------------------------------------------------- R-ladder
    sections.kpi_subheader(view, definitions, view.t("circular.ladder"), tables.MATERIAL_KPI)
    ladder = tables.r_ladder(cell, R_LADDER, lang)
    if ladder["value"].eq(0).all():
        components.no_data(view, tables.kpi_name(definitions, tables.MATERIAL_KPI, lang))
    else:
        st.plotly_chart(
            charts.bar_figure(
                ladder,
                value_label="kg",
                lang=lang,
                colours=[charts.KEET_GREEN if high else charts.LOW_R_GREY for high in ladder["high"]],
            ),
            config=charts.CHART_CONFIG,
            key="chart_r_ladder",
        )
        share = tables.cell_value(cell, "CIRC_HIGH_R_SHARE_PCT")
        st.caption(view.t("circular.ladder_note", share=format_percent(share, lang)))
        components.downloads(
            tables.r_ladder_export(ladder, sections.context(view), lang),
            sections.stem(view, "r_ladder"),
            "r_ladder",
            lang,
        )

    # ------------------------------------------------------------------------------------------- CO2e range
    sections.kpi_subheader(view, definitions, view.t("circular.co2e"), tables.CO2E_KPI)
    estimates = tables.co2e_range(cell)
    uncovered, material, uncovered_pct = tables.uncovered_share(cell)
    if is_missing(estimates["central"]) and is_missing(estimates["low"]):
        components.no_data(view, tables.kpi_name(definitions, tables.CO2E_KPI, lang))
    else:
        range_column, chart_column = st.columns([1, 2])
        divisor, unit_text = tables.co2e_scale(estimates)
        with range_column:
            range_text = tables.co2e_range_text(estimates, lang)
            if range_text == MISSING:  # a central estimate without its range: say that the range is unknown
                st.metric(
                    view.t("circular.co2e_range", unit=unit_text),
                    view.t("circular.range_unknown"),
                    help=tables.kpi_help(definitions, tables.CO2E_KPI, lang),
                    border=True,
                )
            else:
                st.metric(
                    view.t("circular.co2e_range", unit=unit_text),
                    range_text,
                    help=tables.kpi_help(definitions, tables.CO2E_KPI, lang),
                    border=True,
                )
            st.caption(
                view.t("circular.central", central=tables.co2e_amount(estimates["central"], estimates, lang))
            )
        with chart_column:
            if range_text != MISSING:
                st.plotly_chart(
                    charts.range_figure(
                        estimates["low"] / divisor,
                        estimates["central"] / divisor,
                        estimates["high"] / divisor,
                        labels={
                            key: view.t(
                                f"circular.estimate.{key}_value",
                                value=tables.co2e_amount(estimates[key], estimates, lang),
                            )
                            for key in ("low", "central", "high")
                        }
                        | {"axis": unit_text},
                        lang=lang,
                    ),
                    config=charts.CHART_CONFIG,
                    key="chart_co2e_range",
                )
        components.downloads(
            tables.co2e_export(estimates, sections.context(view), lang),
            sections.stem(view, "co2e"),
            "co2e",
            lang,
        )

    # the mass without a factor, said plainly (it is not in the CO2e figure above)
    if not is_missing(material) and material:
        if uncovered > 0:
            st.warning(
                view.t(
                    "circular.uncovered",
                    uncovered=format_value(uncovered, "kg", lang),
                    material=format_value(material, "kg", lang),
                    share=format_percent(uncovered_pct, lang),
                ),
                icon=":material/help:",
            )
        else:
            st.success(view.t("circular.all_covered"), icon=":material/check_circle:")

if queries.FACTORS_TABLE in queries.available_tables(version):
    with st.expander(view.t("circular.factors")):
        factors = queries.co2e_factors(version)
        if factors.empty:
            st.info(view.t("circular.no_factors"))
        else:
            st.caption(view.t("circular.factors_note"))
            st.dataframe(tables.co2e_factors_display(factors, lang), hide_index=True)
            components.downloads(factors, "keet_co2e_factoren", "co2e_factors", lang)
