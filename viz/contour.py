"""The main plot: the landscape as filled contours on log-spaced levels, with the optimizers' paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from viz.palette import colour_of, dash_of
from viz.raster import contour_png
from viz.style import LINE_WIDTH, base_layout

Array = np.ndarray
MAX_PATH_POINTS = 600  # more points than pixels along a path add bytes, not detail
PATH_POINTS_BUDGET = 2000  # over all paths of one figure, so 11 optimizers still fit in 250 KB
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
    image: str | None = None  # the filled contour drawn once as a PNG (viz.raster), if the caller made one
    image_range: tuple[float, float] = (0.0, 1.0)  # the (log-)values its colours span


def landscape_view(landscape, n: int = 140, image_pixels: int = 0) -> LandscapeView:
    """Everything the plots need of a landscape; ``image_pixels`` > 0 also draws the contour picture."""
    xs, ys, z = grid_values(landscape, n)
    log_scale = landscape.spec.log_scale
    image, image_range = None, (0.0, 1.0)
    if image_pixels:
        fine = grid_values(landscape, image_pixels)[2]
        zt = log_transform(fine, landscape.f_min)[0] if log_scale else fine.astype(np.float64)
        image, lo, hi = contour_png(zt[::-1], COLORSCALE)  # image rows run from the top down
        image_range = (lo, hi)
    minima, f_min = landscape.minima, landscape.f_min
    return LandscapeView(xs, ys, z, landscape.bounds, minima, f_min, log_scale, image, image_range)


@dataclass(frozen=True)
class PathView:
    """One optimizer's path, as the plot shows it."""

    name: str
    label: str
    points: Array  # (steps + 1, 2), NaN after the path stopped
    values: Array
    diverged_at: int = -1
    colour: str = field(default="")
    grads: Array | None = None  # (steps, 2): g used in step i+1 (from a recorded run)
    direction: Array | None = None  # (steps, 2): momentum / first moment after step i+1, if the method has one
    lr: Array | None = None  # (steps, 2): effective per-coordinate step size of step i+1


def grid_values(landscape: object, n: int = 140) -> tuple[Array, Array, Array]:
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


def _path_traces(path: PathView, labels: Mapping[str, str], limit: int) -> list[dict]:
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
    line = dict(
        type="scatter",
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
    ends = dict(
        type="scatter",
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


def _start_picker(view: LandscapeView, labels: Mapping[str, str], n: int = 30) -> dict:
    """Invisible points to click: Plotly reports no click on a contour, but it does on a point."""
    (x0, x1), (y0, y1) = view.bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return dict(
        type="scatter",
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


MAX_FRAMES = 50
FRAME_VALUES_BUDGET = 2000  # numbers in all frames together: about 40 KB of JSON


def _unit(v: Array, length: float) -> Array:
    norm = np.hypot(v[..., 0], v[..., 1])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(norm[..., None] > 0, v / norm[..., None] * length, 0.0)


def _arrow(tail: Array, direction: Array) -> tuple[list[float | None], list[float | None]]:
    """An arrow as a two-point line, or nothing where it is not defined."""
    head = tail + direction
    if not (np.isfinite(tail).all() and np.isfinite(head).all()) or not direction.any():
        return [None, None], [None, None]
    return [_short(tail[0]), _short(head[0])], [_short(tail[1]), _short(head[1])]


def _short(v: float) -> float:
    """Five significant digits: finer than a pixel, and a third of the bytes of a full float."""
    return float(f"{v:.5g}")


def _inspector_at(path: PathView, k: int, length: float) -> list[dict]:
    """The head marker and the three arrows of one path at step k, as trace updates."""
    point = path.points[k]
    steps = path.points.shape[0] - 1
    arrows = []
    for source, sign in ((path.grads, -1.0), (path.direction, -1.0)):
        if source is not None and k < steps:
            arrows.append(_arrow(point, _unit(sign * source[k], length)))
        else:
            arrows.append(([None, None], [None, None]))
    step = path.points[k + 1] - point if k < steps else np.zeros(2)
    arrows.append(_arrow(point, _unit(step, 1.3 * length)))
    finite = bool(np.isfinite(point).all())
    head = {"x": [_short(point[0]) if finite else None], "y": [_short(point[1]) if finite else None]}
    return [head] + [{"x": x, "y": y} for x, y in arrows]


def _inspector_traces(path: PathView, labels: Mapping[str, str], length: float) -> list[dict]:
    colour = path.colour or colour_of(path.name)
    first = _inspector_at(path, 0, length)
    arrow_marker = {"symbol": "arrow", "angleref": "previous", "size": 14}
    styles = (
        (labels["arrow_grad"], {"color": "#222222", "width": 2.5}, "#222222"),
        (labels["arrow_momentum"], {"color": colour, "width": 2.5, "dash": "dot"}, colour),
        (labels["arrow_step"], {"color": colour, "width": 5}, colour),
    )
    traces = [
        dict(
            type="scatter",
            **first[0],
            mode="markers",
            legendgroup=path.name,
            showlegend=False,
            marker={"size": 16, "color": colour, "line": {"color": "white", "width": 2.5}},
            hoverinfo="skip",
        )
    ]
    for (name, line, colour_tip), data in zip(styles, first[1:], strict=True):
        traces.append(
            dict(
                type="scatter",
                **data,
                mode="lines+markers",
                name=name,
                legendgroup=path.name,
                showlegend=False,
                line=line,
                marker={**arrow_marker, "color": colour_tip, "size": [0, 14]},
                hoverinfo="skip",
            )
        )
    return traces


def _frame_steps(paths: Sequence[PathView]) -> list[int]:
    steps = max((p.points.shape[0] - 1 for p in paths), default=0)
    count = max(2, min(MAX_FRAMES, FRAME_VALUES_BUDGET // max(1, 14 * len(paths)), steps + 1))
    return sorted(set(np.linspace(0, steps, count).round().astype(int).tolist()))


def _animation(paths: Sequence[PathView], first_trace: int, labels: Mapping[str, str], length: float) -> dict:
    """Plotly frames that move only the inspector's traces: played in the browser, no server round trip.

    Returns the figure's ``frames`` and the layout's ``updatemenus`` (Play, Pause) and ``sliders`` (the step).
    """
    ks = _frame_steps(paths)
    indices = list(range(first_trace, first_trace + 4 * len(paths)))
    frames = []
    for k in ks:
        data = []
        for path in paths:
            data += _inspector_at(path, min(k, path.points.shape[0] - 1), length)
        frames.append({"name": str(k), "data": [{"type": "scatter", **d} for d in data], "traces": indices})
    play = {"frame": {"duration": 90, "redraw": False}, "transition": {"duration": 0}, "fromcurrent": True}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate", "transition": {"duration": 0}}
    buttons = {
        "type": "buttons",
        "direction": "left",
        "x": 0.0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "pad": {"t": 75},
        "font": {"size": 15},
        "buttons": [
            {"label": labels["play"], "method": "animate", "args": [None, play]},
            {"label": labels["pause"], "method": "animate", "args": [[None], pause]},
        ],
    }
    slider = {
        "active": 0,
        "x": 0.36,
        "len": 0.64,
        "y": 0,
        "yanchor": "top",
        "pad": {"t": 60},
        "currentvalue": {"prefix": f"{labels['step']} ", "font": {"size": 16}, "xanchor": "right"},
        "steps": [{"label": str(k), "method": "animate", "args": [[str(k)], pause]} for k in ks],
    }
    return {"frames": frames, "updatemenus": [buttons], "sliders": [slider]}


def _contour_trace(view: LandscapeView, zt: Array, bar_title: str) -> dict:
    """A Plotly filled contour: used where no contour picture was drawn (e.g. from a notebook)."""
    return {
        "type": "contour",
        "x": view.xs,
        "y": view.ys,
        "z": zt.astype(np.float32),
        "colorscale": COLORSCALE,
        "ncontours": 28,
        "contours": {"coloring": "fill", "showlines": True},
        "line": {"width": 0.6, "color": "rgba(40, 60, 90, 0.35)"},
        "colorbar": _colorbar(view.log_scale, zt, bar_title),
        "hoverinfo": "skip",
        "connectgaps": False,
        "name": "f",
        "showlegend": False,
    }


def _colorbar_only(lo: float, hi: float, colorbar: dict) -> dict:
    """An empty trace that only shows the colour bar of the contour picture."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": "f",
        "showlegend": False,
        "hoverinfo": "skip",
        "marker": {
            "color": [lo],
            "cmin": lo,
            "cmax": hi,
            "colorscale": COLORSCALE,
            "showscale": True,
            "colorbar": colorbar,
        },
    }


def contour_figure(
    view: LandscapeView,
    paths: Sequence[PathView],
    labels: Mapping[str, str],
    height: int = 580,  # the square plot's side on a laptop's half-screen column, plus legend and axes
    start_picker: bool = True,
    inspector: bool = False,
) -> go.Figure:
    """The landscape with every path; axes fixed to the window so a runaway path never rescales it.

    ``labels`` holds the translated words: ``f`` (colour bar title), ``step``, ``click``, ``minimum``, and
    for the step inspector ``arrow_grad``, ``arrow_momentum``, ``arrow_step``, ``play``, ``pause``.
    The figure is assembled as one plain dict and validated once: building it trace by trace (and
    frame by frame) through Plotly's objects costs four times as long.
    """
    if view.log_scale:
        zt, _ = log_transform(view.z, view.f_min)
        bar_title = labels["f_log"]
    else:
        zt, bar_title = view.z, labels["f"]
    (x0, x1), (y0, y1) = view.bounds
    images = []
    if view.image is not None:
        lo, hi = view.image_range
        traces: list[dict] = [_colorbar_only(lo, hi, _colorbar(view.log_scale, np.array([lo, hi]), bar_title))]
        images = [
            {
                "source": view.image,
                "xref": "x",
                "yref": "y",
                "x": x0,
                "y": y1,
                "sizex": x1 - x0,
                "sizey": y1 - y0,
                "sizing": "stretch",
                "layer": "below",
            }
        ]
    else:
        traces = [_contour_trace(view, zt, bar_title)]
    if start_picker:
        traces.append(_start_picker(view, labels))
    if view.minima:
        mx, my = zip(*view.minima, strict=True)
        traces.append(
            {
                "type": "scatter",
                "x": mx,
                "y": my,
                "mode": "markers",
                "name": labels["minimum"],
                "showlegend": False,
                "marker": {"symbol": "star", "size": 22, "color": "#ffd400", "line": {"color": "black", "width": 1.5}},
                "hovertemplate": f"{labels['minimum']}<br>x = %{{x:.4g}}<br>y = %{{y:.4g}}<extra></extra>",
            }
        )
    limit = min(MAX_PATH_POINTS, PATH_POINTS_BUDGET // max(1, len(paths)))
    for path in paths:
        traces += _path_traces(path, labels, limit)
    layout = base_layout(height) | {"clickmode": "event+select", "dragmode": "zoom", "hovermode": "closest"}
    layout["images"] = images
    layout["xaxis"] = {"range": [x0, x1], "title": {"text": "x"}, "showgrid": False, "zeroline": False}
    layout["xaxis"]["constrain"] = "domain"
    layout["yaxis"] = {"range": [y0, y1], "title": {"text": "y"}, "showgrid": False, "zeroline": False}
    layout["yaxis"] |= {"scaleanchor": "x", "constrain": "domain", "constraintoward": "top"}  # no gap below the legend
    frames: list[dict] = []
    if inspector and paths:
        length = 0.08 * max(x1 - x0, y1 - y0)
        first = len(traces)
        for path in paths:
            traces += _inspector_traces(path, labels, length)
        animation = _animation(paths, first, labels, length)
        frames = animation.pop("frames")
        layout |= animation
        layout["height"] = height + 110  # room for the step slider and the play button
        layout["margin"] = layout["margin"] | {"b": 150}
    return FigureWithFrames({"data": traces, "layout": layout}, frames=frames)


class FigureWithFrames(go.Figure):
    """A figure whose animation frames are kept as plain data and added in ``to_dict``.

    The frames only move a few markers and arrows, but Plotly would turn each of their ~600 traces
    into a validated object: three times the cost of the rest of the figure, on every redraw.
    ``to_dict`` (what ``st.plotly_chart``, ``fig.show()`` and ``fig.to_json()`` all use) adds them back.
    """

    def __init__(self, figure: dict, frames: list[dict]) -> None:
        super().__init__(figure)
        self._raw_frames = frames

    def to_dict(self) -> dict:
        out = super().to_dict()
        if self._raw_frames:
            out["frames"] = self._raw_frames
        return out

    def to_plotly_json(self) -> dict:
        return self.to_dict()
