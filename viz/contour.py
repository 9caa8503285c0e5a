"""The main plot: the landscape as filled contours on log-spaced levels, with the optimizers' paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from viz.inspector import animation, inspector_traces, raised
from viz.marks import Cloud, Mark, cloud_trace, mark_trace, where
from viz.palette import colour_of, line_style, markers, widths
from viz.paths import PathView
from viz.raster import contour_png
from viz.spec import Spec, typed
from viz.style import STRIP, base_layout

Array = np.ndarray
CHUNK_POINTS = 16_384  # grid points per evaluation of f: 128 KB per array the evaluation makes
PATH_POINTS_BUDGET = 2400  # over all paths of one figure, so 11 optimizers still fit in 250 KB
# px: on a projector a legend entry's height (type LARGE, no gap between the entries), and the legend's
# padding with a gap over it, for what stands above the legend (measured: 2 entries 71 px, 3 entries 101.5)
LEGEND_ENTRY, LEGEND_ROOM = 31, 18
# legend entries beside which a projector's strip still holds the colour bar under them (1024×768: with a
# fourth entry the legend reaches the bar's title, with six it lies across the bar)
BAR_BESIDE = 3
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
    axes: tuple[str, str] = ("x", "y")  # the coordinates' names

    @cached_property
    def value_range(self) -> tuple[float, float]:
        """The lowest and highest f on the grid (where it is defined)."""
        return float(np.nanmin(self.z)), float(np.nanmax(self.z))


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
    axes = getattr(landscape.spec, "axes", ("x", "y"))
    return LandscapeView(xs, ys, z, landscape.bounds, minima, f_min, log_scale, image, image_range, axes)


def grid_values(landscape: object, n: int = 140) -> tuple[Array, Array, Array]:
    """f on an n x n grid over the landscape's window, as float32 (half the bytes in the page).

    A block of rows of at most CHUNK_POINTS points at a time: what an evaluation of f holds (a few
    arrays of its points' size, a typed formula's program more) stays bounded at any picture size.
    """
    (x0, x1), (y0, y1) = landscape.bounds  # type: ignore[attr-defined]
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    z = np.empty((n, n), dtype=np.float32)
    rows = max(1, CHUNK_POINTS // n)
    for first in range(0, n, rows):
        X, Y = np.meshgrid(xs, ys[first : first + rows])
        with np.errstate(all="ignore"):
            block = landscape.value(np.stack([X, Y], axis=-1))  # type: ignore[attr-defined]
        z[first : first + rows] = np.where(np.isfinite(block), block, np.nan)
    return xs.astype(np.float32), ys.astype(np.float32), z


def log_transform(z: Array, f_min: float | None) -> tuple[Array, float]:
    """log10(f − f* + δ), with δ small enough to resolve the valley floor and large enough to stay finite."""
    base = f_min if f_min is not None else float(np.nanmin(z))
    shifted = np.clip(z.astype(np.float64) - base, 0, None)
    positive = shifted[shifted > 0]
    top = float(np.nanmax(shifted)) if positive.size else 1.0
    floor = max(float(np.percentile(positive, 0.5)) if positive.size else 1.0, top * 1e-9, 1e-12)
    return np.log10(shifted + floor), floor


def _colorbar(log_scale: bool, zt: Array, title: str, large: bool = False) -> dict:
    """A slim colour bar in the paper's right-hand strip, its title on top: the plot keeps a phone's width;
    on a projector it lies across the strip beside the square (``STRIP``), under the legend."""
    bar: dict = {
        "title": {"text": title, "side": "top"},
        "thickness": 12,
        "len": 0.8,
        "xref": "paper",
        "x": 1,
        "xanchor": "right",
    }
    if log_scale:
        lo, hi = int(np.floor(np.nanmin(zt))), int(np.ceil(np.nanmax(zt)))
        step = max(1, (hi - lo) // 6)
        ticks = list(range(lo, hi + 1, step))
        bar |= {"tickvals": ticks, "ticktext": [f"10<sup>{k}</sup>" for k in ticks]}
    if large:
        bar |= {"orientation": "h", "x": 1.01, "xanchor": "left", "xpad": 24, "y": 0.32, "yanchor": "top"}
        bar |= {"lenmode": "pixels", "len": STRIP - 60}
    return bar


def _thin(path: PathView, limit: int) -> Array:
    """Indices of the path's kept points to draw: all of them, or ``limit`` spread along (the ends kept)."""
    n = path.steps.size
    if n <= limit:
        return np.arange(n)
    return np.unique(np.r_[np.linspace(0, n - 1, limit).astype(int), n - 1])


def _path_traces(
    path: PathView, labels: Mapping[str, str], limit: int, width: float, axes: tuple[str, str]
) -> list[dict]:
    if path.steps.size == 0:
        return []
    idx = _thin(path, limit)  # all kept points, or fewer where many paths share the budget
    custom = np.stack([path.steps[idx], path.values[idx]], axis=-1)
    packed = {"x": typed(path.points[idx, 0]), "y": typed(path.points[idx, 1]), "customdata": typed(custom)}
    colour = colour_of(path.name)
    hover = (
        f"<b>{path.label}</b><br>{labels['step']} %{{customdata[0]:.0f}}<br>"
        f"{where(axes)}<br>f = %{{customdata[1]:.5g}}<extra></extra>"
    )
    line = dict(
        type="scatter",
        **packed,
        mode="lines+markers",
        name=path.label,
        meta="path",  # what a test or a notebook looks for: the optimizers' paths
        legendgroup=path.name,
        # drawn as given: its points are already the path's to half a pixel (the stage's, viz.rowdata), and
        # Plotly's own simplification would move the line by up to a quarter of its width
        line=line_style(path.name, width) | {"simplify": False},
        marker=markers(path.name, size=max(9.0, width + 4)),
        hovertemplate=hover,
    )
    diverged = path.diverged_at >= 0
    ends = [0, path.steps.size - 1]
    ends = dict(
        type="scatter",
        x=path.points[ends, 0].tolist(),
        y=path.points[ends, 1].tolist(),
        customdata=[[int(path.steps[k]), float(path.values[k])] for k in ends],
        mode="markers",
        meta="end",  # the stage (ui/js/stage.js) moves it with the path
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


@lru_cache(maxsize=64)
def _picker_points(bounds: tuple[tuple[float, float], ...], n: int) -> tuple[dict, dict]:
    """An n x n grid of points, visited row by row in alternate directions (one line can join them)."""
    (x0, x1), (y0, y1) = bounds
    X, Y = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    X[1::2] = X[1::2, ::-1]
    return typed(X.ravel()), typed(Y.ravel())


def _start_picker(view: LandscapeView, labels: Mapping[str, str], n: int = 30) -> dict:
    """Points to click: Plotly reports no click on a contour, but it does on a trace's point. The points
    are joined by one invisible line and only one of their markers is drawn (Plotly selects only traces
    with markers): one SVG path instead of a marker per point, so the browser draws it in a fraction of
    the time, and a click still lands on the nearest point."""
    x, y = _picker_points(tuple(tuple(b) for b in view.bounds), n)
    return dict(
        type="scatter",
        x=x,
        y=y,
        mode="lines+markers",
        name="start_picker",
        showlegend=False,
        line={"color": "rgba(0, 0, 0, 0)", "width": 1},
        marker={"size": 1, "opacity": 0, "maxdisplayed": 1},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        hovertemplate=f"{where(view.axes, 3)}<br><i>{labels['click']}</i><extra></extra>",
    )


def _contour_trace(view: LandscapeView, zt: Array, bar_title: str, large: bool = False, bar: bool = True) -> dict:
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
        "colorbar": _colorbar(view.log_scale, zt, bar_title, large),
        "showscale": bar,
        "hoverinfo": "skip",
        "connectgaps": False,
        "name": "f",
        "showlegend": False,
    }


def _colorbar_only(lo: float, hi: float, colorbar: dict, shown: bool = True) -> dict:
    """An empty trace that only shows the colour bar of the contour picture (``shown``), kept where the bar
    is not: the click grid stays the plot's second trace (ui/views/paths.py)."""
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
            "showscale": shown,
            "colorbar": colorbar,
        },
    }


def _landscape_traces(view: LandscapeView, large: bool = False, bar: bool = True) -> tuple[list[dict], list[dict]]:
    """The landscape under the paths: its contour picture (a layout image) with a colour bar beside it (if
    ``bar``), or, where no picture was drawn (a notebook), Plotly's own filled contour."""
    bar_title = "f − f*" if view.log_scale else "f"  # the ticks 10^k say the scale is logarithmic
    if view.image is None:
        zt = log_transform(view.z, view.f_min)[0] if view.log_scale else view.z
        return [_contour_trace(view, zt, bar_title, large, bar)], []
    (x0, x1), (y0, y1) = view.bounds
    lo, hi = view.image_range
    scale = _colorbar_only(lo, hi, _colorbar(view.log_scale, np.array([lo, hi]), bar_title, large), bar)
    image = {"source": view.image, "xref": "x", "yref": "y", "x": x0, "y": y1, "sizex": x1 - x0, "sizey": y1 - y0}
    return [scale], [image | {"sizing": "stretch", "layer": "below"}]


def _minima_trace(view: LandscapeView, label: str) -> dict:
    """The global minima, as stars."""
    mx, my = zip(*view.minima, strict=True)
    return {
        "type": "scatter",
        "x": mx,
        "y": my,
        "mode": "markers",
        "name": label,
        "showlegend": False,
        "marker": {"symbol": "star", "size": 22, "color": "#ffd400", "line": {"color": "black", "width": 1.5}},
        "hovertemplate": f"{label}<br>{where(view.axes)}<extra></extra>",
    }


def _layout(view: LandscapeView, height: int | None, large: bool, boxed: bool = False, legend: bool = True) -> dict:
    """Axes fixed to the window and square; the legend (if any) under the plot, or beside it on a projector
    (at the strip's foot where a box lies over the strip's top: ``boxed``)."""
    (x0, x1), (y0, y1) = view.bounds
    # clicks are events only: Plotly's click-to-select would restyle the traces the stage moves in place
    # (ui/js/stage.js), whose drawn nodes it has not kept, and throw before the click is reported
    layout = base_layout(height, large) | {"clickmode": "event", "dragmode": "zoom", "hovermode": "closest"}
    if not legend:
        layout["showlegend"] = False
    layout["margin"] = layout["margin"] | {"t": 34, "b": 56, "l": 44, "r": 8}
    x_name, y_name = view.axes
    layout["xaxis"] = {
        "range": [x0, x1],
        "title": {"text": x_name, "standoff": 2},
        "showgrid": False,
        "zeroline": False,
    }
    layout["xaxis"] |= {"constrain": "domain", "domain": [0, 0.81]}  # the colour bar in the strip on the right
    if large:  # a projector is wide: everything but the square goes beside it, in the strip on the right
        layout["legend"] |= {"orientation": "v", "x": 1, "xanchor": "left", "y": 0.56, "yanchor": "top"}
        layout["margin"] |= {"t": 14, "b": 40, "l": 70, "r": STRIP}
        layout["xaxis"] |= {"domain": [0, 1], "constraintoward": "left", "title": None}
        layout["annotations"] = [_axis_name(x_name)]  # beside the x axis' end, not under it
        if boxed:  # level with the square's foot, ▶ and the step slider right above it (``contour_figure``)
            layout["legend"] |= {"y": 0, "yanchor": "bottom", "tracegroupgap": 0}
        else:  # shares of the height, right on a full 1024×768 screen: a shorter one lays them out anew
            layout["meta"] = {"strip": "fit"}  # in the browser, by their measured sizes (ui/js/chart.js)
    else:  # a laptop's column and a phone are narrow: under it, where Plotly reserves the room it needs
        layout["legend"] |= {"yref": "container", "y": 0, "yanchor": "bottom", "itemwidth": 30}
    layout["yaxis"] = {"range": [y0, y1], "title": {"text": y_name}, "showgrid": False, "zeroline": False}
    layout["yaxis"] |= {"scaleanchor": "x", "constrain": "domain", "constraintoward": "top"}  # no gap below the legend
    return layout


def _axis_name(name: str) -> dict:
    return {"text": name, "xref": "x domain", "yref": "y domain", "x": 1, "y": 0, "xanchor": "left"} | {
        "yanchor": "top",
        "xshift": 6,
        "yshift": -4,
        "showarrow": False,
    }


def contour_figure(
    view: LandscapeView,
    paths: Sequence[PathView],
    labels: Mapping[str, str],
    height: int | None = None,
    start_picker: bool = True,
    inspector: bool = False,
    large: bool = False,
    marks: Sequence[Mark] = (),
    curvature: bool = False,
    boxed: bool = False,
    legend: bool = True,
    clouds: Sequence[Cloud] = (),
) -> Spec:
    """The landscape with every path; axes fixed to the window so a runaway path never rescales it.

    ``labels`` holds the translated words: ``f`` (colour bar title), ``step``, ``click``, ``minimum``, and
    for the step inspector ``arrow_grad``, ``arrow_momentum``, ``arrow_step``. ``marks`` are labelled
    points drawn over the landscape (a quiz's start and guess).
    The figure is written as Plotly's JSON (``viz.spec``): validating a ``go.Figure`` of this size
    on every slider move would cost more than everything else a redraw does. Without a ``height`` it
    takes its container's (the page makes that the screen's); ``large`` sets type and lines for a
    projector. The legend sits at the bottom (on a projector, on the right), clear of the toolbar at the top.
    ``boxed``: a box lies over the top of a projector's strip beside the square (the question's, with its
    verdict and the hall's answers: ui/quiz.py): no colour bar (the least needed then), the legend at the
    strip's foot, ▶ and the step slider above it. On a projector the colour bar gives way to a legend of
    more than ``BAR_BESIDE`` entries too. ``legend=False``: a chart beside the plot names the paths (the
    hall's). ``clouds``: named sets of points over the paths (the hall's taps), in the legend after them."""
    named = len(paths) + len(clouds) if legend else 0  # the legend's entries
    traces, images = _landscape_traces(view, large, bar=not (large and (boxed or named > BAR_BESIDE)))
    if start_picker:
        traces.append(_start_picker(view, labels))
    if view.minima:
        traces.append(_minima_trace(view, labels["minimum"]))
    traces += [mark_trace(mark, view.axes) for mark in marks]
    limit = PATH_POINTS_BUDGET // max(1, len(paths))
    for path, width in zip(paths, widths(len(paths)), strict=True):
        traces += _path_traces(path, labels, limit, width, view.axes)
    traces += [cloud_trace(cloud, view.axes) for cloud in clouds]
    layout = _layout(view, height, large, boxed, legend) | {"images": images}
    under = named if large and boxed else 0  # the legend's entries under ▶
    lift = LEGEND_ENTRY * under + LEGEND_ROOM if under > 1 else 0  # px; Plotly draws no legend of one
    frames: list[dict] = []
    if inspector and paths and all(path.inspector is not None for path in paths):
        curvature = curvature and all(path.curvature is not None for path in paths)
        first = len(traces)
        for path in paths:
            traces += inspector_traces(path, labels, curvature)
        played = animation(paths, first, labels, large, curvature)
        played = raised(played, lift) if lift else played
        frames = played.pop("frames")
        layout |= played
        if not large:  # on a projector they are in the strip beside the square
            layout["margin"]["b"] += 76  # the step slider and ▶ between the x axis and the legend
    return Spec({"data": traces, "layout": layout, "frames": frames})
