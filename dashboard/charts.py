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

KEET_GREEN = "#2e7d4f"
NO_DATA_GREY = "#dcdcdc"


def separators(lang: str) -> str:
    """plotly's `separators`: decimal mark then thousands mark (Belgian '1.234,5' in Dutch)."""
    return ",." if lang == "nl" else ".,"


def trend_figure(frame: pd.DataFrame, *, value_label: str, percent: bool, lang: str) -> go.Figure:
    """Bars per month (lines for percentages). `frame` has `label` (month shown), `value` and `text`."""
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
        showlegend=False,
    )
    if percent:
        figure.update_yaxes(rangemode="tozero", ticksuffix=" %" if lang == "nl" else "%")
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


def municipality_map(frame: pd.DataFrame, *, colour_label: str, lang: str) -> go.Figure:
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
                colorbar={"title": {"text": colour_label}, "thickness": 12},
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
        height=420,
        dragmode=False,
    )
    return figure
