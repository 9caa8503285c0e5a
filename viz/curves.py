"""f over the steps for every optimizer, on a log scale."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from viz.contour import MAX_PATH_POINTS, PathView
from viz.palette import colour_of, dash_of
from viz.style import LINE_WIDTH, base_layout


def loss_figure(
    paths: Sequence[PathView], f_min: float | None, labels: Mapping[str, str], height: int = 360
) -> go.Figure:
    """f − f* against the step on a log axis where f* is known; f itself (linear) where it is not."""
    log_y = f_min is not None
    fig = go.Figure()
    for path in paths:
        values = path.values - f_min if log_y else path.values
        steps = np.arange(values.size)
        keep = np.isfinite(values)
        if log_y:
            values = np.maximum(values, 1e-300)  # f* itself would be log(0)
        stride = max(1, values.size // MAX_PATH_POINTS)
        idx = np.unique(np.r_[steps[keep][::stride], steps[keep][-1:]])
        fig.add_trace(
            go.Scatter(
                x=idx.astype(np.int32),
                y=values[idx].astype(np.float64),
                mode="lines",
                name=path.label,
                legendgroup=path.name,
                line={"color": path.colour or colour_of(path.name), "width": LINE_WIDTH, "dash": dash_of(path.name)},
                hovertemplate=f"<b>{path.label}</b><br>{labels['step']} %{{x}}<br>%{{y:.4g}}<extra></extra>",
            )
        )
    fig.update_layout(**base_layout(height), showlegend=False, hovermode="x unified")
    fig.update_xaxes(title_text=labels["step"], showgrid=True, gridcolor="#eceff3")
    fig.update_yaxes(
        title_text=labels["f_gap"] if log_y else labels["f"],
        type="log" if log_y else "linear",
        showgrid=True,
        gridcolor="#eceff3",
        exponentformat="power",
    )
    return fig
