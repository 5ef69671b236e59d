"""Building blocks that several pages draw: KPI cards, a breakdown chart, a monthly trend, a funnel and the map.

Each block shows the definition of its KPI (hover help), offers its data as CSV and XLSX, and explains an empty
filter cell instead of drawing a blank chart. Data comes in as arguments or through queries.py; texts through i18n.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import access, charts, components, periods, queries, state, tables
from dashboard.formatting import MISSING, is_count_unit, is_missing
from dashboard.state import View
from pipelines import settings


def context(view: View) -> dict[str, str]:
    """The filter cell as export columns (`col.period`, `col.municipality`, `col.chain`)."""
    return {"period": view.period, "municipality": view.municipality, "chain": view.chain}


def stem(view: View, name: str) -> str:
    return f"keet_{name}_{view.period}_{view.municipality}_{view.chain}"


def definitions(view: View) -> pd.DataFrame:
    return tables.indexed_definitions(queries.kpi_definitions(view.version))


def open_kpi_page(page: str, title_key: str) -> tuple[View, pd.DataFrame]:
    """The start of every KPI page: the role check (`access.guard`, before anything is read), the title with the
    filter line, a friendly stop when the snapshot lacks the KPI tables; returns the view and the definitions."""
    access.guard(page)
    view = state.current()
    components.page_header(view.t(title_key), view)
    require_kpi_tables(view)
    return view, definitions(view)


def require_kpi_tables(view: View) -> None:
    """Stop the page with a friendly message when the snapshot lacks the KPI tables."""
    if missing := queries.missing_tables(view.version, queries.kpi_tables(view.published)):
        components.missing_tables(view.lang, missing)
        st.stop()


def cell_rows(view: View) -> pd.DataFrame:
    return queries.kpi_cell_rows(
        view.version, view.period_type, view.period, view.municipality, view.chain, view.published
    )


def kpi_cards(
    view: View,
    rows: pd.DataFrame,
    defs: pd.DataFrame,
    kpis: tuple[str, ...],
    key: str,
    *,
    per_row: int = 3,
) -> pd.DataFrame:
    """Cards for `kpis` (definition as hover help, '–' with an explanation when the cell has no value), in rows of
    `per_row`, and the key figures as CSV/XLSX."""
    cards = tables.cards(tables.headline(rows), defs, kpis, view.lang)
    for start in range(0, len(cards), per_row):  # whole rows, so a '–' note never shifts the next row
        for column, card in zip(
            st.columns(per_row), cards.iloc[start : start + per_row].itertuples(index=False), strict=False
        ):
            with column:
                if card.text == MISSING:
                    no_data = view.t("overview.no_data_help")
                    st.metric(card.name, card.text, help=f"{card.help}\n\n{no_data}", border=True)
                    st.caption(view.t("overview.no_data_cell"))
                else:
                    st.metric(card.name, card.text, help=card.help, border=True)
    components.downloads(
        tables.cards_export(cards, view.period, view.municipality, view.chain, view.lang),
        stem(view, f"kerncijfers_{key}"),
        f"cards_{key}",
        view.lang,
    )
    return cards


def kpi_subheader(view: View, defs: pd.DataFrame, title: str, kpi: str) -> None:
    """A section title with the KPI's definition as hover help."""
    st.subheader(title, help=tables.kpi_help(defs, kpi, view.lang))


def breakdown_chart(
    view: View,
    rows: pd.DataFrame,
    defs: pd.DataFrame,
    kpi: str,
    dimension: str,
    *,
    title: str,
    key: str,
    horizontal: bool = True,
) -> pd.DataFrame | None:
    """A bar chart of `kpi` split by `dimension` for the filter cell, or an explanation when it has no rows."""
    kpi_subheader(view, defs, title, kpi)
    unit = tables.kpi_unit(defs, kpi)
    frame = tables.breakdown(rows, kpi, dimension, unit, view.lang)
    hidden = frame["suppression"].ne("").any() if not frame.empty else False
    if frame.empty or (frame["value"].fillna(0).eq(0).all() and not hidden):
        components.no_data(view, tables.kpi_name(defs, kpi, view.lang))
        return None
    st.plotly_chart(
        charts.bar_figure(
            frame, value_label=tables.kpi_name(defs, kpi, view.lang), lang=view.lang, horizontal=horizontal
        ),
        config=charts.CHART_CONFIG,
        key=f"chart_{key}",
    )
    if hidden:
        st.caption(view.t("suppressed.caption"))
    components.downloads(
        tables.breakdown_export(frame, kpi, dimension, unit, context(view), view.lang),
        stem(view, f"{kpi}_{dimension}"),
        key,
        view.lang,
    )
    return frame


def monthly_trend(
    view: View,
    defs: pd.DataFrame,
    kpi: str,
    *,
    key: str,
    title: str | None = None,
    target: float | None = None,
    target_label: str = "",
) -> None:
    """The KPI per month over the selected period (for 'project': widened to the months with data)."""
    if title is not None:
        kpi_subheader(view, defs, title, kpi)
    first, last = (None, None)
    if view.period == "project":  # months with data outside the programme period still show
        first, last = queries.kpi_data_months(
            view.version, kpi, view.municipality, view.chain, view.published
        )
    months = periods.trend_months(view.period, settings.PROJECT_START, settings.PROJECT_END, first, last)
    monthly = queries.kpi_monthly(
        view.version, kpi, months[0], months[-1], view.municipality, view.chain, view.published
    )
    unit = tables.kpi_unit(defs, kpi, monthly["unit"].iloc[0] if not monthly.empty else None)
    trend = tables.trend(monthly, months, unit, view.lang)
    hidden = trend["suppression"].ne("").any()
    if trend["value"].isna().all() and not hidden:
        components.no_data(view, tables.kpi_name(defs, kpi, view.lang))
        return
    st.plotly_chart(
        charts.trend_figure(
            trend,
            value_label=tables.kpi_name(defs, kpi, view.lang),
            percent=tables.is_percent(unit),
            lang=view.lang,
            target=target,
            target_label=target_label,
        ),
        config=charts.CHART_CONFIG,
        key=f"chart_{key}",
    )
    if hidden:
        st.caption(view.t("suppressed.caption"))
    elif trend["value"].isna().any():
        st.caption(view.t("overview.trend.gaps"))
    components.downloads(
        tables.trend_export(trend, kpi, unit, view.municipality, view.chain, view.lang),
        f"keet_{kpi}_{view.period}_{view.municipality}_{view.chain}",
        key,
        view.lang,
    )


def funnel(view: View, stages: list[tuple[str, str, float]], *, key: str, note: str, what: str) -> None:
    """A funnel chart of `stages` (key, label, value), or an explanation (about `what`) when its first step is
    empty."""
    frame = tables.funnel(stages, view.lang)
    if frame.empty or frame["value"].iloc[0] == 0:
        components.no_data(view, what)
        return
    st.plotly_chart(
        charts.funnel_figure(frame, lang=view.lang), config=charts.CHART_CONFIG, key=f"chart_{key}"
    )
    st.caption(note)
    components.downloads(
        tables.funnel_export(frame, context(view), view.lang), stem(view, key), key, view.lang
    )


def per_chain_table(
    view: View, defs: pd.DataFrame, kpis: tuple[str, ...], *, title: str, name: str, key: str
) -> None:
    """`kpis` side by side for every chain with data (municipality and period of the filter), with downloads
    (`keet_<name>_<period>_<municipality>`)."""
    st.subheader(title, help=view.t("chains.per_chain_help"))
    long = queries.kpis_by_chain(
        view.version, kpis, view.period_type, view.period, view.municipality, view.published
    )
    if long.empty:
        st.info(view.t("empty.per_chain"), icon=":material/filter_alt_off:")
        return
    display, export = tables.wide_by_chain(long, kpis, defs, view.lang)
    st.caption(view.t("chains.per_chain_scope"))
    st.dataframe(display, hide_index=True)
    components.downloads(
        export.assign(**{view.t("col.period"): view.period, view.t("col.municipality"): view.municipality}),
        f"keet_{name}_{view.period}_{view.municipality}",
        key,
        view.lang,
    )


def count_kpis(view: View, defs: pd.DataFrame) -> list[str]:
    """Count KPIs that have data in this snapshot: the overview's first, then by family and code."""
    with_data = set(queries.kpis_with_data(view.version))
    options = [k for k in defs.index if k in with_data and is_count_unit(defs.at[k, "unit"])]
    return [k for k in tables.OVERVIEW_KPIS if k in options] + [
        k for k in options if k not in tables.OVERVIEW_KPIS
    ]


def map_controls(view: View, defs: pd.DataFrame, options: list[str]) -> tuple[str, bool]:
    """KPI and scale of the map (kept in the URL as `map` and `scale`)."""
    state.bind(state.P_MAP_KPI, options, options[0], shared=True)
    state.bind(state.P_MAP_SCALE, ("abs", "per10k"), "abs", shared=True)
    choice, scale = st.columns(2)
    with choice:
        st.selectbox(
            view.t("overview.map.kpi"),
            options,
            key=state.P_MAP_KPI,
            format_func=lambda kpi: tables.kpi_name(defs, kpi, view.lang),
        )
    with scale:
        st.radio(
            view.t("overview.map.scale"),
            ("abs", "per10k"),
            key=state.P_MAP_SCALE,
            horizontal=True,
            format_func=lambda code: view.t(
                "overview.map.absolute" if code == "abs" else "overview.map.per10k"
            ),
        )
    return st.session_state[state.P_MAP_KPI], st.session_state[state.P_MAP_SCALE] == "per10k"


def municipality_frame(view: View, defs: pd.DataFrame, kpi: str, per10k: bool) -> pd.DataFrame:
    return tables.by_municipality(
        queries.kpi_by_municipality(
            view.version, kpi, view.period_type, view.period, view.chain, view.published
        ),
        tables.kpi_unit(defs, kpi),
        per10k,
        view.lang,
    )


def draw_map(view: View, frame: pd.DataFrame, per10k: bool, *, key: str, height: int = 420) -> None:
    if frame["z"].isna().all():
        st.info(view.t("overview.map.empty"), icon=":material/filter_alt_off:")
        return
    colour_label = view.t("overview.map.per10k") if per10k else view.t("overview.map.absolute")
    st.plotly_chart(
        charts.municipality_map(frame, colour_label=colour_label, lang=view.lang, height=height),
        config=charts.MAP_CONFIG,
        key=f"chart_{key}",
    )


def outside_region_note(view: View, defs: pd.DataFrame, kpi: str) -> None:
    """The value outside the region (not a map area), said in a caption."""
    outside = queries.kpi_cell(
        view.version, view.period_type, view.period, "outside_region", view.chain, view.published
    )
    rows = outside[outside["kpi"] == kpi]
    if rows.empty:
        return
    row = rows.iloc[0]
    if not is_missing(row["value"]) or row["suppression"]:
        text = tables.shown(row["value"], tables.kpi_unit(defs, kpi), row["suppression"], view.lang)
        st.caption(view.t("map.outside_region", value=text))
