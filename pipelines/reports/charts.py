"""Report charts with matplotlib (Agg, no browser), made to be read in grey print: grey shades, hatching and
printed values instead of colour."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.patches import Polygon as PolygonPatch
from matplotlib.ticker import FuncFormatter

from pipelines.reports.formatting import format_number

DPI = 200
INK = "#000000"
DARK = "#404040"
MID = "#8c8c8c"
LIGHT = "#d0d0d0"
PALE = "#f0f0f0"
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++")
FILLS = (DARK, "white", LIGHT, "white", MID, "white")

_STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.linewidth": 0.6,
    "xtick.color": INK,
    "ytick.color": INK,
    "hatch.linewidth": 0.6,
    "hatch.color": INK,
    "svg.hashsalt": "keet",
}


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None}, bbox_inches="tight", pad_inches=0.05,
                facecolor="white")
    plt.close(fig)
    return buffer.getvalue()


def _formatter(lang: str) -> FuncFormatter:
    return FuncFormatter(lambda v, _pos: format_number(v, lang, 0 if float(v).is_integer() else 1))


def _spines(ax: plt.Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def progress_chart(rows: Sequence[tuple[str, float | None, float | None]], lang: str) -> bytes:
    """Horizontal bars: % of target reached (hatched grey) with a black tick at the expected % at cut-off."""
    with plt.rc_context(_STYLE):
        height = 0.27 * len(rows) + 0.6
        fig, ax = plt.subplots(figsize=(6.6, height))
        labels = [r[0] for r in rows]
        y = list(range(len(rows)))[::-1]
        top = max([100.0] + [min(r[1] or 0, 200.0) for r in rows] + [r[2] or 0 for r in rows]) * 1.15
        for yi, (_, reached, expected) in zip(y, rows, strict=True):
            if reached is not None:
                shown = min(reached, 200.0)
                ax.barh(yi, shown, height=0.55, color=LIGHT, edgecolor=INK, linewidth=0.6, hatch="///")
                ax.text(max(shown, expected or 0) + top * 0.015, yi, f"{format_number(reached, lang, 1)} %",
                        va="center", fontsize=7)
            else:
                ax.text(top * 0.01, yi, "x", va="center", fontsize=7)
            if expected is not None:
                ax.plot([expected, expected], [yi - 0.38, yi + 0.38], color=INK, linewidth=2.0)
        ax.axvline(100, color=MID, linewidth=0.6, linestyle="--")
        ax.set_yticks(y, labels)
        ax.set_xlim(0, top)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{format_number(v, lang, 0)} %"))
        _spines(ax)
        return _png(fig)


def grouped_bars(
    categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], lang: str, ylabel: str = ""
) -> bytes:
    """Vertical grouped bars (e.g. per month), each series its own grey and hatch, values printed on the bars."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.6, 2.1))
        n = max(1, len(series))
        width = 0.8 / n
        for s, (name, values) in enumerate(series):
            xs = [i - 0.4 + width * (s + 0.5) for i in range(len(categories))]
            heights = [v if v is not None and not math.isnan(v) else 0 for v in values]
            ax.bar(xs, heights, width=width * 0.92, color=FILLS[s % len(FILLS)], edgecolor=INK, linewidth=0.6,
                   hatch=HATCHES[s % len(HATCHES)], label=name)
            if len(categories) <= 12:
                for x, v in zip(xs, values, strict=True):
                    text = "–" if v is None or (isinstance(v, float) and math.isnan(v)) else format_number(v, lang)
                    ax.text(x, (v or 0) if text != "–" else 0, text, ha="center", va="bottom", fontsize=6.5)
        ax.set_xticks(range(len(categories)), categories, rotation=0 if len(categories) <= 8 else 45,
                      ha="center" if len(categories) <= 8 else "right")
        ax.yaxis.set_major_formatter(_formatter(lang))
        if ylabel:
            ax.set_ylabel(ylabel)
        ax.margins(y=0.15)
        ax.legend(frameon=False, fontsize=7, ncols=n, loc="upper left", bbox_to_anchor=(0, 1.18))
        _spines(ax)
        return _png(fig)


def horizontal_bars(
    labels: Sequence[str], values: Sequence[float | None], styles: Sequence[int], legend: Sequence[str], lang: str,
    unit_suffix: str = "",
) -> bytes:
    """Horizontal bars with a style index per bar (grey + hatch) explained in `legend`."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.6, 0.3 * len(labels) + 0.8))
        y = list(range(len(labels)))[::-1]
        top = max([v for v in values if v is not None] + [1.0])
        for yi, value, style in zip(y, values, styles, strict=True):
            ax.barh(yi, value or 0, height=0.6, color=FILLS[style], edgecolor=INK, linewidth=0.6,
                    hatch=HATCHES[style])
            text = "–" if value is None else format_number(value, lang) + unit_suffix
            ax.text((value or 0) + top * 0.01, yi, text, va="center", fontsize=7)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, top * 1.25)
        ax.xaxis.set_major_formatter(_formatter(lang))
        handles = [plt.Rectangle((0, 0), 1, 1, facecolor=FILLS[i], edgecolor=INK, hatch=HATCHES[i])
                   for i in sorted(set(styles))]
        ax.legend(handles, [legend[i] for i in sorted(set(styles))], frameon=False, fontsize=7, loc="lower right")
        _spines(ax)
        return _png(fig)


def range_chart(
    labels: Sequence[str], low: Sequence[float | None], central: Sequence[float | None],
    high: Sequence[float | None], lang: str, names: tuple[str, str, str],
) -> bytes:
    """Central estimate as a hatched bar with a low-high range as an error bar; all three values printed."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.6, 0.42 * len(labels) + 0.9))
        y = list(range(len(labels)))[::-1]
        top = max([v for v in [*high, *central] if v is not None] + [1.0])
        for yi, lo, mid, hi in zip(y, low, central, high, strict=True):
            if mid is None:
                ax.text(0, yi, "–", va="center")
                continue
            ax.barh(yi, mid, height=0.5, color=LIGHT, edgecolor=INK, linewidth=0.6, hatch="\\\\\\")
            if lo is not None and hi is not None:
                ax.errorbar(mid, yi, xerr=[[mid - lo], [hi - mid]], fmt="none", ecolor=INK, elinewidth=1.2,
                            capsize=4)
            parts = [format_number(v, lang, 0) if v is not None else "–" for v in (lo, mid, hi)]
            ax.text((hi if hi is not None else mid) + top * 0.02, yi,
                    f"{names[0]} {parts[0]} · {names[1]} {parts[1]} · {names[2]} {parts[2]}", va="center",
                    fontsize=6.5)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, top * 1.9)
        ax.xaxis.set_major_formatter(_formatter(lang))
        _spines(ax)
        return _png(fig)


def load_boundaries(path: Path) -> list[dict]:
    """Features of the boundary file: properties + list of outer rings (lon, lat)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    features = []
    for feature in data.get("features", []):
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            rings = [geometry["coordinates"][0]]
        elif geometry.get("type") == "MultiPolygon":
            rings = [polygon[0] for polygon in geometry["coordinates"]]
        else:
            continue
        features.append({"properties": feature.get("properties", {}), "rings": rings})
    return features


def _centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


# Label nudges (lon, lat) where a label would cover a neighbour's (small municipalities side by side).
_LABEL_OFFSETS = {"41011": (0.035, -0.004), "41024": (-0.012, 0.0), "41063": (-0.01, 0.0)}


def _classes(top: float, integers: bool) -> list[str]:
    """Legend texts of the 4 value classes: class k holds (k-1)/4*top < value <= k/4*top."""
    names = []
    for k in range(1, 5):
        low, high = (k - 1) * top / 4, k * top / 4
        if integers:
            first, last = math.floor(low) + 1, math.floor(high)
            names.append("–" if first > last else (str(first) if first == last else f"{first} – {last}"))
        else:
            names.append(f"> {low:.1f} – {high:.1f}")
    return names


def map_chart(
    features: Sequence[dict], values: dict[str, tuple[float | None, str]], lang: str, outside_label: str
) -> bytes:
    """The municipalities of the region shaded by value (4 grey classes), each labelled with name and value.

    `values`: NIS code -> (numeric value or None when hidden/missing, printed text). Municipalities outside the
    region are drawn white with a dashed outline; hidden values are hatched.
    """
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.6, 5.0))
        numbers = [v for v, _ in values.values() if v is not None]
        top = max(numbers + [1.0])
        integers = all(float(v).is_integer() for v in numbers)
        shades = ["#ffffff", "#d9d9d9", "#a6a6a6", "#6e6e6e", "#333333"]
        scale = math.cos(math.radians(50.87))
        for feature in features:
            props = feature["properties"]
            nis = str(props.get("nis", ""))
            in_region = bool(props.get("in_region", nis in values))
            value, text = values.get(nis, (None, "–"))
            hidden = in_region and value is None and text not in ("–", "")
            if not in_region:
                face, hatch, edge, style = "white", None, MID, "--"
            elif value is None:
                face, hatch, edge, style = "white", "///" if hidden else None, INK, "-"
            else:
                step = 0 if value <= 0 else min(4, max(1, math.ceil(4 * value / top - 1e-9)))
                face, hatch, edge, style = shades[step], None, INK, "-"
            biggest = (0.0, 0.0, -1.0)
            for ring in feature["rings"]:
                xy = [(lon * scale, lat) for lon, lat in ring]
                ax.add_patch(PolygonPatch(xy, closed=True, facecolor=face, edgecolor=edge, linewidth=0.8,
                                          linestyle=style, hatch=hatch))
                cx, cy, area = _centroid(xy)
                if area > biggest[2]:
                    biggest = (cx, cy, area)
            dx, dy = _LABEL_OFFSETS.get(nis, (0.0, 0.0))
            name = str(props.get("name_nl", nis)).replace("Sint-Lievens-", "Sint-Lievens-\n")
            if in_region:
                ax.text(biggest[0] + dx * scale, biggest[1] + dy, f"{name}\n{text}", ha="center", va="center",
                        fontsize=6.5, fontweight="bold", linespacing=1.1,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": INK,
                              "linewidth": 0.5})
            else:
                ax.text(biggest[0] + dx * scale, biggest[1] + dy, f"{name}\n({outside_label})", ha="center",
                        va="center", fontsize=6, color=DARK, style="italic")
        ax.autoscale_view()
        ax.set_aspect("equal")
        ax.axis("off")
        handles, names = [], []
        for shade, name in zip(shades, ["0", *_classes(top, integers)], strict=True):
            if name != "–":  # an empty class (a small maximum) is left out of the legend
                handles.append(plt.Rectangle((0, 0), 1, 1, facecolor=shade, edgecolor=INK))
                names.append(name)
        handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=INK, hatch="///"))
        names.append("<5 / x")
        ax.legend(handles, names, frameon=False, fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
        return _png(fig)
