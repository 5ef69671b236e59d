"""plotly figures of the dashboard, built from plain DataFrames (no Streamlit, no database)."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from pipelines import settings

GEOJSON_PATH = settings.REFERENCE_DIR / "aalst-region-municipalities.geojson"

# plotly.js fetches a world base map for any geo subplot, even one that hides it; offline the fetch fails and the
# map stays blank. An empty base map is served locally instead (dashboard/static/plotly/README.md). The URL is
# relative so the app also works behind a base path.
MAP_CONFIG = {"displaylogo": False, "scrollZoom": False, "topojsonURL": "app/static/plotly/"}
CHART_CONFIG = {"displaylogo": False}
# Axis numbers with the language's separators and no SI suffix ('50.000', not '50k'); trailing zeros trimmed.
NUMBER_TICKS = ",~f"

KEET_GREEN = "#2e7d4f"
RANGE_GREEN = "#a8d5b9"
NO_DATA_GREY = "#dcdcdc"
LOW_R_GREY = "#9e9e9e"
TARGET_GREY = "#555555"
BEHIND_ORANGE = "#d9822b"


def separators(lang: str) -> str:
    """plotly's `separators`: decimal mark then thousands mark (Belgian '1.234,5' in Dutch)."""
    return ",." if lang == "nl" else ".,"


def trend_figure(
    frame: pd.DataFrame,
    *,
    value_label: str,
    percent: bool,
    lang: str,
    target: float | None = None,
    target_label: str = "",
) -> go.Figure:
    """Bars per month (lines for percentages). `frame` has `label` (month shown), `value` and `text`.
    `target`: a dashed horizontal line with `target_label` (a level target such as 90 %)."""
    if percent:
        trace = go.Scatter(
            x=frame["label"],
            y=frame["value"],
            mode="lines+markers",
            line={"color": KEET_GREEN},
            text=frame["text"],
            hovertemplate="%{x}: %{text}<extra></extra>",
            connectgaps=False,
        )
    else:
        trace = go.Bar(
            x=frame["label"],
            y=frame["value"],
            marker_color=KEET_GREEN,
            text=frame["text"],
            hovertemplate="%{x}: %{text}<extra></extra>",
            textposition="none",
        )
    figure = go.Figure(trace)
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=320,
        yaxis_title=value_label,
        xaxis={"type": "category"},
        yaxis={"tickformat": NUMBER_TICKS},
        showlegend=False,
    )
    if percent:
        figure.update_yaxes(rangemode="tozero", ticksuffix=" %" if lang == "nl" else "%")
    else:
        values = pd.to_numeric(frame["value"], errors="coerce").dropna()
        if not values.empty and values.max() <= 6 and (values % 1 == 0).all():
            figure.update_yaxes(dtick=1)  # small whole counts: whole ticks
    if target is not None:
        figure.add_hline(
            y=target,
            line_dash="dash",
            line_color=TARGET_GREY,
            annotation_text=target_label,
            annotation_position="top left",
        )
    return figure


def bar_figure(
    frame: pd.DataFrame,
    *,
    value_label: str,
    lang: str,
    horizontal: bool = True,
    colours: list[str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """Bars of a breakdown, in the frame's order. `frame` has `label`, `value` and `text` (formatted value)."""
    colour = colours if colours is not None else KEET_GREEN
    if horizontal:
        trace = go.Bar(
            y=frame["label"],
            x=frame["value"],
            orientation="h",
            marker_color=colour,
            text=frame["text"],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    else:
        trace = go.Bar(
            x=frame["label"],
            y=frame["value"],
            marker_color=colour,
            text=frame["text"],
            textposition="auto",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    figure = go.Figure(trace)
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=height or (max(160, 44 * len(frame) + 60) if horizontal else 320),
        showlegend=False,
    )
    values = pd.to_numeric(frame["value"], errors="coerce").dropna()
    # small whole counts: whole ticks (no '0,2 events')
    whole = {"dtick": 1} if not values.empty and values.max() <= 6 and (values % 1 == 0).all() else {}
    if horizontal:
        figure.update_yaxes(autorange="reversed", type="category")  # first row on top
        figure.update_xaxes(title_text=value_label, rangemode="tozero", tickformat=NUMBER_TICKS, **whole)
    else:
        figure.update_xaxes(type="category")
        figure.update_yaxes(title_text=value_label, rangemode="tozero", tickformat=NUMBER_TICKS, **whole)
    return figure


def funnel_figure(frame: pd.DataFrame, *, lang: str) -> go.Figure:
    """A funnel of counts. `frame` has `label`, `value` and `text` (count and share of the first step)."""
    figure = go.Figure(
        go.Funnel(
            y=frame["label"],
            x=frame["value"],
            text=frame["text"],
            textinfo="text",
            marker={"color": KEET_GREEN},
            connector={"line": {"color": NO_DATA_GREY}},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=max(220, 56 * len(frame) + 40),
        showlegend=False,
    )
    return figure


def range_figure(low: float, central: float, high: float, *, labels: dict[str, str], lang: str) -> go.Figure:
    """A low-central-high range on one axis: a bar from low to high with the central estimate marked.
    `labels` holds the texts for 'low', 'central', 'high' and 'axis'."""
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[low, high],
            y=[0, 0],
            mode="lines+markers+text",
            line={"color": RANGE_GREEN, "width": 14},
            marker={"size": 14, "color": RANGE_GREEN, "symbol": "line-ns", "line": {"width": 3}},
            text=[labels["low"], labels["high"]],
            textposition=["bottom center", "bottom center"],
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[central],
            y=[0],
            mode="markers+text",
            marker={"size": 18, "color": KEET_GREEN, "symbol": "diamond"},
            text=[labels["central"]],
            textposition="top center",
            hoverinfo="skip",
        )
    )
    span = max(high - low, abs(high) * 0.1, 1.0)
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=170,
        showlegend=False,
        xaxis={
            "title": {"text": labels["axis"]},
            "range": [min(0, low - span * 0.3), high + span * 0.3],
            "tickformat": NUMBER_TICKS,
        },
        yaxis={"visible": False, "range": [-1, 1]},
    )
    return figure


def progress_figure(frame: pd.DataFrame, *, expected_label: str, lang: str) -> go.Figure:
    """Per KPI the % of its target reached (bar, capped at 150 on the axis) and the expected % at the cut-off
    (a tick). `frame` has `name`, `pct_reached`, `expected_pct`, `reached_text`, `expected_text`, `on_track`."""
    reached = frame["pct_reached"].astype(float)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            y=frame["name"],
            x=reached.clip(upper=150),
            orientation="h",
            marker_color=[KEET_GREEN if ok else BEHIND_ORANGE for ok in frame["on_track"]],
            text=frame["reached_text"],
            textposition="auto",
            hovertemplate="%{y}: %{text}<extra></extra>",
            name="",
        )
    )
    figure.add_trace(
        go.Scatter(
            y=frame["name"],
            x=frame["expected_pct"],
            mode="markers",
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#333333"}},
            text=frame["expected_text"],
            hovertemplate=f"{expected_label}: %{{text}}<extra></extra>",
            name=expected_label,
        )
    )
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=max(180, 40 * len(frame) + 70),
        showlegend=False,
        bargap=0.35,
    )
    figure.update_yaxes(autorange="reversed", type="category")
    figure.update_xaxes(range=[0, 155], ticksuffix=" %" if lang == "nl" else "%")
    return figure


@lru_cache(maxsize=2)
def _geojson(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def region_geojson(codes: list[str], path: Path = GEOJSON_PATH) -> dict:
    """The boundary file reduced to the municipalities in `codes` (feature property `nis`)."""
    full = _geojson(str(path))
    wanted = set(codes)
    reduced = {key: value for key, value in full.items() if key != "features"}
    reduced["features"] = [copy.deepcopy(f) for f in full["features"] if f["properties"].get("nis") in wanted]
    return reduced


def municipality_map(frame: pd.DataFrame, *, colour_label: str, lang: str, height: int = 420) -> go.Figure:
    """Choropleth of the region without map tiles (no internet needed): every municipality is drawn in grey,
    those with a value are coloured on top. `frame` has `municipality` (NIS code), `z` (the colour value or NaN)
    and `text` (hover text)."""
    geojson = region_geojson(list(frame["municipality"]))
    common = {
        "geojson": geojson,
        "featureidkey": "properties.nis",
        "marker_line_color": "white",
        "marker_line_width": 1.5,
    }
    figure = go.Figure()
    figure.add_trace(
        go.Choropleth(
            locations=frame["municipality"],
            z=[0] * len(frame),
            colorscale=[[0, NO_DATA_GREY], [1, NO_DATA_GREY]],
            showscale=False,
            text=frame["text"],
            hovertemplate="%{text}<extra></extra>",
            **common,
        )
    )
    with_value = frame[frame["z"].notna()]
    if not with_value.empty:
        figure.add_trace(
            go.Choropleth(
                locations=with_value["municipality"],
                z=with_value["z"],
                zmin=0,
                colorscale=[
                    [0.0, "#c7e9c0"],
                    [0.5, "#41ab5d"],
                    [1.0, "#00441b"],
                ],  # lightest still unlike grey
                colorbar={"title": {"text": colour_label}, "thickness": 12, "tickformat": NUMBER_TICKS},
                text=with_value["text"],
                hovertemplate="%{text}<extra></extra>",
                **common,
            )
        )
    # scope and resolution fix the base-map file name plotly asks for: world_110m.json (see MAP_CONFIG)
    figure.update_geos(
        fitbounds="locations", visible=False, projection_type="mercator", scope="world", resolution=110
    )
    figure.update_layout(
        separators=separators(lang),
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        dragmode=False,
    )
    return figure
