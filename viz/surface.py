"""The landscape as a 3D surface with the paths lifted onto it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz.contour import COLORSCALE, LandscapeView, log_transform
from viz.palette import colour_of, widths
from viz.paths import PathView
from viz.style import base_layout

SURFACE_STRIDE = 2  # half the contour grid's resolution: a surface needs fewer points to look smooth


def surface_figure(
    view: LandscapeView, paths: Sequence[PathView], labels: Mapping[str, str], height: int = 640
) -> go.Figure:
    if view.log_scale:
        z, floor = log_transform(view.z, view.f_min)
        base = view.f_min if view.f_min is not None else float(np.nanmin(view.z))

        def lift(values: np.ndarray) -> np.ndarray:
            with np.errstate(invalid="ignore", divide="ignore"):
                return np.log10(np.clip(values - base, 0, None) + floor)

        z_title = labels["f_log"]
    else:
        z, z_title = view.z.astype(np.float64), labels["f"]

        def lift(values: np.ndarray) -> np.ndarray:
            return values

    s = SURFACE_STRIDE
    fig = go.Figure(
        go.Surface(
            x=view.xs[::s],
            y=view.ys[::s],
            z=z[::s, ::s].astype(np.float32),
            colorscale=COLORSCALE,
            showscale=False,
            opacity=0.92,
            hoverinfo="skip",
        )
    )
    lift_by = 0.02 * float(np.nanmax(z) - np.nanmin(z))  # just above the surface, so it is not hidden in it
    for path, width in zip(paths, widths(len(paths)), strict=True):
        idx = np.flatnonzero(np.isfinite(path.values))
        fig.add_trace(
            go.Scatter3d(
                x=path.points[idx, 0],
                y=path.points[idx, 1],
                z=lift(path.values[idx]) + lift_by,
                mode="lines",
                name=path.label,
                line={"color": colour_of(path.name), "width": 2 * width},
            )
        )
    (x0, x1), (y0, y1) = view.bounds
    fig.update_layout(
        **base_layout(height),
        scene={
            "xaxis": {"title": "x", "range": [x0, x1]},
            "yaxis": {"title": "y", "range": [y0, y1]},
            "zaxis": {"title": z_title},
            "aspectmode": "manual",
            "aspectratio": {"x": 1, "y": 1, "z": 0.6},
        },
    )
    return fig
