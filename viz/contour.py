"""The main plot: the landscape as filled contours on log-spaced levels, with the optimizers' paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from viz.palette import colour_of, dash_of
from viz.style import LINE_WIDTH, base_layout

Array = np.ndarray
MAX_PATH_POINTS = 600  # more points than pixels along a path add bytes, not detail
PATH_POINTS_BUDGET = 2400  # over all paths of one figure, so 11 optimizers still fit in 250 KB
COLORSCALE = [  # pale, so the coloured paths stay the strongest thing on the plot
    [0.0, "#fdfdfb"],
    [0.25, "#e4ecf2"],
    [0.5, "#bfd3e2"],
    [0.75, "#8fb1cc"],
    [1.0, "#5c86ad"],
]


@dataclass(frozen=True)
class LandscapeView:
    """What the plot needs of a landscape: f on a grid, its window, its minima."""

    xs: Array
    ys: Array
    z: Array  # f on the grid, shape (len(ys), len(xs)); NaN where f is undefined
    bounds: tuple[tuple[float, float], tuple[float, float]]
    minima: tuple[tuple[float, float], ...] = ()
    f_min: float | None = None
    log_scale: bool = True


@dataclass(frozen=True)
class PathView:
    """One optimizer's path, as the plot shows it."""

    name: str
    label: str
    points: Array  # (steps + 1, 2), NaN after the path stopped
    values: Array
    diverged_at: int = -1
    colour: str = field(default="")


def grid_values(landscape: object, n: int = 150) -> tuple[Array, Array, Array]:
    """f on an n x n grid over the landscape's window, as float32 (half the bytes in the page)."""
    (x0, x1), (y0, y1) = landscape.bounds  # type: ignore[attr-defined]
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        z = landscape.value(np.stack([X, Y], axis=-1))  # type: ignore[attr-defined]
    z = np.where(np.isfinite(z), z, np.nan)
    return xs.astype(np.float32), ys.astype(np.float32), z.astype(np.float32)


def log_transform(z: Array, f_min: float | None) -> tuple[Array, float]:
    """log10(f − f* + δ), with δ small enough to resolve the valley floor and large enough to stay finite."""
    base = f_min if f_min is not None else float(np.nanmin(z))
    shifted = np.clip(z.astype(np.float64) - base, 0, None)
    positive = shifted[shifted > 0]
    top = float(np.nanmax(shifted)) if positive.size else 1.0
    floor = max(float(np.percentile(positive, 0.5)) if positive.size else 1.0, top * 1e-9, 1e-12)
    return np.log10(shifted + floor), floor


def _colorbar(log_scale: bool, zt: Array, title: str) -> dict:
    bar: dict = {"title": {"text": title, "side": "right"}, "thickness": 14, "len": 0.85}
    if log_scale:
        lo, hi = int(np.floor(np.nanmin(zt))), int(np.ceil(np.nanmax(zt)))
        step = max(1, (hi - lo) // 6)
        ticks = list(range(lo, hi + 1, step))
        bar |= {"tickvals": ticks, "ticktext": [f"10<sup>{k}</sup>" for k in ticks]}
    return bar


def _thin(n: int, limit: int, keep: Sequence[int]) -> Array:
    if n <= limit:
        return np.arange(n)
    return np.unique(np.r_[np.linspace(0, n - 1, limit).astype(int), [k for k in keep if 0 <= k < n]])


def _path_traces(path: PathView, labels: Mapping[str, str], limit: int) -> list[go.Scatter]:
    finite = np.isfinite(path.points).all(axis=1)
    if not finite.any():
        return []
    last = int(np.flatnonzero(finite)[-1])
    idx = _thin(last + 1, limit, [last])
    idx = idx[finite[idx]]
    colour = path.colour or colour_of(path.name)
    x, y = path.points[idx, 0].astype(np.float32), path.points[idx, 1].astype(np.float32)
    custom = np.stack([idx, path.values[idx]], axis=-1).astype(np.float32)
    hover = (
        f"<b>{path.label}</b><br>{labels['step']} %{{customdata[0]:.0f}}<br>"
        "x = %{x:.4g}<br>y = %{y:.4g}<br>f = %{customdata[1]:.5g}<extra></extra>"
    )
    line = go.Scatter(
        x=x,
        y=y,
        customdata=custom,
        mode="lines",
        name=path.label,
        legendgroup=path.name,
        line={"color": colour, "width": LINE_WIDTH, "dash": dash_of(path.name)},
        hovertemplate=hover,
    )
    diverged = path.diverged_at >= 0
    ends = go.Scatter(
        x=[x[0], x[-1]],
        y=[y[0], y[-1]],
        customdata=custom[[0, -1]],
        mode="markers",
        legendgroup=path.name,
        showlegend=False,
        marker={
            "color": ["white", colour],
            "size": [15, 18 if diverged else 15],
            "symbol": ["circle", "x" if diverged else "diamond"],
            "line": {"color": [colour, "white"], "width": [3.5, 1.5]},
        },
        hovertemplate=hover,
    )
    return [line, ends]


def _start_picker(view: LandscapeView, labels: Mapping[str, str], n: int = 30) -> go.Scatter:
    """Invisible points to click: Plotly reports no click on a contour, but it does on a point."""
    (x0, x1), (y0, y1) = view.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return go.Scatter(
        x=X.ravel().astype(np.float32),
        y=Y.ravel().astype(np.float32),
        mode="markers",
        name="start_picker",
        showlegend=False,
        marker={"size": 14, "opacity": 0, "color": "black"},
        hovertemplate=f"x = %{{x:.3g}}<br>y = %{{y:.3g}}<br><i>{labels['click']}</i><extra></extra>",
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
    )


def contour_figure(
    view: LandscapeView,
    paths: Sequence[PathView],
    labels: Mapping[str, str],
    height: int = 640,
    start_picker: bool = True,
) -> go.Figure:
    """The landscape with every path; axes fixed to the window so a runaway path never rescales it.

    ``labels`` holds the translated words: ``f`` (colour bar title), ``step``, ``click``, ``minimum``.
    """
    if view.log_scale:
        zt, _ = log_transform(view.z, view.f_min)
        bar_title = labels["f_log"]
    else:
        zt, bar_title = view.z, labels["f"]
    fig = go.Figure()
    fig.add_trace(
        go.Contour(
            x=view.xs,
            y=view.ys,
            z=zt.astype(np.float32),
            colorscale=COLORSCALE,
            ncontours=28,
            contours={"coloring": "fill", "showlines": True},
            line={"width": 0.6, "color": "rgba(40, 60, 90, 0.35)"},
            colorbar=_colorbar(view.log_scale, zt, bar_title),
            hoverinfo="skip",
            connectgaps=False,
            name="f",
            showlegend=False,
        )
    )
    if start_picker:
        fig.add_trace(_start_picker(view, labels))
    if view.minima:
        mx, my = zip(*view.minima, strict=True)
        fig.add_trace(
            go.Scatter(
                x=mx,
                y=my,
                mode="markers",
                name=labels["minimum"],
                showlegend=False,
                marker={"symbol": "star", "size": 22, "color": "#ffd400", "line": {"color": "black", "width": 1.5}},
                hovertemplate=f"{labels['minimum']}<br>x = %{{x:.4g}}<br>y = %{{y:.4g}}<extra></extra>",
            )
        )
    limit = min(MAX_PATH_POINTS, PATH_POINTS_BUDGET // max(1, len(paths)))
    for path in paths:
        for trace in _path_traces(path, labels, limit):
            fig.add_trace(trace)
    (x0, x1), (y0, y1) = view.bounds
    fig.update_layout(**base_layout(height), clickmode="event+select", dragmode="zoom", hovermode="closest")
    fig.update_xaxes(range=[x0, x1], title_text="x", showgrid=False, zeroline=False, constrain="domain")
    fig.update_yaxes(
        range=[y0, y1], title_text="y", showgrid=False, zeroline=False, scaleanchor="x", constrain="domain"
    )
    return fig
